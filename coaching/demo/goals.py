"""Demo goals for the demo job seeker (seed_demo): one completed (points awarded), one in
progress with half its milestones done and the offline coach's recommendations, one due
in two days, and a skill goal from the seeker's own target skills."""

from __future__ import annotations

import datetime

from accounts.models import User
from billing.exceptions import QuotaExceeded
from coaching.ai import providers
from coaching.ai.generation import generation_run
from coaching.models import Goal
from coaching.offline import goal as templates
from coaching.selectors.goals import user_today
from coaching.services import goals as services


def _from_template(seeker: User, key: str, today: datetime.date, *, skill: str = "", target_skills=(), **overrides) -> Goal:
    filled = templates.goal_template_fill(
        templates.goal_template_get(key), skill=skill, target_skills=target_skills, today=today
    )
    milestones = filled.pop("milestones")
    filled.update(overrides)
    return services.goal_create(user=seeker, data=filled, milestones=milestones)


def seed_demo_goals(*, seeker: User) -> None:
    """Idempotent: does nothing when the seeker has goals already."""
    if Goal.objects.filter(user=seeker).exists():
        return
    today = user_today(user=seeker)

    referrals = _from_template(seeker, "get-2-referrals", today, start_date=today - datetime.timedelta(days=20),
                               target_date=today + datetime.timedelta(days=10))
    for milestone in referrals.milestones.all():
        services.milestone_update(milestone=milestone, done=True)
    services.goal_transition(goal=referrals, action="complete")

    applying = _from_template(seeker, "apply-5-this-week", today, start_date=today - datetime.timedelta(days=3),
                              target_date=today + datetime.timedelta(days=4), status=Goal.Status.IN_PROGRESS)
    milestones = list(applying.milestones.all())
    for milestone in milestones[: (len(milestones) + 1) // 2]:
        services.milestone_update(milestone=milestone, done=True)

    _from_template(seeker, "mock-interviews-3", today, target_date=today + datetime.timedelta(days=2),
                   status=Goal.Status.IN_PROGRESS)

    profile = getattr(seeker, "profile", None)
    target_skills = list(profile.target_skills) if profile else []
    if target_skills:
        _from_template(seeker, "learn-skill", today, skill=target_skills[0], target_skills=target_skills,
                       target_date=today + datetime.timedelta(days=75))

    try:
        generation = services.goal_recommendations_request(goal=applying, enqueue=False)
    except QuotaExceeded:
        return  # the demo seeker's allowance is used up today; the page offers "Ask the coach"
    generation_run(generation_id=generation.pk, provider=providers.provider_get(providers.ProviderConfig(name=providers.OFFLINE)))
