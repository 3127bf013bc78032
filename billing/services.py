"""Writes for billing: plan assignment and the one service that counts AI generations."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from billing import selectors
from billing.exceptions import QuotaExceeded
from billing.models import Plan, PlanAssignment, UsageRecord


@transaction.atomic
def usage_consume(
    *, user: User, action: str, metadata: dict[str, Any] | None = None, now: datetime | None = None
) -> UsageRecord:
    """Count one AI generation, or raise ``QuotaExceeded`` (and count nothing).

    Every generation goes through here. The user's row is locked first so two requests
    at once cannot both take the last generation of the day."""
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()
    status = selectors.quota_status(user=user, now=now)
    if status.exhausted:
        raise QuotaExceeded(
            limit=status.limit, resets_at=timezone.localtime(status.resets_at, status.resets_at.tzinfo),
            plan_name=status.plan.name,
        )
    record = UsageRecord(user=user, action=action, metadata=metadata or {})
    if now is not None:
        record.full_clean()
        record.save()
        # created_at is auto_now_add; tests and back-fills pass the moment explicitly.
        UsageRecord.objects.filter(pk=record.pk).update(created_at=now)
        record.created_at = now
        return record
    record.full_clean()
    record.save()
    return record


def usage_refund(*, record_id: UUID | str) -> bool:
    """Give a generation back (the provider failed). Safe to call twice."""
    return bool(UsageRecord.objects.filter(pk=record_id, refunded_at__isnull=True).update(refunded_at=timezone.now()))


@transaction.atomic
def plan_assign(*, user: User, plan: Plan, assigned_by: User | None = None, note: str = "") -> PlanAssignment:
    assignment, _ = PlanAssignment.objects.select_for_update().get_or_create(
        user=user, defaults={"plan": plan, "assigned_by": assigned_by, "note": note}
    )
    assignment.plan, assignment.assigned_by, assignment.note = plan, assigned_by, note
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def plan_set_default(*, plan: Plan) -> Plan:
    Plan.objects.filter(is_default=True).exclude(pk=plan.pk).update(is_default=False)
    plan.is_default = True
    plan.save(update_fields=["is_default", "updated_at"])
    return plan
