"""Goals API: scopes, CRUD, milestones driving progress, status with once-only points,
recommendations (202 / 429), and another user's ids answering 404."""

from __future__ import annotations

import uuid

import pytest

from accounts import services as account_services
from coaching.models import Generation, Goal, GoalMilestone
from coaching.services import goals as services
from tests.coaching.factories import UsageRecordFactory

pytestmark = pytest.mark.django_db

GOALS = "/api/v1/coach/goals/"


def _headers(user, *scopes) -> dict:
    raw = account_services.api_key_create(user=user, name="script", scopes=list(scopes or ["coaching:write"]))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


@pytest.fixture
def goal(owner):
    return services.goal_create(user=owner, data={"title": "Get 2 referrals", "priority": 3}, milestones=["a", "b"])


def test_requires_authentication(client, goal):
    assert client.get(GOALS).status_code in (401, 403)
    assert client.get(f"{GOALS}{goal.pk}/").status_code in (401, 403)


def test_read_scope_cannot_write(client, owner, goal):
    headers = _headers(owner, "coaching:read")
    assert client.get(GOALS, **headers).status_code == 200
    error = _error(client.post(GOALS, {"title": "X"}, content_type="application/json", **headers), 403)
    assert "coaching:write" in error["message"]
    assert Goal.objects.count() == 1


def test_create_and_list(client, owner):
    headers = _headers(owner)
    response = client.post(GOALS, {
        "title": "Apply to 5 jobs", "period": "WEEKLY", "priority": 3, "start_date": "2030-05-01",
        "target_date": "2030-05-08", "milestones": ["One", "Two"],
    }, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "NOT_STARTED" and body["achievement_points"] == 30
    assert [m["title"] for m in body["milestones"]] == ["One", "Two"]
    listing = client.get(GOALS, {"period": "WEEKLY"}, **headers).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]
    assert client.get(GOALS, {"status": "COMPLETED"}, **headers).json()["count"] == 0


def test_create_validation_errors(client, owner):
    headers = _headers(owner)
    error = _error(client.post(GOALS, {"title": "X", "start_date": "2030-05-10", "target_date": "2030-05-01"},
                               content_type="application/json", **headers), 400)
    assert "target_date" in error["fields"]
    error = _error(client.post(GOALS, {"priority": 7}, content_type="application/json", **headers), 400)
    assert {"title", "priority"} <= set(error["fields"])
    error = _error(client.post(GOALS, {"title": "X", "status": "COMPLETED"}, content_type="application/json",
                               **headers), 400)
    assert "status" in error["fields"]
    assert not Goal.objects.exists()


