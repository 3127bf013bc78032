"""The generation poller and "Try again", as HTML (coaching:generation_status,
coaching:generation_retry) and as API (/api/v1/coach/generations/<id>/ and …/retry/),
with the throwaway STORY generator of test_generation.py."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from accounts import services as account_services
from billing import services as billing_services
from billing.models import UsageRecord
from coaching.ai import generation as framework
from coaching.ai.generation import GeneratorSpec
from coaching.ai.stream import StreamWriter
from coaching.models import Generation, Story
from tests.coaching.test_generation import OFFLINE_TEXT, STORY

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(gen, owner, story) -> Generation:
    return framework.generation_request(
        user=owner, kind=STORY, target_id=story.pk, input={"period": "week"}, enqueue=False
    )


@pytest.fixture
def failed(gen, pending) -> Generation:
    gen.behaviour = "provider_error"
    framework.generation_run(generation_id=pending.pk)
    gen.behaviour = "ok"
    pending.refresh_from_db()
    return pending


@pytest.fixture
def succeeded(gen, pending) -> Generation:
    framework.generation_run(generation_id=pending.pk)
    pending.refresh_from_db()
    return pending


def _status_url(generation) -> str:
    return reverse("coaching:generation_status", args=[generation.pk])


def _retry_url(generation) -> str:
    return reverse("coaching:generation_retry", args=[generation.pk])


def _use_up_quota(user) -> None:
    for _ in range(10 - UsageRecord.objects.filter(user=user, refunded_at__isnull=True).count()):
        billing_services.usage_consume(user=user, action=UsageRecord.Action.AI_CHAT)


HTMX = {"HTTP_HX_REQUEST": "true"}


# --- The poller -------------------------------------------------------------------------------


def test_status_requires_login(client, pending):
    response = client.get(_status_url(pending))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_status_is_get_only(owner_client, pending):
    assert owner_client.post(_status_url(pending)).status_code == 405


def test_status_of_someone_elses_generation_is_404(stranger_client, pending):
    assert stranger_client.get(_status_url(pending)).status_code == 404
    assert stranger_client.get(_status_url(pending), **HTMX).status_code == 404


def test_status_of_an_unknown_generation_is_404(owner_client, gen):
    assert owner_client.get(reverse("coaching:generation_status", args=[uuid.uuid4()])).status_code == 404


def test_pending_fragment_polls_and_shows_the_streamed_text(owner_client, pending):
    Generation.objects.filter(pk=pending.pk).update(status=Generation.Status.RUNNING)
    StreamWriter(pending.pk, interval=0)("Your week in review:\nyou applied")
    response = owner_client.get(_status_url(pending), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'hx-get="{_status_url(pending)}"' in html and 'hx-trigger="every 1s"' in html
    assert "Your week in review:<br>you applied" in html
    assert "The coach is writing" in html


def test_pending_page_without_javascript_refreshes_itself(owner_client, pending):
    response = owner_client.get(_status_url(pending))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "Growth story" in html
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "Waiting for the coach" in html


def test_failed_shows_the_error_and_try_again(owner_client, failed):
    response = owner_client.get(_status_url(failed), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "hx-get" not in html  # no more polling
    assert "The AI server did not answer in time. Please try again." in html
    assert f'action="{_retry_url(failed)}"' in html and "Try again" in html
    assert "Half an ans" not in html  # partial text of a failed attempt is not shown
    page = owner_client.get(_status_url(failed)).content.decode()
    assert "Try again" in page and 'http-equiv="refresh"' not in page


def test_succeeded_redirects_htmx_with_a_header(owner_client, succeeded, story):
    response = owner_client.get(_status_url(succeeded), **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/coach/stories/{story.pk}/"


def test_succeeded_redirects_without_htmx(owner_client, succeeded, story):
    response = owner_client.get(_status_url(succeeded))
    assert response.status_code == 302
    assert response["Location"] == f"/coach/stories/{story.pk}/"


def test_succeeded_with_a_done_template_renders_it_in_place(owner_client, monkeypatch, succeeded):
    spec = framework._REGISTRY[STORY]
    monkeypatch.setitem(
        framework._REGISTRY, STORY,
        GeneratorSpec(**{**spec.__dict__, "done_template": "coaching/partials/_generation.html"}),
    )
    response = owner_client.get(_status_url(succeeded), **HTMX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    assert "Show the result" in response.content.decode()


# --- Try again (HTML) --------------------------------------------------------------------------


def test_retry_requires_login(client, failed):
    response = client.post(_retry_url(failed))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Generation.objects.count() == 1


def test_retry_is_post_only(owner_client, failed):
    assert owner_client.get(_retry_url(failed)).status_code == 405
    assert Generation.objects.count() == 1


def test_retry_of_someone_elses_generation_is_404(stranger_client, failed):
    assert stranger_client.post(_retry_url(failed)).status_code == 404
    assert Generation.objects.count() == 1


def test_retry_creates_a_new_generation_and_goes_to_the_result_page(
    owner_client, owner, failed, story, gen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(_retry_url(failed))
    assert response.status_code == 302
    assert response["Location"] == f"/coach/stories/{story.pk}/"
    new = Generation.objects.get(retry_of=failed)
    assert (new.input, new.target_id, new.status) == (failed.input, story.pk, Generation.Status.SUCCEEDED)
    story.refresh_from_db()
    assert (story.status, story.content) == (Story.Status.READY, OFFLINE_TEXT)


def test_retry_with_htmx_answers_the_new_poller(owner_client, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = owner_client.post(_retry_url(failed), **HTMX)
    new = Generation.objects.get(retry_of=failed)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'hx-get="{_status_url(new)}"' in html
    assert new.status == Generation.Status.PENDING


def test_retry_over_quota_says_so_and_writes_nothing(owner_client, owner, failed, story):
    _use_up_quota(owner)
    response = owner_client.post(_retry_url(failed), follow=False)
    assert response.status_code == 302 and response["Location"] == f"/coach/stories/{story.pk}/"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("You have used all 10 AI generations" in m and "reset at 00:00" in m for m in messages)
    assert Generation.objects.count() == 1
    story.refresh_from_db()
    assert story.status == Story.Status.FAILED


def test_retry_over_quota_with_htmx_shows_the_reason_in_the_fragment(owner_client, owner, failed):
    _use_up_quota(owner)
    response = owner_client.post(_retry_url(failed), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "You have used all 10 AI generations" in html
    assert "Try again" in html
    assert Generation.objects.count() == 1


def test_retry_of_a_generation_that_did_not_fail_is_refused(owner_client, succeeded):
    response = owner_client.post(_retry_url(succeeded))
    assert response.status_code == 302
    assert "Only a failed generation can be tried again." in [str(m) for m in response.wsgi_request._messages]
    assert Generation.objects.count() == 1


def test_second_retry_is_refused(owner_client, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        owner_client.post(_retry_url(failed))
    response = owner_client.post(_retry_url(failed), **HTMX)
    assert "This generation was already tried again." in response.content.decode()
    assert Generation.objects.count() == 2


# --- API ---------------------------------------------------------------------------------------


def _api_url(generation) -> str:
    return f"/api/v1/coach/generations/{generation.pk}/"


def _api_retry_url(generation) -> str:
    return f"/api/v1/coach/generations/{generation.pk}/retry/"


def _key(user, *scopes) -> dict:
    raw = account_services.api_key_create(user=user, name="script", scopes=list(scopes))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


def test_api_requires_authentication(client, pending):
    assert client.get(_api_url(pending)).status_code in (401, 403)
    assert client.post(_api_retry_url(pending)).status_code in (401, 403)


def test_api_poll_pending_with_the_streamed_text(owner_client, pending):
    Generation.objects.filter(pk=pending.pk).update(status=Generation.Status.RUNNING)
    StreamWriter(pending.pk, interval=0)("So far")
    response = owner_client.get(_api_url(pending))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(pending.pk) and body["kind"] == STORY
    assert (body["status"], body["partial_text"], body["finished_at"]) == ("RUNNING", "So far", None)
    assert body["target_id"] == str(pending.target_id)


def test_api_poll_succeeded(owner_client, succeeded):
    body = owner_client.get(_api_url(succeeded)).json()
    assert (body["status"], body["provider"], body["model"], body["error"], body["partial_text"]) == (
        "SUCCEEDED", "offline", "", "", ""
    )
    assert body["finished_at"]


def test_api_poll_failed(owner_client, failed):
    body = owner_client.get(_api_url(failed)).json()
    assert body["status"] == "FAILED"
    assert body["error"] == "The AI server did not answer in time. Please try again."


def test_api_stranger_gets_a_404_json_body(stranger_client, stranger, failed):
    _error(stranger_client.get(_api_url(failed)), 404)
    _error(stranger_client.post(_api_retry_url(failed)), 404)
    _error(stranger_client.get(_api_url(failed), **_key(stranger, "coaching:read")), 404)
    assert Generation.objects.count() == 1


def test_api_key_with_read_scope_polls_but_cannot_retry(client, owner, failed):
    headers = _key(owner, "coaching:read")
    assert client.get(_api_url(failed), **headers).status_code == 200
    error = _error(client.post(_api_retry_url(failed), **headers), 403)
    assert "coaching:write" in error["message"]
    assert Generation.objects.count() == 1


def test_api_key_without_coaching_scopes_is_refused(client, owner, failed):
    _error(client.get(_api_url(failed), **_key(owner, "jobs:read")), 403)


def test_api_key_with_write_scope_retries(client, owner, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(_api_retry_url(failed), **_key(owner, "coaching:write"))
    assert response.status_code == 202, response.content
    new = Generation.objects.get(retry_of=failed)
    assert response.json() == {
        "generation_id": str(new.pk), "status": "PENDING", "poll_url": f"/api/v1/coach/generations/{new.pk}/",
    }


def test_api_session_retry_then_poll_until_done(owner_client, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(_api_retry_url(failed))
    assert response.status_code == 202
    body = owner_client.get(response.json()["poll_url"]).json()
    assert body["status"] == "SUCCEEDED"


def test_api_retry_over_quota_is_429(owner_client, owner, failed):
    _use_up_quota(owner)
    error = _error(owner_client.post(_api_retry_url(failed)), 429)
    assert error["code"] == "quota_exceeded" and error["limit"] == 10
    assert "reset at 00:00" in error["message"]
    assert error["resets_at"].endswith("+00:00")  # owner is in UTC; the user's own midnight
    assert Generation.objects.count() == 1


def test_api_retry_of_a_generation_that_did_not_fail_is_400(owner_client, succeeded):
    error = _error(owner_client.post(_api_retry_url(succeeded)), 400)
    assert error["message"] == "Only a failed generation can be tried again."
    assert Generation.objects.count() == 1


def test_api_detail_is_read_only(owner_client, pending):
    assert owner_client.post(_api_url(pending)).status_code == 405
    assert owner_client.get(_api_retry_url(pending)).status_code == 405


def test_a_generation_waiting_for_long_says_the_worker_may_be_down(owner, owner_client):
    from django.utils import timezone

    from coaching.models import Generation
    from tests.coaching.factories import GenerationFactory

    generation = GenerationFactory(user=owner, status=Generation.Status.PENDING, finished_at=None)
    url = reverse("coaching:generation_status", args=[generation.pk])
    assert "data-generation-slow" not in owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    Generation.objects.filter(pk=generation.pk).update(created_at=timezone.now() - timezone.timedelta(minutes=2))
    body = owner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "data-generation-slow" in body and "worker may not be running" in body
