"""The daily session clean-up: the service, the task, and the task on a real worker."""

from __future__ import annotations

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts import services
from accounts.tasks import sessions_cleanup_task
from tests.accounts.factories import UserFactory


def _session(user, *, expired: bool) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    if expired:
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - datetime.timedelta(days=1)
        )
    UserSession.objects.create(user=user, ip="127.0.0.1", user_agent="pytest", session_key=store.session_key)
    return store.session_key


@pytest.fixture
def sessions(db):
    user = UserFactory()
    return {
        "live": _session(user, expired=False),
        "expired": _session(user, expired=True),
        "expired2": _session(user, expired=True),
    }


def test_cleanup_deletes_expired_sessions_and_their_records(sessions):
    result = services.sessions_cleanup()
    assert result == {"sessions": 2, "user_sessions": 2}
    assert list(Session.objects.values_list("session_key", flat=True)) == [sessions["live"]]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [sessions["live"]]


def test_cleanup_is_idempotent(sessions):
    services.sessions_cleanup()
    assert services.sessions_cleanup() == {"sessions": 0, "user_sessions": 0}
    assert Session.objects.count() == 1


def test_task_calls_the_service(sessions):
    assert sessions_cleanup_task() == {"sessions": 2, "user_sessions": 2}
    assert sessions_cleanup_task() == {"sessions": 0, "user_sessions": 0}


def test_cleanup_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-sessions-cleanup-daily"]
    assert entry["task"] == sessions_cleanup_task.name


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_cleanup_through_redis(celery_worker):
    user = UserFactory()
    live = _session(user, expired=False)
    _session(user, expired=True)

    result = sessions_cleanup_task.apply_async()
    assert result.get(timeout=60, disable_sync_subtasks=False) == {"sessions": 1, "user_sessions": 1}
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
