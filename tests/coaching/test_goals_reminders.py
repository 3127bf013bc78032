"""Goal deadline reminders: due rules on the user's calendar, exactly once (also with racing
workers), re-armed when the target date moves, a notification with each email, the task."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from coaching.models import Goal
from coaching.services import goals as services
from coaching.services.goals import goal_reminders_send
from coaching.tasks import goal_reminders_send_task
from tests.accounts.factories import UserFactory
from tests.coaching.factories import GoalFactory, GoalMilestoneFactory
from tests.concurrency import race

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _goal(*, days: int | None, user=None, status=Goal.Status.IN_PROGRESS, **kwargs) -> Goal:
    today = timezone.now().astimezone(UTC).date()
    target = None if days is None else today + datetime.timedelta(days=days)
    return GoalFactory(user=user or UserFactory(), target_date=target, status=status, **kwargs)


def _goal_ids(outbox) -> list[str]:
    return [m.extra_headers["X-CareerCoach-Goal"] for m in outbox]


def test_due_goal_gets_one_email_and_one_notification(settings):
    settings.SITE_URL = "https://coach.example.com"
    goal = _goal(days=2, title="Get 2 referrals")
    GoalMilestoneFactory(goal=goal, title="Ask Priya")
    assert goal_reminders_send() == 1
    (message,) = mail.outbox
    assert message.to == [goal.user.email]
    assert "Get 2 referrals" in message.subject and "in 2 days" in message.subject
    assert f"https://coach.example.com/coach/goals/{goal.pk}/" in message.body
    assert "Ask Priya" in message.body
    assert message.alternatives[0][1] == "text/html"
    (note,) = Notification.objects.filter(user=goal.user)
    assert note.kind == "goal_reminder" and note.link == f"/coach/goals/{goal.pk}/"
    goal.refresh_from_db()
    assert goal.reminder_sent_at is not None


def test_running_twice_sends_nothing_more():
    _goal(days=1)
    assert goal_reminders_send() == 1
    assert goal_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("days", [-3, 0, 3])
def test_window_includes_today_and_overdue(days):
    _goal(days=days)
    assert goal_reminders_send() == 1


@pytest.mark.parametrize("days", [4, 30, None])
def test_not_sent_outside_the_window(days):
    _goal(days=days)
    assert goal_reminders_send() == 0
    assert mail.outbox == []


def test_window_follows_the_setting(settings):
    settings.GOAL_REMINDER_DAYS = 7
    _goal(days=6)
    assert goal_reminders_send() == 1


@pytest.mark.parametrize("status", [Goal.Status.COMPLETED, Goal.Status.ABANDONED])
def test_closed_goals_are_skipped(status):
    extra = {"completed_at": timezone.now()} if status == Goal.Status.COMPLETED else {}
    _goal(days=1, status=status, **extra)
    assert goal_reminders_send() == 0


def test_not_started_goals_are_reminded():
    _goal(days=1, status=Goal.Status.NOT_STARTED)
    assert goal_reminders_send() == 1


def test_moved_target_date_re_arms():
    goal = _goal(days=1)
    assert goal_reminders_send() == 1
    services.goal_update(goal=goal, data={"target_date": goal.target_date + datetime.timedelta(days=1)})
    assert goal_reminders_send() == 1
    assert goal_reminders_send() == 0
    assert _goal_ids(mail.outbox) == [str(goal.pk)] * 2


def test_moved_far_away_waits_until_due():
    goal = _goal(days=1)
    assert goal_reminders_send() == 1
    services.goal_update(goal=goal, data={"target_date": goal.target_date + datetime.timedelta(days=20)})
    assert goal_reminders_send() == 0


def test_users_local_date_decides():
    # 20:00 UTC on 1 March is already 2 March in Auckland: a target of 5 March is 3 days away
    # there (due) but 4 days away in UTC (not yet).
    now = datetime.datetime(2030, 3, 1, 20, 0, tzinfo=UTC)
    auckland = UserFactory(timezone="Pacific/Auckland")
    GoalFactory(user=auckland, target_date=datetime.date(2030, 3, 5))
    GoalFactory(user=UserFactory(), target_date=datetime.date(2030, 3, 5))
    assert goal_reminders_send(now=now) == 1
    assert mail.outbox[0].to == [auckland.email]


def test_inactive_users_get_none():
    from accounts import services as account_services

    goal = _goal(days=1)
    account_services.user_suspend(user=goal.user)
    assert goal_reminders_send() == 0


def test_failed_send_releases_the_claim(settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    goal = _goal(days=1)
    assert goal_reminders_send() == 0
    goal.refresh_from_db()
    assert goal.reminder_sent_at is None
    assert not Notification.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert goal_reminders_send() == 1


def test_query_count_is_bounded(django_assert_max_num_queries):
    for _ in range(4):
        _goal(days=1)
    # select + prefetch, then per reminder: the claim and notification_create (its
    # full_clean checks the user and the id, then the insert) — constant per reminder.
    with django_assert_max_num_queries(2 + 4 * 4):
        assert goal_reminders_send() == 4


@pytest.mark.django_db(transaction=True)
def test_four_racing_workers_send_each_exactly_once():
    now = timezone.now()
    goals = [_goal(days=n % 4) for n in range(12)]
    sent = race(lambda: goal_reminders_send(now=now), workers=4)
    assert sum(sent) == len(goals)
    assert Counter(_goal_ids(mail.outbox)) == Counter({str(g.pk): 1 for g in goals})
    assert Notification.objects.filter(kind="goal_reminder").count() == len(goals)


@pytest.mark.django_db(transaction=True)
def test_four_racing_workers_one_goal_one_email():
    goal = _goal(days=1)
    sent = race(goal_reminders_send, workers=4)
    assert sorted(sent) == [0, 0, 0, 1]
    assert _goal_ids(mail.outbox) == [str(goal.pk)]


def test_task_calls_the_service_and_is_on_the_beat_schedule(settings):
    _goal(days=1)
    assert goal_reminders_send_task() == 1
    assert goal_reminders_send_task() == 0
    assert goal_reminders_send_task.name in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_task_once(celery_worker):
    due = [_goal(days=d) for d in (0, 2)]
    later = _goal(days=10)
    result = goal_reminders_send_task.apply_async()
    assert result.get(timeout=60, disable_sync_subtasks=False) == 2
    assert Goal.objects.filter(pk__in=[g.pk for g in due], reminder_sent_at__isnull=False).count() == 2
    assert Notification.objects.filter(kind="goal_reminder").count() == 2
    later.refresh_from_db()
    assert later.reminder_sent_at is None
    assert goal_reminders_send_task.apply_async().get(timeout=60, disable_sync_subtasks=False) == 0
