"""Reads for billing: the user's plan, today's allowance and the usage series of the
billing page (per local day, per action, bounded queries)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest

from billing import selectors, services
from billing.models import Plan, UsageRecord
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
A = UsageRecord.Action


def _record(user, when: datetime, action: str = A.AI_CHAT, *, refunded: bool = False) -> UsageRecord:
    record = UsageRecord.objects.create(user=user, action=action)
    UsageRecord.objects.filter(pk=record.pk).update(created_at=when, refunded_at=when if refunded else None)
    return record


# --- Plans -----------------------------------------------------------------------------------


def test_plan_for_user_is_the_default_without_an_assignment(owner):
    assert selectors.plan_for_user(user=owner).code == "FREE"


def test_plan_for_user_follows_the_assignment(owner):
    services.plan_assign(user=owner, plan=Plan.objects.get(code="ENTERPRISE"))
    assert selectors.plan_for_user(user=owner).code == "ENTERPRISE"


def test_plan_default_without_a_flag_is_the_first_plan():
    Plan.objects.update(is_default=False)
    assert selectors.plan_default().code == "FREE"


def test_plan_default_without_any_plan_is_a_free_plan_in_memory():
    Plan.objects.all().delete()
    plan = selectors.plan_default()
    assert (plan.pk, plan.code, plan.ai_generations_per_day) == (None, "FREE", 10)


def test_plan_list_active_leaves_out_inactive_plans():
    Plan.objects.filter(code="ENTERPRISE").update(is_active=False)
    assert [p.code for p in selectors.plan_list_active()] == ["FREE", "PREMIUM"]


# --- Today's allowance -----------------------------------------------------------------------


def test_quota_status_of_a_new_user(owner):
    status = selectors.quota_status(user=owner)
    assert (status.plan.code, status.used, status.limit, status.remaining, status.exhausted) == (
        "FREE", 0, 10, 10, False
    )


def test_quota_status_counts_only_todays_unrefunded_records(owner, stranger):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # owner is in UTC
    _record(owner, now - timedelta(hours=1))
    _record(owner, now - timedelta(hours=2), A.AI_QUIZ)
    _record(owner, now - timedelta(hours=3), refunded=True)
    _record(owner, now - timedelta(days=1))
    _record(stranger, now - timedelta(hours=1))
    status = selectors.quota_status(user=owner, now=now)
    assert (status.used, status.remaining, status.exhausted) == (2, 8, False)
    assert status.resets_at == datetime(2026, 11, 23, tzinfo=UTC)


def test_remaining_never_goes_below_zero_when_an_admin_lowers_the_quota(owner):
    for _ in range(4):
        services.usage_consume(user=owner, action=A.AI_CHAT)
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=2)
    status = selectors.quota_status(user=owner)
    assert (status.used, status.limit, status.remaining, status.exhausted) == (4, 2, 0, True)


def test_zero_quota_is_exhausted_from_the_start(owner):
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    assert selectors.quota_status(user=owner).exhausted


def test_quota_status_runs_few_queries(owner, django_assert_max_num_queries):
    services.plan_assign(user=owner, plan=Plan.objects.get(code="PREMIUM"))
    for _ in range(5):
        services.usage_consume(user=owner, action=A.AI_CHAT)
    with django_assert_max_num_queries(2):  # the assignment with its plan, the count
        assert selectors.quota_status(user=owner).used == 5


def test_usage_list_for_user_is_scoped_and_newest_first(owner, stranger):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    old, new = _record(owner, now - timedelta(days=2)), _record(owner, now)
    _record(stranger, now)
    assert list(selectors.usage_list_for_user(user=owner)) == [new, old]


# --- The 30-day series of the billing page ---------------------------------------------------


def test_series_has_one_entry_per_day_ending_today(owner):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    series = selectors.usage_daily_series(user=owner, now=now)
    assert len(series) == 30
    assert series[-1].day == date(2026, 11, 22)
    assert series[0].day == date(2026, 10, 24)
    assert all(day.total == 0 and day.refunded == 0 for day in series)


def test_series_counts_per_local_day_and_action():
    user = UserFactory(timezone="Pacific/Auckland")
    now = datetime(2026, 11, 22, 9, 0, tzinfo=AUCKLAND)
    _record(user, datetime(2026, 11, 22, 0, 10, tzinfo=AUCKLAND))  # today (still 21 Nov in UTC)
    _record(user, datetime(2026, 11, 22, 8, 0, tzinfo=AUCKLAND), A.AI_QUIZ)
    _record(user, datetime(2026, 11, 22, 8, 30, tzinfo=AUCKLAND), A.AI_QUIZ)
    _record(user, datetime(2026, 11, 21, 23, 50, tzinfo=AUCKLAND), A.AI_COVER_LETTER)  # yesterday
    _record(user, datetime(2026, 11, 21, 12, 0, tzinfo=AUCKLAND), A.AI_COVER_LETTER, refunded=True)
    _record(user, datetime(2026, 10, 24, 0, 5, tzinfo=AUCKLAND), A.AI_GOAL)  # first day of the range
    _record(user, datetime(2026, 10, 23, 23, 55, tzinfo=AUCKLAND), A.AI_GOAL)  # just before it
    _record(user, datetime(2026, 11, 23, 0, 5, tzinfo=AUCKLAND))  # tomorrow (a clock ahead)
    _record(UserFactory(), datetime(2026, 11, 22, 8, 0, tzinfo=AUCKLAND))  # someone else
    series = selectors.usage_daily_series(user=user, now=now)
    by_day = {day.day: day for day in series}
    today, yesterday = by_day[date(2026, 11, 22)], by_day[date(2026, 11, 21)]
    assert today.counts == {A.AI_CHAT: 1, A.AI_QUIZ: 2} and today.total == 3 and today.refunded == 0
    assert yesterday.counts == {A.AI_COVER_LETTER: 1} and yesterday.refunded == 1
    assert by_day[date(2026, 10, 24)].counts == {A.AI_GOAL: 1}
    assert sum(day.total for day in series) == 5
    # The series agrees with today's allowance.
    assert today.total == selectors.quota_status(user=user, now=now).used


def test_a_day_with_only_refunds_has_no_counts(owner):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    _record(owner, now, refunded=True)
    today = selectors.usage_daily_series(user=owner, now=now)[-1]
    assert (today.counts, today.total, today.refunded) == ({}, 0, 1)


def test_series_length_follows_days(owner):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    _record(owner, now - timedelta(days=10))
    assert len(selectors.usage_daily_series(user=owner, days=7, now=now)) == 7
    assert sum(d.total for d in selectors.usage_daily_series(user=owner, days=7, now=now)) == 0
    assert sum(d.total for d in selectors.usage_daily_series(user=owner, days=90, now=now)) == 1


def test_series_is_one_query_however_many_records(owner, django_assert_max_num_queries):
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    UsageRecord.objects.bulk_create(
        [UsageRecord(user=owner, action=action) for action in A.values for _ in range(5)]
    )
    for index, record in enumerate(UsageRecord.objects.filter(user=owner)):
        UsageRecord.objects.filter(pk=record.pk).update(created_at=now - timedelta(days=index % 30))
    with django_assert_max_num_queries(1):
        series = selectors.usage_daily_series(user=owner, now=now)
    assert sum(day.total for day in series) == 35
