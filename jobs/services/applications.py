"""Applications: one per user per job, with a forward-only status lifecycle."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobs.models import Application, Job, JobStatus
from jobs.services.tracking import job_move

Status = Application.Status

APPLICATION_EDITABLE_FIELDS = (
    "resume",
    "method",
    "status",
    "cover_letter",
    "confirmation_number",
    "response_at",
    "notes",
)

# DRAFT → SUBMITTED → UNDER_REVIEW → ACCEPTED / REJECTED. Steps may be skipped (an
# application recorded late), never walked back: the outcome is final.
_STAGE = {Status.DRAFT: 0, Status.SUBMITTED: 1, Status.UNDER_REVIEW: 2, Status.ACCEPTED: 3, Status.REJECTED: 3}


def application_status_choices(current: str | None = None) -> list[tuple[str, str]]:
    """The statuses an application in ``current`` may take (None: a new application)."""
    if current is None:
        return list(Status.choices)
    return [(value, label) for value, label in Status.choices if value == current or _STAGE[value] > _STAGE[current]]


def _lock_user(user_id) -> None:
    # The same first lock as jobs.services.tracking takes (the user's row) so that
    # application writes and the job_move they may call queue up in one order and
    # cannot deadlock with a board move; it also serialises two creates for one job.
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def _check_data(*, user_id, data: dict[str, Any]) -> None:
    unknown = set(data) - set(APPLICATION_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    resume = data.get("resume")
    if resume is not None and resume.user_id != user_id:
        raise ValidationError({"resume": "Choose one of your own resumes."}, code="invalid_resume")
    if "status" in data and data["status"] not in Status.values:
        raise ValidationError({"status": f"Unknown status “{data['status']}”."})


def _mark_job_applied(application: Application, *, by: User) -> None:
    """An application that went out moves its job from Interested to Applied (history included)."""
    job = application.job
    if job.status == JobStatus.INTERESTED:
        application.job = job_move(job=job, to_status=JobStatus.APPLIED, reason="Application submitted", by=by)


@transaction.atomic
def application_create(*, user: User, job: Job, data: dict[str, Any]) -> Application:
    """Record the application for ``job``. A second one for the same job is refused
    with ValidationError(code="application_exists")."""
    if job.user_id != user.pk:
        raise ValidationError("You can only apply to jobs on your own board.")
    _check_data(user_id=user.pk, data=data)
    _lock_user(user.pk)
    if Application.objects.filter(user=user, job=job).exists():
        raise ValidationError(
            "You already have an application for this job. Edit that one instead of adding a second.",
            code="application_exists",
        )
    job = Job.objects.get(pk=job.pk)  # its status as of now, under the lock
    application = Application(user=user, job=job, **data)
    if application.status != Status.DRAFT:
        application.submitted_at = timezone.now()
    application.full_clean()
    application.save()
    if application.submitted_at:
        _mark_job_applied(application, by=user)
    return application


@transaction.atomic
def application_update(*, application: Application, data: dict[str, Any], by: User | None = None) -> Application:
    """Change an application. Its status may only move forward; leaving Draft stamps
    ``submitted_at`` and moves an Interested job to Applied."""
    _check_data(user_id=application.user_id, data=data)
    _lock_user(application.user_id)
    # Re-read under the lock: the caller's instance may already hold the new values
    # (a bound ModelForm writes them onto its instance) or be stale.
    current = Application.objects.select_for_update().select_related("job").get(pk=application.pk)
    new_status = data.get("status", current.status)
    if new_status not in dict(application_status_choices(current.status)):
        raise ValidationError(
            {
                "status": f"An application that is {current.get_status_display().lower()} cannot go back to "
                f"{Status(new_status).label.lower()}."
            },
            code="invalid_transition",
        )
    for name, value in data.items():
        setattr(current, name, value)
    became_submitted = current.status != Status.DRAFT and current.submitted_at is None
    if became_submitted:
        current.submitted_at = timezone.now()
    current.full_clean()
    current.save()
    if became_submitted:
        _mark_job_applied(current, by=by or current.user)
    return current


@transaction.atomic
def application_delete(*, application: Application) -> None:
    Application.objects.filter(pk=application.pk).delete()
