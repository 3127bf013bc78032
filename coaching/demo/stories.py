"""Demo data for growth stories: the story of last week (seed_demo), written by the
offline coach from the seeker's recorded activity."""

from __future__ import annotations

from accounts.models import User
from billing.exceptions import QuotaExceeded
from coaching.ai import providers
from coaching.ai.generation import generation_run
from coaching.models import Story
from coaching.services import stories as services


def seed_demo_stories(*, seeker: User) -> None:
    """Idempotent: does nothing when the seeker has stories already."""
    if Story.objects.filter(user=seeker).exists():
        return
    try:
        _story, generation = services.story_generate(
            user=seeker, period_kind=Story.PeriodKind.WEEKLY, which="previous", enqueue=False
        )
    except QuotaExceeded:  # the demo seeker's allowance is used up today
        return
    if generation is not None:
        generation_run(generation_id=generation.pk, provider=providers.Provider(providers.ProviderConfig(name=providers.OFFLINE)))
