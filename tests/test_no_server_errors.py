"""Never a 500: every page and API route, with the demo data, answered for its owner,
for a stranger and for an anonymous visitor, with GET and with an empty or junk POST."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver

from accounts.models import Experience, User
from coaching.models import (
    Assessment,
    Conversation,
    CoverLetter,
    Generation,
    Goal,
    GoalMilestone,
    IndustryInsight,
    MockInterview,
    ReviewComment,
    ReviewRequest,
    Story,
)
from jobs.models import Application, AtsReport, CalendarFeed, Document, Interview, Job, JobPosting, Resume
from tests.accounts.factories import UserFactory

SKIP_PREFIXES = ("admin/", "accounts/", "media/", "static/", "api/schema", "api/docs")
JUNK = {"status": "NOPE", "position": "-3", "title": "x" * 5000, "salary_min": "-1", "version": "abc", "url": "::"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _fill(route: str, values: dict) -> str | None:
    path = route.lstrip("^").rstrip("$").replace("\\Z", "")
    for name in re.findall(r"<(?:\w+:)?(\w+)>", path):
        if name not in values:
            return None
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
    return "/" + path


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    seeker = User.objects.get(email="seeker@demo.careercoach.local")
    mentor = User.objects.get(email="mentor@demo.careercoach.local")
    job = Job.objects.filter(user=seeker).first()
    resume = Resume.objects.get(user=seeker)
    review = ReviewRequest.objects.filter(requester=seeker).first()
    comment = ReviewComment.objects.filter(request=review).first()
    values = {
        "job_id": job.pk, "resume_id": resume.pk, "review_id": review.pk,
        "item_id": Experience.objects.filter(profile__user=seeker).first().pk, "kind": "experience",
        "posting_id": JobPosting.objects.first().pk,
        "interview_id": Interview.objects.filter(user=seeker).first().pk,
        "application_id": Application.objects.filter(user=seeker).first().pk,
        "slug": seeker.profile.public_slug, "user_id": mentor.pk,
        "token": CalendarFeed.objects.get_or_create(user=seeker)[0].token,
        "key_id": "00000000-0000-0000-0000-000000000000",
    }
    if comment:
        values["comment_id"] = comment.pk
    # The AI coach, seeded through its services with the offline coach.
    conversation = Conversation.objects.filter(user=seeker).first()
    goal = Goal.objects.filter(user=seeker, milestones__isnull=False).first()
    values.update({
        "conversation_id": conversation.pk, "message_id": conversation.messages.first().pk,
        "mock_id": MockInterview.objects.filter(user=seeker).first().pk,
        "quiz_id": Assessment.objects.filter(user=seeker).first().pk,
        "letter_id": CoverLetter.objects.filter(user=seeker).first().pk,
        "goal_id": goal.pk, "milestone_id": GoalMilestone.objects.filter(goal=goal).first().pk,
        "story_id": Story.objects.filter(user=seeker).first().pk,
        "generation_id": Generation.objects.filter(user=seeker).first().pk,
        "industry_key": IndustryInsight.objects.first().industry,
    })
    report = AtsReport.objects.filter(user=seeker).first()
    if report:
        values["report_id"] = report.pk
    document = Document.objects.filter(user=seeker).first()
    if document:
        values["document_id"] = document.pk
    urls = sorted({
        url for route in _routes(get_resolver().url_patterns)
        if not route.startswith(SKIP_PREFIXES) and (url := _fill(route, values))
    })
    return seeker, mentor, urls


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db
def test_no_route_answers_500(demo):
    seeker, mentor, urls = demo
    assert len(urls) > 150
    clients = {
        "owner": _client(seeker), "mentor": _client(mentor),
        "stranger": _client(UserFactory()), "anonymous": _client(),
    }
    failures, answered = [], 0
    for who, client in clients.items():
        for url in urls:
            for method, kwargs in (("get", {}), ("post", {}), ("post", {"data": JUNK})):
                response = getattr(client, method)(url, **kwargs)
                answered += response.status_code == 200
                if response.status_code >= 500:
                    failures.append(f"{who} {method.upper()} {url} {kwargs and 'junk' or ''} → {response.status_code}")
    assert not failures, "\n".join(failures)
    assert answered > 100  # the owner really reached the pages, not only redirects and 404s
