"""The one service that counts AI generations (usage_consume), refunds, plan assignment
and the default plan: quota exactly at the limit, refunds, unlimited and assigned plans,
the daily reset in the user's own time zone (DST included), and two requests racing for
the last generation of the day."""

from __future__ import annotations

import threading
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from billing import selectors, services
from billing.exceptions import QuotaExceeded
from billing.models import Plan, PlanAssignment, UsageRecord
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")
CHAT = UsageRecord.Action.AI_CHAT


def _plan(code: str) -> Plan:
    return Plan.objects.get(code=code)


def _records_at(user, *moments: datetime, refunded: bool = False) -> None:
    """Usage rows at given moments (created_at is auto_now_add, so it is set afterwards)."""
    for moment in moments:
        record = UsageRecord.objects.create(user=user, action=CHAT)
        UsageRecord.objects.filter(pk=record.pk).update(
            created_at=moment, refunded_at=moment + timedelta(minutes=1) if refunded else None
        )


def _consume_n(user, n: int, **kwargs) -> list[UsageRecord]:
    return [services.usage_consume(user=user, action=CHAT, **kwargs) for _ in range(n)]


# --- Exactly at the limit --------------------------------------------------------------------


def test_free_user_gets_exactly_ten_generations(owner):
    assert _plan("FREE").is_default and _plan("FREE").ai_generations_per_day == 10
    records = _consume_n(owner, 10)
    assert len(records) == 10
    assert UsageRecord.objects.filter(user=owner, refunded_at__isnull=True).count() == 10
    status = selectors.quota_status(user=owner)
    assert (status.used, status.remaining, status.exhausted) == (10, 0, True)


def test_eleventh_generation_raises_and_writes_nothing(owner):
    _consume_n(owner, 10)
    with pytest.raises(QuotaExceeded) as caught:
        services.usage_consume(user=owner, action=UsageRecord.Action.AI_QUIZ, metadata={"kind": "QUIZ"})
    assert caught.value.limit == 10
    assert caught.value.plan_name == "Free"
    assert UsageRecord.objects.filter(user=owner).count() == 10
    assert not UsageRecord.objects.filter(action=UsageRecord.Action.AI_QUIZ).exists()


def test_consume_records_action_and_metadata(owner):
    record = services.usage_consume(user=owner, action=UsageRecord.Action.AI_STORY, metadata={"kind": "STORY"})
    record.refresh_from_db()
    assert (record.user, record.action, record.metadata, record.refunded_at) == (
        owner, UsageRecord.Action.AI_STORY, {"kind": "STORY"}, None
    )


def test_quota_is_per_user(owner, stranger):
    _consume_n(owner, 10)
    services.usage_consume(user=stranger, action=CHAT)  # the stranger's own allowance is untouched
    assert selectors.quota_status(user=stranger).used == 1


def test_quota_exceeded_message_names_the_reset_time_in_the_users_zone():
    user = UserFactory(timezone="Pacific/Auckland")
    now = datetime(2026, 11, 22, 15, 0, tzinfo=AUCKLAND)  # NZDT (+13)
    _consume_n(user, 10, now=now)
    with pytest.raises(QuotaExceeded) as caught:
        services.usage_consume(user=user, action=CHAT, now=now)
    message = str(caught.value)
    assert "all 10 AI generations of your Free plan today" in message
    assert "reset at 00:00 (NZDT)" in message
    assert caught.value.resets_at == datetime(2026, 11, 23, 0, 0, tzinfo=AUCKLAND)
    assert caught.value.resets_at.utcoffset() == timedelta(hours=13)


# --- Refunds ---------------------------------------------------------------------------------


def test_refunded_generations_do_not_count(owner):
    records = _consume_n(owner, 10)
    assert services.usage_refund(record_id=records[3].pk) is True
    services.usage_consume(user=owner, action=CHAT)  # the refunded one is available again
    assert selectors.quota_status(user=owner).used == 10
    with pytest.raises(QuotaExceeded):
        services.usage_consume(user=owner, action=CHAT)


def test_refund_is_safe_to_call_twice(owner):
    record = services.usage_consume(user=owner, action=CHAT)
    assert services.usage_refund(record_id=record.pk) is True
    record.refresh_from_db()
    first = record.refunded_at
    assert first is not None
    assert services.usage_refund(record_id=record.pk) is False
    record.refresh_from_db()
    assert record.refunded_at == first


# --- Plans -----------------------------------------------------------------------------------


def test_unlimited_plan_never_runs_out(owner):
    services.plan_assign(user=owner, plan=_plan("ENTERPRISE"))
    UsageRecord.objects.bulk_create([UsageRecord(user=owner, action=CHAT) for _ in range(250)])
    record = services.usage_consume(user=owner, action=CHAT)
    assert record.pk
    status = selectors.quota_status(user=owner)
    assert (status.used, status.limit, status.remaining, status.exhausted) == (251, None, None, False)


