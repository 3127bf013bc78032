"""The offline coach chat: intents, answers grounded in the user's data, determinism."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from coaching.ai.context import user_facts
from coaching.offline.chat import (
    OFFLINE_NOTE,
    ChatScope,
    detect_intents,
    join_markdown,
    offline_answer,
    title_from_message,
)
from jobs.models import Interview, JobStatus
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.coaching.factories import GoalFactory, GoalMilestoneFactory
from tests.jobs.factories import InterviewFactory, JobFactory, JobPostingFactory, ResumeFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def _ask(user, text, *, job=None, resume=None, include_profile=True, include_goals=True, now=NOW):
    facts = user_facts(user=user, include_profile=include_profile, include_goals=include_goals, job=job, resume=resume)
    scope = ChatScope(user=user, facts=facts, job=job, resume=resume, include_profile=include_profile,
                      include_goals=include_goals)
    return offline_answer(scope=scope, text=text, now=now)


def _applied(user, company, days_ago, **extra):
    moment = NOW - datetime.timedelta(days=days_ago)
    return JobFactory(user=user, company=company, title="Backend Engineer", status=JobStatus.APPLIED,
                      applied_at=moment, status_changed_at=moment, **extra)


# --- Intents and titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("What should I do next?", ["next_steps"]),
        ("Which applications should I follow up?", ["next_steps"]),
        ("What skills am I missing?", ["skills"]),
        ("Give me interview questions for Doctolib", ["interview"]),
        ("How is my resume doing in ATS?", ["resume"]),
        ("How are my goals going?", ["goals"]),
        ("How should I negotiate the salary of this offer?", ["salary"]),
        ("hello there", ["help"]),
        ("", ["help"]),
    ],
)
def test_detects_intents(text, intents):
    assert detect_intents(text) == intents


def test_detects_at_most_two_intents_strongest_first():
    assert detect_intents("Which skills am I missing, what skill gap, and my resume?") == ["skills", "resume"]


def test_title_is_the_first_sentence_cut_at_a_word():
    assert title_from_message("What should I do next? I have many jobs.") == "What should I do next?"
    long = "I would like to understand which of the many applications on my board deserve a follow up first"
    title = title_from_message(long)
    assert title.endswith("…") and len(title) <= 61
    assert long.startswith(title[:-1])
    assert title_from_message("   ") == "New conversation"


def test_markdown_lists_get_a_blank_line_before_them():
    assert join_markdown(["Intro:", "- a", "- b", "After."]) == "Intro:\n\n- a\n- b\n\nAfter."


# --- Next steps ----------------------------------------------------------------------------------


def test_next_steps_lists_stale_applications_with_their_age(owner):
    _applied(owner, "Acme Robotics", 20)
    _applied(owner, "Fresh Corp", 10)
    answer = _ask(owner, "What should I do next?")
    assert answer.intents == ["next_steps"]
    assert "Follow up with **Acme Robotics** (Backend Engineer): applied 20 days ago" in answer.text
    assert "Fresh Corp" not in answer.text
    assert answer.text.endswith(OFFLINE_NOTE)


def test_next_steps_lists_interviews_within_two_weeks(owner):
    soon = JobFactory(user=owner, company="Initech", status=JobStatus.INTERVIEW_SCHEDULED)
    later = JobFactory(user=owner, company="Later Ltd", status=JobStatus.INTERVIEW_SCHEDULED)
    InterviewFactory(job=soon, scheduled_at=NOW + datetime.timedelta(days=3, hours=5), type=Interview.Type.PHONE)
    InterviewFactory(job=later, scheduled_at=NOW + datetime.timedelta(days=20))
    answer = _ask(owner, "what next")
    assert "Phone screen with **Initech**" in answer.text
    assert "on Fri 13 Mar at 14:00 (in 3 days)" in answer.text
    assert "Later Ltd" not in answer.text


def test_next_steps_lists_deadlines_within_a_week_and_offers(owner):
    today = NOW.date()
    JobFactory(user=owner, company="Soon Inc", application_deadline=today + datetime.timedelta(days=5))
    JobFactory(user=owner, company="Far Inc", application_deadline=today + datetime.timedelta(days=10))
    JobFactory(user=owner, company="Bigco", status=JobStatus.OFFER_RECEIVED, salary_min=90000, salary_max=100000,
               currency="EUR")
    answer = _ask(owner, "What should I do next?")
    assert "Apply to **Soon Inc**" in answer.text and "(in 5 days)" in answer.text
    assert "Far Inc" not in answer.text
    assert "Offer from **Bigco**" in answer.text and "90,000–100,000 EUR" in answer.text


def test_next_steps_on_an_empty_board(owner):
    answer = _ask(owner, "What should I do next?")
    assert "Your board is empty" in answer.text


def test_next_steps_ignore_other_users_jobs(owner, stranger):
    _applied(stranger, "Stranger Things Inc", 30)
    answer = _ask(owner, "What should I do next?")
    assert "Stranger Things" not in answer.text


# --- Skills --------------------------------------------------------------------------------------


def test_skills_gap_counts_missing_skills_across_scored_jobs(owner):
    JobFactory(user=owner, company="A", ai_analysis={"missing": ["Kubernetes", "Go"], "matched": ["Python"]},
               match_score=60)
    JobFactory(user=owner, company="B", ai_analysis={"missing": ["kubernetes"], "matched": []}, match_score=70)
    JobFactory(user=owner, company="C", ai_analysis={"missing": [], "matched": ["Python"]}, match_score=90)
    JobFactory(user=owner, company="D")  # not scored
    answer = _ask(owner, "What skills am I missing?")
    assert "**Kubernetes** is asked by 2 of your 3 scored jobs." in answer.text
    assert "**Go** is asked by 1 of your 3 scored jobs." in answer.text


def test_skills_gap_of_the_chosen_job_and_target_skills(owner):
    profile = ProfileFactory(user=owner)
    profile.target_skills = ["Terraform"]
    profile.save()
    job = JobFactory(user=owner, company="Hooli", title="SRE",
                     ai_analysis={"missing": ["Terraform", "AWS"], "matched": ["Linux"]}, match_score=55)
    answer = _ask(owner, "Which skills should I learn?", job=job)
    assert "**For SRE at Hooli** (match score 55):" in answer.text
    assert "- Missing: Terraform, AWS." in answer.text
    assert "- You already show: Linux." in answer.text
    assert "Of these, your jobs ask for: Terraform (1 of 1)." in answer.text


def test_skills_without_scores_explains_where_scores_come_from(owner):
    JobFactory(user=owner)
    assert "None of your open jobs has a match score yet" in _ask(owner, "skills gap").text


# --- Interview questions -------------------------------------------------------------------------


def test_interview_questions_come_from_the_jobs_requirements_and_gaps(owner):
    posting = JobPostingFactory(requirements=["5+ years of Python", "Experience with PostgreSQL"])
    job = JobFactory(user=owner, posting=posting, company="Pied Piper", title="Backend Engineer",
                     ai_analysis={"missing": ["Kafka"], "matched": ["Python"]})
    answer = _ask(owner, "Give me interview questions", job=job)
    assert answer.intents == ["interview"]
    assert "### Interview questions for Backend Engineer at Pied Piper" in answer.text
    assert "“5+ years of Python”" in answer.text
    assert "We use Kafka here" in answer.text
    assert "Walk me through a project where you used Python" in answer.text
    assert "Tell me about a time you disagreed" in answer.text
    assert "full mock interview" in answer.text
    url = reverse("coaching:interview_new") + f"?job={job.pk}"
    assert {"label": "Mock interview for Pied Piper", "url": url} in answer.actions


def test_interview_questions_find_the_job_named_in_the_message(owner):
    JobFactory(user=owner, company="Umbrella", title="Data Engineer")
    answer = _ask(owner, "interview questions for Umbrella please")
    assert "for Data Engineer at Umbrella" in answer.text


def test_interview_questions_without_a_job_ask_which_job(owner):
    answer = _ask(owner, "interview questions")
    assert "Tell me which job to prepare for" in answer.text


# --- Resume, goals, salary, help -----------------------------------------------------------------


def test_resume_answer_uses_the_primary_resumes_ats_feedback(owner):
    ResumeFactory(
        user=owner, title="Main CV", is_primary=True, ats_score=72,
        feedback={"job_title": "Platform Engineer", "missing": ["Terraform"],
                  "improvements": [{"points": 6.0, "text": "Add Terraform: the job lists it as a must-have."}],
                  "sections": [{"name": "summary", "present": False}]},
    )
    answer = _ask(owner, "How is my resume doing?")
    assert "“Main CV” scored **72 / 100** in its latest ATS check against Platform Engineer." in answer.text
    assert "**Missing keywords:** Terraform." in answer.text
    assert "- Add Terraform: the job lists it as a must-have." in answer.text
    assert "did not find:** summary." in answer.text


def test_resume_answer_without_a_check(owner):
    ResumeFactory(user=owner, title="Main CV", is_primary=True)
    assert "has not been checked against a job yet" in _ask(owner, "my resume").text


def test_goals_progress_and_milestones(owner):
    goal = GoalFactory(user=owner, title="Land a platform role", progress=50,
                       target_date=NOW.date() + datetime.timedelta(days=10))
    GoalMilestoneFactory(goal=goal, title="Update resume", done_at=NOW, sort_order=1)
    GoalMilestoneFactory(goal=goal, title="Apply to ten jobs", sort_order=2)
    answer = _ask(owner, "How are my goals going?")
    assert "- **Land a platform role** — 50%, 1 of 2 milestones done, due in 10 days." in answer.text
    assert "Next milestone: Apply to ten jobs." in answer.text


def test_goals_not_shared_are_not_read(owner):
    GoalFactory(user=owner, title="Secret goal")
    answer = _ask(owner, "my goals", include_goals=False)
    assert "Secret goal" not in answer.text and "not shared" in answer.text


def test_salary_compares_desired_salary_with_the_job(owner):
    profile = ProfileFactory(user=owner)
    profile.desired_salary_min, profile.desired_salary_max, profile.salary_currency = 90000, 110000, "EUR"
    profile.save()
    job = JobFactory(user=owner, company="Vandelay", salary_min=80000, salary_max=95000, currency="EUR")
    answer = _ask(owner, "How should I negotiate the salary?", job=job)
    assert "Your profile says you want **90,000–110,000 EUR**." in answer.text
    assert "**Vandelay** (" in answer.text and "listed at 80,000–95,000 EUR — overlaps your desired range." in answer.text


def test_salary_without_profile_in_context(owner):
    profile = ProfileFactory(user=owner)
    profile.desired_salary_min = 90000
    profile.save()
    answer = _ask(owner, "salary", include_profile=False)
    assert "90,000" not in answer.text and "not shared" in answer.text


def test_unknown_question_gets_help(owner):
    answer = _ask(owner, "hi!")
    assert answer.intents == ["help"]
    assert "What should I do next?" in answer.text and OFFLINE_NOTE in answer.text


# --- Determinism and grounding -------------------------------------------------------------------


def _rich_user():
    user = UserFactory()
    profile = ProfileFactory(user=user)
    profile.desired_salary_min, profile.desired_salary_max, profile.salary_currency = 70000, 80000, "USD"
    profile.target_skills = ["Rust"]
    profile.save()
    job = _applied(user, "Owner Co", 18, ai_analysis={"missing": ["Rust", "gRPC"], "matched": ["Python"]},
                   match_score=64, salary_min=60000, salary_max=75000, currency="USD")
    JobFactory(user=user, company="Other Owner Co", application_deadline=NOW.date() + datetime.timedelta(days=2),
               ai_analysis={"missing": ["gRPC"], "matched": []}, match_score=41)
    InterviewFactory(job=job, scheduled_at=NOW + datetime.timedelta(days=4))
    GoalFactory(user=user, title="Learn Rust", progress=30)
    ResumeFactory(user=user, title="CV", is_primary=True, ats_score=58, feedback={"missing": ["gRPC"]})
    return user, job


QUESTIONS = [
    "What should I do next?", "What skills am I missing?", "Interview questions for this job",
    "How is my resume?", "How are my goals?", "How do I negotiate the salary?", "hello",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_are_deterministic(question):
    user, job = _rich_user()
    first = _ask(user, question, job=job)
    second = _ask(user, question, job=job)
    assert first == second


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_state_nothing_from_outside_the_users_data(question):
    user, job = _rich_user()
    # Another user's data with distinctive names and numbers must never leak in.
    stranger = UserFactory()
    other = _applied(stranger, "Globex Secret", 25, ai_analysis={"missing": ["Haskell"], "matched": ["COBOL"]},
                     match_score=99, salary_min=123456, salary_max=234567)
    InterviewFactory(job=other, scheduled_at=NOW + datetime.timedelta(days=1))
    ResumeFactory(user=stranger, is_primary=True, ats_score=97, feedback={"missing": ["Erlang"]})
    GoalFactory(user=stranger, title="Stranger goal")
    text = _ask(user, question, job=job).text
    for foreign in ("Globex", "Haskell", "COBOL", "123,456", "234,567", "Erlang", "Stranger goal", "97"):
        assert foreign not in text
    # Every skill named in bold as a gap is one of the user's own missing skills.
    for skill in re.findall(r"\*\*([^*]+)\*\* is asked by", text):
        assert skill in {"Rust", "gRPC"}
    # Every number is one the user's data gives (amounts, scores, counts, days, dates).
    allowed = {"70,000", "80,000", "60,000", "75,000", "64", "41", "58", "30", "18", "4", "2", "1", "0",
               "3", "5", "100", "14", "10", "13", "12", "09", "00", "11", "2026"}
    prose = re.sub(r"(?m)^\d+\. ", "", text)  # list numbering is not a fact
    for number in re.findall(r"\d[\d,]*", prose):
        assert number in allowed, (number, text)
