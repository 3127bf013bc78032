"""Writes for accounts: users, profiles and their parts, API keys, sessions."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts import scopes as scope_registry
from accounts import selectors
from accounts.models import (
    PROFILE_USER_FIELDS,
    ApiKey,
    Certification,
    Education,
    Experience,
    Notification,
    Profile,
    Skill,
    User,
)
from careercoach.lib.images import avatar_process

logger = logging.getLogger(__name__)

ProfileItemT = TypeVar("ProfileItemT", Experience, Education, Skill, Certification)
PROFILE_ITEM_MODELS: dict[str, type] = {
    "experience": Experience,
    "education": Education,
    "skill": Skill,
    "certification": Certification,
}


# --- Users ---------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    role: str = User.Role.JOB_SEEKER,
    **extra: Any,
) -> User:
    """Create a user together with their (empty) profile."""
    user = User(
        email=User.objects.normalize_email(email).strip(),
        first_name=first_name,
        last_name=last_name,
        role=role,
        **extra,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    profile_ensure(user=user)
    return user


@transaction.atomic
def user_created_by_admin(*, user: User) -> User:
    """An admin vouches for the address they typed: mark it verified and add the profile."""
    from allauth.account.models import EmailAddress

    profile_ensure(user=user)
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def profile_ensure(*, user: User) -> Profile:
    """Return the user's profile, creating it when missing (safe to call twice)."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def user_set_status(*, user: User, status: str, reason: str = "") -> User:
    """Change a user's account status. Leaving ACTIVE ends all their sessions."""
    if status not in User.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.status == status and user.status_reason == reason:
        return user
    user.status = status
    user.is_active = status == User.Status.ACTIVE
    user.status_reason = "" if user.is_active else reason
    user.status_changed_at = timezone.now()
    user.save(update_fields=["status", "is_active", "status_reason", "status_changed_at", "updated_at"])
    if not user.is_active:
        user_sessions_end_all(user=user)
    return user


def user_suspend(*, user: User, reason: str = "") -> User:
    return user_set_status(user=user, status=User.Status.SUSPENDED, reason=reason)


def user_reactivate(*, user: User) -> User:
    return user_set_status(user=user, status=User.Status.ACTIVE)


def user_set_role(*, user: User, role: str) -> User:
    if role not in User.Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    user.role = role
    user.save(update_fields=["role", "updated_at"])
    return user


def user_sessions_end_all(*, user: User) -> int:
    """Sign a user out everywhere: delete their sessions and allauth's records of them."""
    from allauth.usersessions.models import UserSession

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    deleted, _ = UserSession.objects.filter(user=user).delete()
    return deleted


def sessions_cleanup(*, now: datetime | None = None) -> dict[str, int]:
    """Delete expired Django sessions and allauth user sessions whose session is gone.

    Idempotent: a second run finds nothing to delete.
    """
    from allauth.usersessions.models import UserSession

    now = now or timezone.now()
    expired, _ = Session.objects.filter(expire_date__lt=now).delete()
    orphans, _ = UserSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    return {"sessions": expired, "user_sessions": orphans}