def test_patch_fields_and_status_awards_points_once(client, owner, goal):
    headers = _headers(owner)
    url = f"{GOALS}{goal.pk}/"
    response = client.patch(url, {"title": "Get 3 referrals", "target_date": "2030-06-01"},
                            content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["title"] == "Get 3 referrals"
    response = client.patch(url, {"status": "COMPLETED"}, content_type="application/json", **headers)
    assert response.json()["status"] == "COMPLETED" and response.json()["completed_at"]
    client.patch(url, {"status": "IN_PROGRESS"}, content_type="application/json", **headers)
    client.patch(url, {"status": "COMPLETED"}, content_type="application/json", **headers)
    owner.refresh_from_db()
    assert owner.achievement_score == 30


def test_patch_progress_with_milestones_is_refused(client, owner, goal):
    error = _error(client.patch(f"{GOALS}{goal.pk}/", {"progress": 90}, content_type="application/json",
                                **_headers(owner)), 400)
    assert "progress" in error["fields"]


def test_patch_target_before_existing_start_is_refused(client, owner):
    goal = services.goal_create(user=owner, data={"title": "X", "start_date": "2030-05-10"})
    error = _error(client.patch(f"{GOALS}{goal.pk}/", {"target_date": "2030-05-01"}, content_type="application/json",
                                **_headers(owner)), 400)
    assert "target_date" in error["fields"]


def test_milestones_add_tick_delete(client, owner, goal):
    headers = _headers(owner)
    response = client.post(f"{GOALS}{goal.pk}/milestones/", {"title": "c"}, content_type="application/json", **headers)
    assert response.status_code == 201
    milestone_id = response.json()["id"]
    response = client.patch(f"/api/v1/coach/milestones/{milestone_id}/", {"done": True},
                            content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["done"] is True
    goal.refresh_from_db()
    assert goal.progress == 33 and goal.status == Goal.Status.IN_PROGRESS
    assert client.delete(f"/api/v1/coach/milestones/{milestone_id}/", **headers).status_code == 204
    goal.refresh_from_db()
    assert goal.progress == 0 and goal.milestones.count() == 2
    _error(client.post(f"{GOALS}{goal.pk}/milestones/", {"title": ""}, content_type="application/json", **headers), 400)


def test_delete_goal(client, owner, goal):
    assert client.delete(f"{GOALS}{goal.pk}/", **_headers(owner)).status_code == 204
    assert not Goal.objects.exists()


def test_recommendations_202_then_done(client, owner, goal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{GOALS}{goal.pk}/recommendations/", **_headers(owner))
    assert response.status_code == 202
    body = response.json()
    generation = Generation.objects.get(pk=body["generation_id"])
    assert body["poll_url"] == f"/api/v1/coach/generations/{generation.pk}/"
    goal.refresh_from_db()
    assert 3 <= len(goal.ai_recommendations) <= 6
    detail = client.get(f"{GOALS}{goal.pk}/", **_headers(owner)).json()
    assert detail["ai_recommendations"] == goal.ai_recommendations


def test_recommendations_over_quota_429(client, owner, goal):
    UsageRecordFactory.create_batch(10, user=owner)
    error = _error(client.post(f"{GOALS}{goal.pk}/recommendations/", **_headers(owner)), 429)
    assert error["code"] == "quota_exceeded" and error["resets_at"]
    assert not Generation.objects.exists()


def test_another_users_ids_are_404(client, stranger, goal):
    headers = _headers(stranger)
    milestone = goal.milestones.first()
    _error(client.get(f"{GOALS}{goal.pk}/", **headers), 404)
    _error(client.patch(f"{GOALS}{goal.pk}/", {"title": "x"}, content_type="application/json", **headers), 404)
    _error(client.delete(f"{GOALS}{goal.pk}/", **headers), 404)
    _error(client.post(f"{GOALS}{goal.pk}/milestones/", {"title": "x"}, content_type="application/json", **headers), 404)
    _error(client.post(f"{GOALS}{goal.pk}/recommendations/", **headers), 404)
    _error(client.patch(f"/api/v1/coach/milestones/{milestone.pk}/", {"done": True}, content_type="application/json",
                        **headers), 404)
    _error(client.delete(f"/api/v1/coach/milestones/{milestone.pk}/", **headers), 404)
    _error(client.get(f"{GOALS}{uuid.uuid4()}/", **headers), 404)
    assert client.get(GOALS, **headers).json()["count"] == 0
    goal.refresh_from_db()
    assert goal.title == "Get 2 referrals" and GoalMilestone.objects.filter(done_at__isnull=False).count() == 0
    assert not Generation.objects.exists()


def test_junk_input_is_400_never_500(client, owner, goal):
    headers = _headers(owner)
    milestone = goal.milestones.first()
    junk = {"status": "NOPE", "priority": "x", "target_date": "abc", "title": "x" * 5000, "milestones": "nope",
            "done": "maybe", "progress": 500, "period": "HOURLY"}
    for method, url in (("post", GOALS), ("patch", f"{GOALS}{goal.pk}/"), ("post", f"{GOALS}{goal.pk}/milestones/"),
                        ("patch", f"/api/v1/coach/milestones/{milestone.pk}/")):
        response = getattr(client, method)(url, junk, content_type="application/json", **headers)
        _error(response, 400)
        response = getattr(client, method)(url, "{not json", content_type="application/json", **headers)
        _error(response, 400)
    services.goal_transition(goal=goal, action="start")
    error = _error(client.patch(f"{GOALS}{goal.pk}/", {"status": "NOT_STARTED"}, content_type="application/json",
                                **headers), 400)
    assert "status" in error["fields"]
