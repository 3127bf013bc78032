"""Interview and deadline reminder emails: due rules, exactly-once under concurrency,
failure handling, the Celery tasks and a real worker."""

from __future__ import annotations

import datetime
import socket
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services as account_services
from jobs.models import Interview, Job, JobStatus
from jobs.services import interviews as interview_services
from jobs.services.reminders import deadline_reminders_send, interview_reminders_send
from jobs.tasks import deadline_reminders_send_task, interview_reminders_send_task
from tests.accounts.factories import UserFactory
from tests.concurrency import race
from tests.jobs.factories import InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)


def _interview(*, hours_ahead: float, user=None, now=None, **kwargs) -> Interview:
    user = user or UserFactory()
    now = now or timezone.now()
    job = JobFactory(user=user, title=kwargs.pop("title", "Backend Engineer"), company=kwargs.pop("company", "Acme"))
    return InterviewFactory(job=job, scheduled_at=now + hours_ahead * HOUR, **kwargs)


def _interview_ids(outbox) -> list[str]:
    return [message.extra_headers["X-CareerCoach-Interview"] for message in outbox]


@pytest.fixture
def closed_smtp_port(settings):
    """Point email at a loopback port where nothing listens: every send fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


# --- Interview reminders: who gets one, when -------------------------------------------------------


def test_due_reminder_is_sent_once_with_both_bodies(settings):
    settings.SITE_URL = "https://coach.example.com"
    interview = _interview(hours_ahead=12, interviewer="Grace Hopper", prep_notes="Review the STAR stories")
    assert interview_reminders_send() == 1
    (message,) = mail.outbox
    assert message.to == [interview.user.email]
    assert "Acme" in message.subject and "\n" not in message.subject
    assert f"https://coach.example.com/jobs/{interview.job_id}/" in message.body
    assert f"https://coach.example.com/jobs/interviews/{interview.pk}/ics/" in message.body
    assert "Grace Hopper" in message.body and "Review the STAR stories" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://coach.example.com/jobs/{interview.job_id}/"' in html
    interview.refresh_from_db()
    assert interview.reminder_sent_at is not None


def test_second_run_sends_nothing():
    _interview(hours_ahead=12)
    assert interview_reminders_send() == 1
    assert interview_reminders_send() == 0
    assert len(mail.outbox) == 1


def test_time_is_shown_in_the_users_time_zone():
    now = datetime.datetime(2030, 1, 14, 10, 0, tzinfo=UTC)
    user = UserFactory(timezone="Europe/Berlin")
    InterviewFactory(
        job=JobFactory(user=user), scheduled_at=datetime.datetime(2030, 1, 15, 8, 0, tzinfo=UTC), duration_minutes=45
    )
    assert interview_reminders_send(now=now) == 1
    body = mail.outbox[0].body
    assert "Tuesday 15 January 2030, 09:00–09:45 CET (Europe/Berlin)" in body
    assert "starts in 22" in body
    assert "09:00" in mail.outbox[0].subject


def test_not_sent_before_the_users_lead_time():
    now = timezone.now()
    user = UserFactory(interview_reminder_hours=24)
    interview = _interview(hours_ahead=30, user=user, now=now)
    assert interview_reminders_send(now=now) == 0
    assert interview_reminders_send(now=now + 5 * HOUR) == 0
    assert interview_reminders_send(now=now + 6 * HOUR) == 1  # exactly 24 h before
    assert _interview_ids(mail.outbox) == [str(interview.pk)]


def test_each_user_has_their_own_lead_time():
    now = timezone.now()
    two_hours = _interview(hours_ahead=3, user=UserFactory(interview_reminder_hours=2), now=now)
    three_days = _interview(hours_ahead=70, user=UserFactory(interview_reminder_hours=72), now=now)
    _interview(hours_ahead=3, user=UserFactory(interview_reminder_hours=1), now=now)
    assert interview_reminders_send(now=now) == 1
    assert _interview_ids(mail.outbox) == [str(three_days.pk)]
    assert interview_reminders_send(now=now + HOUR) == 1
    assert _interview_ids(mail.outbox)[1] == str(two_hours.pk)


def test_not_sent_when_reminders_are_off():
    _interview(hours_ahead=2, user=UserFactory(interview_reminder_hours=0))
    assert interview_reminders_send() == 0
    assert mail.outbox == []


def test_interview_scheduled_at_short_notice_gets_one_straight_away():
    # Scheduled 2 h ahead with a 24 h lead time: the window began 22 h ago, without a reminder.
    interview = _interview(hours_ahead=2, user=UserFactory(interview_reminder_hours=24))
    assert interview_reminders_send() == 1
    assert _interview_ids(mail.outbox) == [str(interview.pk)]


def test_past_or_started_interviews_never_get_one():
    _interview(hours_ahead=-1)
    _interview(hours_ahead=-0.01)
    assert interview_reminders_send() == 0
    assert mail.outbox == []
    assert not Interview.objects.filter(reminder_sent_at__isnull=False).exists()


def test_inactive_users_get_none():
    user = UserFactory()
    _interview(hours_ahead=2, user=user)
    account_services.user_suspend(user=user)
    assert interview_reminders_send() == 0


def test_moving_the_interview_sends_a_new_reminder_for_the_new_time():
    interview = _interview(hours_ahead=5)
    assert interview_reminders_send() == 1
    interview_services.interview_update(interview=interview, data={"scheduled_at": timezone.now() + 3 * HOUR})
    assert interview_reminders_send() == 1
    assert interview_reminders_send() == 0
    assert _interview_ids(mail.outbox) == [str(interview.pk)] * 2


def test_failed_send_releases_the_claim_and_a_later_run_retries(settings, closed_smtp_port):
    interview = _interview(hours_ahead=3)
    assert interview_reminders_send() == 0
    interview.refresh_from_db()
    assert interview.reminder_sent_at is None, "the claim is released so the reminder is not lost"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert interview_reminders_send() == 1
    assert interview_reminders_send() == 0
    assert _interview_ids(mail.outbox) == [str(interview.pk)]


def test_one_failure_does_not_stop_the_others(settings, closed_smtp_port):
    first, second = _interview(hours_ahead=1), _interview(hours_ahead=2)
    assert interview_reminders_send() == 0
    assert Interview.objects.filter(pk__in=[first.pk, second.pk], reminder_sent_at__isnull=True).count() == 2


def test_query_count_is_one_select_plus_one_claim_per_reminder(django_assert_max_num_queries):
    for _ in range(5):
        _interview(hours_ahead=2)
    with django_assert_max_num_queries(1 + 5):
        assert interview_reminders_send() == 5


# --- Exactly once with concurrent workers ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_racing_workers_send_each_reminder_exactly_once():
    """Overlapping beat runs on two (here four) workers: every due interview gets one email."""
    now = timezone.now()
    users = [UserFactory() for _ in range(5)]
    interviews = [
        _interview(hours_ahead=1 + n % 7, user=users[n % len(users)], now=now, title=f"Job {n}") for n in range(30)
    ]
    sent = race(lambda: interview_reminders_send(now=now), workers=4)

    assert sum(sent) == len(interviews)
    per_interview = Counter(_interview_ids(mail.outbox))
    assert per_interview == Counter({str(i.pk): 1 for i in interviews})
    per_recipient = Counter(message.to[0] for message in mail.outbox)
    assert per_recipient == Counter(i.user.email for i in interviews)
    assert not Interview.objects.filter(reminder_sent_at__isnull=True).exists()


# --- Deadline reminders --------------------------------------------------------------------------------------


def _job(*, deadline_in_days: int | None, status=JobStatus.INTERESTED, user=None, today=None) -> Job:
    today = today or timezone.now().date()
    deadline = None if deadline_in_days is None else today + datetime.timedelta(days=deadline_in_days)
    return JobFactory(user=user or UserFactory(), status=status, application_deadline=deadline, company="Initech")


@pytest.mark.parametrize("days", [0, 1, 3])
def test_deadline_reminder_for_an_interested_job_within_the_window(settings, days):
    settings.SITE_URL = "https://coach.example.com"
    job = _job(deadline_in_days=days)
    assert deadline_reminders_send() == 1
    (message,) = mail.outbox
    assert message.to == [job.user.email]
    assert "Initech" in message.subject
    assert f"https://coach.example.com/jobs/{job.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"
    job.refresh_from_db()
    assert job.deadline_reminder_sent_at is not None


@pytest.mark.parametrize("days", [-1, 4, None])
def test_no_deadline_reminder_outside_the_window(days):
    _job(deadline_in_days=days)
    assert deadline_reminders_send() == 0


def test_deadline_window_follows_the_setting(settings):
    settings.JOBS_DEADLINE_REMINDER_DAYS = 7
    _job(deadline_in_days=6)
    assert deadline_reminders_send() == 1


@pytest.mark.parametrize("status", [JobStatus.APPLIED, JobStatus.REJECTED, JobStatus.WITHDRAWN])
def test_no_deadline_reminder_once_applied_or_closed(status):
    _job(deadline_in_days=1, status=status)
    assert deadline_reminders_send() == 0


def test_deadline_reminder_is_sent_once():
    _job(deadline_in_days=2)
    assert deadline_reminders_send() == 1
    assert deadline_reminders_send() == 0
    assert len(mail.outbox) == 1


def test_deadline_today_on_the_users_calendar():
    # 20:00 UTC on 1 March is already 2 March in Auckland: a deadline of 1 March has passed there.
    now = datetime.datetime(2030, 3, 1, 20, 0, tzinfo=UTC)
    auckland = UserFactory(timezone="Pacific/Auckland")
    JobFactory(user=auckland, application_deadline=datetime.date(2030, 3, 1))
    JobFactory(user=UserFactory(), application_deadline=datetime.date(2030, 3, 1))  # UTC: today
    assert deadline_reminders_send(now=now) == 1
    assert mail.outbox[0].to != [auckland.email]
    assert "today" in mail.outbox[0].subject


def test_deadline_failed_send_releases_the_claim(settings, closed_smtp_port):
    job = _job(deadline_in_days=1)
    assert deadline_reminders_send() == 0
    job.refresh_from_db()
    assert job.deadline_reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deadline_reminders_send() == 1


# --- Tasks -----------------------------------------------------------------------------------------------------


def test_tasks_call_the_services_and_are_safe_to_run_twice():
    _interview(hours_ahead=2)
    _job(deadline_in_days=1)
    assert interview_reminders_send_task() == 1
    assert interview_reminders_send_task() == 0
    assert deadline_reminders_send_task() == 1
    assert deadline_reminders_send_task() == 0
    assert len(mail.outbox) == 2


def test_tasks_are_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert interview_reminders_send_task.name in tasks
    assert deadline_reminders_send_task.name in tasks


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_reminders_through_redis(celery_worker):
    # The worker sends the emails in its own process (locmem mail there), so this test
    # checks what it leaves in the database and what the task returns.
    due = [_interview(hours_ahead=h) for h in (1, 5, 20)]
    later = _interview(hours_ahead=48)
    result = interview_reminders_send_task.apply_async()
    assert result.get(timeout=60, disable_sync_subtasks=False) == 3
    assert Interview.objects.filter(pk__in=[i.pk for i in due], reminder_sent_at__isnull=False).count() == 3
    later.refresh_from_db()
    assert later.reminder_sent_at is None
    # A second, overlapping beat run finds nothing left to send.
    assert interview_reminders_send_task.apply_async().get(timeout=60, disable_sync_subtasks=False) == 0
