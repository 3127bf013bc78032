"""Industry insights: one shared row per industry, computed from the job catalog.

* A user asks for a refresh (``insight_refresh_request``): the row is created if needed
  (race-safe on the unique industry key) and an INSIGHT generation is queued (one unit
  of the user's quota). A row refreshed less than FRESH_FOR ago is returned as it is:
  no quota spent. The generator computes the numbers offline and, with a model
  provider, asks the model for narrative from those numbers only.
* The beat (``insights_refresh_due``) recomputes rows whose ``next_update`` has passed,
  with no user and no quota.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from coaching.ai import providers
from coaching.models import Generation, IndustryInsight
from coaching.offline.insight import Industry, InsightNumbers, industry_resolve, insight_compute

log = logging.getLogger(__name__)

FRESH_FOR = datetime.timedelta(hours=1)


@dataclass
class RefreshResult:
    insight: IndustryInsight
    generation: Generation | None = None
    fresh: bool = False  # updated less than FRESH_FOR ago: nothing was queued
    busy: bool = False  # another refresh is already running: nothing was queued


def _next_update(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.INSIGHT_REFRESH_DAYS)


def industry_for(text: str) -> Industry:
    """The industry for typed text, key or alias; ValidationError when it has no words."""
    industry = industry_resolve(text)
    if industry is None:
        raise ValidationError({"industry": "Type an industry, e.g. Software or Healthcare."})
    return industry


def insight_get_or_create(*, industry: Industry) -> IndustryInsight:
    """The row of ``industry``, created (status GENERATING, no numbers) when missing.
    Two requests creating it at once both get the same row (unique key)."""
    try:
        with transaction.atomic():
            insight, _ = IndustryInsight.objects.get_or_create(
                industry=industry.key, defaults={"name": industry.name[:100]}
            )
    except IntegrityError:  # created by a concurrent request between the get and the insert
        insight = IndustryInsight.objects.get(industry=industry.key)
    return insight


@transaction.atomic
def insight_refresh_request(
    *, user: User, industry_text: str, enqueue: bool = True, now: datetime.datetime | None = None
) -> RefreshResult:
    """Queue a recomputation of an industry's insight for ``user`` (counts against their
    quota: raises billing.exceptions.QuotaExceeded, nothing written). Raises
    ValidationError for text that names no industry."""
    from coaching.ai.generation import generation_request

    now = now or timezone.now()
    industry = industry_for(industry_text)
    insight = insight_get_or_create(industry=industry)
    insight = IndustryInsight.objects.select_for_update().get(pk=insight.pk)
    if insight.status == IndustryInsight.Status.READY and insight.last_updated and now - insight.last_updated < FRESH_FOR:
        return RefreshResult(insight=insight, fresh=True)
    if insight.status == IndustryInsight.Status.GENERATING and Generation.objects.filter(
        kind=Generation.Kind.INSIGHT, target_id=insight.pk,
        status__in=[Generation.Status.PENDING, Generation.Status.RUNNING],
    ).exists():
        own = Generation.objects.filter(
            user=user, kind=Generation.Kind.INSIGHT, target_id=insight.pk,
            status__in=[Generation.Status.PENDING, Generation.Status.RUNNING],
        ).first()
        return RefreshResult(insight=insight, generation=own, busy=True)
    generation = generation_request(
        user=user, kind=Generation.Kind.INSIGHT, target_id=insight.pk,
        input={"industry": industry.key, "name": industry.name, "text": industry_text[:100]}, enqueue=enqueue,
    )
    insight.status = IndustryInsight.Status.GENERATING
    insight.save(update_fields=["status", "updated_at"])
    return RefreshResult(insight=insight, generation=generation)


def insight_industry(insight: IndustryInsight) -> Industry:
    """The industry definition a stored row was computed for (its key, else its name)."""
    from coaching.offline.insight import industry_by_key

    return industry_by_key(insight.industry) or industry_for(insight.name)


def insight_numbers_apply(
    *, insight: IndustryInsight, numbers: InsightNumbers, provider: str, now: datetime.datetime | None = None
) -> IndustryInsight:
    """Write computed numbers (and their narrative) onto the row; the caller holds atomic()."""
    now = now or timezone.now()
    insight.name = numbers.industry.name[:100]
    insight.status = IndustryInsight.Status.READY
    insight.sample_size = numbers.sample_size
    insight.salary_ranges = numbers.salary_ranges
    insight.growth_rate = numbers.growth_rate
    insight.demand_level = numbers.demand_level
    insight.top_skills = numbers.top_skills
    insight.recommended_skills = numbers.recommended_skills
    insight.key_trends = numbers.key_trends
    insight.market_outlook = numbers.market_outlook
    insight.monthly_postings = numbers.monthly_postings
    insight.provider = provider
    insight.last_updated = now
    insight.next_update = _next_update(now)
    insight.full_clean()
    insight.save()
    return insight


def insight_narrate(*, numbers: InsightNumbers, provider: providers.Provider) -> providers.StructuredCompletion | None:
    """With a model provider: ask for outlook and trends written from the numbers only,
    and put them on ``numbers``. Raises ProviderError. None offline (numbers unchanged)."""
    if provider.is_offline or not numbers.has_data:
        return None
    from coaching.ai.generators.insight import InsightNarrative, narrative_messages

    result = provider.complete_structured(messages=narrative_messages(numbers), schema=InsightNarrative)
    numbers.market_outlook = result.data.outlook.strip() or numbers.market_outlook
    trends = [t.strip() for t in result.data.trends if t.strip()][:6]
    numbers.key_trends = trends or numbers.key_trends
    return result


def insight_recompute(
    *, insight_id: UUID | str, provider: providers.Provider | None = None, now: datetime.datetime | None = None
) -> IndustryInsight:
    """Recompute one row directly (no user, no quota): offline numbers always; narrative
    from a model provider when one is configured and answers (its failure keeps the
    offline text)."""
    now = now or timezone.now()
    insight = IndustryInsight.objects.get(pk=insight_id)
    numbers = insight_compute(industry=insight_industry(insight), now=now)
    used = providers.OFFLINE
    try:
        provider = provider or providers.provider_get()
        if insight_narrate(numbers=numbers, provider=provider) is not None:
            used = provider.name
    except providers.ProviderError as exc:
        log.warning("insight %s: keeping the offline narrative (%s)", insight.industry, exc)
    with transaction.atomic():
        locked = IndustryInsight.objects.select_for_update().get(pk=insight.pk)
        return insight_numbers_apply(insight=locked, numbers=numbers, provider=used, now=now)


def insights_refresh_due(*, now: datetime.datetime | None = None, provider: providers.Provider | None = None) -> int:
    """Recompute the rows whose ``next_update`` has passed (the beat). Each row is claimed
    first by moving its ``next_update`` forward, so two runs never compute the same row."""
    now = now or timezone.now()
    done = 0
    due = list(
        IndustryInsight.objects.filter(next_update__lte=now).order_by("next_update").values_list("pk", "next_update")
    )
    for pk, next_update in due:
        claimed = IndustryInsight.objects.filter(pk=pk, next_update=next_update).update(next_update=_next_update(now))
        if not claimed:
            continue
        try:
            insight_recompute(insight_id=pk, provider=provider, now=now)
            done += 1
        except Exception:  # one broken row must not stop the others; it is retried next period
            log.exception("insight %s could not be recomputed", pk)
    return done
