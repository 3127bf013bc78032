"""The AI coach part of the demo: every feature seeded through its own services with the
offline coach, in the order a real user would go (goals before the story that tells them)."""

from __future__ import annotations

from accounts.models import User
from billing import services as billing_services
from billing.models import Plan
from coaching.demo.chat import seed_demo_chat
from coaching.demo.cover_letters import seed_demo_cover_letters
from coaching.demo.goals import seed_demo_goals
from coaching.demo.insights import seed_demo_insights
from coaching.demo.interviews import seed_demo_interviews
from coaching.demo.quizzes import seed_demo_quizzes
from coaching.demo.stories import seed_demo_stories


def seed_demo_ai_coach(*, seeker: User) -> str:
    # The demo seeker is on Premium (100 AI generations a day): the seed itself uses about a
    # dozen, and visitors should still be able to try every tool the same day.
    premium = Plan.objects.filter(code=Plan.Code.PREMIUM).first()
    if premium is not None:
        billing_services.plan_assign(user=seeker, plan=premium, note="Demo account")
    seed_demo_goals(seeker=seeker)
    seed_demo_chat(seeker=seeker)
    seed_demo_interviews(seeker=seeker)
    seed_demo_quizzes(seeker=seeker)
    seed_demo_cover_letters(seeker=seeker)
    seed_demo_insights(seeker=seeker)
    seed_demo_stories(seeker=seeker)
    return "goals, a conversation, mock interviews, quizzes, a cover letter, industry insights and a growth story"
