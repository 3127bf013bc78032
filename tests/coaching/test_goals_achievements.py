"""accounts.services.user_achievement_add: an atomic F() increment of the achievement score."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts import services as account_services
from tests.accounts.factories import UserFactory
from tests.concurrency import race

pytestmark = pytest.mark.django_db


def test_adds_points_and_returns_the_fresh_score(owner):
    user = account_services.user_achievement_add(user=owner, points=20, reason="test")
    assert user.achievement_score == 20
    account_services.user_achievement_add(user=owner, points=10, reason="test")
    owner.refresh_from_db()
    assert owner.achievement_score == 30


def test_stale_instance_does_not_overwrite(owner):
    stale = type(owner).objects.get(pk=owner.pk)
    account_services.user_achievement_add(user=owner, points=10, reason="first")
    account_services.user_achievement_add(user=stale, points=10, reason="second")
    owner.refresh_from_db()
    assert owner.achievement_score == 20


@pytest.mark.parametrize("points", [0, -5])
def test_refuses_non_positive_points(owner, points):
    with pytest.raises(ValidationError):
        account_services.user_achievement_add(user=owner, points=points, reason="nope")
    owner.refresh_from_db()
    assert owner.achievement_score == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_all_count():
    user = UserFactory()
    race(lambda: account_services.user_achievement_add(user=type(user).objects.get(pk=user.pk), points=10, reason="race"))
    user.refresh_from_db()
    assert user.achievement_score == 40