@transaction.atomic
def user_preferences_update(*, user: User, interview_reminder_hours: int) -> User:
    """Save the user's notification preferences (how long before an interview we remind them)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.interview_reminder_hours = interview_reminder_hours
    user.full_clean(exclude=["password"])
    user.save(update_fields=["interview_reminder_hours", "updated_at"])
    return user


# --- Profile -------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, profile: Profile, data: dict[str, Any]) -> Profile:
    """Update profile fields (and the user's name fields when given)."""
    user_fields = set(PROFILE_USER_FIELDS)
    user = profile.user
    user_changed = False
    for name, value in data.items():
        if name in user_fields:
            setattr(user, name, value)
            user_changed = True
        elif name in {"avatar", "public_slug", "user", "id"}:
            raise ValidationError(f"{name} cannot be changed here.")
        else:
            setattr(profile, name, value)
    if user_changed:
        user.full_clean(exclude=["password"])
        user.save()
    profile.full_clean()
    profile.save()
    return profile


def profile_avatar_set(*, profile: Profile, upload) -> Profile:
    """Validate an uploaded image by content and store it re-encoded."""
    content = avatar_process(upload)  # raises ValidationError before anything is written
    old_name = profile.avatar.name if profile.avatar else None
    with transaction.atomic():
        profile.avatar.save(content.name, content, save=False)
        profile.save(update_fields=["avatar", "updated_at"])
    if old_name:
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return profile


@transaction.atomic
def profile_avatar_remove(*, profile: Profile) -> Profile:
    if profile.avatar:
        old_name, storage = profile.avatar.name, profile.avatar.storage
        profile.avatar = ""
        profile.save(update_fields=["avatar", "updated_at"])
        transaction.on_commit(lambda: storage.delete(old_name))
    return profile


@transaction.atomic
def profile_visibility_set(*, profile: Profile, is_public: bool) -> Profile:
    profile.is_public = is_public
    profile.save(update_fields=["is_public", "updated_at"])
    return profile


@transaction.atomic
def profile_public_link_regenerate(*, profile: Profile) -> Profile:
    """Give the public page a new address; the old link stops working."""
    profile.public_slug = secrets.token_urlsafe(18)
    profile.save(update_fields=["public_slug", "updated_at"])
    return profile


# --- Profile items: experience, education, skills, certifications ------------------------


def _check_item_fields(model: type, data: dict[str, Any]) -> None:
    unknown = set(data) - set(model.EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be set here: {', '.join(sorted(unknown))}.")


def _item_queryset(model: type, profile_id: int):
    return model.objects.filter(profile_id=profile_id)


def _profile_lock(profile_id: int) -> None:
    # Serialises writes to one profile's items: positions and skill names stay unique
    # without relying on the database refusing a racing insert.
    Profile.objects.select_for_update().filter(pk=profile_id).first()


def _profile_item_validate(item) -> None:
    """full_clean(), reporting a duplicate skill name on the ``name`` field.

    The unique constraint is on Lower(name), which Django can only report as an
    anonymous "constraint violated" error, so the same comparison runs here first.
    """
    if isinstance(item, Skill) and item.name:
        if selectors.skill_name_taken(profile_id=item.profile_id, name=item.name, exclude_pk=item.pk):
            raise ValidationError({"name": f"You already have the skill “{item.name}”."})
    item.full_clean()


@transaction.atomic
def profile_item_create(*, profile: Profile, model: type[ProfileItemT], data: dict[str, Any]) -> ProfileItemT:
    """Add an item at the end of its list."""
    _profile_lock(profile.pk)
    _check_item_fields(model, data)
    last = _item_queryset(model, profile.pk).aggregate(m=Max("sort_order"))["m"]
    item = model(profile=profile, sort_order=0 if last is None else last + 1, **data)
    _profile_item_validate(item)
    item.save()
    return item


@transaction.atomic
def profile_item_update(*, item: ProfileItemT, data: dict[str, Any]) -> ProfileItemT:
    _check_item_fields(type(item), data)
    for name, value in data.items():
        setattr(item, name, value)
    _profile_lock(item.profile_id)
    _profile_item_validate(item)
    item.save()
    return item


@transaction.atomic
def profile_item_delete(*, item: ProfileItemT) -> None:
    item.delete()


@transaction.atomic
def profile_item_move(*, item: ProfileItemT, offset: int) -> list[ProfileItemT]:
    """Move an item up (offset < 0) or down (offset > 0) in its list, keeping order dense."""
    model = type(item)
    items = list(_item_queryset(model, item.profile_id).select_for_update().order_by("sort_order", "created_at"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    _renumber(items)
    return items


@transaction.atomic
def profile_item_reorder(*, profile: Profile, model: type[ProfileItemT], ids: list) -> list[ProfileItemT]:
    """Put a profile's items of one kind in the given order (all ids, each once)."""
    items = {str(i.pk): i for i in _item_queryset(model, profile.pk).select_for_update()}
    wanted = [str(i) for i in ids]
    if sorted(wanted) != sorted(items) or len(set(wanted)) != len(wanted):
        raise ValidationError("The new order must list each of your items exactly once.")
    ordered = [items[i] for i in wanted]
    _renumber(ordered)
    return ordered


def _renumber(items: list) -> None:
    changed = []
    for position, obj in enumerate(items):
        if obj.sort_order != position:
            obj.sort_order = position
            changed.append(obj)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["sort_order"])


# --- API keys -------------------------------------------------------------------------------

API_KEY_PREFIX = "cc_"


def api_key_hash(raw_key: str) -> str:
    # Keys carry 256 bits of randomness, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *, user: User, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """Create a key and return it with the raw secret, which is never shown again."""
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the key a name so you can recognise it later."
    unknown = [s for s in scopes if not scope_registry.is_known(s)]
    if unknown:
        errors["scopes"] = f"Unknown scope(s): {', '.join(unknown)}."
    elif not scopes:
        errors["scopes"] = "Choose at least one scope."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    raw_key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=api_key_hash(raw_key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    if api_key.is_active:
        api_key.is_active = False
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["is_active", "revoked_at", "updated_at"])
    return api_key


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """Return the usable key matching ``raw_key`` (recording its use), or None."""
    if not raw_key.startswith(API_KEY_PREFIX):
        return None
    key = (
        ApiKey.objects.select_related("user")
        .filter(key_hash=api_key_hash(raw_key))
        .first()
    )
    if key is None or not key.is_usable or not key.user.is_active:
        return None
    now = timezone.now()
    # Record use at most once a minute per key, so reads do not all become writes.
    threshold = now - timedelta(seconds=settings.API_KEY_LAST_USED_RESOLUTION_SECONDS)
    if key.last_used_at is None or key.last_used_at < threshold:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


# --- Achievements ------------------------------------------------------------------------------


@transaction.atomic
def user_achievement_add(*, user: User, points: int, reason: str) -> User:
    """Add ``points`` to the user's achievement score. One UPDATE with F() so concurrent
    awards add up instead of overwriting each other; the caller makes sure an award is
    paid once (e.g. coaching's goal completion claims ``achievement_awarded_at`` first)."""
    if points <= 0:
        raise ValidationError("Achievement points must be positive.")
    User.objects.filter(pk=user.pk).update(achievement_score=F("achievement_score") + points)
    user.refresh_from_db(fields=["achievement_score"])
    logger.info("achievement points added", extra={"user_id": user.pk, "points": points, "reason": reason[:200]})
    return user


# --- Notifications -----------------------------------------------------------------------------


def notification_create(*, user: User, kind: str, text: str, link: str = "") -> Notification:
    notification = Notification(user=user, kind=kind, text=text[:500], link=link)
    notification.full_clean()
    notification.save()
    return notification


def notification_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
