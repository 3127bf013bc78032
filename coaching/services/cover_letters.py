"""Writes for cover letters: ask the coach for one (a generation), edit, regenerate, attach
to an application, delete. Mentor reviews of letters go through
``coaching.services.review_request_create(cover_letter=…)``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from coaching.ai.generation import generation_request
from coaching.models import CoverLetter, Generation, ReviewRequest
from jobs.models import Application, Job, Resume
from jobs.selectors.records import application_for_job, resume_primary_for_user
from jobs.services import applications as application_services

Status = CoverLetter.Status
EDITABLE_STATUSES = (Status.DRAFT, Status.COMPLETED)


def _job_description(job: Job) -> str:
    posting = job.posting if job.posting_id else None
    return job.description or (posting.description if posting else "")


def _generation_input(letter: CoverLetter) -> dict:
    """Everything the letter is written from (kept on the generation, so a retry asks the same)."""
    return {
        "company_name": letter.company_name,
        "job_title": letter.job_title,
        "job_description": letter.job_description,
        "tone": letter.tone,
        "job_id": str(letter.job_id) if letter.job_id else None,
        "resume_id": str(letter.resume_id) if letter.resume_id else None,
    }


@transaction.atomic
def cover_letter_create(
    *,
    user: User,
    job: Job | None = None,
    company_name: str = "",
    job_title: str = "",
    job_description: str = "",
    resume: Resume | None = None,
    tone: str = CoverLetter.Tone.PROFESSIONAL,
    title: str = "",
    enqueue: bool = True,
) -> tuple[CoverLetter, Generation]:
    """Ask the coach for a cover letter: for one of the user's tracked jobs (its company,
    title and description fill whatever the user left blank) or for a pasted job. The
    resume defaults to the primary one. Counts against today's quota (QuotaExceeded:
    nothing written)."""
    if job is not None and job.user_id != user.pk:
        raise PermissionDenied("You can only write cover letters for your own jobs.")
    if resume is not None and resume.user_id != user.pk:
        raise PermissionDenied("You can only use your own resumes.")
    company_name, job_title, job_description = company_name.strip(), job_title.strip(), job_description.strip()
    if job is not None:
        company_name = company_name or job.company
        job_title = job_title or job.title
        job_description = job_description or _job_description(job).strip()
    errors = {}
    if not company_name:
        errors["company_name"] = "Name the company (or pick one of your tracked jobs)."
    if not job_title:
        errors["job_title"] = "Name the role (or pick one of your tracked jobs)."
    if errors:
        raise ValidationError(errors)
    if resume is None:
        resume = resume_primary_for_user(user=user)
    letter = CoverLetter(
        user=user,
        job=job,
        resume=resume,
        company_name=company_name[:200],
        job_title=job_title[:200],
        job_description=job_description[:20000],
        tone=tone,
        title=(title.strip() or f"{job_title} at {company_name}")[:200],
        status=Status.GENERATING,
    )
    letter.full_clean()
    letter.save()
    generation = generation_request(
        user=user,
        kind=Generation.Kind.COVER_LETTER,
        target_id=letter.pk,
        input=_generation_input(letter),
        enqueue=enqueue,
    )
    return letter, generation


def _lock(letter: CoverLetter) -> CoverLetter:
    return CoverLetter.objects.select_for_update().get(pk=letter.pk)


@transaction.atomic
def cover_letter_regenerate(*, letter: CoverLetter, enqueue: bool = True) -> Generation:
    """Write the letter again from the same inputs (replaces the text when done; counts
    against today's quota)."""
    letter = _lock(letter)
    if letter.status == Status.GENERATING:
        raise ValidationError("The coach is already writing this letter.", code="letter_generating")
    letter.status = Status.GENERATING
    letter.save(update_fields=["status", "updated_at"])
    return generation_request(
        user=letter.user,
        kind=Generation.Kind.COVER_LETTER,
        target_id=letter.pk,
        input=_generation_input(letter),
        enqueue=enqueue,
    )


@transaction.atomic
def cover_letter_update(
    *, letter: CoverLetter, content: str | None = None, title: str | None = None, status: str | None = None
) -> CoverLetter:
    """Edit a written letter's text, title and status (draft or completed)."""
    letter = _lock(letter)
    if letter.status == Status.GENERATING:
        raise ValidationError(
            "The coach is still writing this letter; edit it when it is done.", code="letter_generating"
        )
    if content is not None:
        letter.content = content.replace("\r\n", "\n").strip()
    if title is not None:
        letter.title = title.strip() or f"{letter.job_title} at {letter.company_name}"[:200]
    if status is not None:
        if status not in EDITABLE_STATUSES:
            raise ValidationError({"status": "Choose draft or completed."}, code="invalid_status")
        letter.status = status
    elif letter.status == Status.FAILED and letter.content:
        letter.status = Status.DRAFT  # written by hand after the coach failed
    if letter.status == Status.COMPLETED and not letter.content:
        raise ValidationError({"content": "Write the letter before marking it completed."}, code="letter_empty")
    letter.full_clean()
    letter.save()
    return letter


@transaction.atomic
def cover_letter_delete(*, letter: CoverLetter) -> None:
    """Delete a letter (and its finished or waiting reviews). Refused while a mentor is
    reviewing it; an application it was attached to keeps its copy of the text."""
    letter = _lock(letter)
    if ReviewRequest.objects.filter(cover_letter=letter, status=ReviewRequest.Status.CLAIMED).exists():
        raise ValidationError(
            "A mentor is reviewing this letter right now. You can delete it once the review is complete.",
            code="letter_in_review",
        )
    CoverLetter.objects.filter(pk=letter.pk).delete()


@transaction.atomic
def cover_letter_attach(
    *, letter: CoverLetter, application: Application | None = None, job: Job | None = None
) -> Application:
    """Copy the letter onto one of the user's applications (creating the application, as a
    draft, for a tracked job that has none) and remember where it went."""
    if (application is None) == (job is None):
        raise ValidationError("Choose an application or a job to attach the letter to.", code="attach_target")
    letter = _lock(letter)
    user = letter.user
    if letter.status == Status.GENERATING or not letter.content.strip():
        raise ValidationError("The letter has no text yet.", code="letter_empty")
    if application is not None and application.user_id != user.pk:
        raise PermissionDenied("You can only attach a letter to your own applications.")
    if job is not None and job.user_id != user.pk:
        raise PermissionDenied("You can only attach a letter to your own jobs.")
    if application is None:
        application = application_for_job(job=job)
    data = {"cover_letter": letter.content}
    if application is None:
        if letter.resume_id:
            data["resume"] = letter.resume
        application = application_services.application_create(user=user, job=job, data=data)
    else:
        application = application_services.application_update(application=application, data=data, by=user)
    letter.application = application
    if letter.job_id is None:
        letter.job = application.job
    letter.full_clean()
    letter.save()
    return application
