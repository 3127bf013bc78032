"""Reminder emails: before each interview, and before an application deadline.

Both run from Celery beat, possibly on several workers at once and with overlapping
runs, and each reminder must go out exactly once. Every row is *claimed* with one
conditional UPDATE (``… SET sent_at = now WHERE pk = … AND sent_at IS NULL``): PostgreSQL
lets exactly one concurrent UPDATE match, so only the worker whose UPDATE changed the
row sends. The claim commits before the email is sent (autocommit, no surrounding
transaction), so a slow mail server holds no locks; if sending fails the claim is
released and a later run retries. A worker killed between claim and send loses that one
reminder: we prefer missing one to sending two.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil

from jobs.models import Interview, Job, JobStatus

logger = logging.getLogger(__name__)

# Rows handled per run; the rest wait for the next run (every 5 minutes / every hour).
BATCH_SIZE = 200
# The longest lead time a user can choose (accounts.User.interview_reminder_hours allows 14 days).
MAX_LEAD = datetime.timedelta(hours=24 * 14)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(*, template: str, context: dict, to: str, connection, headers: dict[str, str] | None = None) -> None:
    """Render templates/emails/<template>-subject.txt, -body.txt and -body.html and send them."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{template}-body.txt", context),
        to=[to],
        connection=connection,
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"emails/{template}-body.html", context), "text/html")
    message.send()


# --- Interview reminders ----------------------------------------------------------------------


def _due_interviews(now: datetime.datetime):
    """Future interviews without a reminder whose owner's lead time has begun."""
    lead_ends = ExpressionWrapper(
        now + F("user__interview_reminder_hours") * datetime.timedelta(hours=1), output_field=DateTimeField()
    )
    return (
        Interview.objects.filter(
            reminder_sent_at__isnull=True,
            scheduled_at__gt=now,
            # A constant bound first, so the partial index on scheduled_at does the work.
            scheduled_at__lte=now + MAX_LEAD,
            user__is_active=True,
            user__interview_reminder_hours__gt=0,
        )
        .filter(scheduled_at__lte=lead_ends)
        .select_related("job", "user")
        .order_by("scheduled_at", "id")
    )


def _interview_context(interview: Interview, now: datetime.datetime) -> dict:
    job = interview.job
    return {
        "user": interview.user,
        "interview": interview,
        "job": job,
        "tz": interview.user.timezone,
        "starts_in": timeuntil(interview.scheduled_at, now),
        "ends_at": interview.scheduled_at + datetime.timedelta(minutes=interview.duration_minutes),
        "job_url": _absolute(reverse("jobs:job_detail", args=[job.pk])),
        "ics_url": _absolute(reverse("jobs:interview_ics", args=[interview.pk])),
        "edit_url": _absolute(reverse("jobs:interview_edit", args=[interview.pk])),
        "settings_url": _absolute(reverse("jobs:interview_list") + "#reminder-settings"),
    }


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Email every due interview reminder once. Returns how many this run sent.

    Due: the interview is still ahead and its owner's lead time
    (``user.interview_reminder_hours``, 0 = off) has begun. An interview scheduled at
    shorter notice than the lead time gets its reminder on the next run; one already
    started or past never does.
    """
    now = now or timezone.now()
    sent = 0
    connection = get_connection()
    for interview in _due_interviews(now)[:BATCH_SIZE]:
        # The claim re-checks the time it was selected with: if the user moved the
        # interview meanwhile (which clears reminder_sent_at), this run leaves it alone
        # and a later one sends for the new time.
        claimed = Interview.objects.filter(
            pk=interview.pk, reminder_sent_at__isnull=True, scheduled_at=interview.scheduled_at
        ).update(reminder_sent_at=now)
        if claimed != 1:
            continue  # another worker won, or the interview changed
        try:
            _send(
                template="interview_reminder",
                context=_interview_context(interview, now),
                to=interview.user.email,
                connection=connection,
                headers={"X-CareerCoach-Interview": str(interview.pk)},
            )
        except Exception:
            # Release only our own claim: a newer one (after an edit) is not ours to clear.
            Interview.objects.filter(pk=interview.pk, reminder_sent_at=now).update(reminder_sent_at=None)
            logger.exception("interview reminder failed", extra={"interview_id": str(interview.pk)})
            continue
        sent += 1
    return sent


# --- Application deadline reminders ----------------------------------------------------------


def _days_left_text(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def deadline_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Email once about each INTERESTED job whose application deadline is at most
    JOBS_DEADLINE_REMINDER_DAYS days away (today counts) on its owner's calendar."""
    now = now or timezone.now()
    days = settings.JOBS_DEADLINE_REMINDER_DAYS
    utc_today = now.astimezone(datetime.UTC).date()
    # Users' "today" is within a day of UTC's; the exact test per user follows.
    candidates = (
        Job.objects.filter(
            status=JobStatus.INTERESTED,
            deadline_reminder_sent_at__isnull=True,
            application_deadline__gte=utc_today - datetime.timedelta(days=1),
            application_deadline__lte=utc_today + datetime.timedelta(days=days + 1),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("application_deadline", "id")[:BATCH_SIZE]
    )
    sent = 0
    connection = get_connection()
    for job in candidates:
        local_today = now.astimezone(zoneinfo.ZoneInfo(job.user.timezone)).date()
        days_left = (job.application_deadline - local_today).days
        if not 0 <= days_left <= days:
            continue
        claimed = Job.objects.filter(
            pk=job.pk,
            deadline_reminder_sent_at__isnull=True,
            status=JobStatus.INTERESTED,
            application_deadline=job.application_deadline,
        ).update(deadline_reminder_sent_at=now)
        if claimed != 1:
            continue
        context = {
            "user": job.user,
            "job": job,
            "days_left": days_left,
            "days_left_text": _days_left_text(days_left),
            "job_url": _absolute(reverse("jobs:job_detail", args=[job.pk])),
        }
        try:
            _send(
                template="deadline_reminder",
                context=context,
                to=job.user.email,
                connection=connection,
                headers={"X-CareerCoach-Job": str(job.pk)},
            )
        except Exception:
            Job.objects.filter(pk=job.pk, deadline_reminder_sent_at=now).update(deadline_reminder_sent_at=None)
            logger.exception("deadline reminder failed", extra={"job_id": str(job.pk)})
            continue
        sent += 1
    return sent
