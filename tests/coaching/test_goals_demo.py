"""seed_demo_goals: the demo seeker's goals, written through the services with the offline coach."""

from __future__ import annotations

import datetime

import pytest

from accounts.demo import seed_demo
from accounts.models import User
from coaching.demo.goals import seed_demo_goals
from coaching.models import Generation, Goal
from coaching.selectors.goals import user_today
from jobs.demo import seed_demo_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker():
    seed_demo()
    user = User.objects.get(email="seeker@demo.careercoach.local")
    seed_demo_board(user=user)
    return user


def test_seeds_goals_once(seeker):
    seed_demo_goals(seeker=seeker)
    goals = {g.title: g for g in Goal.objects.filter(user=seeker)}
    assert set(goals) == {"Get 2 referrals", "Apply to 5 jobs this week", "Practise 3 mock interviews", "Learn Kubernetes"}

    completed = goals["Get 2 referrals"]
    seeker.refresh_from_db()
    assert completed.status == Goal.Status.COMPLETED and completed.achievement_awarded_at is not None
    assert seeker.achievement_score == 30

    applying = goals["Apply to 5 jobs this week"]
    assert applying.status == Goal.Status.IN_PROGRESS and applying.progress == 60
    assert applying.milestones.filter(done_at__isnull=False).count() == 3
    assert 3 <= len(applying.ai_recommendations) <= 6
    assert any("in Interested on your board right now" in item for item in applying.ai_recommendations)
    generation = Generation.objects.get(target_id=applying.pk)
    assert generation.status == Generation.Status.SUCCEEDED and generation.provider == "offline"

    soon = goals["Practise 3 mock interviews"]
    assert soon.target_date == user_today(user=seeker) + datetime.timedelta(days=2)

    seed_demo_goals(seeker=seeker)
    assert Goal.objects.filter(user=seeker).count() == 4
    seeker.refresh_from_db()
    assert seeker.achievement_score == 30