def test_assigned_plan_overrides_the_default(owner, stranger):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    _consume_n(owner, 11)  # past the Free limit
    with pytest.raises(QuotaExceeded):  # the default plan still applies to everyone else
        _consume_n(stranger, 11)
    status = selectors.quota_status(user=owner)
    assert (status.plan.code, status.limit, status.remaining) == ("PREMIUM", 100, 89)


def test_premium_stops_at_its_own_limit(owner):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    UsageRecord.objects.bulk_create([UsageRecord(user=owner, action=CHAT) for _ in range(99)])
    services.usage_consume(user=owner, action=CHAT)
    with pytest.raises(QuotaExceeded) as caught:
        services.usage_consume(user=owner, action=CHAT)
    assert caught.value.limit == 100 and caught.value.plan_name == "Premium"


def test_quota_edited_by_an_admin_applies_at_once(owner):
    _consume_n(owner, 5)
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=5)
    with pytest.raises(QuotaExceeded):
        services.usage_consume(user=owner, action=CHAT)


def test_plan_assign_replaces_the_previous_assignment(owner, stranger):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"), assigned_by=stranger, note="trial")
    assignment = services.plan_assign(user=owner, plan=_plan("ENTERPRISE"), note="signed")
    assert PlanAssignment.objects.filter(user=owner).count() == 1
    assignment.refresh_from_db()
    assert (assignment.plan.code, assignment.assigned_by, assignment.note) == ("ENTERPRISE", None, "signed")
    assert selectors.plan_for_user(user=owner).code == "ENTERPRISE"


def test_plan_set_default_moves_the_flag(owner):
    services.plan_set_default(plan=_plan("PREMIUM"))
    assert list(Plan.objects.filter(is_default=True).values_list("code", flat=True)) == ["PREMIUM"]
    assert selectors.quota_status(user=owner).limit == 100
    services.plan_set_default(plan=_plan("PREMIUM"))  # again: still exactly one default
    assert Plan.objects.filter(is_default=True).count() == 1


# --- The daily reset, in the user's own time zone --------------------------------------------


def test_auckland_yesterday_does_not_count_and_resets_at_local_midnight():
    user = UserFactory(timezone="Pacific/Auckland")
    now = datetime(2026, 11, 22, 0, 30, tzinfo=AUCKLAND)  # 21 Nov 11:30 UTC
    # 23:50 yesterday in Auckland: the same UTC day as `now`, but not the same local day.
    _records_at(user, *[datetime(2026, 11, 21, 23, 50, tzinfo=AUCKLAND)] * 10)
    _records_at(user, datetime(2026, 11, 22, 0, 10, tzinfo=AUCKLAND))
    status = selectors.quota_status(user=user, now=now)
    assert status.used == 1
    assert status.resets_at == datetime(2026, 11, 23, 0, 0, tzinfo=AUCKLAND)
    assert status.resets_at.astimezone(UTC) == datetime(2026, 11, 22, 11, 0, tzinfo=UTC)
    services.usage_consume(user=user, action=CHAT, now=now)  # yesterday's ten do not block today


def test_los_angeles_yesterday_does_not_count_and_resets_at_local_midnight():
    user = UserFactory(timezone="America/Los_Angeles")
    now = datetime(2026, 11, 22, 23, 30, tzinfo=LOS_ANGELES)  # 23 Nov 07:30 UTC
    _records_at(user, *[datetime(2026, 11, 21, 23, 30, tzinfo=LOS_ANGELES)] * 10)  # yesterday
    _records_at(user, datetime(2026, 11, 22, 0, 30, tzinfo=LOS_ANGELES))  # 22 Nov 08:30 UTC: today
    status = selectors.quota_status(user=user, now=now)
    assert status.used == 1
    assert status.resets_at == datetime(2026, 11, 23, 0, 0, tzinfo=LOS_ANGELES)
    assert status.resets_at.astimezone(UTC) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_exhausted_today_works_again_after_local_midnight():
    user = UserFactory(timezone="America/Los_Angeles")
    evening = datetime(2026, 11, 22, 21, 0, tzinfo=LOS_ANGELES)
    _consume_n(user, 10, now=evening)
    with pytest.raises(QuotaExceeded) as caught:
        services.usage_consume(user=user, action=CHAT, now=evening)
    assert caught.value.resets_at == datetime(2026, 11, 23, 0, 0, tzinfo=LOS_ANGELES)
    record = services.usage_consume(user=user, action=CHAT, now=caught.value.resets_at)
    assert record.created_at == caught.value.resets_at
    assert selectors.quota_status(user=user, now=caught.value.resets_at).used == 1


