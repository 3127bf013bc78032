"""Reads for AI generations and quotas."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from coaching.models import Generation


def generation_list_for_user(*, user: User) -> QuerySet[Generation]:
    return Generation.objects.filter(user=user)


def generation_latest_for_target(*, user: User, target_id) -> Generation | None:
    """The newest generation writing to one object (a retry supersedes the failed one)."""
    return Generation.objects.filter(user=user, target_id=target_id).order_by("-created_at").first()


def generation_latest_succeeded_for_target(*, user: User, target_id) -> Generation | None:
    """The newest generation that did write to one object (which provider wrote it shows)."""
    return (
        Generation.objects.filter(user=user, target_id=target_id, status=Generation.Status.SUCCEEDED)
        .order_by("-created_at")
        .first()
    )
