"""Generator: an industry insight (Generation.Kind.INSIGHT, target: the IndustryInsight row).

The numbers always come from the catalog (coaching.offline.insight), whichever provider
runs. Offline, the narrative is the deterministic template text; with a model, the
model writes the outlook and trends from those numbers only (structured, validated).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel, Field

from coaching.ai import providers
from coaching.ai.generation import GeneratorSpec, offline_structured, register
from coaching.ai.generators import lenient
from coaching.models import Generation, IndustryInsight
from coaching.offline.insight import InsightNumbers, insight_compute, sample_note


class InsightNarrative(BaseModel):
    outlook: str = Field(description="Two or three sentences on the market outlook, from the numbers given only.")
    trends: lenient.at_most(str, 6, description="Up to six short trend sentences.") = Field(default_factory=list)


SYSTEM = (
    "You are a careful labour-market analyst. Write only from the numbers given; never invent a number, "
    "company, salary or statistic that is not in them, and say how many postings a number is based on. "
    'Answer as JSON: {"outlook": "...", "trends": ["...", ...]} with at most six trends.'
)


def _numbers_text(numbers: InsightNumbers) -> str:
    lines = [
        f"Industry: {numbers.industry.name}",
        f"Matching active postings in the catalog, last 365 days: {numbers.sample_size}",
        f"Last 90 days: {numbers.recent}; the 90 days before: {numbers.previous}",
        "Growth: " + (f"{numbers.growth_rate}%" if numbers.growth_rate is not None else "not enough data"),
        f"Demand level: {numbers.demand_level or 'unknown'}",
        f"Skills, salaries and shares below come from {sample_note(numbers)}.",
        "Monthly postings: " + ", ".join(f"{m['month']}: {m['count']}" for m in numbers.monthly_postings),
    ]
    for r in numbers.salary_ranges:
        lines.append(
            f"Salary {r['role']}: min {r['min']}, median {r['median']}, max {r['max']} {r['currency']} "
            f"({r['sample']} postings)"
        )
    if numbers.top_skills:
        lines.append("Top skills (share of sampled postings): " + ", ".join(
            f"{s['skill']} {round(s['share'] * 100)}%" for s in numbers.top_skills))
    if numbers.skill_changes:
        lines.append("Growing skills (percentage points, older → newer half): " + ", ".join(
            f"{c['skill']} +{c['change']}" for c in numbers.skill_changes))
    lines.extend(f"Fact: {t}" for t in numbers.key_trends)
    return "\n".join(lines)


def narrative_messages(numbers: InsightNumbers) -> list[dict]:
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Numbers from our job catalog:\n" + _numbers_text(numbers)},
    ]


def _produce(generation: Generation, provider: providers.Provider, on_delta) -> providers.StructuredCompletion:
    from coaching.services.insights import insight_industry, insight_narrate

    insight = IndustryInsight.objects.get(pk=generation.target_id)
    numbers = insight_compute(industry=insight_industry(insight), now=timezone.now())
    on_delta(f"Counted {numbers.sample_size:,} matching postings in the catalog (last 12 months).\n")
    if provider.is_offline or not numbers.has_data:
        return offline_structured(numbers)
    result = insight_narrate(numbers=numbers, provider=provider)
    return providers.StructuredCompletion(data=numbers, provider=result.provider, model=result.model, usage=result.usage)


def _apply(generation: Generation, output: providers.StructuredCompletion) -> None:
    from coaching.services.insights import insight_numbers_apply

    insight = IndustryInsight.objects.select_for_update().get(pk=generation.target_id)
    insight_numbers_apply(insight=insight, numbers=output.data, provider=output.provider)


def _fail(generation: Generation) -> None:
    # A row that has numbers keeps showing them; one that never had any is marked failed.
    insight = IndustryInsight.objects.select_for_update().filter(pk=generation.target_id).first()
    if insight is not None and insight.status == IndustryInsight.Status.GENERATING:
        insight.status = IndustryInsight.Status.READY if insight.last_updated else IndustryInsight.Status.FAILED
        insight.save(update_fields=["status", "updated_at"])


def _restart(generation: Generation) -> None:
    IndustryInsight.objects.filter(pk=generation.target_id).update(
        status=IndustryInsight.Status.GENERATING, updated_at=timezone.now()
    )


def _result_url(generation: Generation) -> str:
    key = (generation.input or {}).get("industry", "")
    return reverse("coaching:insight_detail") + (f"?{urlencode({'industry': key})}" if key else "")


SPEC = register(GeneratorSpec(
    kind=Generation.Kind.INSIGHT,
    usage_action="AI_INSIGHT",
    produce=_produce,
    apply=_apply,
    fail=_fail,
    restart=_restart,
    result_url=_result_url,
))