def test_same_moment_is_a_different_day_for_users_in_different_zones():
    moment = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)  # 23:30 in Auckland, 02:30 in Los Angeles
    auckland, los_angeles = UserFactory(timezone="Pacific/Auckland"), UserFactory(timezone="America/Los_Angeles")
    for user in (auckland, los_angeles):
        _records_at(user, moment)
    one_hour_later = moment + timedelta(hours=1)  # past midnight in Auckland only
    assert selectors.quota_status(user=auckland, now=one_hour_later).used == 0
    assert selectors.quota_status(user=los_angeles, now=one_hour_later).used == 1


def test_unknown_time_zone_falls_back_to_utc(owner):
    owner.timezone = "Mars/Olympus_Mons"  # not saved through the form's validation
    start, end = selectors.user_day_bounds(user=owner, now=datetime(2026, 11, 22, 10, tzinfo=UTC))
    assert (start, end) == (datetime(2026, 11, 22, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("America/Los_Angeles", datetime(2026, 3, 8, 12, 0), 23),  # spring forward
        ("America/Los_Angeles", datetime(2026, 11, 1, 12, 0), 25),  # fall back
        ("Pacific/Auckland", datetime(2026, 9, 27, 12, 0), 23),  # NZ daylight saving starts
        ("Pacific/Auckland", datetime(2026, 4, 5, 12, 0), 25),  # NZ daylight saving ends
        ("Pacific/Auckland", datetime(2026, 11, 22, 12, 0), 24),
    ],
)
def test_dst_days_are_23_or_25_hours_long(zone, day, hours):
    tz = zoneinfo.ZoneInfo(zone)
    user = UserFactory(timezone=zone)
    start, end = selectors.user_day_bounds(user=user, now=day.replace(tzinfo=tz))
    assert start == day.replace(hour=0, tzinfo=tz)
    assert end == (day + timedelta(days=1)).replace(hour=0, tzinfo=tz)
    # Same-zone subtraction ignores offsets: compare in UTC.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)


def test_late_evening_of_a_25_hour_day_still_counts_as_that_day():
    user = UserFactory(timezone="America/Los_Angeles")
    late = datetime(2026, 11, 1, 23, 30, tzinfo=LOS_ANGELES)  # 24.5 hours after midnight PDT
    _records_at(user, datetime(2026, 11, 1, 0, 15, tzinfo=LOS_ANGELES), late - timedelta(minutes=5))
    status = selectors.quota_status(user=user, now=late)
    assert status.used == 2
    assert status.resets_at == datetime(2026, 11, 2, 0, 0, tzinfo=LOS_ANGELES)
    assert status.resets_at.astimezone(UTC) == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


# --- Two requests racing for the last generation ---------------------------------------------


def _in_thread(target, results: list, index: int, barrier: threading.Barrier | None = None):
    def run():
        try:
            if barrier:
                barrier.wait(timeout=10)
            results[index] = target()
        except BaseException as exc:  # noqa: BLE001 — the main thread asserts on it
            results[index] = exc
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_threads_racing_for_the_last_generation_exactly_one_wins():
    user = UserFactory()
    UsageRecord.objects.bulk_create([UsageRecord(user=user, action=CHAT) for _ in range(9)])
    results: list = [None, None]
    barrier = threading.Barrier(2)
    threads = [
        _in_thread(lambda: services.usage_consume(user=user, action=CHAT), results, i, barrier) for i in range(2)
    ]
    for thread in threads:
        thread.join(timeout=30)
    won = [r for r in results if isinstance(r, UsageRecord)]
    lost = [r for r in results if isinstance(r, QuotaExceeded)]
    assert (len(won), len(lost)) == (1, 1), results
    assert UsageRecord.objects.filter(user=user).count() == 10


@pytest.mark.django_db(transaction=True)
def test_second_request_waits_for_the_first_and_then_sees_its_count():
    """Deterministic version of the race: the first request holds its transaction open
    after counting; the second must block on the user's row lock, not read 9 and win too."""
    user = UserFactory()
    UsageRecord.objects.bulk_create([UsageRecord(user=user, action=CHAT) for _ in range(9)])
    counted, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            record = services.usage_consume(user=user, action=CHAT)
            counted.set()
            assert release.wait(timeout=10)
        return record

    results: list = [None, None]
    one = _in_thread(first, results, 0)
    assert counted.wait(timeout=10)
    two = _in_thread(lambda: services.usage_consume(user=user, action=CHAT), results, 1)
    two.join(timeout=0.5)
    assert two.is_alive(), "the second request did not wait for the first one's lock"
    release.set()
    one.join(timeout=10)
    two.join(timeout=10)
    assert isinstance(results[0], UsageRecord), results
    assert isinstance(results[1], QuotaExceeded), results
    assert UsageRecord.objects.filter(user=user).count() == 10


def test_now_defaults_to_the_current_moment(owner):
    before = timezone.now()
    record = services.usage_consume(user=owner, action=CHAT)
    assert before <= record.created_at <= timezone.now()
