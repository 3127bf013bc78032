"""Writes for coaching. Mentor verification lands first; the rest arrives later."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from coaching.models import MentorProfile


@transaction.atomic
def mentor_verify(*, user: User, verified_by: User | None) -> MentorProfile:
    """Make ``user`` a verified mentor (idempotent: verifying twice changes nothing)."""
    if user.role != User.Role.MENTOR:
        account_services.user_set_role(user=user, role=User.Role.MENTOR)
    mentor, _ = MentorProfile.objects.select_for_update().get_or_create(user=user)
    if mentor.verified_at is None:
        mentor.verified_at = timezone.now()
        mentor.verified_by = verified_by
        mentor.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return mentor


@transaction.atomic
def mentor_unverify(*, user: User) -> MentorProfile | None:
    mentor = MentorProfile.objects.select_for_update().filter(user=user).first()
    if mentor and mentor.verified_at is not None:
        mentor.verified_at = None
        mentor.verified_by = None
        mentor.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return mentor
