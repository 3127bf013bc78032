"""Interviews: schedule, edit, delete; and the secret address of a user's interview calendar."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from jobs.models import Application, CalendarFeed, Interview, Job, JobStatus
from jobs.services.tracking import job_move

# Fields a user sets on an interview; reminder_sent_at belongs to the reminder task.
INTERVIEW_EDITABLE_FIELDS = (
    "type",
    "scheduled_at",
    "duration_minutes",
    "location",
    "meeting_link",
    "interviewer",
    "outcome",
    "prep_notes",
    "questions_asked",
    "feedback",
)
# Scheduling an interview for a job in one of these columns moves it to INTERVIEW_SCHEDULED.
_MOVES_TO_SCHEDULED = (JobStatus.INTERESTED, JobStatus.APPLIED)


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - set(INTERVIEW_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")


@transaction.atomic
def interview_schedule(*, user: User, job: Job, data: dict[str, Any]) -> Interview:
    """Add an interview to one of the user's jobs.

    A job still in INTERESTED or APPLIED moves to INTERVIEW_SCHEDULED (through job_move,
    so the board history records it). The job's application, if any, is linked.
    """
    _check_fields(data)
    if job.user_id != user.pk:
        raise ValidationError("You can only schedule interviews for your own jobs.")
    interview = Interview(
        user=user,
        job=job,
        application=Application.objects.filter(job=job, user=user).first(),
        **data,
    )
    interview.full_clean()
    interview.save()
    # Read the status under the board lock job_move takes (the user's row, then the job's:
    # the same order, so no deadlock), not from the possibly stale object passed in; a move
    # made in another tab meanwhile is then seen rather than overwritten.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
    current_status = Job.objects.select_for_update().filter(pk=job.pk).values_list("status", flat=True).get()
    if current_status in _MOVES_TO_SCHEDULED:
        job_move(job=job, to_status=JobStatus.INTERVIEW_SCHEDULED, reason="Interview scheduled", by=user)
    return interview


@transaction.atomic
def interview_update(*, interview: Interview, data: dict[str, Any]) -> Interview:
    """Change an interview. A new time clears the reminder state, so the reminder goes
    out again before the new time."""
    _check_fields(data)
    # Locked: the reminder task claims rows with a conditional UPDATE, which waits for us,
    # then re-checks scheduled_at and sees the new time.
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    old_time = interview.scheduled_at
    for name, value in data.items():
        setattr(interview, name, value)
    if interview.scheduled_at != old_time:
        interview.reminder_sent_at = None
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    Interview.objects.filter(pk=interview.pk).delete()


# --- Calendar feed --------------------------------------------------------------------------


def calendar_feed_ensure(*, user: User) -> CalendarFeed:
    """The user's feed, created with a fresh secret token the first time (safe to call twice)."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Give the feed a new secret address; calendars subscribed to the old one stop updating."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = secrets.token_urlsafe(32)
        feed.full_clean()
        feed.save(update_fields=["token", "updated_at"])
    return feed
