"""Every coach URL that names an object answers 404 to a stranger, HTML and API, for every
method the route takes, and leaves the object as it was; the list pages show a stranger
none of the owner's rows.

The routes come from the URL resolver, so a route added later without an object here
fails ``test_every_object_kwarg_is_covered`` (name its kwarg in ``KWARG_OBJECTS``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from coaching.models import (
    Assessment,
    Conversation,
    CoverLetter,
    Generation,
    Goal,
    GoalMilestone,
    Message,
    MockInterview,
    ReviewComment,
    ReviewRequest,
    Story,
)
from tests.accounts.factories import UserFactory
from tests.coaching.factories import (
    AssessmentFactory,
    ConversationFactory,
    CoverLetterFactory,
    GenerationFactory,
    GoalFactory,
    GoalMilestoneFactory,
    MentorProfileFactory,
    MessageFactory,
    MockInterviewFactory,
    ReviewCommentFactory,
    ReviewRequestFactory,
    StoryFactory,
    verified_mentor,
)
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db

# URL kwarg -> the name of the owner's object (in the ``objects`` fixture) it takes.
KWARG_OBJECTS = {
    "review_id": "review",
    "comment_id": "comment",
    "user_id": "pending_mentor",  # an unverified mentor's page is theirs alone
    "generation_id": "generation",
    "conversation_id": "conversation",
    "message_id": "message",
    "mock_id": "interview",
    "quiz_id": "quiz",
    "letter_id": "letter",
    "goal_id": "goal",
    "milestone_id": "milestone",
    "story_id": "story",
}
# Kwargs that name no per-user object: industry insights are rows shared by every user.
SHARED_KWARGS = {"industry_key"}
# Routes where a stranger reaching the object is the design, with what they get instead.
NOT_404 = {
    # The mentor queue: any verified mentor may claim an open request; one another mentor
    # holds answers with a message (redirect) and stays theirs.
    "coaching:review_claim": 302,
}
PREFIXES = ("coach/", "api/v1/coach/")
API_METHODS = ("get", "post", "patch", "put", "delete")


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    callback: object
    kwargs: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def is_mentor_route(self) -> bool:
        return self.route.startswith("coach/mentor/")

    def methods(self) -> list[str]:
        view_class = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        if view_class is None:  # a function view: its decorators answer 405 to the rest
            return ["get", "post"]
        return [m for m in API_METHODS if hasattr(view_class, m)]

    def __str__(self) -> str:
        return self.name


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name or "", p


def coach_routes() -> list[Route]:
    routes = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith(PREFIXES):
            continue
        kwargs = tuple(pattern.pattern.converters) or tuple(pattern.pattern.regex.groupindex)
        routes.append(Route(route, name, pattern.callback, kwargs))
    return routes


OBJECT_ROUTES = [r for r in coach_routes() if set(r.kwargs) - SHARED_KWARGS]


def test_every_object_kwarg_is_covered():
    """A new coach route naming an object needs an entry in KWARG_OBJECTS (and so a 404 test)."""
    assert OBJECT_ROUTES, "no coach routes found: did the prefixes change?"
    unknown = {(r.name, k) for r in OBJECT_ROUTES for k in r.kwargs if k not in KWARG_OBJECTS | dict.fromkeys(SHARED_KWARGS)}
    assert not unknown, f"coach routes with kwargs this test does not know: {sorted(unknown)}"


# --- The owner's objects --------------------------------------------------------------------------


SECRET = "Owner-only-7f3a"  # in every title, so a list that shows a stranger any of them fails


def owner_objects(owner) -> dict:
    """One object of each kind, all the owner's (a review held by a mentor, with a comment)."""
    holder = verified_mentor(email="holder@example.com")
    review = ReviewRequestFactory(
        resume=ResumeFactory(user=owner, raw_text="Olivia Owner\nExperience\nEngineer at Acme"),
        status=ReviewRequest.Status.CLAIMED, mentor=holder, claimed_at=timezone.now(),
    )
    conversation = ConversationFactory(user=owner, title=f"{SECRET} chat")
    goal = GoalFactory(user=owner, title=f"{SECRET} goal")
    story = StoryFactory(user=owner, title=f"{SECRET} story")
    return {
        "review": review,
        "comment": ReviewCommentFactory(request=review, text=f"{SECRET} comment"),
        "pending_mentor": MentorProfileFactory(user=UserFactory(role=User.Role.MENTOR)).user,
        "generation": GenerationFactory(
            user=owner, kind=Generation.Kind.STORY, target_id=story.pk, status=Generation.Status.FAILED,
            error="The model did not answer.",
        ),
        "conversation": conversation,
        "message": MessageFactory(conversation=conversation, content=f"{SECRET} message"),
        "interview": MockInterviewFactory(user=owner, title=f"{SECRET} interview"),
        "quiz": AssessmentFactory(user=owner, title=f"{SECRET} quiz"),
        "letter": CoverLetterFactory(user=owner, title=f"{SECRET} letter"),
        "goal": goal,
        "milestone": GoalMilestoneFactory(goal=goal, title=f"{SECRET} milestone"),
        "story": story,
    }


