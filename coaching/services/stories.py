"""Growth stories: write the story of a week or month (one per user and period), rewrite
it on request, delete it."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from coaching.ai.generation import generation_request
from coaching.models import Generation, Story
from coaching.selectors.stories import period_for

WHICH = ("current", "previous")


def _advisory_lock(key: str) -> None:
    """Serialise writers of one (user, period) until the transaction ends. The unique
    constraint is the real guarantee; the lock just lets the loser see the winner's row
    instead of an IntegrityError."""
    number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


@transaction.atomic
def story_generate(
    *, user: User, period_kind: str, which: str, enqueue: bool = True
) -> tuple[Story, Generation | None]:
    """The story of this or the previous week/month in the user's time zone. Creates it
    and queues its writing (one generation counted), or returns the existing story with
    no generation when that period already has one. Raises QuotaExceeded (nothing written)."""
    if period_kind not in Story.PeriodKind.values:
        raise ValidationError({"period_kind": "Choose a week or a month."})
    if which not in WHICH:
        raise ValidationError({"period": "Choose the current or the previous period."})
    period = period_for(user=user, kind=period_kind, which=which)
    _advisory_lock(f"story:{user.pk}:{period.kind}:{period.start.isoformat()}")
    existing = Story.objects.filter(user=user, period_kind=period.kind, period_start=period.start).first()
    if existing is not None:
        return existing, None
    story = Story(user=user, period_kind=period.kind, period_start=period.start, period_end=period.end,
                  title=period.label, status=Story.Status.GENERATING)
    story.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
            story.save(force_insert=True)
    except IntegrityError:
        return Story.objects.get(user=user, period_kind=period.kind, period_start=period.start), None
    generation = generation_request(
        user=user, kind=Generation.Kind.STORY, target_id=story.pk, enqueue=enqueue,
        input={"period_kind": period.kind, "period": which, "period_start": period.start.isoformat()},
    )
    return story, generation


@transaction.atomic
def story_regenerate(*, story: Story, enqueue: bool = True) -> Generation:
    """Rewrite the same story from the period's current facts (counts one generation)."""
    locked = Story.objects.select_for_update().get(pk=story.pk)
    if locked.status == Story.Status.GENERATING:
        raise ValidationError("This story is being written already.")
    generation = generation_request(
        user=locked.user, kind=Generation.Kind.STORY, target_id=locked.pk, enqueue=enqueue,
        input={"period_kind": locked.period_kind, "period_start": locked.period_start.isoformat(), "regenerate": True},
    )
    locked.status = Story.Status.GENERATING
    locked.save(update_fields=["status", "updated_at"])
    return generation


@transaction.atomic
def story_delete(*, story: Story) -> None:
    story.delete()
