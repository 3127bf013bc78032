"""Generator: recommendations for one goal (3–6 concrete next steps).

Offline: coaching.offline.goal.goal_recommendations (deterministic, from the user's data
and the curated goal templates). With a model: the same grounding as text, and a
pydantic schema (a list of 3–6 strings)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel

from billing.models import UsageRecord
from coaching.ai import providers
from coaching.ai.context import facts_text, user_facts
from coaching.ai.generation import GeneratorSpec, offline_structured, register
from coaching.ai.generators import lenient
from coaching.models import Generation, Goal
from coaching.offline import goal as offline

Item = lenient.text(600, 1)


class GoalRecommendations(BaseModel):
    items: lenient.at_most(Item, 6, 3, description="3–6 concrete, specific next steps")


def _goal(generation: Generation) -> Goal:
    goal = (
        Goal.objects.filter(pk=generation.target_id, user_id=generation.user_id)
        .select_related("user").prefetch_related("milestones").first()
    )
    if goal is None:
        raise providers.ProviderError("This goal no longer exists.")
    return goal


def _today(goal: Goal) -> datetime.date:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(goal.user.timezone or "UTC")).date()


def grounding_text(goal: Goal, today: datetime.date) -> str:
    """The goal and the user's data the recommendations may use, for the model prompt."""
    template = offline.goal_template_match(title=goal.title, description=goal.description)
    g = offline.goal_grounding(goal=goal, today=today, kind=template["kind"] if template else "")
    lines = [
        f"Goal: {goal.title}",
        f"Description: {goal.description}" if goal.description else "",
        f"Status: {goal.get_status_display()}, progress {goal.progress}%, priority {goal.get_priority_display()}",
        f"Period: {goal.get_period_display()}" if goal.period else "",
        f"Today: {today.isoformat()}",
        f"Target date: {goal.target_date.isoformat()} ({g.days_left} days left)" if goal.target_date else "No target date",
    ]
    milestones = list(goal.milestones.all())
    lines += [f"Milestone ({'done' if m.is_done else 'open'}): {m.title}" for m in milestones]
    if g.interested_count:
        lines.append(f"Jobs in Interested on the board: {g.interested_count}, e.g. "
                     + "; ".join(f"{j['title']} at {j['company']}" for j in g.interested))
    if g.skill:
        lines.append(f"Tracked jobs asking for {g.skill}: "
                     + ("; ".join(f"{j['title']} at {j['company']}" for j in g.jobs_with_skill) or "none"))
    for i in g.upcoming_interviews:
        lines.append(f"Upcoming interview: {i['type']} for {i['title']} at {i['company']} on {i['date'].isoformat()}")
    for j in g.stale_applications:
        lines.append(f"Application without news for {j['days']} days: {j['title']} at {j['company']}")
    if g.missing_skills:
        lines.append("Skills tracked jobs ask for that the resume lacks: "
                     + ", ".join(f"{name} ({n} jobs)" for name, n in g.missing_skills))
    if template:
        lines.append("Curated advice for this kind of goal: " + " ".join(template.get("advice", [])))
    return "\n".join(line for line in lines if line)


def produce(generation: Generation, provider: providers.Provider, on_delta):
    goal = _goal(generation)
    today = _today(goal)
    if provider.is_offline:
        items = offline.goal_recommendations(goal=goal, today=today)
        on_delta("\n".join(f"• {item}" for item in items))
        return offline_structured(GoalRecommendations(items=items))
    facts = user_facts(user=goal.user, include_goals=False)
    messages = [
        {"role": "system", "content": (
            "You are a career coach. Recommend 3 to 6 concrete next steps for the user's goal. Use only the facts "
            "given: never invent skills, employers, jobs, numbers or dates. Each item is one or two sentences. "
            'Answer as JSON: {"items": ["…", "…"]}.'
        )},
        {"role": "user", "content": f"About the user:\n{facts_text(facts)}\n\n{grounding_text(goal, today)}"},
    ]
    return provider.complete_structured(messages=messages, schema=GoalRecommendations)


def apply(generation: Generation, output) -> None:
    from coaching.services.goals import goal_recommendations_apply

    goal_recommendations_apply(goal_id=generation.target_id, items=list(output.data.items))


def fail(generation: Generation) -> None:
    """Nothing to mark: the goal keeps its previous recommendations; the page shows the failure."""


def restart(generation: Generation) -> None:
    """Nothing to reset on the goal (see fail)."""


def result_url(generation: Generation) -> str:
    return reverse("coaching:goal_detail", args=[generation.target_id]) + "#recommendations"


register(GeneratorSpec(
    kind=Generation.Kind.GOAL_RECOMMENDATIONS,
    usage_action=UsageRecord.Action.AI_GOAL,
    produce=produce, apply=apply, fail=fail, restart=restart, result_url=result_url,
))