@pytest.fixture
def objects(owner):
    return owner_objects(owner)


SNAPSHOT_MODELS = [ReviewRequest, ReviewComment, Generation, Conversation, Message, MockInterview, Assessment,
                   CoverLetter, Goal, GoalMilestone, Story]


def _snapshot() -> dict:
    """Every coaching row the test created, field by field (the stranger creates none either)."""
    return {model.__name__: {obj.pk: model_to_dict(obj) for obj in model.objects.all()} for model in SNAPSHOT_MODELS}


def assert_unchanged(before: dict) -> None:
    after = _snapshot()
    changes = [
        (model, pk, before[model].get(pk), after[model].get(pk))
        for model in before for pk in before[model].keys() | after[model].keys()
        if before[model].get(pk) != after[model].get(pk)
    ]
    assert not changes, changes


def _url(route: Route, objects: dict) -> str:
    from django.urls import reverse

    return reverse(route.name, kwargs={k: objects[KWARG_OBJECTS[k]].pk for k in route.kwargs})


# A body a form or serializer could accept, so a view that validates before it looks the
# object up would answer something other than 404 and fail here.
BODY = {
    "title": "Mine now", "content": "Overwritten", "text": "Overwritten", "message": "Hello", "answer": "Yes",
    "status": "COMPLETED", "done": True, "rating": 5, "overall_feedback": "Fine", "section": "OTHER",
    "company_name": "Evil Corp", "job_title": "Owner", "tone": "formal",
}


@pytest.fixture
def stranger_mentor(db):
    return verified_mentor(email="rival@example.com")


@pytest.mark.parametrize("route", [r for r in OBJECT_ROUTES if not r.is_api], ids=str)
def test_html_stranger_gets_404(client, route, objects, stranger, stranger_mentor):
    client.force_login(stranger_mentor if route.is_mentor_route else stranger)
    url = _url(route, objects)
    before = _snapshot()
    statuses = {}
    for method in route.methods():
        data = BODY if method == "post" else {}
        statuses[method] = getattr(client, method)(url, data).status_code
    expected = NOT_404.get(route.name, 404)
    assert expected in statuses.values(), statuses
    assert set(statuses.values()) <= {expected, 405}, statuses
    assert_unchanged(before)


def _bearer(user, *scopes: str) -> dict:
    raw = account_services.api_key_create(user=user, name="script", scopes=list(scopes))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("route", [r for r in OBJECT_ROUTES if r.is_api], ids=str)
def test_api_stranger_gets_404(client, route, objects, stranger):
    headers = _bearer(stranger, "coaching:write")
    url = _url(route, objects)
    before = _snapshot()
    for method in route.methods():
        response = getattr(client, method)(url, BODY if method != "get" else None, content_type="application/json",
                                           **headers)
        assert response.status_code == 404, (method, response.content)
        assert response.json()["error"]["status"] == 404
    assert_unchanged(before)


@pytest.mark.parametrize("route", [r for r in OBJECT_ROUTES if not r.is_api], ids=str)
def test_html_unknown_id_is_404(client, route, objects, owner, stranger_mentor):
    """The same URLs with ids that name nothing at all."""
    from django.urls import reverse

    client.force_login(stranger_mentor if route.is_mentor_route else owner)
    url = reverse(route.name, kwargs={k: uuid.uuid4() for k in route.kwargs})
    statuses = {m: getattr(client, m)(url, BODY if m == "post" else {}).status_code for m in route.methods()}
    assert 404 in statuses.values() and set(statuses.values()) <= {404, 405}, statuses


LIST_ROUTES = [r for r in coach_routes() if not r.kwargs and "get" in r.methods()]


@pytest.mark.parametrize("route", LIST_ROUTES, ids=str)
def test_lists_show_a_stranger_nothing_of_the_owners(client, route, objects, stranger):
    from django.urls import reverse

    headers = _bearer(stranger, "coaching:read") if route.is_api else {}
    if not route.is_api:
        client.force_login(stranger)
    response = client.get(reverse(route.name), **headers)
    # 403: the mentor-only pages; 405: POST-only routes
    assert response.status_code in (200, 403, 405), response.status_code
    assert SECRET not in response.content.decode()
