"""Coach chat services: sending writes the message, a pending answer and a counted
generation atomically; the answer (offline or from a model) lands on the message with its
metadata; quota, failure and retry, context, rename, delete, and the demo."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.ai.generation import generation_retry, generation_run
from coaching.demo.chat import seed_demo_chat
from coaching.models import Conversation, Generation, Message
from coaching.services import chat as services
from tests.accounts.factories import ProfileFactory
from tests.coaching import llm_server as llm
from tests.coaching.factories import UsageRecordFactory
from tests.jobs.factories import JobFactory, ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    """Run the generation task (eager Celery) when the service's transaction commits."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def _use_up_quota(user, count=10):
    UsageRecordFactory.create_batch(count, user=user)


def test_start_saves_the_question_and_the_offline_answer(owner, eager):
    job = JobFactory(user=owner, company="Acme")
    turn = eager(services.conversation_start, user=owner, message="  What should I do next?  ", job=job,
                 include_goals=False)
    conversation = Conversation.objects.get()
    assert (conversation.user, conversation.job, conversation.include_profile, conversation.include_goals) == (
        owner, job, True, False)
    question, reply = conversation.messages.order_by("created_at")
    assert (question.role, question.content, question.status) == ("user", "What should I do next?", "DONE")
    assert (reply.role, reply.status) == ("assistant", "DONE")
    assert reply.pk == turn.reply.pk and turn.question.pk == question.pk
    assert "### What to do next on your board" in reply.content
    assert reply.metadata["provider"] == "offline" and reply.metadata["intents"] == ["next_steps"]
    assert reply.metadata["usage"] == {}
    generation = Generation.objects.get()
    assert (generation.kind, generation.status, generation.target_id) == ("CHAT_REPLY", "SUCCEEDED", reply.pk)
    assert generation.input["text"] == "What should I do next?"
    assert reply.generation == generation
    assert UsageRecord.objects.get().action == UsageRecord.Action.AI_CHAT
    conversation.refresh_from_db()
    assert conversation.title == "What should I do next?" and conversation.title_is_auto
    assert conversation.last_message_at is not None


def test_start_leaves_the_answer_pending_until_the_worker_runs(owner):
    turn = services.conversation_start(user=owner, message="What skills am I missing?", enqueue=False)
    turn.reply.refresh_from_db()
    assert turn.reply.status == Message.Status.PENDING and turn.reply.content == ""
    assert Conversation.objects.get().title == ""
    generation_run(generation_id=turn.generation.pk)
    turn.reply.refresh_from_db()
    assert turn.reply.status == Message.Status.DONE and turn.reply.metadata["intents"] == ["skills"]


def test_over_quota_writes_nothing(owner):
    _use_up_quota(owner)
    with pytest.raises(QuotaExceeded):
        services.conversation_start(user=owner, message="What should I do next?")
    assert not Conversation.objects.exists() and not Message.objects.exists() and not Generation.objects.exists()
    assert UsageRecord.objects.filter(user=owner).count() == 10


def test_over_quota_on_send_writes_nothing(owner, eager):
    turn = eager(services.conversation_start, user=owner, message="Hello")
    _use_up_quota(owner, 9)
    with pytest.raises(QuotaExceeded):
        services.message_send(conversation=turn.conversation, user=owner, message="And now?")
    assert Message.objects.count() == 2


def test_empty_message_is_refused(owner):
    with pytest.raises(ValidationError) as exc:
        services.conversation_start(user=owner, message="   ")
    assert "message" in exc.value.error_dict
    assert not Conversation.objects.exists() and not UsageRecord.objects.exists()


def test_another_users_job_or_resume_is_refused(owner, stranger):
    with pytest.raises(ValidationError) as exc:
        services.conversation_start(user=owner, message="Hi", job=JobFactory(user=stranger),
                                    resume=ResumeFactory(user=stranger))
    assert set(exc.value.error_dict) == {"job", "resume"}
    assert not Conversation.objects.exists()


def test_send_while_the_answer_is_pending_is_refused(owner):
    turn = services.conversation_start(user=owner, message="Hi", enqueue=False)
    with pytest.raises(ValidationError):
        services.message_send(conversation=turn.conversation, user=owner, message="Are you there?")
    assert Message.objects.count() == 2


def test_send_adds_a_turn_and_keeps_the_first_title(owner, eager):
    turn = eager(services.conversation_start, user=owner, message="What should I do next?")
    second = eager(services.message_send, conversation=turn.conversation, user=owner, message="My goals?")
    second.reply.refresh_from_db()
    assert second.reply.metadata["intents"] == ["goals"]
    assert Message.objects.filter(conversation=turn.conversation).count() == 4
    assert Conversation.objects.get().title == "What should I do next?"


def test_rename_stops_automatic_titles(owner):
    turn = services.conversation_start(user=owner, message="What should I do next?", enqueue=False)
    services.conversation_rename(conversation=turn.conversation, user=owner, title="  My   plan ")
    generation_run(generation_id=turn.generation.pk)
    conversation = Conversation.objects.get()
    assert (conversation.title, conversation.title_is_auto) == ("My plan", False)


def test_rename_refuses_an_empty_title(owner):
    turn = services.conversation_start(user=owner, message="Hi", enqueue=False)
    with pytest.raises(ValidationError):
        services.conversation_rename(conversation=turn.conversation, user=owner, title="  ")


