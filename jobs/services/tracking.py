"""Tracked jobs: create, edit, delete, and the one way a card moves on the board."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from jobs.exceptions import JobMoveConflict
from jobs.models import Job, JobPosting, JobStatus, StatusChange

# Fields a user edits on a job; status and position change only through job_move.
JOB_EDITABLE_FIELDS = (
    "title", "company", "location", "url", "description", "salary_min", "salary_max", "currency",
    "work_mode", "job_type", "date_posted", "application_deadline", "source", "referral",
    "contact_name", "contact_email", "notes",
)


def _next_position(user_id, status: str) -> int:
    last = Job.objects.filter(user_id=user_id, status=status).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def _lock_board(user_id) -> None:
    # One lock per user's board: concurrent creates and moves of the same user queue up
    # here instead of computing the same positions. Other users are not blocked.
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


@transaction.atomic
def job_create(*, user: User, data: dict[str, Any], status: str = JobStatus.INTERESTED, posting: JobPosting | None = None) -> Job:
    """Add a job at the bottom of its column and record where it started."""
    if status not in JobStatus.values:
        raise ValidationError({"status": f"Unknown status “{status}”."})
    unknown = set(data) - set(JOB_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    _lock_board(user.pk)
    now = timezone.now()
    job = Job(user=user, posting=posting, status=status, position=_next_position(user.pk, status), **data)
    job.status_changed_at = now
    if status == JobStatus.APPLIED:
        job.applied_at = now
    job.full_clean()
    job.save()
    StatusChange.objects.create(job=job, from_status="", to_status=status, reason="Added", changed_by=user)
    _match_refresh_on_commit(job)
    return job


@transaction.atomic
def job_update(*, job: Job, data: dict[str, Any]) -> Job:
    unknown = set(data) - set(JOB_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    job = Job.objects.select_for_update().get(pk=job.pk)
    if "application_deadline" in data and data["application_deadline"] != job.application_deadline:
        job.deadline_reminder_sent_at = None  # a new deadline deserves its own reminder
    for name, value in data.items():
        setattr(job, name, value)
    job.full_clean()
    job.version += 1
    job.save()
    if {"title", "description"} & set(data):
        _match_refresh_on_commit(job)
    return job


def _match_refresh_on_commit(job: Job) -> None:
    # Re-score against the primary resume in the background (jobs.services.matching).
    from jobs.tasks import job_match_refresh_task

    job_id = job.pk
    transaction.on_commit(lambda: job_match_refresh_task.delay(job_id))


@transaction.atomic
def job_delete(*, job: Job) -> None:
    """Delete a job with its history, applications, interviews and documents (files too)."""
    from jobs.models import Document

    _lock_board(job.user_id)
    files = [(d.file.storage, d.file.name) for d in Document.objects.filter(job=job).only("file")]
    Job.objects.filter(pk=job.pk).delete()
    _renumber_column(job.user_id, job.status)

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


def _renumber_column(user_id, status: str, *, ordered: list[Job] | None = None) -> None:
    jobs = ordered if ordered is not None else list(
        Job.objects.filter(user_id=user_id, status=status).order_by("position", "created_at")
    )
    changed = []
    for index, job in enumerate(jobs):
        if job.position != index:
            job.position = index
            changed.append(job)
    if changed:
        Job.objects.bulk_update(changed, ["position"])


@transaction.atomic
def job_move(
    *,
    job: Job,
    to_status: str,
    position: int | None = None,
    expected_version: int | None = None,
    reason: str = "",
    by: User | None = None,
) -> Job:
    """Move a card to ``to_status`` at ``position`` (None: bottom of the column).

    Writes a StatusChange when the column changes and sets ``applied_at`` the first
    time the job enters APPLIED. ``expected_version`` is the version the caller saw:
    if the job has moved since, JobMoveConflict is raised and nothing changes.
    """
    if to_status not in JobStatus.values:
        raise ValidationError({"status": f"Unknown status “{to_status}”."})
    if position is not None and position < 0:
        raise ValidationError({"position": "The position cannot be negative."})
    _lock_board(job.user_id)
    current = Job.objects.select_for_update().get(pk=job.pk)
    if expected_version is not None and current.version != expected_version:
        raise JobMoveConflict(current)

    from_status = current.status
    target = list(
        Job.objects.filter(user_id=current.user_id, status=to_status)
        .exclude(pk=current.pk)
        .order_by("position", "created_at")
    )
    index = len(target) if position is None else min(position, len(target))
    now = timezone.now()
    if from_status != to_status:
        current.status = to_status
        current.status_changed_at = now
        if to_status == JobStatus.APPLIED and current.applied_at is None:
            current.applied_at = now
        StatusChange.objects.create(
            job=current, from_status=from_status, to_status=to_status, reason=reason[:500], changed_by=by
        )
    current.version += 1
    current.save(update_fields=["status", "status_changed_at", "applied_at", "version", "updated_at"])
    target.insert(index, current)
    current.position = -1  # force a write of its new position
    _renumber_column(current.user_id, to_status, ordered=target)
    if from_status != to_status:
        _renumber_column(current.user_id, from_status)
    return current


@transaction.atomic
def job_track_posting(*, user: User, posting: JobPosting) -> tuple[Job, bool]:
    """Track a catalog posting on the user's board, once: returns (job, created)."""
    _lock_board(user.pk)
    existing = Job.objects.filter(user=user, posting=posting).first()
    if existing:
        return existing, False
    work_mode = "REMOTE" if posting.is_remote else ""
    job = job_create(
        user=user,
        posting=posting,
        data=dict(
            title=posting.title[:300], company=posting.company, location=posting.location,
            url=posting.source_url or "", description=posting.description,
            salary_min=posting.salary_min, salary_max=posting.salary_max, currency=posting.currency,
            work_mode=work_mode, job_type=posting.job_type,
            date_posted=posting.posted_at.date() if posting.posted_at else None,
        ),
    )
    return job, True
