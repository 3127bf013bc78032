"""The pieces the review pass moved out of the coach's views: the shared view shortcuts,
and the reads and writes that were inline in views and the API."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Profile
from coaching.models import Conversation, Generation, Goal, MockInterview, ReviewRequest
from coaching.selectors import goals as goal_selectors
from coaching.selectors import review_list_to_claim
from coaching.selectors.generations import generation_latest_succeeded_for_target
from coaching.selectors.interviews import interview_report
from coaching.selectors.quizzes import quiz_category_suggestions
from coaching.services import chat as chat_services
from coaching.views.shortcuts import add_errors, htmx_redirect, row_or_none
from jobs.selectors.board import job_list_for_user
from tests.accounts.factories import ProfileFactory, SkillFactory
from tests.coaching.factories import (
    ConversationFactory,
    GenerationFactory,
    GoalFactory,
    MockInterviewFactory,
    ReviewRequestFactory,
)
from tests.jobs.factories import JobFactory, ResumeFactory

pytestmark = pytest.mark.django_db


class TitleForm(forms.Form):
    title = forms.CharField()


def test_add_errors_puts_field_errors_on_their_field_and_the_rest_on_the_form():
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    add_errors(form, ValidationError({"title": "Too short.", "other": "Not a field here."}))
    assert form.errors["title"] == ["Too short."]
    assert form.non_field_errors() == ["Not a field here."]


def test_add_errors_with_a_plain_error():
    form = TitleForm({"title": "x"})
    form.is_valid()
    add_errors(form, ValidationError("Nope."))
    assert form.non_field_errors() == ["Nope."]


def test_htmx_redirect():
    request = RequestFactory().get("/")
    request.htmx = False
    response = htmx_redirect(request, "/next/")
    assert (response.status_code, response["Location"]) == (302, "/next/")
    request.htmx = True
    response = htmx_redirect(request, "/next/")
    assert response["HX-Redirect"] == "/next/" and response.status_code == 200


def test_row_or_none_only_finds_the_scoped_rows(owner, stranger):
    mine, theirs = JobFactory(user=owner), JobFactory(user=stranger)
    rows = job_list_for_user(user=owner)
    assert row_or_none(rows, str(mine.pk)) == mine
    assert row_or_none(rows, theirs.pk) is None
    for junk in ("", None, "not-a-uuid", "12"):
        assert row_or_none(rows, junk) is None


# --- Reads moved into selectors ------------------------------------------------------------------


def test_profile_target_skills(owner, stranger):
    Profile.objects.filter(user=owner).delete()
    assert goal_selectors.profile_target_skills(user=owner) == []
    ProfileFactory(user=owner, target_skills=["Kubernetes", "Go"])
    assert goal_selectors.profile_target_skills(user=owner) == ["Kubernetes", "Go"]


def test_goal_list_for_api_filters_and_orders(owner, stranger):
    weekly = GoalFactory(user=owner, period=Goal.Period.WEEKLY, status=Goal.Status.IN_PROGRESS)
    done = GoalFactory(user=owner, period="", status=Goal.Status.COMPLETED, completed_at=timezone.now())
    GoalFactory(user=stranger)
    assert set(goal_selectors.goal_list_for_api(user=owner)) == {weekly, done}
    assert list(goal_selectors.goal_list_for_api(user=owner, status=Goal.Status.COMPLETED)) == [done]
    assert list(goal_selectors.goal_list_for_api(user=owner, period="")) == [done]
    assert list(goal_selectors.goal_list_for_api(user=owner, period=Goal.Period.WEEKLY)) == [weekly]


def test_quiz_category_suggestions_add_the_users_skills_once(owner):
    profile = owner.profile
    profile.target_skills = ["Rust", "python"]
    profile.save()
    SkillFactory(profile=profile, name="Terraform")
    suggestions = quiz_category_suggestions(user=owner)
    assert suggestions.index("Terraform") < suggestions.index("Rust")
    assert [s.lower() for s in suggestions].count("python") == 1
    assert len({s.lower() for s in suggestions}) == len(suggestions)


def test_latest_succeeded_generation_skips_failed_and_others(owner, stranger):
    target = GoalFactory(user=owner).pk
    ok = GenerationFactory(user=owner, target_id=target, kind=Generation.Kind.GOAL_RECOMMENDATIONS)
    GenerationFactory(user=owner, target_id=target, status=Generation.Status.FAILED)
    GenerationFactory(user=stranger, target_id=target)
    assert generation_latest_succeeded_for_target(user=owner, target_id=target) == ok
    assert generation_latest_succeeded_for_target(user=stranger, target_id=GoalFactory().pk) is None


def test_review_list_to_claim_leaves_out_the_mentors_own(owner, stranger):
    own = ReviewRequestFactory(resume=ResumeFactory(user=owner))
    other = ReviewRequestFactory(resume=ResumeFactory(user=stranger))
    assert list(review_list_to_claim(mentor=owner)) == [other]
    assert own.status == ReviewRequest.Status.OPEN


def test_interview_report_lists_criteria_in_rubric_order(owner):
    interview = MockInterviewFactory(
        user=owner, status=MockInterview.Status.COMPLETED,
        feedback={"method": "rubric", "turns": [
            {"criteria": {"length": {"score": 70}, "structure": {"score": 60}}},
        ]},
    )
    report = interview_report(interview=interview)
    assert report["by_rubric"] is True
    labels = [label for label, _ in report["report_turns"][0][3]]
    rubric_labels = [c["label"] for c in report["rubric"]["criteria"].values()]
    assert labels == [label for label in rubric_labels if label in labels] and len(labels) == 2
    assert [t[2] for t in report["report_turns"][1:]] == [None, None]  # unscored turns
    assert sum(weight for *_, weight in report["rubric_rows"]) == pytest.approx(100, abs=2)


# --- Writes moved into services -------------------------------------------------------------------


def test_conversation_update_is_all_or_nothing(owner):
    conversation = ConversationFactory(user=owner)
    job = JobFactory(user=owner)
    context = {"job": job, "resume": None, "include_profile": False, "include_goals": False}
    with pytest.raises(ValidationError):
        chat_services.conversation_update(conversation=conversation, user=owner, context=context, title="x" * 1000)
    conversation.refresh_from_db()
    assert (conversation.job_id, conversation.include_profile) == (None, True)

    chat_services.conversation_update(conversation=conversation, user=owner, context=context, title="Platform jobs")
    conversation.refresh_from_db()
    assert (conversation.job_id, conversation.include_profile, conversation.title) == (job.pk, False, "Platform jobs")
    assert Conversation.objects.get(pk=conversation.pk).title_is_auto is False
