"""The generation framework in isolation (coaching/ai/generation.py, coaching/ai/stream.py),
with a throwaway generator registered for the STORY kind that writes onto a Story row:
quota counted and task queued on commit, claimed once, success and failure recorded with
refunds, retries, expiry of stale generations, and the streamed text in the real cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.ai import generation as framework
from coaching.ai import providers
from coaching.ai.generation import offline_text
from coaching.ai.stream import StreamWriter, stream_clear, stream_read
from coaching.models import Generation, Story
from coaching.tasks import generation_run_task
from tests.coaching.factories import StoryFactory

pytestmark = pytest.mark.django_db

STORY = Generation.Kind.STORY
OFFLINE_TEXT = "Offline story: you moved two applications forward this week."
MODEL_TEXT = "Model story: a week of steady progress."
USAGE = {"prompt_tokens": 120, "completion_tokens": 40, "total_tokens": 160}


class ModelProvider(providers.Provider):
    """Stands in for a model-backed provider; the throwaway generator never calls it."""

    name = providers.OPENAI
    is_offline = False


def model_provider() -> ModelProvider:
    return ModelProvider(providers.ProviderConfig(name=providers.OPENAI, model="test-model"))


@dataclass
class Throwaway:
    """A generator whose behaviour each test picks, recording every call it gets."""

    behaviour: str = "ok"  # ok | provider_error | crash | apply_crash | expire_meanwhile
    calls: list = field(default_factory=list)
    streamed_while_running: list = field(default_factory=list)

    def produce(self, generation, provider, on_delta):
        self.calls.append(("produce", generation.pk, generation.status))
        if self.behaviour == "provider_error":
            on_delta("Half an ans")
            raise providers.ProviderUnavailable("The AI server did not answer in time. Please try again.")
        if self.behaviour == "crash":
            raise RuntimeError("KeyError in the prompt builder: secret internals")
        if self.behaviour == "expire_meanwhile":
            Generation.objects.filter(pk=generation.pk).update(
                status=Generation.Status.FAILED, error="This took too long and was stopped.", finished_at=timezone.now()
            )
        if provider.is_offline:
            return offline_text(OFFLINE_TEXT, on_delta)
        on_delta("Model story: ")
        self.streamed_while_running.append(stream_read(generation.pk))
        on_delta("a week of steady progress.")
        return providers.Completion(text=MODEL_TEXT, provider=provider.name, model=provider.model, usage=USAGE)

    def apply(self, generation, output):
        self.calls.append(("apply", generation.pk))
        Story.objects.filter(pk=generation.target_id).update(
            content=output.text, status=Story.Status.READY, provider=output.provider, generated_at=timezone.now()
        )
        if self.behaviour == "apply_crash":
            raise ValueError("the result did not fit the target")

    def fail(self, generation):
        self.calls.append(("fail", generation.pk))
        Story.objects.filter(pk=generation.target_id).update(status=Story.Status.FAILED)

    def restart(self, generation):
        self.calls.append(("restart", generation.pk))
        Story.objects.filter(pk=generation.target_id).update(status=Story.Status.GENERATING)

    def result_url(self, generation):
        return f"/coach/stories/{generation.target_id}/"

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


def _request(user, story, *, enqueue: bool = False, **input_) -> Generation:
    return framework.generation_request(
        user=user, kind=STORY, target_id=story.pk, input=input_ or {"period": "week", "note": "be kind"},
        enqueue=enqueue,
    )


def _used(user) -> int:
    return billing_selectors.quota_status(user=user).used


# --- Asking: quota first, then the row, then the task on commit -------------------------------


def test_request_counts_usage_and_enqueues_on_commit(gen, owner, story, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        generation = _request(owner, story, enqueue=True)
    generation.refresh_from_db()
    assert (generation.status, generation.kind, generation.target_id) == (Generation.Status.PENDING, STORY, story.pk)
    assert generation.input == {"period": "week", "note": "be kind"}
    record = generation.usage_record
    assert (record.user, record.action, record.refunded_at) == (owner, UsageRecord.Action.AI_STORY, None)
    assert record.metadata == {"kind": STORY, "generation_id": str(generation.pk)}
    assert _used(owner) == 1
    assert len(callbacks) == 1 and gen.calls == []  # nothing ran before the commit
    callbacks[0]()  # the commit: the (eager) task runs the generation
    generation.refresh_from_db()
    story.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED
    assert (story.status, story.content, story.provider) == (Story.Status.READY, OFFLINE_TEXT, "offline")


def test_request_without_enqueue_queues_nothing(gen, owner, story, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generation = _request(owner, story, enqueue=False)
    assert callbacks == []
    generation.refresh_from_db()
    assert generation.status == Generation.Status.PENDING and gen.calls == []


def test_over_quota_raises_and_writes_no_generation(gen, owner, story, django_capture_on_commit_callbacks):
    for _ in range(10):
        billing_services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(QuotaExceeded) as caught:
        _request(owner, story, enqueue=True)
    assert "reset at 00:00" in str(caught.value)
    assert not Generation.objects.exists()
    assert UsageRecord.objects.filter(user=owner).count() == 10
    assert callbacks == [] and gen.calls == []


def test_over_quota_inside_the_feature_service_leaves_no_target(gen, owner):
    """Features create their target and call generation_request in one atomic service."""
    for _ in range(10):
        billing_services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT)
    with pytest.raises(QuotaExceeded), transaction.atomic():
        target = StoryFactory(user=owner, status=Story.Status.GENERATING)
        _request(owner, target)
    assert not Story.objects.filter(user=owner).exists()
    assert not Generation.objects.exists()


# --- Running: claimed once ---------------------------------------------------------------------


def test_run_claims_once(gen, owner, story):
    generation = _request(owner, story)
    first = framework.generation_run(generation_id=generation.pk)
    assert first.status == Generation.Status.SUCCEEDED
    finished = Generation.objects.get(pk=generation.pk)
    assert framework.generation_run(generation_id=generation.pk) is None
    again = Generation.objects.get(pk=generation.pk)
    assert (again.status, again.updated_at, again.finished_at) == (finished.status, finished.updated_at, finished.finished_at)
    assert gen.names() == ["produce", "apply"]


def test_run_leaves_a_generation_another_worker_holds(gen, owner, story):
    generation = _request(owner, story)
    Generation.objects.filter(pk=generation.pk).update(status=Generation.Status.RUNNING, started_at=timezone.now())
    assert framework.generation_run(generation_id=generation.pk) is None
    assert gen.calls == []
    assert Generation.objects.get(pk=generation.pk).status == Generation.Status.RUNNING


def test_the_task_runs_the_generation_by_id(gen, owner, story):
    generation = _request(owner, story)
    assert generation_run_task(str(generation.pk)) == Generation.Status.SUCCEEDED
    assert generation_run_task(str(generation.pk)) is None  # run twice: nothing more happens


# --- Success -----------------------------------------------------------------------------------


def test_success_records_provider_model_usage_and_the_result(gen, owner, story, django_capture_on_commit_callbacks):
    generation = _request(owner, story)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs outside any transaction
        result = framework.generation_run(generation_id=generation.pk, provider=model_provider())
    assert result.status == Generation.Status.SUCCEEDED
    generation.refresh_from_db()
    assert (generation.provider, generation.model, generation.usage, generation.error) == (
        "openai", "test-model", USAGE, ""
    )
    assert before <= generation.started_at <= generation.finished_at <= timezone.now()
    assert gen.calls[0] == ("produce", generation.pk, Generation.Status.RUNNING)  # claimed before producing
    story.refresh_from_db()
    assert (story.status, story.content, story.provider) == (Story.Status.READY, MODEL_TEXT, "openai")
    record = UsageRecord.objects.get(pk=generation.usage_record_id)
    assert record.refunded_at is None
    assert record.metadata == {
        "kind": STORY, "generation_id": str(generation.pk), "provider": "openai", "model": "test-model", "usage": USAGE,
    }
    # The text was in the cache while it was written, and is gone once the result is saved.
    assert gen.streamed_while_running == ["Model story: "]
    assert stream_read(generation.pk) == ""


def test_offline_success_has_no_model(gen, owner, story):
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    assert (generation.status, generation.provider, generation.model, generation.usage) == (
        Generation.Status.SUCCEEDED, "offline", "", {}
    )
    assert generation.is_offline


def test_a_generation_expired_meanwhile_keeps_its_failure(gen, owner, story):
    gen.behaviour = "expire_meanwhile"
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert "apply" not in gen.names()
    story.refresh_from_db()
    assert story.content == ""


# --- Failure -----------------------------------------------------------------------------------


def test_provider_error_fails_with_its_message_and_refunds(gen, owner, story):
    gen.behaviour = "provider_error"
    generation = _request(owner, story)
    assert _used(owner) == 1
    result = framework.generation_run(generation_id=generation.pk, provider=model_provider())
    assert result.status == Generation.Status.FAILED
    generation.refresh_from_db()
    assert generation.error == "The AI server did not answer in time. Please try again."
    assert generation.finished_at is not None
    assert (generation.provider, generation.model) == ("openai", "test-model")
    assert UsageRecord.objects.get(pk=generation.usage_record_id).refunded_at is not None
    assert _used(owner) == 0
    assert gen.names() == ["produce", "fail"]
    story.refresh_from_db()
    assert story.status == Story.Status.FAILED
    assert generation.input == {"period": "week", "note": "be kind"}  # kept for "Try again"


def test_unexpected_exception_fails_with_a_generic_message(gen, owner, story, caplog):
    gen.behaviour = "crash"
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert generation.error == "Something went wrong while writing this. Please try again."
    assert "secret internals" not in generation.error
    assert "crashed" in caplog.text  # the details go to the log
    assert UsageRecord.objects.get(pk=generation.usage_record_id).refunded_at is not None
    assert gen.names() == ["produce", "fail"]


def test_apply_failing_rolls_back_its_writes(gen, owner, story):
    gen.behaviour = "apply_crash"
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    story.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert story.content == ""  # apply's update was rolled back with the success
    assert story.status == Story.Status.FAILED
    assert UsageRecord.objects.get(pk=generation.usage_record_id).refunded_at is not None


def test_provider_misconfigured_fails_cleanly(gen, owner, story, settings):
    settings.AI_PROVIDER, settings.AI_MODEL = "openai", ""
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED
    assert "AI_MODEL" in generation.error
    assert gen.names() == ["fail"]


# --- Trying again ------------------------------------------------------------------------------


@pytest.fixture
def failed(gen, owner, story):
    gen.behaviour = "provider_error"
    generation = _request(owner, story)
    framework.generation_run(generation_id=generation.pk)
    gen.behaviour, gen.calls[:] = "ok", []
    generation.refresh_from_db()
    return generation


def test_retry_creates_a_new_pending_generation(gen, owner, story, failed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        new = framework.generation_retry(generation=failed)
    new.refresh_from_db()
    assert new.pk != failed.pk
    assert (new.status, new.kind, new.target_id, new.input, new.retry_of) == (
        Generation.Status.PENDING, STORY, story.pk, failed.input, failed
    )
    assert new.usage_record.refunded_at is None
    assert _used(owner) == 1  # the failed attempt was refunded, the new one counts
    assert gen.names() == ["restart"]
    story.refresh_from_db()
    assert story.status == Story.Status.GENERATING
    assert len(callbacks) == 1
    callbacks[0]()
    new.refresh_from_db()
    story.refresh_from_db()
    assert new.status == Generation.Status.SUCCEEDED and story.status == Story.Status.READY


def test_retry_refuses_a_second_retry(gen, failed):
    framework.generation_retry(generation=failed)
    with pytest.raises(ValidationError, match="already tried again"):
        framework.generation_retry(generation=failed)
    assert Generation.objects.filter(retry_of=failed).count() == 1


@pytest.mark.parametrize("status", [Generation.Status.PENDING, Generation.Status.RUNNING, Generation.Status.SUCCEEDED])
def test_retry_refuses_a_generation_that_did_not_fail(gen, owner, story, status):
    generation = _request(owner, story)
    Generation.objects.filter(pk=generation.pk).update(
        status=status, finished_at=timezone.now() if status == Generation.Status.SUCCEEDED else None
    )
    with pytest.raises(ValidationError, match="Only a failed generation"):
        framework.generation_retry(generation=generation)
    assert Generation.objects.count() == 1 and "restart" not in gen.names()


def test_retry_over_quota_writes_nothing(gen, owner, story, failed):
    for _ in range(10):
        billing_services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT)
    with pytest.raises(QuotaExceeded):
        framework.generation_retry(generation=failed)
    assert Generation.objects.count() == 1
    assert gen.calls == []
    story.refresh_from_db()
    assert story.status == Story.Status.FAILED


def test_a_failed_retry_can_be_retried_in_turn(gen, owner, failed):
    gen.behaviour = "provider_error"
    second = framework.generation_retry(generation=failed)
    framework.generation_run(generation_id=second.pk)
    second.refresh_from_db()
    assert second.status == Generation.Status.FAILED
    third = framework.generation_retry(generation=second)
    assert third.retry_of == second and _used(owner) == 1


# --- Stale generations -------------------------------------------------------------------------


def _story(user, weeks_ago: int) -> Story:
    start = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7 * weeks_ago)
    return StoryFactory(user=user, status=Story.Status.GENERATING, period_start=start, period_end=start + timedelta(days=6))


def _aged(generation: Generation, minutes: int) -> Generation:
    Generation.objects.filter(pk=generation.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    return generation


def test_expire_fails_stale_generations_and_refunds(gen, owner, settings):
    settings.AI_GENERATION_STALE_MINUTES = 15
    pending = _aged(_request(owner, _story(owner, 0)), 20)
    running = _aged(_request(owner, _story(owner, 1)), 30)
    Generation.objects.filter(pk=running.pk).update(status=Generation.Status.RUNNING, started_at=timezone.now())
    fresh = _aged(_request(owner, _story(owner, 2)), 5)
    done = _aged(_request(owner, _story(owner, 3)), 60)
    framework.generation_run(generation_id=done.pk)
    gen.calls.clear()
    assert _used(owner) == 4

    assert framework.generations_expire() == 2

    for stale in (pending, running):
        stale.refresh_from_db()
        assert stale.status == Generation.Status.FAILED
        assert stale.error == "This took too long and was stopped. Please try again."
        assert stale.usage_record.refunded_at is not None
        assert Story.objects.get(pk=stale.target_id).status == Story.Status.FAILED
    assert sorted(gen.calls) == sorted([("fail", pending.pk), ("fail", running.pk)])
    fresh.refresh_from_db()
    done.refresh_from_db()
    assert (fresh.status, done.status) == (Generation.Status.PENDING, Generation.Status.SUCCEEDED)
    assert _used(owner) == 2
    assert framework.generations_expire() == 0  # nothing left to expire


def test_expire_takes_now(gen, owner, story, settings):
    settings.AI_GENERATION_STALE_MINUTES = 15
    generation = _request(owner, story)
    assert framework.generations_expire(now=timezone.now() + timedelta(minutes=14)) == 0
    assert framework.generations_expire(now=timezone.now() + timedelta(minutes=16)) == 1
    generation.refresh_from_db()
    assert generation.status == Generation.Status.FAILED


# --- The stream in the cache -------------------------------------------------------------------


def test_stream_round_trip_through_the_cache(owner):
    generation_id = "7d1b5e0e-0000-4000-8000-000000000001"
    assert stream_read(generation_id) == ""
    writer = StreamWriter(generation_id, interval=0)
    writer("Hello")
    assert stream_read(generation_id) == "Hello"
    writer(", world")
    assert stream_read(generation_id) == "Hello, world"
    stream_clear(generation_id)
    assert stream_read(generation_id) == ""


def test_stream_writes_at_most_every_interval_until_flushed():
    generation_id = "7d1b5e0e-0000-4000-8000-000000000002"
    writer = StreamWriter(generation_id, interval=3600)
    writer("First")  # the first delta is written at once
    writer(" second")
    writer(" third")
    assert stream_read(generation_id) == "First"
    writer.flush()
    assert stream_read(generation_id) == "First second third"


def test_streams_of_different_generations_are_separate():
    one, two = StreamWriter("a-1", interval=0), StreamWriter("a-2", interval=0)
    one("one")
    two("two")
    assert (stream_read("a-1"), stream_read("a-2")) == ("one", "two")