def test_context_update(owner, stranger):
    turn = services.conversation_start(user=owner, message="Hi", enqueue=False)
    job, resume = JobFactory(user=owner), ResumeFactory(user=owner)
    conversation = services.conversation_context_update(
        conversation=turn.conversation, user=owner, job=job, resume=resume, include_profile=False, include_goals=False
    )
    conversation.refresh_from_db()
    assert (conversation.job, conversation.resume, conversation.include_profile, conversation.include_goals) == (
        job, resume, False, False)
    with pytest.raises(ValidationError):
        services.conversation_context_update(
            conversation=conversation, user=owner, job=JobFactory(user=stranger), resume=None,
            include_profile=True, include_goals=True,
        )
    conversation.refresh_from_db()
    assert conversation.job == job


def test_delete_removes_the_conversation_and_a_late_answer_writes_nothing(owner):
    turn = services.conversation_start(user=owner, message="Hi", enqueue=False)
    services.conversation_delete(conversation=turn.conversation, user=owner)
    assert not Conversation.objects.exists() and not Message.objects.exists()
    generation = generation_run(generation_id=turn.generation.pk)
    assert generation.status == Generation.Status.FAILED
    assert not Message.objects.exists()


# --- With a model (loopback OpenAI-compatible server) ------------------------------------------------


def test_model_answer_streams_with_the_chosen_facts_and_history(owner, openai_settings, llm_server, eager):
    profile = ProfileFactory(user=owner)
    profile.current_company = "Initrode"
    profile.save()
    job = JobFactory(user=owner, company="Acme Rockets", title="Platform Engineer")
    llm_server.plan(llm.text("Follow up with **Acme Rockets** this week."), llm.text("Next steps"))
    turn = eager(services.conversation_start, user=owner, message="What should I do next?", job=job)
    turn.reply.refresh_from_db()
    assert turn.reply.status == "DONE"
    assert turn.reply.content == "Follow up with **Acme Rockets** this week."
    assert turn.reply.metadata["provider"] == "openai" and turn.reply.metadata["model"] == "test-model"
    # Both calls' tokens: the answer and the short title.
    assert turn.reply.metadata["usage"]["total_tokens"] == 36
    assert Conversation.objects.get().title == "Next steps"
    request = llm_server.requests[0]
    assert request["stream"] is True
    system = request["messages"][0]
    assert system["role"] == "system" and "Use ONLY the facts" in system["content"]
    assert "Initrode" in system["content"] and "Target job: Platform Engineer at Acme Rockets" in system["content"]
    assert request["messages"][-1] == {"role": "user", "content": "What should I do next?"}

    llm_server.plan(llm.text("Kubernetes."))
    eager(services.message_send, conversation=turn.conversation, user=owner, message="And skills?")
    roles = [(m["role"], m["content"]) for m in llm_server.requests[2]["messages"][1:]]
    assert roles == [
        ("user", "What should I do next?"),
        ("assistant", "Follow up with **Acme Rockets** this week."),
        ("user", "And skills?"),
    ]
    assert Conversation.objects.get().title == "Next steps"


def test_failure_keeps_the_question_refunds_and_retries(owner, openai_settings, llm_server, eager):
    llm_server.plan(llm.server_error(), llm.server_error())
    turn = eager(services.conversation_start, user=owner, message="What should I do next?")
    turn.reply.refresh_from_db()
    assert turn.reply.status == Message.Status.FAILED
    assert Message.objects.get(role="user").content == "What should I do next?"
    generation = Generation.objects.get()
    assert generation.status == Generation.Status.FAILED and generation.error
    assert UsageRecord.objects.get().refunded_at is not None

    llm_server.plan(llm.text("Here is the plan."), llm.text("Plan"))
    new = eager(generation_retry, generation=generation)
    turn.reply.refresh_from_db()
    assert (turn.reply.status, turn.reply.content, turn.reply.generation_id) == ("DONE", "Here is the plan.", new.pk)
    assert Message.objects.count() == 2


# --- Demo --------------------------------------------------------------------------------------------


def test_seed_demo_chat_is_idempotent(owner):
    ProfileFactory(user=owner)
    job = JobFactory(user=owner, status="INTERVIEW_SCHEDULED", company="Doctolib")
    seed_demo_chat(seeker=owner)
    seed_demo_chat(seeker=owner)
    conversation = Conversation.objects.get(user=owner)
    assert conversation.title == "What should I do next?"
    assert (conversation.job, conversation.include_profile) == (job, True)
    reply = conversation.messages.get(role="assistant")
    assert reply.status == "DONE" and reply.metadata["provider"] == "offline"
    assert "Offline coach" in reply.content


def test_seed_demo_chat_answers_offline_whatever_the_provider(owner, openai_settings, llm_server):
    seed_demo_chat(seeker=owner)
    assert Message.objects.get(role="assistant").metadata["provider"] == "offline"
    assert llm_server.requests == []


def test_seed_demo_chat_on_the_demo_seeker():
    from accounts.demo import DEMO_LOGINS, seed_demo
    from accounts.models import User
    from jobs.demo import seed_demo_board

    seed_demo()
    seeker = User.objects.get(email__iexact=DEMO_LOGINS[0].email)
    seed_demo_board(user=seeker)
    seed_demo_chat(seeker=seeker)
    conversation = Conversation.objects.get(user=seeker)
    assert conversation.job.status == "INTERVIEW_SCHEDULED"
    reply = conversation.messages.get(role="assistant")
    assert reply.status == "DONE" and reply.metadata["intents"] == ["next_steps"]
    # The demo board's offer, upcoming interviews and deadlines are all in the answer.
    assert "Offer from **Trade Republic**" in reply.content
    assert "**Prepare** — interviews in the next two weeks:" in reply.content
    assert "**Apply** — deadlines within a week:" in reply.content
