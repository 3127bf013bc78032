"""Reads for accounts. Every per-user lookup is scoped to its owner here."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Lower

from accounts.models import ApiKey, Certification, Education, Experience, Notification, Profile, Skill, User


def profile_get_for_user(*, user: User) -> Profile:
    """The user's own profile with everything the profile page shows, in 5 queries."""
    return (
        Profile.objects.select_related("user")
        .prefetch_related(
            Prefetch("experiences", queryset=Experience.objects.order_by("sort_order", "created_at")),
            Prefetch("educations", queryset=Education.objects.order_by("sort_order", "created_at")),
            Prefetch("skills", queryset=Skill.objects.order_by("sort_order", "created_at")),
            Prefetch("certifications", queryset=Certification.objects.order_by("sort_order", "created_at")),
        )
        .get(user=user)
    )


def profile_get_public(*, slug: str) -> Profile:
    """A profile its owner made public, by its unguessable slug (DoesNotExist otherwise)."""
    return (
        Profile.objects.select_related("user")
        .prefetch_related("experiences", "educations", "skills", "certifications")
        .get(public_slug=slug, is_public=True, user__is_active=True)
    )


def profile_item_list_for_user(*, user: User, model: type) -> QuerySet:
    """Items of one kind (Experience, Education, …) that belong to ``user``."""
    return model.objects.filter(profile__user=user).order_by("sort_order", "created_at")


def skill_name_taken(*, profile_id: int, name: str, exclude_pk=None) -> bool:
    """Whether the profile has another skill called ``name``, compared as the
    database's unique constraint compares (Lower on both sides)."""
    return (
        Skill.objects.filter(profile_id=profile_id)
        .exclude(pk=exclude_pk)
        .alias(lower_name=Lower("name"))
        .filter(lower_name=Lower(Value(name)))
        .exists()
    )


def api_key_list_for_user(*, user: User) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user).order_by("-created_at")


def notification_list_for_user(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at")


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
