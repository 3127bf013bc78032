"""Every AI generation, from request to result, runs through here.

    view/API  ─ generation_request() ─ quota counted (billing.services.usage_consume),
                                       Generation PENDING, task enqueued on commit
    worker    ─ generation_run()     ─ claims it (RUNNING), asks the feature's generator,
                                       streams text to the cache, writes the result onto its
                                       target atomically (SUCCEEDED) — or records a clear
                                       error, refunds the quota and marks the target (FAILED)
    page      ─ polls the generation's status fragment; a failure offers "Try again"
                                       (generation_retry), the user's input kept in ``input``.

A feature registers a ``GeneratorSpec`` (coaching/ai/generators/<feature>.py): how to
produce the answer with a provider (offline or model), how to apply it, how to mark its
target failed or pending again, and where the user goes when it is done.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from billing import services as billing_services
from coaching.ai import providers
from coaching.ai.stream import StreamWriter, stream_clear
from coaching.models import Generation

log = logging.getLogger(__name__)

Output = providers.Completion | providers.StructuredCompletion


@dataclass(frozen=True)
class GeneratorSpec:
    kind: str  # Generation.Kind
    usage_action: str  # billing.UsageRecord.Action
    # (generation, provider, on_delta) -> Completion | StructuredCompletion. Runs in the worker,
    # outside any transaction; reads the DB, never writes it.
    produce: Callable[[Generation, providers.Provider, Callable[[str], None]], Output]
    # (generation, output) -> None. Writes the result onto the target; runs inside atomic().
    apply: Callable[[Generation, Output], None]
    # (generation) -> None. Marks the target failed; runs inside atomic().
    fail: Callable[[Generation], None]
    # (generation) -> None. Puts the target back to "being written" before a retry; atomic().
    restart: Callable[[Generation], None]
    # (generation) -> URL of the page showing the result.
    result_url: Callable[[Generation], str]
    # Optional template for the poller when done (e.g. one chat bubble) instead of a redirect.
    done_template: str = ""


_REGISTRY: dict[str, GeneratorSpec] = {}


def register(spec: GeneratorSpec) -> GeneratorSpec:
    _REGISTRY[spec.kind] = spec
    return spec


def spec_for(kind: str) -> GeneratorSpec:
    import coaching.ai.generators  # noqa: F401  (each feature registers itself on import)

    return _REGISTRY[kind]


@transaction.atomic
def generation_request(
    *, user: User, kind: str, target_id=None, input: dict[str, Any] | None = None,
    retry_of: Generation | None = None, enqueue: bool = True,
) -> Generation:
    """Count the generation against today's quota and queue it. Raises
    ``billing.exceptions.QuotaExceeded`` (nothing written) when the quota is used up.
    Call it inside the service that creates the target, so both commit together."""
    spec = spec_for(kind)
    record = billing_services.usage_consume(user=user, action=spec.usage_action, metadata={"kind": kind})
    generation = Generation(
        user=user, kind=kind, target_id=target_id, input=input or {}, usage_record=record, retry_of=retry_of
    )
    generation.full_clean()
    generation.save()
    record.metadata["generation_id"] = str(generation.pk)
    record.save(update_fields=["metadata", "updated_at"])
    if enqueue:
        from coaching.tasks import generation_run_task

        generation_run_task.delay_on_commit(str(generation.pk))
    return generation


def generation_run(*, generation_id, provider: providers.Provider | None = None) -> Generation | None:
    """Run one generation (the task's body). Safe to run twice: only a PENDING generation
    is claimed. Never raises for provider failures; they are recorded on the row."""
    claimed = Generation.objects.filter(pk=generation_id, status=Generation.Status.PENDING).update(
        status=Generation.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    generation = Generation.objects.select_related("user").get(pk=generation_id)
    spec = spec_for(generation.kind)
    writer = StreamWriter(generation.pk)
    try:
        provider = provider or providers.provider_get()
        generation.provider = provider.name
        generation.model = provider.model if not provider.is_offline else ""
        output = spec.produce(generation, provider, writer)
        writer.flush()
        _succeed(generation, spec, output)
    except providers.ProviderError as exc:
        _fail(generation, spec, str(exc))
    except Exception:
        log.exception("generation %s (%s) crashed", generation.pk, generation.kind)
        _fail(generation, spec, "Something went wrong while writing this. Please try again.")
    generation.refresh_from_db()
    return generation


@transaction.atomic
def _succeed(generation: Generation, spec: GeneratorSpec, output: Output) -> None:
    locked = Generation.objects.select_for_update().get(pk=generation.pk)
    if locked.status != Generation.Status.RUNNING:  # expired meanwhile; keep the failure
        return
    spec.apply(generation, output)
    locked.status = Generation.Status.SUCCEEDED
    locked.provider, locked.model = output.provider, output.model
    locked.usage = output.usage or {}
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "provider", "model", "usage", "finished_at", "updated_at"])
    if locked.usage_record_id:
        from billing.models import UsageRecord

        record = UsageRecord.objects.get(pk=locked.usage_record_id)
        record.metadata.update({"provider": output.provider, "model": output.model, "usage": output.usage or {}})
        record.save(update_fields=["metadata", "updated_at"])
    transaction.on_commit(lambda: stream_clear(generation.pk))


@transaction.atomic
def _fail(generation: Generation, spec: GeneratorSpec, message: str) -> None:
    locked = Generation.objects.select_for_update().get(pk=generation.pk)
    if locked.status not in (Generation.Status.PENDING, Generation.Status.RUNNING):
        return
    locked.status = Generation.Status.FAILED
    locked.error = message[:2000]
    locked.provider, locked.model = generation.provider, generation.model
    locked.finished_at = timezone.now()
    locked.save(update_fields=["status", "error", "provider", "model", "finished_at", "updated_at"])
    if locked.usage_record_id:
        billing_services.usage_refund(record_id=locked.usage_record_id)
    spec.fail(locked)


@transaction.atomic
def generation_retry(*, generation: Generation) -> Generation:
    """Ask again after a failure, with the same input (counts against the quota again; the
    failed attempt was refunded). Only the latest failed generation of a target retries."""
    from django.core.exceptions import ValidationError

    locked = Generation.objects.select_for_update().get(pk=generation.pk)
    if locked.status != Generation.Status.FAILED:
        raise ValidationError("Only a failed generation can be tried again.")
    if Generation.objects.filter(retry_of=locked).exists():
        raise ValidationError("This generation was already tried again.")
    spec = spec_for(locked.kind)
    new = generation_request(
        user=locked.user, kind=locked.kind, target_id=locked.target_id, input=locked.input, retry_of=locked
    )
    spec.restart(new)
    return new


def generations_expire(*, now: datetime | None = None) -> int:
    """Fail generations a dead worker left pending or running (refunding them)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.AI_GENERATION_STALE_MINUTES)
    count = 0
    for generation in Generation.objects.filter(
        status__in=[Generation.Status.PENDING, Generation.Status.RUNNING], created_at__lt=cutoff
    ).only("pk", "kind"):
        _fail(generation, spec_for(generation.kind), "This took too long and was stopped. Please try again.")
        count += 1
    return count


def offline_text(text: str, on_delta: Callable[[str], None]) -> providers.Completion:
    """Wrap an offline answer as a completion (delivered to the stream in one piece)."""
    on_delta(text)
    return providers.Completion(text=text, provider=providers.OFFLINE)


def offline_structured(data, on_delta: Callable[[str], None] | None = None) -> providers.StructuredCompletion:
    return providers.StructuredCompletion(data=data, provider=providers.OFFLINE)
