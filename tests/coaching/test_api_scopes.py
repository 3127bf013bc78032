"""Every coach API route, from the URL resolver: API key scopes (``coaching:read`` reads
but writes nothing, other scopes open nothing) and junk bodies (never a 500; 4xx is the
JSON error shape and writes nothing)."""

from __future__ import annotations

import inspect
import json
import uuid

import pytest
from django.urls import reverse

from billing.models import UsageRecord
from coaching.api import CoachingApiView
from coaching.models import Generation
from tests.coaching.factories import IndustryInsightFactory
from tests.coaching.test_stranger_404 import (
    KWARG_OBJECTS,
    SHARED_KWARGS,
    _bearer,
    _snapshot,
    assert_unchanged,
    coach_routes,
    owner_objects,
)
from tests.jobs.factories import JobFactory, ResumeFactory

pytestmark = pytest.mark.django_db

API_ROUTES = [r for r in coach_routes() if r.is_api]
SHARED_VALUES = {"industry_key": "technology"}


def _url(route, objects: dict, *, unknown: bool = False) -> str:
    kwargs = {}
    for name in route.kwargs:
        if name in SHARED_KWARGS:
            kwargs[name] = SHARED_VALUES[name]
        else:
            kwargs[name] = uuid.uuid4() if unknown else objects[KWARG_OBJECTS[name]].pk
    return reverse(route.name, kwargs=kwargs)


def _error(response, status: int | None = None) -> dict:
    if status is not None:
        assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content
    error = response.json()["error"]
    assert error["status"] == response.status_code and error["message"]
    return error


def _call(client, method: str, url: str, headers: dict, body=None):
    if method == "get":
        return client.get(url, **headers)
    payload = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, payload, content_type="application/json", **headers)


@pytest.fixture
def objects(owner):
    return owner_objects(owner)


@pytest.fixture
def insight(db):
    return IndustryInsightFactory()


def _writes() -> tuple:
    """Rows a request could add besides the fixture's: generations and counted usage."""
    return Generation.objects.count(), UsageRecord.objects.count()


def test_every_api_route_uses_the_coaching_scope():
    assert API_ROUTES
    for route in API_ROUTES:
        assert issubclass(route.callback.cls, CoachingApiView), route.name


@pytest.mark.parametrize("route", API_ROUTES, ids=str)
def test_read_scope_cannot_write(client, route, objects, insight, owner):
    headers = _bearer(owner, "coaching:read")
    url = _url(route, objects)
    before, writes = _snapshot(), _writes()
    for method in route.methods():
        response = _call(client, method, url, headers)
        if method == "get":
            assert response.status_code == 200, response.content
        else:
            assert "coaching:write" in _error(response, 403)["message"]
    assert_unchanged(before)
    assert _writes() == writes


@pytest.mark.parametrize("route", API_ROUTES, ids=str)
def test_other_scopes_open_nothing(client, route, objects, insight, owner):
    headers = _bearer(owner, "jobs:read", "jobs:write", "resumes:write", "profile:write")
    url = _url(route, objects)
    before, writes = _snapshot(), _writes()
    for method in route.methods():
        _error(_call(client, method, url, headers), 403)
    assert_unchanged(before)
    assert _writes() == writes


# --- Junk bodies --------------------------------------------------------------------------------

HUGE = "x" * 200_000
FIELDS = ["title", "content", "message", "answer", "answers", "text", "status", "done", "company_name", "job_title",
          "job_description", "job", "job_id", "resume", "resume_id", "tone", "interview_type", "target_role",
          "question_count", "category", "difficulty", "period", "period_kind", "target_date", "priority",
          "description", "include_profile", "include_goals", "period_start", "industry", "notes"]
# Junk every body-reading route answers with 400 and no write.
JUNK_BODIES = {
    "malformed": "{not json",
    "list": [1, 2, 3],
    "string": "hello",
    "wrong_types": {name: {"nested": ["junk"]} for name in FIELDS},
    "huge": dict.fromkeys(FIELDS, HUGE),
}
# Odd but harmless input some routes accept (a number is a fine title, an empty PATCH
# changes nothing): never a 500, and a 4xx is the error shape and writes nothing.
ODD_BODIES = {
    "null": None,
    "numbers": dict.fromkeys(FIELDS, -10**12),
    "uuids": dict.fromkeys(FIELDS, str(uuid.uuid4())),
}
BODY_ROUTES = [(r, m) for r in API_ROUTES for m in r.methods() if m in ("post", "patch", "put")]


def _reads_body(route, method: str) -> bool:
    return "request.data" in inspect.getsource(getattr(route.callback.cls, method))


@pytest.mark.parametrize("junk", [*JUNK_BODIES, *ODD_BODIES], ids=str)
@pytest.mark.parametrize(("route", "method"), BODY_ROUTES, ids=lambda v: str(v))
def test_junk_body_never_500s(client, route, method, junk, objects, insight, owner):
    headers = _bearer(owner, "coaching:write")
    before, writes = _snapshot(), _writes()
    response = _call(client, method, _url(route, objects), headers, {**JUNK_BODIES, **ODD_BODIES}[junk])
    assert response.status_code < 500
    if junk in JUNK_BODIES and _reads_body(route, method):
        _error(response, 400)
    elif response.status_code < 400:
        return  # routes without a body (finish, regenerate, retry…) ignore it and do their thing
    _error(response)
    assert_unchanged(before)
    assert _writes() == writes


# Routes taking ids of the caller's jobs and resumes, with what else they need.
ID_FIELD_ROUTES = {
    ("coaching_api:conversation_list", "post"): {"message": "Hello"},
    ("coaching_api:conversation_detail", "patch"): {},
    ("coaching_api:interview_list", "post"): {"target_role": "Backend engineer"},
    ("coaching_api:cover_letter_list", "post"): {"company_name": "Initech", "job_title": "Engineer"},
}


@pytest.mark.parametrize(("name", "method"), ID_FIELD_ROUTES, ids=str)
@pytest.mark.parametrize("field", ["job", "resume"])
def test_others_and_unknown_ids_in_bodies_are_400(client, name, method, field, objects, owner, stranger):
    route = next(r for r in API_ROUTES if r.name == name)
    if field == "resume" and name == "coaching_api:interview_list":
        pytest.skip("interviews take no resume")
    others = {"job": JobFactory(user=stranger).pk, "resume": ResumeFactory(user=stranger).pk}[field]
    headers = _bearer(owner, "coaching:write")
    before, writes = _snapshot(), _writes()
    for value in (others, str(uuid.uuid4()), "not-an-id", 12):
        body = {**ID_FIELD_ROUTES[(name, method)], field: str(value) if value != 12 else value}
        error = _error(_call(client, method, _url(route, objects), headers, body), 400)
        assert field in error["fields"], error
    assert_unchanged(before)
    assert _writes() == writes


@pytest.mark.parametrize("route", [r for r in API_ROUTES if set(r.kwargs) - SHARED_KWARGS], ids=str)
def test_unknown_ids_are_404(client, route, objects, owner):
    headers = _bearer(owner, "coaching:write")
    url = _url(route, objects, unknown=True)
    for method in route.methods():
        _error(_call(client, method, url, headers, JUNK_BODIES["wrong_types"]), 404)
