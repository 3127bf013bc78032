"""Reads for billing: a user's plan and how much of today's AI quota is left."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
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


def user_day_bounds(*, user: User, now: datetime | None = None) -> tuple[datetime, datetime]:
    """Start and end of the user's current calendar day, in their own time zone (quotas
    reset at their midnight, not the server's)."""
    now = now or timezone.now()
    try:
        tz = zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
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
