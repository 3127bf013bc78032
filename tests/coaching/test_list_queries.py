"""Every coach list page (HTML and API) runs as many queries for 20 rows as for 2."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coaching.models import Assessment, Message, MockInterview, Story
from coaching.offline.insight import industries
from tests.coaching.factories import (
    AssessmentFactory,
    ConversationFactory,
    CoverLetterFactory,
    GoalFactory,
    GoalMilestoneFactory,
    IndustryInsightFactory,
    MessageFactory,
    MockInterviewFactory,
    StoryFactory,
)
from tests.coaching.test_stranger_404 import _bearer
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def _conversation(user, n):
    conversation = ConversationFactory(user=user, title=f"Question {n}", job=JobFactory(user=user))
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, role=Message.Role.ASSISTANT, content="Try this.")


def _interview(user, n):
    done = n % 2 == 0
    MockInterviewFactory(
        user=user, title=f"Practice {n}", job=JobFactory(user=user),
        status=MockInterview.Status.COMPLETED if done else MockInterview.Status.IN_PROGRESS,
        overall_score=60 + n if done else None, completed_at=timezone.now() if done else None,
    )


def _quiz(user, n):
    AssessmentFactory(user=user, category=f"Skill {n % 5}", title=f"Quiz {n}",
                      status=Assessment.Status.COMPLETED if n % 2 else Assessment.Status.READY,
                      score=50 + n if n % 2 else None, completed_at=timezone.now() if n % 2 else None)


def _letter(user, n):
    CoverLetterFactory(user=user, job=JobFactory(user=user), title=f"Letter {n}")


def _goal(user, n):
    goal = GoalFactory(user=user, title=f"Goal {n}")
    GoalMilestoneFactory(goal=goal)
    GoalMilestoneFactory(goal=goal, done_at=timezone.now())


def _story(user, n):
    start = timezone.localdate() - timezone.timedelta(days=7 * (n + 1))
    StoryFactory(user=user, period_kind=Story.PeriodKind.WEEKLY, period_start=start,
                 period_end=start + timezone.timedelta(days=6), title=f"Week {n}")


def _insight(user, n):
    industry = industries()[n]  # there are 12: "20 rows" stops there
    IndustryInsightFactory(industry=industry.key, name=industry.name)


def _many(feature: str) -> int:
    return len(industries()) if feature == "insights" else 20


# (what to make, HTML list URL name, API list URL name)
LISTS = {
    "chat": (_conversation, "coaching:chat_list", "coaching_api:conversation_list"),
    "interviews": (_interview, "coaching:interview_list", "coaching_api:interview_list"),
    "quizzes": (_quiz, "coaching:quiz_list", "coaching_api:quiz_list"),
    "cover_letters": (_letter, "coaching:cover_letter_list", "coaching_api:cover_letter_list"),
    "goals": (_goal, "coaching:goal_list", "coaching_api:goal_list"),
    "stories": (_story, "coaching:story_list", "coaching_api:story_list"),
    "insights": (_insight, "coaching:insight_list", "coaching_api:insight_list"),
}


def _count(client, url: str, headers: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    return len(queries)


def _flat(client, owner, feature: str, url: str, headers: dict, django_assert_max_num_queries) -> None:
    make = LISTS[feature][0]
    for n in range(2):
        make(owner, n)
    client.get(url, **headers)  # the first request also records the session
    few = _count(client, url, headers)
    for n in range(2, _many(feature)):
        make(owner, n)
    with django_assert_max_num_queries(few):
        assert client.get(url, **headers).status_code == 200


@pytest.mark.parametrize("feature", LISTS)
def test_html_list_queries_do_not_grow(owner_client, owner, feature, django_assert_max_num_queries):
    _flat(owner_client, owner, feature, reverse(LISTS[feature][1]), {}, django_assert_max_num_queries)


@pytest.mark.parametrize("feature", LISTS)
def test_api_list_queries_do_not_grow(client, owner, feature, django_assert_max_num_queries):
    # limit=50: the default page would hide growth past its size.
    url = reverse(LISTS[feature][2]) + "?limit=50"
    _flat(client, owner, feature, url, _bearer(owner, "coaching:read"), django_assert_max_num_queries)


def test_hub_queries_do_not_grow(owner_client, owner, django_assert_max_num_queries):
    url = reverse("coaching:index")
    owner_client.get(url)
    for make, *_ in LISTS.values():
        for n in range(2):
            make(owner, n)
    few = _count(owner_client, url, {})
    for feature, (make, *_) in LISTS.items():
        for n in range(2, _many(feature)):
            make(owner, n)
    with django_assert_max_num_queries(few):
        assert owner_client.get(url).status_code == 200
