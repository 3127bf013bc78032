"""Writes for the admin's AI provider choice (the one AISettings row) and its connection test."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.ai import providers
from coaching.models import AISettings


def ai_settings_get() -> AISettings:
    """The single settings row (created empty, i.e. "as configured", on first use).
    ``providers.active_config`` reads the first row by pk; this keeps to that row."""
    return AISettings.objects.order_by("pk").first() or AISettings.objects.create()


def ai_base_url_clean(value: str) -> str:
    """An http(s) URL with a host. Laxer than the model's URLField on purpose: Docker service
    names (http://ollama:11434/v1) have no dot, and Django's URLValidator refuses them."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise ValidationError(
            "Enter the server's base URL, starting with http:// or https://, e.g. http://localhost:11434/v1.",
            code="invalid",
        )
    return value.rstrip("/")


@transaction.atomic
def ai_settings_update(*, provider: str, base_url: str, model: str, updated_by: User | None) -> AISettings:
    try:
        base_url = ai_base_url_clean(base_url)
    except ValidationError as exc:
        raise ValidationError({"base_url": exc.messages}) from exc
    row = AISettings.objects.select_for_update().get(pk=ai_settings_get().pk)
    row.provider, row.base_url, row.model = provider, base_url, model.strip()
    row.updated_by = updated_by
    row.full_clean(exclude=["base_url"])
    row.save()
    return row


def ai_connection_test() -> AISettings:
    """Ask the active provider for one tiny answer and record how it went. Runs in the admin's
    request, so the SDK's retries are off: it takes at most about AI_TIMEOUT."""
    row = ai_settings_get()
    config = dataclasses.replace(providers.active_config(), max_retries=0)
    try:
        message, ok = providers.provider_get(config).test_connection(), True
    except providers.ProviderError as exc:
        message, ok = str(exc), False
    AISettings.objects.filter(pk=row.pk).update(
        last_test_at=timezone.now(), last_test_ok=ok, last_test_message=message[:2000], updated_at=timezone.now()
    )
    row.refresh_from_db()
    return row
