"""Reading an uploaded resume: text extraction and parsing, run by a Celery worker.

The upload stores the file (status UPLOADED) and enqueues ``resume_extract_task`` on
commit. The worker claims the resume with a conditional UPDATE (UPLOADED/FAILED →
EXTRACTING) so two workers never parse the same file, extracts and parses outside any
transaction (it can take seconds), then stores the result with a second conditional
UPDATE. A file that cannot be read ends FAILED with the extractor's own message; nothing
is invented in its place.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobs.models import Resume

logger = logging.getLogger(__name__)

Status = Resume.Status

UNEXPECTED_MESSAGE = (
    "Something went wrong while reading this resume. Try again; if it keeps failing, "
    "save it again as a PDF or Word document and upload that."
)
MISSING_FILE_MESSAGE = "The uploaded file is missing from storage. Upload it again."
NO_FILE_MESSAGE = "This resume has no uploaded file to read."

# A claim older than the task's hard time limit belongs to a worker that died (or was
# killed) mid-way: the resume may be claimed again instead of staying EXTRACTING forever.
_STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 300) + 60)
_CLAIMABLE = (Status.UPLOADED, Status.FAILED)


def _claimable(now) -> Q:
    return Q(status__in=_CLAIMABLE) | Q(status=Status.EXTRACTING, updated_at__lt=now - _STALE_AFTER)


def resume_is_stale(*, resume: Resume) -> bool:
    """Whether a resume waiting or being read has been so for longer than a read ever takes."""
    if resume.status not in (Status.UPLOADED, Status.EXTRACTING):
        return False
    return resume.updated_at < timezone.now() - _STALE_AFTER


def resume_extract_claim(*, resume_id) -> bool:
    """Mark the resume EXTRACTING if nobody is reading it; True when this caller got it."""
    now = timezone.now()
    claimed = (
        Resume.objects.filter(_claimable(now), pk=resume_id)
        .exclude(file="")
        .update(status=Status.EXTRACTING, status_message="", updated_at=now)
    )
    return claimed == 1


def _clean_text(value: str) -> str:
    # PostgreSQL text and jsonb refuse NUL characters, which PDF text sometimes holds.
    return value.replace("\x00", "")


def _clean_json(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, dict):
        return {_clean_text(str(k)): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value


def _finish(resume_id, **fields) -> bool:
    """Store the outcome, but only while the claim still holds (the resume may have
    been deleted meanwhile)."""
    fields["updated_at"] = timezone.now()
    return Resume.objects.filter(pk=resume_id, status=Status.EXTRACTING).update(**fields) == 1


def resume_extract_fail(*, resume_id, message: str) -> bool:
    """End a claimed read as FAILED with ``message``; what was read before is cleared."""
    return _finish(
        resume_id,
        status=Status.FAILED,
        status_message=message[:500],
        raw_text="",
        parsed_data={},
        page_count=None,
        layout={},
        extracted_at=timezone.now(),
    )


def _read_file(resume: Resume) -> bytes:
    with resume.file.open("rb") as handle:
        return handle.read()


def resume_extract(*, resume_id) -> Resume:
    """Read the resume's stored file into ``raw_text`` and ``parsed_data``.

    Safe to run twice: a resume that is already PARSED, or being read by another
    worker, is returned unchanged. Raises Resume.DoesNotExist for an unknown id.
    Unexpected errors while reading are logged and end the resume FAILED.
    """
    # Imported here: the parser modules are heavy (pdfplumber, python-docx) and only
    # the worker needs them.
    from jobs.parsing.extract import ExtractionError, extract_document
    from jobs.parsing.parse import parse_resume_text

    resume = Resume.objects.get(pk=resume_id)
    if not resume_extract_claim(resume_id=resume.pk):
        if not resume.file and resume.status in _CLAIMABLE:
            # Nothing to read (a builder resume sent here by mistake): say so, once.
            Resume.objects.filter(pk=resume.pk, status=Status.UPLOADED).update(
                status=Status.FAILED, status_message=NO_FILE_MESSAGE, updated_at=timezone.now()
            )
        resume.refresh_from_db()
        return resume

    try:
        data = _read_file(resume)
        extraction = extract_document(data, filename=resume.original_name or resume.file.name)
        parsed = parse_resume_text(extraction.text, links=list(extraction.links or ()))
    except FileNotFoundError:
        logger.warning("Resume %s: file %s is missing from storage", resume.pk, resume.file.name)
        resume_extract_fail(resume_id=resume.pk, message=MISSING_FILE_MESSAGE)
    except ExtractionError as exc:
        resume_extract_fail(resume_id=resume.pk, message=_extraction_message(exc))
    except Exception:
        logger.exception("Resume %s could not be read", resume.pk)
        resume_extract_fail(resume_id=resume.pk, message=UNEXPECTED_MESSAGE)
    else:
        with transaction.atomic():
            stored = _finish(
                resume.pk,
                status=Status.PARSED,
                status_message="",
                raw_text=_clean_text(extraction.text or ""),
                parsed_data=_clean_json(parsed or {}),
                page_count=extraction.page_count,
                layout=_clean_json(dict(extraction.layout or {})),
                extracted_at=timezone.now(),
            )
            if stored and resume.is_primary:
                _enqueue_match_refresh(resume.pk)
    resume.refresh_from_db()
    return resume


def _extraction_message(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return str(message).strip() or UNEXPECTED_MESSAGE


def _enqueue_match_refresh(resume_id) -> None:
    """Primary resume changed: recompute match scores, if the matching task exists."""
    from jobs import tasks

    task = getattr(tasks, "resume_matches_refresh_task", None)
    if task is not None:
        # robust: failing to refresh the scores must not undo or fail the read itself.
        transaction.on_commit(lambda: task.delay(resume_id), robust=True)


def resume_extract_task_failed(*, resume_id) -> None:
    """The task's last resort: an error outside the read itself (database hiccup, time
    limit) must not leave the resume EXTRACTING."""
    try:
        resume_extract_fail(resume_id=resume_id, message=UNEXPECTED_MESSAGE)
    except Exception:
        logger.exception("Resume %s: could not record the failure", resume_id)


@transaction.atomic
def resume_extract_retry(*, resume: Resume) -> Resume:
    """Read the resume again (the "Try again" button): back to UPLOADED and re-enqueued.

    Allowed for a FAILED resume and one stuck waiting or reading; raises ValidationError
    for one that was read (or has no file).
    """
    from jobs.tasks import resume_extract_task

    if not resume.file:
        raise ValidationError(NO_FILE_MESSAGE, code="no_file")
    now = timezone.now()
    retryable = Q(status__in=(Status.FAILED, Status.UPLOADED)) | Q(
        status=Status.EXTRACTING, updated_at__lt=now - _STALE_AFTER
    )
    updated = Resume.objects.filter(retryable, pk=resume.pk).update(
        status=Status.UPLOADED, status_message="", updated_at=now
    )
    if not updated:
        resume.refresh_from_db()
        if resume.status == Status.EXTRACTING:
            raise ValidationError("This resume is being read right now.", code="busy")
        raise ValidationError("This resume has already been read.", code="done")
    transaction.on_commit(lambda: resume_extract_task.delay(resume.pk))
    resume.refresh_from_db()
    return resume
