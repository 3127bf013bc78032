"""Resumes: upload (checked by content), rename, delete, and the one primary resume per user."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from careercoach.lib.uploads import filename_stem, resume_check
from jobs.models import Resume


def _lock_resumes(user_id) -> None:
    # The user's row guards their set of resumes: concurrent uploads, deletions and
    # primary switches of one user queue up here, so "the first resume becomes
    # primary" and "exactly one primary" hold without relying on the constraint
    # error. Same first lock as the job services take.
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def _clean_title(title: str) -> str:
    return " ".join((title or "").split())[:200]


def resume_upload(*, user: User, upload, title: str = "") -> Resume:
    """Store an uploaded PDF or DOCX resume. The user's first resume (or the first
    while none is primary) becomes primary.

    Raises ValidationError (nothing written) when the file is refused.
    """
    from jobs.tasks import resume_extract_task  # here: jobs.tasks imports the services

    checked = resume_check(upload)  # before anything is written
    resume = Resume(
        user=user,
        title=_clean_title(title) or filename_stem(checked.filename),
        original_name=checked.filename,
        mime_type=checked.mime_type,
        size=checked.size,
    )
    try:
        with transaction.atomic():
            _lock_resumes(user.pk)
            resume.is_primary = not Resume.objects.filter(user=user, is_primary=True).exists()
            resume.file.save(checked.filename, ContentFile(checked.data), save=False)
            resume.full_clean()
            resume.save()
            # Reading the file takes seconds: a worker does it once the row is committed.
            transaction.on_commit(lambda: resume_extract_task.delay(resume.pk))
    except BaseException:
        # The row was rolled back: the file it would have pointed to goes too.
        if resume.file.name:
            resume.file.storage.delete(resume.file.name)
        raise
    return resume


@transaction.atomic
def resume_rename(*, resume: Resume, title: str) -> Resume:
    title = _clean_title(title)
    if not title:
        raise ValidationError({"title": "Give the resume a name."}, code="required")
    resume.title = title
    # Only the title changed; the other fields may be deferred by the selector.
    resume.clean_fields(exclude=["file", "raw_text", "parsed_data", "content", "feedback"])
    resume.save(update_fields=["title", "updated_at"])
    return resume


@transaction.atomic
def resume_set_primary(*, resume: Resume) -> Resume:
    """Make ``resume`` its owner's primary resume; the previous primary stops being one."""
    _lock_resumes(resume.user_id)
    # Unset first: the partial unique index allows one primary per user at any moment.
    Resume.objects.filter(user_id=resume.user_id, is_primary=True).exclude(pk=resume.pk).update(is_primary=False)
    resume.is_primary = True
    resume.save(update_fields=["is_primary", "updated_at"])
    # The job match scores follow the primary resume (jobs.services.matching).
    from jobs.tasks import resume_matches_refresh_task

    transaction.on_commit(lambda: resume_matches_refresh_task.delay(resume.pk))
    return resume


@transaction.atomic
def resume_delete(*, resume: Resume) -> Resume | None:
    """Delete a resume (applications keep their record with no resume). When it was the
    primary one, the most recently updated remaining resume becomes primary; it is returned."""
    _lock_resumes(resume.user_id)
    name, storage = resume.file.name, resume.file.storage
    was_primary = Resume.objects.filter(pk=resume.pk, is_primary=True).exists()
    Resume.objects.filter(pk=resume.pk).delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    if not was_primary:
        return None
    successor = Resume.objects.filter(user_id=resume.user_id).order_by("-updated_at", "-created_at").first()
    if successor:
        successor.is_primary = True
        successor.save(update_fields=["is_primary", "updated_at"])
    # The job match scores follow the primary resume: re-score against the successor, or clear.
    from jobs.tasks import user_matches_refresh_task

    user_id = resume.user_id
    transaction.on_commit(lambda: user_matches_refresh_task.delay(user_id))
    return successor
