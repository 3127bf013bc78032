"""Reads for billing: a user's plan and how much of today's AI quota is left."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import User
from billing.models import Plan, PlanAssignment, UsageRecord


def plan_default() -> Plan:
    plan = Plan.objects.filter(is_default=True).first()
    if plan is None:  # the data migration creates one; an admin may have removed the flag
        plan = Plan.objects.order_by("sort_order", "pk").first()
    if plan is None:
        plan = Plan(code=Plan.Code.FREE, name="Free", ai_generations_per_day=10, is_default=True)
    return plan


def plan_for_user(*, user: User) -> Plan:
    assignment = PlanAssignment.objects.select_related("plan").filter(user=user).first()
    return assignment.plan if assignment else plan_default()


def plan_list_active() -> QuerySet[Plan]:
    """The plans offered on the billing page, cheapest first."""
    return Plan.objects.filter(is_active=True).order_by("sort_order", "pk")


def user_zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def user_day_bounds(*, user: User, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the user's current calendar day, in their own time zone (quotas
    reset at their midnight, not the server's)."""
    now = now or timezone.now()
    tz = user_zone(user)
    local = now.astimezone(tz)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    # Add a day on the calendar, then re-localise: DST days are 23 or 25 hours long.
    end = datetime.combine(start.date() + timedelta(days=1), start.time(), tzinfo=tz)
    return start, end


def usage_counted_today(*, user: User, now: datetime | None = None) -> QuerySet[UsageRecord]:
    start, end = user_day_bounds(user=user, now=now)
    return UsageRecord.objects.filter(user=user, refunded_at__isnull=True, created_at__gte=start, created_at__lt=end)


@dataclass(frozen=True)
class QuotaStatus:
    plan: Plan
    used: int
    limit: int | None  # None: unlimited
    resets_at: datetime

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def quota_status(*, user: User, now: datetime | None = None) -> QuotaStatus:
    plan = plan_for_user(user=user)
    _, resets_at = user_day_bounds(user=user, now=now)
    return QuotaStatus(
        plan=plan,
        used=usage_counted_today(user=user, now=now).count(),
        limit=plan.ai_generations_per_day,
        resets_at=resets_at,
    )


def usage_list_for_user(*, user: User) -> QuerySet[UsageRecord]:
    return UsageRecord.objects.filter(user=user).order_by("-created_at")


@dataclass(frozen=True)
class UsageDay:
    """One calendar day (the user's) of the usage chart."""

    day: date
    counts: dict[str, int] = field(default_factory=dict)  # action -> counted generations
    refunded: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def usage_daily_series(*, user: User, days: int = 30, now: datetime | None = None) -> list[UsageDay]:
    """The user's last ``days`` calendar days (in their time zone, today last), each with
    the counted generations per action and the refunded ones. One query, grouped in SQL."""
    start, end = user_day_bounds(user=user, now=now)
    tz = start.tzinfo
    first = start.date() - timedelta(days=days - 1)
    since = datetime.combine(first, time(), tzinfo=tz)
    rows = (
        UsageRecord.objects.filter(user=user, created_at__gte=since, created_at__lt=end)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day", "action")
        .annotate(
            counted=Count("pk", filter=Q(refunded_at__isnull=True)),
            refunded=Count("pk", filter=Q(refunded_at__isnull=False)),
        )
        .order_by()
    )
    counts: dict[date, dict[str, int]] = {}
    refunded: dict[date, int] = {}
    for row in rows:
        if row["counted"]:
            counts.setdefault(row["day"], {})[row["action"]] = row["counted"]
        refunded[row["day"]] = refunded.get(row["day"], 0) + row["refunded"]
    return [
        UsageDay(day=day, counts=counts.get(day, {}), refunded=refunded.get(day, 0))
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]
