"""A page returns at once while a slow model is still writing: the answer is produced by a
real Celery worker (a separate process) talking to a loopback server that holds the
request until the test lets it go."""

from __future__ import annotations

import threading

from django.urls import reverse

from coaching.models import AISettings, Conversation, Generation, Message
from tests.coaching.llm_server import block, text, wait_for


def test_chat_view_returns_while_the_provider_is_still_generating(celery_worker, owner, client, llm_server):
    # The worker reads the provider from the database (the admin's choice), not our settings.
    AISettings.objects.create(provider="openai", base_url=llm_server.url, model="test-model")
    release = threading.Event()
    llm_server.plan(block(release, then=text(["Take your", " time."])))
    client.force_login(owner)

    response = client.post(reverse("coaching:chat_new"), {"message": "What should I do next?"})

    # The view answered (the worker may or may not have reached the server yet).
    assert response.status_code == 302
    conversation = Conversation.objects.get(user=owner)
    assert response["Location"] == reverse("coaching:chat_detail", args=[conversation.pk])
    reply = conversation.messages.get(role=Message.Role.ASSISTANT)
    generation = Generation.objects.get(pk=reply.generation_id)
    assert generation.status in (Generation.Status.PENDING, Generation.Status.RUNNING)
    assert reply.status == Message.Status.PENDING

    # Now the worker is inside the provider call, held by the server: still not done, and
    # the conversation page renders meanwhile.
    assert llm_server.received.wait(60), "the worker never called the provider"
    generation.refresh_from_db()
    assert generation.status == Generation.Status.RUNNING
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "What should I do next?" in page.content.decode()

    release.set()
    assert wait_for(lambda: Generation.objects.get(pk=generation.pk).status not in (
        Generation.Status.PENDING, Generation.Status.RUNNING), timeout=60)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED, generation.error
    assert (generation.provider, generation.model) == ("openai", "test-model")
    reply.refresh_from_db()
    assert (reply.status, reply.content) == (Message.Status.DONE, "Take your time.")
    assert reply.metadata["model"] == "test-model"
    assert llm_server.requests[0]["stream"] is True
