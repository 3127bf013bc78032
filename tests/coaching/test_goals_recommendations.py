"""Goal templates and the coach's goal recommendations: offline (deterministic, grounded in
the user's own data only) end to end through the generation framework, the quota, and the
openai provider against the loopback Chat Completions server."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Profile
from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.models import Generation, Goal
from coaching.offline import goal as offline
from coaching.services import goals as services
from jobs.models import JobStatus
from tests.coaching import llm_server as llm
from tests.coaching.factories import GoalFactory, GoalMilestoneFactory, UsageRecordFactory
from tests.jobs.factories import InterviewFactory, JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 5, 10)


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def _target_skills(user, skills):
    Profile.objects.filter(user=user).update(target_skills=skills)


# --- Templates ------------------------------------------------------------------------------------


def test_about_fifteen_templates_each_with_milestones_and_advice():
    templates = offline.goal_templates()
    assert 14 <= len(templates) <= 20
    assert len({t["key"] for t in templates}) == len(templates)
    for template in templates:
        assert template["milestones"] and template["advice"] and template["keywords"]
        assert template["period"] in ["", *Goal.Period.values]
    titles = {t["title"] for t in templates}
    assert {"Apply to 5 jobs this week", "Get 2 referrals", "Finish a portfolio project",
            "Practise 3 mock interviews", "Learn {skill}"} <= titles


def test_fill_a_plain_template():
    filled = offline.goal_template_fill(offline.goal_template_get("apply-5-this-week"), today=TODAY)
    assert filled["title"] == "Apply to 5 jobs this week"
    assert filled["period"] == "WEEKLY" and filled["priority"] == 3
    assert filled["start_date"] == TODAY and filled["target_date"] == TODAY + datetime.timedelta(days=7)
    assert filled["milestones"][0] == "Pick 5 roles from your board"


def test_skill_template_is_filled_only_from_the_users_target_skills():
    template = offline.goal_template_get("learn-skill")
    filled = offline.goal_template_fill(template, skill="rust", target_skills=["Kubernetes", "Rust"], today=TODAY)
    assert filled["title"] == "Learn Rust"
    assert "Build a small project with Rust" in filled["milestones"]
    with pytest.raises(ValueError):
        offline.goal_template_fill(template, skill="COBOL", target_skills=["Rust"], today=TODAY)
    with pytest.raises(ValueError):
        offline.goal_template_fill(template, skill="", target_skills=[], today=TODAY)


@pytest.mark.parametrize(("title", "kind"), [
    ("Apply to 5 jobs this week", "apply"),
    ("Learn Rust", "skill"),
    ("Practise 3 mock interviews", "interview"),
    ("Get 2 referrals", "referral"),
    ("Finish my portfolio project", "portfolio"),
])
def test_goal_matches_its_template(title, kind):
    assert offline.goal_template_match(title=title)["kind"] == kind


def test_unrelated_goal_matches_no_template():
    assert offline.goal_template_match(title="Zzz qqq") is None


# --- Offline recommendations: grounded and deterministic ---------------------------------------


def test_apply_goal_names_the_interested_jobs(owner, stranger):
    for n, company in enumerate(["Acme", "Globex", "Initech", "Umbrella"]):
        JobFactory(user=owner, title=f"Engineer {n}", company=company, status=JobStatus.INTERESTED,
                   application_deadline=TODAY + datetime.timedelta(days=n + 1))
    JobFactory(user=owner, title="Old", company="Hooli", status=JobStatus.APPLIED)
    JobFactory(user=stranger, title="Secret", company="StrangerCorp", status=JobStatus.INTERESTED)
    goal = services.goal_create(
        user=owner, data={"title": "Apply to 5 jobs this week", "target_date": TODAY + datetime.timedelta(days=6)},
        milestones=["Pick roles", "Send 2", "Send 3"],
    )
    items = offline.goal_recommendations(goal=goal, today=TODAY)
    assert 3 <= len(items) <= 6
    text = "\n".join(items)
    assert ("You have 4 jobs in Interested on your board right now, e.g. Engineer 0 at Acme, Engineer 1 at Globex "
            "and Engineer 2 at Initech.") in text
    assert "Engineer 0 at Acme has the nearest deadline (11 May)" in text
    assert "6 days left until 16 May 2030 for 3 open milestones" in text
    assert "Next milestone: “Pick roles” (0 of 3 done)." in text
    assert "Umbrella" not in text and "Hooli" not in text
    assert "StrangerCorp" not in text, "another user's data never appears"
    assert offline.goal_recommendations(goal=goal, today=TODAY) == items, "deterministic"


def test_apply_goal_with_an_empty_board(owner):
    goal = GoalFactory(user=owner, title="Apply to 10 jobs")
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert "Your board has no jobs in Interested" in text
    assert "Give this goal a target date" in text
    assert "Break the goal into 3–5 milestones" in text


def test_skill_goal_names_the_tracked_jobs_that_ask_for_it(owner):
    _target_skills(owner, ["Rust", "Kubernetes"])
    JobFactory(user=owner, title="Systems Engineer", company="Ferrous", description="We write services in Rust.")
    JobFactory(user=owner, title="Platform Engineer", company="Tado", description="Go and Python.",
               ai_analysis={"matched": ["Python"], "missing": ["Rust"]})
    JobFactory(user=owner, title="Data Engineer", company="Solaris", description="Spark and SQL.",
               posting=JobPostingFactory(requirements=["Rust experience"]))
    JobFactory(user=owner, title="Web Developer", company="Zalando", description="React and TypeScript.")
    JobFactory(user=owner, title="Rust Dev", company="Closed", description="Rust", status=JobStatus.REJECTED)
    goal = GoalFactory(user=owner, title="Learn Rust", target_date=TODAY + datetime.timedelta(days=30))
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert ("3 of your tracked jobs ask for Rust: Systems Engineer at Ferrous, Platform Engineer at Tado "
            "and Data Engineer at Solaris.") in text
    assert "Zalando" not in text and "Closed" not in text


def test_skill_goal_when_no_job_asks_for_it(owner):
    _target_skills(owner, ["Rust"])
    JobFactory(user=owner, title="Web Developer", company="Zalando", description="React.")
    goal = GoalFactory(user=owner, title="Learn Rust")
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert "None of your tracked jobs mention Rust yet" in text


def test_interview_goal_names_the_next_interview(owner):
    job = JobFactory(user=owner, title="Backend Engineer", company="Ecosia", status=JobStatus.INTERVIEW_SCHEDULED)
    InterviewFactory(job=job, scheduled_at=datetime.datetime(2030, 5, 14, 9, 0, tzinfo=datetime.UTC))
    InterviewFactory(job=job, scheduled_at=datetime.datetime(2030, 5, 1, 9, 0, tzinfo=datetime.UTC))  # past
    goal = GoalFactory(user=owner, title="Practise 3 mock interviews", target_date=TODAY)
    GoalMilestoneFactory(goal=goal, title="Behavioural", done_at=timezone.now())
    GoalMilestoneFactory(goal=goal, title="Technical")
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert "Your next interview: video call for Backend Engineer at Ecosia on 14 May." in text
    assert "Today is the target date with 1 milestone still open" in text
    assert "Next milestone: “Technical” (1 of 2 done)." in text


def test_overdue_and_all_done(owner):
    goal = GoalFactory(user=owner, title="Get 2 referrals", priority=3, target_date=TODAY - datetime.timedelta(days=2))
    GoalMilestoneFactory(goal=goal, title="Ask", done_at=timezone.now())
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert "The target date (8 May 2030) passed 2 days ago" in text
    assert "Its only milestone is done: mark the goal complete to earn 30 points." in text


def test_follow_up_goal_lists_stale_applications(owner):
    old = timezone.now() - datetime.timedelta(days=12)
    JobFactory(user=owner, title="Analyst", company="Initech", status=JobStatus.APPLIED, status_changed_at=old)
    JobFactory(user=owner, title="Fresh", company="Hooli", status=JobStatus.APPLIED, status_changed_at=timezone.now())
    goal = GoalFactory(user=owner, title="Follow up on open applications")
    text = "\n".join(offline.goal_recommendations(goal=goal, today=timezone.now().date()))
    assert "1 application in Applied has not moved for 7+ days: Analyst at Initech." in text
    assert "Hooli" not in text


def test_never_states_a_skill_the_user_does_not_have(owner):
    """Every skill named is from the user's own profile, jobs or the goal's own words."""
    _target_skills(owner, ["Kubernetes"])
    goal = GoalFactory(user=owner, title="Finish a portfolio project")
    text = "\n".join(offline.goal_recommendations(goal=goal, today=TODAY))
    assert "Kubernetes (your target skills)" in text
    for invented in ("Python", "Rust", "Java", "AWS"):
        assert invented not in text


# --- End to end through the generation framework ----------------------------------------------


def test_request_writes_offline_recommendations_onto_the_goal(owner, eager):
    JobFactory(user=owner, title="Engineer", company="Acme", status=JobStatus.INTERESTED)
    goal = GoalFactory(user=owner, title="Apply to 5 jobs this week")
    generation = eager(services.goal_recommendations_request, goal=goal)
    generation.refresh_from_db()
    goal.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED and generation.provider == "offline"
    assert generation.kind == Generation.Kind.GOAL_RECOMMENDATIONS and generation.target_id == goal.pk
    assert 3 <= len(goal.ai_recommendations) <= 6
    assert any("Engineer at Acme" in item for item in goal.ai_recommendations)
    assert goal.recommendations_at is not None
    assert UsageRecord.objects.get(user=owner).action == UsageRecord.Action.AI_GOAL


def test_asking_while_one_is_pending_returns_it(owner):
    goal = GoalFactory(user=owner)
    first = services.goal_recommendations_request(goal=goal, enqueue=False)
    second = services.goal_recommendations_request(goal=goal, enqueue=False)
    assert first.pk == second.pk
    assert UsageRecord.objects.filter(user=owner).count() == 1


def test_over_quota_writes_nothing(owner):
    UsageRecordFactory.create_batch(10, user=owner)
    goal = GoalFactory(user=owner)
    with pytest.raises(QuotaExceeded):
        services.goal_recommendations_request(goal=goal)
    assert not Generation.objects.exists()
    goal.refresh_from_db()
    assert goal.ai_recommendations == []


def test_goal_deleted_before_the_worker_runs_fails_cleanly(owner):
    from coaching.ai.generation import generation_run

    goal = GoalFactory(user=owner)
    generation = services.goal_recommendations_request(goal=goal, enqueue=False)
    services.goal_delete(goal=goal)
    generation = generation_run(generation_id=generation.pk)
    assert generation.status == Generation.Status.FAILED and "no longer exists" in generation.error


def test_model_answer_is_validated_and_applied(owner, openai_settings, llm_server, eager):
    JobFactory(user=owner, title="Engineer", company="Acme", status=JobStatus.INTERESTED)
    goal = GoalFactory(user=owner, title="Apply to 5 jobs this week")
    items = ["Apply to Engineer at Acme first.", "Tailor your resume.", "Log each application."]
    llm_server.plan(llm.json_answer({"items": items}))
    generation = eager(services.goal_recommendations_request, goal=goal)
    generation.refresh_from_db()
    goal.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED and generation.provider == "openai"
    assert goal.ai_recommendations == items
    prompt = "\n".join(m["content"] for m in llm_server.requests[0]["messages"])
    assert "Goal: Apply to 5 jobs this week" in prompt and "Engineer at Acme" in prompt
    assert "never invent" in prompt


def test_model_answer_with_too_few_items_fails_after_one_retry(owner, openai_settings, llm_server, eager):
    goal = GoalFactory(user=owner, ai_recommendations=["keep me"])
    llm_server.plan(llm.json_answer({"items": ["one"]}), llm.json_answer({"items": ["one", "two"]}))
    generation = eager(services.goal_recommendations_request, goal=goal)
    generation.refresh_from_db()
    goal.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert goal.ai_recommendations == ["keep me"]
    assert len(llm_server.requests) == 2
