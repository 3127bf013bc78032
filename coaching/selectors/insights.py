"""Reads for industry insights. Rows are shared by every user (no scoping); what is
personal — the user's skills against the industry's top skills, their latest refresh —
is computed here per request and never stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from accounts.models import Profile, User
from coaching.ai.context import user_facts
from coaching.models import Generation, IndustryInsight
from coaching.offline.insight import Industry, industries, industry_resolve
from coaching.selectors.generations import generation_latest_for_target

MISSING_SKILLS = 6


@dataclass
class InsightPage:
    industry: Industry | None  # None: nothing chosen (the picker)
    insight: IndustryInsight | None = None  # None: not computed yet
    generation: Generation | None = None  # the user's latest refresh of this row
    profile_industry: str = ""
    is_profile_industry: bool = False
    user_skills: list[str] = field(default_factory=list)
    missing_skills: list[dict] = field(default_factory=list)  # top skills the user lacks: {"skill", "share"}
    known_skills: set[str] = field(default_factory=set)  # top skills the user has (lowercase)


@dataclass
class InsightListItem:
    key: str
    name: str
    known: bool
    insight: IndustryInsight | None = None


def profile_industry(*, user: User) -> str:
    return Profile.objects.filter(user=user).values_list("industry", flat=True).first() or ""


def insight_list() -> QuerySet[IndustryInsight]:
    return IndustryInsight.objects.all().order_by("name")


def insight_get(*, industry_key: str) -> IndustryInsight:
    """Raises IndustryInsight.DoesNotExist."""
    return IndustryInsight.objects.get(industry=industry_key)


def insight_overview() -> list[InsightListItem]:
    """Every curated industry (computed or not), then the other computed rows (industries
    people typed that are not curated). One query."""
    rows = {row.industry: row for row in insight_list()}
    items = [InsightListItem(key=i.key, name=i.name, known=True, insight=rows.pop(i.key, None)) for i in industries()]
    items += [InsightListItem(key=row.industry, name=row.name, known=False, insight=row) for row in rows.values()]
    return items


def user_missing_skills(*, insight: IndustryInsight, skills: list[str]) -> tuple[list[dict], set[str]]:
    """(top skills of the industry the user does not have, top skills they have, lowercase)."""
    known = {s.lower() for s in skills}
    have = {s["skill"].lower() for s in insight.top_skills if s["skill"].lower() in known}
    missing = [s for s in insight.top_skills if s["skill"].lower() not in known][:MISSING_SKILLS]
    return missing, have


def insight_page(*, user: User, industry_text: str | None) -> InsightPage:
    """What the insight page shows for ``user``: ``industry_text`` (a key, alias or typed
    industry) or, when None/empty, the industry of their profile."""
    own = profile_industry(user=user)
    text = industry_text if industry_text else own
    industry = industry_resolve(text) if text else None
    page = InsightPage(industry=industry, profile_industry=own)
    if industry is None:
        return page
    own_industry = industry_resolve(own) if own else None
    page.is_profile_industry = own_industry is not None and own_industry.key == industry.key
    page.insight = IndustryInsight.objects.filter(industry=industry.key).first()
    if page.insight is None:
        return page
    page.generation = generation_latest_for_target(user=user, target_id=page.insight.pk)
    if (page.generation is not None and page.generation.is_failed and page.insight.last_updated
            and page.insight.last_updated > page.generation.created_at):
        page.generation = None  # recomputed since (by the beat or another user): the failure is moot
    facts = user_facts(user=user, include_goals=False)
    page.user_skills = facts.skills
    page.missing_skills, page.known_skills = user_missing_skills(insight=page.insight, skills=facts.skills)
    return page
