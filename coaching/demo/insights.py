"""Demo data for industry insights: the insight of the demo seeker's industry ("Software"
→ Technology & Software), computed from the demo catalog like the weekly beat does.

It goes through the no-quota service the beat uses (insight_recompute) with the offline
provider, so seeding never spends the demo seeker's daily AI allowance (the other demo
seeds already use several generations)."""

from __future__ import annotations

from accounts.models import User
from coaching.ai import providers
from coaching.models import IndustryInsight
from coaching.selectors.insights import profile_industry
from coaching.services.insights import industry_for, insight_get_or_create, insight_recompute


def seed_demo_insights(*, seeker: User) -> IndustryInsight | None:
    """The seeker's industry insight (None when their profile has no industry). Idempotent:
    a row already computed is left as it is."""
    text = profile_industry(user=seeker)
    if not text:
        return None
    insight = insight_get_or_create(industry=industry_for(text))
    if insight.last_updated is not None:
        return insight
    offline = providers.provider_get(providers.ProviderConfig(name=providers.OFFLINE))
    return insight_recompute(insight_id=insight.pk, provider=offline)
