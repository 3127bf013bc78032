"""Coach chat API: conversations and messages, 202 with the generation to poll, own job and
resume only (400 otherwise), stranger 404, quota 429 with nothing written, scopes."""

from __future__ import annotations

import json

import pytest

from accounts import services as account_services
from coaching.models import Conversation, Generation, Message
from coaching.services import chat as services
from tests.coaching.factories import UsageRecordFactory
from tests.jobs.factories import JobFactory, ResumeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/coach/conversations/"


def _send(client, method, url, data=None, **kwargs):
    body = json.dumps(data) if data is not None else None
    return getattr(client, method)(url, body, content_type="application/json", **kwargs)


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def turn(owner, eager):
    return eager(services.conversation_start, user=owner, message="What should I do next?")


def _error(response, status):
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_create_answers_202_with_the_ids_to_poll(owner_client, owner, eager):
    job = JobFactory(user=owner)
    response = eager(_send, owner_client, "post", LIST, {"message": "What skills am I missing?", "job": str(job.pk),
                                                         "include_goals": False})
    assert response.status_code == 202, response.content
    body = response.json()
    conversation = Conversation.objects.get()
    assert body["conversation_id"] == str(conversation.pk)
    assert body["message_id"] == str(conversation.messages.get(role="user").pk)
    assert body["reply_id"] == str(conversation.messages.get(role="assistant").pk)
    generation = Generation.objects.get()
    assert body["generation_id"] == str(generation.pk) and body["poll_url"].endswith(f"{generation.pk}/")
    assert (conversation.job, conversation.include_profile, conversation.include_goals) == (job, True, False)
    poll = owner_client.get(body["poll_url"]).json()
    assert poll["status"] == "SUCCEEDED" and poll["target_id"] == body["reply_id"]


def test_create_with_another_users_job_is_400(owner_client, stranger):
    response = _send(owner_client, "post", LIST, {"message": "Hi", "job": str(JobFactory(user=stranger).pk),
                                                  "resume": str(ResumeFactory(user=stranger).pk)})
    error = _error(response, 400)
    assert set(error["fields"]) == {"job", "resume"}
    assert not Conversation.objects.exists()


def test_create_without_message_is_400(owner_client):
    assert "message" in _error(_send(owner_client, "post", LIST, {"message": ""}), 400)["fields"]


def test_create_over_quota_is_429_and_writes_nothing(owner_client, owner):
    UsageRecordFactory.create_batch(10, user=owner)
    error = _error(_send(owner_client, "post", LIST, {"message": "Hi"}), 429)
    assert error["code"] == "quota_exceeded" and error["resets_at"]
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_list_is_own_conversations_newest_first(owner_client, owner, stranger, turn, eager):
    second = eager(services.conversation_start, user=owner, message="Second")
    eager(services.conversation_start, user=stranger, message="Not yours")
    body = owner_client.get(LIST).json()
    assert [item["id"] for item in body["results"]] == [str(second.conversation.pk), str(turn.conversation.pk)]
    assert body["count"] == 2


def test_detail_has_the_messages_with_metadata(owner_client, turn):
    body = owner_client.get(f"{LIST}{turn.conversation.pk}/").json()
    assert body["title"] == "What should I do next?" and body["title_is_auto"] is True
    question, reply = body["messages"]
    assert (question["role"], question["content"]) == ("user", "What should I do next?")
    assert reply["status"] == "DONE" and reply["metadata"]["intents"] == ["next_steps"]
    assert reply["metadata"]["provider"] == "offline"


def test_patch_renames_and_changes_the_context(owner_client, owner, turn):
    resume = ResumeFactory(user=owner)
    response = _send(owner_client, "patch", f"{LIST}{turn.conversation.pk}/",
                     {"title": "My plan", "resume": str(resume.pk), "include_profile": False})
    assert response.status_code == 200, response.content
    turn.conversation.refresh_from_db()
    assert (turn.conversation.title, turn.conversation.title_is_auto) == ("My plan", False)
    assert (turn.conversation.resume, turn.conversation.include_profile) == (resume, False)
    assert turn.conversation.include_goals is True


def test_patch_with_a_foreign_job_is_400(owner_client, stranger, turn):
    response = _send(owner_client, "patch", f"{LIST}{turn.conversation.pk}/", {"job": str(JobFactory(user=stranger).pk)})
    assert "job" in _error(response, 400)["fields"]
    turn.conversation.refresh_from_db()
    assert turn.conversation.job is None


def test_delete(owner_client, turn):
    assert owner_client.delete(f"{LIST}{turn.conversation.pk}/").status_code == 204
    assert not Conversation.objects.exists()


def test_messages_list_and_send(owner_client, turn, eager):
    url = f"{LIST}{turn.conversation.pk}/messages/"
    response = eager(_send, owner_client, "post", url, {"message": "How are my goals?"})
    assert response.status_code == 202
    body = response.json()
    assert Message.objects.get(pk=body["message_id"]).content == "How are my goals?"
    messages = owner_client.get(url).json()["results"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[-1]["id"] == body["reply_id"] and messages[-1]["metadata"]["intents"] == ["goals"]


def test_send_while_pending_is_400(owner_client, owner):
    pending = services.conversation_start(user=owner, message="Hi", enqueue=False)
    response = _send(owner_client, "post", f"{LIST}{pending.conversation.pk}/messages/", {"message": "Again"})
    assert "non_field_errors" in _error(response, 400)["fields"]


def test_send_over_quota_is_429(owner_client, owner, turn):
    UsageRecordFactory.create_batch(9, user=owner)
    response = _send(owner_client, "post", f"{LIST}{turn.conversation.pk}/messages/", {"message": "Again"})
    _error(response, 429)
    assert Message.objects.count() == 2


def test_stranger_gets_404_everywhere(client, stranger, turn):
    client.force_login(stranger)
    detail = f"{LIST}{turn.conversation.pk}/"
    for method, url, data in [
        ("get", detail, None), ("patch", detail, {"title": "x"}), ("delete", detail, None),
        ("get", f"{detail}messages/", None), ("post", f"{detail}messages/", {"message": "x"}),
    ]:
        assert _send(client, method, url, data).status_code == 404, (method, url)
    assert Conversation.objects.get().title == "What should I do next?" and Message.objects.count() == 2


def test_anonymous_is_401(client, turn):
    assert client.get(LIST).status_code in (401, 403)


def test_read_scope_cannot_write(client, owner, turn):
    raw = account_services.api_key_create(user=owner, name="script", scopes=["coaching:read"])[1]
    headers = {"headers": {"Authorization": f"Bearer {raw}"}}
    assert client.get(LIST, **headers).status_code == 200
    response = _send(client, "post", LIST, {"message": "Hi"}, **headers)
    assert response.status_code == 403
    assert Conversation.objects.count() == 1
