"""Users, status changes and API keys (profile services are in test_services.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import services
from accounts.models import ApiKey, Profile, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_create_makes_profile_and_hashes_password():
    user = services.user_create(email="Someone@Example.COM", password="long-enough-pass-1")
    assert user.email == "Someone@example.com"
    assert user.check_password("long-enough-pass-1")
    assert Profile.objects.filter(user=user).exists()


def test_user_create_rejects_duplicate_email_case_insensitively():
    services.user_create(email="dup@example.com", password="x-long-pass-1")
    with pytest.raises(ValidationError):
        services.user_create(email="DUP@example.com", password="x-long-pass-1")
    assert User.objects.count() == 1


def test_user_create_rejects_unknown_timezone_and_writes_nothing():
    with pytest.raises(ValidationError):
        services.user_create(email="tz@example.com", password="x-long-pass-1", timezone="Mars/Olympus")
    assert not User.objects.filter(email="tz@example.com").exists()


def test_status_and_is_active_are_kept_in_step_by_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(status=User.Status.SUSPENDED)


def test_suspend_and_reactivate():
    user = services.user_suspend(user=UserFactory(), reason="Abuse")
    assert (user.status, user.is_active, user.status_reason) == ("SUSPENDED", False, "Abuse")
    assert user.status_changed_at is not None
    user = services.user_reactivate(user=user)
    assert (user.status, user.is_active, user.status_reason) == ("ACTIVE", True, "")


def test_set_status_rejects_unknown_status():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.user_set_status(user=user, status="BANNED")
    user.refresh_from_db()
    assert user.status == User.Status.ACTIVE


def test_api_key_create_returns_raw_key_once_and_stores_hash():
    user = UserFactory()
    key, raw = services.api_key_create(user=user, name="CI", scopes=["profile:read"])
    assert raw.startswith(f"cc_{key.prefix}_")
    assert raw not in key.key_hash and len(key.key_hash) == 64
    assert services.api_key_authenticate(raw_key=raw) == key


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "", "scopes": ["profile:read"]}, "name"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "scopes": ["jobs:delete"]}, "scopes"),
        ({"name": "x", "scopes": ["profile:read"], "expires_at": timezone.now() - datetime.timedelta(days=1)}, "expires_at"),
    ],
)
def test_api_key_create_validates(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        services.api_key_create(user=UserFactory(), **kwargs)
    assert field in exc.value.message_dict
    assert ApiKey.objects.count() == 0


def test_revoked_expired_and_suspended_keys_do_not_authenticate():
    user = UserFactory()
    revoked, raw_revoked = services.api_key_create(user=user, name="a", scopes=["profile:read"])
    services.api_key_revoke(api_key=revoked)
    expired, raw_expired = services.api_key_create(user=user, name="b", scopes=["profile:read"])
    ApiKey.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert services.api_key_authenticate(raw_key=raw_revoked) is None
    assert services.api_key_authenticate(raw_key=raw_expired) is None

    _, raw_ok = services.api_key_create(user=user, name="c", scopes=["profile:read"])
    services.user_suspend(user=user)
    assert services.api_key_authenticate(raw_key=raw_ok) is None


def test_api_key_use_is_recorded_at_most_once_a_minute():
    key, raw = services.api_key_create(user=UserFactory(), name="a", scopes=["profile:read"])
    services.api_key_authenticate(raw_key=raw)
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None
    services.api_key_authenticate(raw_key=raw)
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first


def test_garbage_keys_are_refused():
    assert services.api_key_authenticate(raw_key="") is None
    assert services.api_key_authenticate(raw_key="cc_deadbeef_nope") is None
    assert services.api_key_authenticate(raw_key="Bearer something") is None


def test_notifications_mark_all_read_touches_only_own():
    from tests.accounts.factories import NotificationFactory

    mine = NotificationFactory()
    theirs = NotificationFactory()
    assert services.notification_mark_all_read(user=mine.user) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
