"""AI providers: the only code in CareerCoach that talks to a language model.

Two providers:

* ``offline`` (the default) needs no key and no network. It has no model at all: each
  feature's generator answers deterministically from the user's own data and the content
  shipped in ``coaching/content/``. The provider object only tells generators to do so.
* ``openai`` talks to any server speaking the OpenAI Chat Completions protocol through the
  ``openai`` SDK: streaming text, JSON mode when the server accepts it (instructions plus
  extraction when it does not), pydantic validation with one retry that shows the model its
  validation error, timeouts, and retries with backoff on 429/5xx/timeouts (the SDK's).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.conf import settings
from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)

T = TypeVar("T", bound=BaseModel)
OFFLINE = "offline"
OPENAI = "openai"


class ProviderError(Exception):
    """A generation failed in a way the user should be told about (shown verbatim)."""


class ProviderUnavailable(ProviderError):
    """The server could not be reached, timed out, or kept failing after the retries."""


class ProviderOutputInvalid(ProviderError):
    """The model's structured answer did not match the schema, twice."""


@dataclass
class Completion:
    text: str
    provider: str
    model: str = ""
    usage: dict = field(default_factory=dict)


@dataclass
class StructuredCompletion(Generic[T]):
    data: T
    provider: str
    model: str = ""
    usage: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    base_url: str = ""
    api_key: str = ""
    model: str = ""
    timeout: float = 60.0
    max_retries: int = 2
    json_mode: str = "auto"
    max_output_tokens: int = 1200


class Provider:
    name = OFFLINE
    is_offline = True

    def __init__(self, config: ProviderConfig):
        self.config = config

    @property
    def model(self) -> str:
        return self.config.model

    def describe(self) -> str:
        return "Offline coach: answers from your own data and CareerCoach's built-in content, no AI model."

    def test_connection(self) -> str:
        return "The offline coach needs no connection."

    def complete_text(self, *, messages: list[dict], on_delta: Callable[[str], None] | None = None,
                      max_tokens: int | None = None) -> Completion:
        raise ProviderError("The offline coach does not call a model; generators answer offline themselves.")

    def complete_structured(self, *, messages: list[dict], schema: type[T], max_tokens: int | None = None
                            ) -> StructuredCompletion[T]:
        raise ProviderError("The offline coach does not call a model; generators answer offline themselves.")


# Servers that refused JSON mode once (LM Studio wants json_schema, some llama.cpp builds
# reject response_format): remembered per process so later calls go straight to fallback.
_json_mode_refused: set[tuple[str, str]] = set()
_json_mode_lock = threading.Lock()

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def extract_json(text: str) -> str:
    """The JSON object inside a model's answer: strips code fences and chatter around it.
    Returns the text as it is when it holds no object (validation then says why)."""
    text = _FENCE.sub("", text.strip())
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        # The first "{" that starts a whole JSON object: chatter may hold stray braces.
        try:
            value, end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        if isinstance(value, dict):
            return text[start:end]
        start = text.find("{", end)
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end < start:
        return text
    return text[start : end + 1]


def _usage_dict(usage) -> dict:
    if usage is None:
        return {}
    keys = ("prompt_tokens", "completion_tokens", "total_tokens")
    return {key: getattr(usage, key, None) for key in keys if getattr(usage, key, None) is not None}


def _add_usage(total: dict, more: dict) -> dict:
    for key, value in more.items():
        total[key] = total.get(key, 0) + value
    return total


class OpenAICompatibleProvider(Provider):
    name = OPENAI
    is_offline = False

    def __init__(self, config: ProviderConfig):
        super().__init__(config)
        from openai import OpenAI

        self.client = OpenAI(
            # Local servers (Ollama, llama.cpp, LM Studio) ignore the key, but the SDK wants one.
            api_key=config.api_key or "not-needed",
            base_url=config.base_url or None,
            timeout=config.timeout,
            max_retries=config.max_retries,
        )

    def describe(self) -> str:
        where = self.config.base_url or "https://api.openai.com/v1"
        return f"OpenAI-compatible server at {where}, model {self.config.model or '(none set)'}."

    # --- errors ---------------------------------------------------------------------------

    def _error(self, exc: Exception) -> ProviderError:
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return ProviderUnavailable(
                f"The AI provider did not answer within {self.config.timeout:g} seconds. Please try again."
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderUnavailable("The AI provider could not be reached. Please try again in a moment.")
        if isinstance(exc, openai.RateLimitError):
            return ProviderUnavailable("The AI provider is busy (rate limited). Please try again in a minute.")
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ProviderUnavailable("The AI provider refused our credentials. An administrator needs to check AI_API_KEY.")
        if isinstance(exc, openai.NotFoundError):
            return ProviderUnavailable(
                f"The AI provider does not know the model “{self.config.model}”. An administrator needs to check AI_MODEL."
            )
        if isinstance(exc, openai.APIStatusError):
            return ProviderUnavailable(f"The AI provider failed (HTTP {exc.status_code}). Please try again.")
        return ProviderUnavailable("The AI provider failed unexpectedly. Please try again.")

    def _max_tokens(self, max_tokens: int | None) -> int:
        return min(max_tokens or self.config.max_output_tokens, self.config.max_output_tokens)

    # --- plain and streamed text ---------------------------------------------------------------

    def complete_text(self, *, messages: list[dict], on_delta: Callable[[str], None] | None = None,
                      max_tokens: int | None = None) -> Completion:
        import openai

        try:
            if on_delta is None:
                response = self.client.chat.completions.create(
                    model=self.config.model, messages=messages, max_tokens=self._max_tokens(max_tokens)
                )
                text = (response.choices[0].message.content or "") if response.choices else ""
                return Completion(text=text.strip(), provider=self.name, model=response.model or self.config.model,
                                  usage=_usage_dict(response.usage))
            return self._stream(messages=messages, on_delta=on_delta, max_tokens=max_tokens)
        except openai.OpenAIError as exc:
            log.warning("ai provider error: %s", exc)
            raise self._error(exc) from exc

    def _stream(self, *, messages, on_delta, max_tokens) -> Completion:
        import openai

        kwargs = {"model": self.config.model, "messages": messages, "max_tokens": self._max_tokens(max_tokens),
                  "stream": True}
        try:
            stream = self.client.chat.completions.create(**kwargs, stream_options={"include_usage": True})
        except openai.BadRequestError:
            # Older servers reject stream_options; usage then stays unknown.
            stream = self.client.chat.completions.create(**kwargs)
        parts: list[str] = []
        model, usage = self.config.model, {}
        for chunk in stream:
            model = chunk.model or model
            if chunk.usage is not None:
                usage = _usage_dict(chunk.usage)
            for choice in chunk.choices or ():
                delta = choice.delta.content if choice.delta else None
                if delta:
                    parts.append(delta)
                    on_delta(delta)
        return Completion(text="".join(parts).strip(), provider=self.name, model=model, usage=usage)

    # --- structured output -----------------------------------------------------------------

    def _json_mode_allowed(self) -> bool:
        if self.config.json_mode == "off":
            return False
        with _json_mode_lock:
            return (self.config.base_url, self.config.model) not in _json_mode_refused

    def _ask_json(self, messages: list[dict], max_tokens: int | None) -> tuple[str, str, dict]:
        import openai

        kwargs = {"model": self.config.model, "messages": messages, "max_tokens": self._max_tokens(max_tokens)}
        if self._json_mode_allowed():
            try:
                response = self.client.chat.completions.create(**kwargs, response_format={"type": "json_object"})
            except openai.BadRequestError as exc:
                if self.config.json_mode == "on":
                    raise ProviderUnavailable(
                        "The AI provider does not accept JSON mode. An administrator needs to set AI_JSON_MODE=auto."
                    ) from exc
                log.info("ai provider refused JSON mode, falling back to instructions: %s", exc)
                response = self.client.chat.completions.create(**kwargs)
                # Remembered only once the same request without JSON mode went through: a 400
                # for another reason (context too long, unknown model) is not a refusal.
                with _json_mode_lock:
                    _json_mode_refused.add((self.config.base_url, self.config.model))
        else:
            response = self.client.chat.completions.create(**kwargs)
        text = (response.choices[0].message.content or "") if response.choices else ""
        return text, response.model or self.config.model, _usage_dict(response.usage)

    def complete_structured(self, *, messages: list[dict], schema: type[T], max_tokens: int | None = None
                            ) -> StructuredCompletion[T]:
        import openai

        instructions = (
            "Reply with one JSON object only, no prose and no code fences. It must validate against "
            f"this JSON schema:\n{json.dumps(schema.model_json_schema(), separators=(',', ':'))}"
        )
        convo = _with_instructions(messages, instructions)
        usage: dict = {}
        try:
            for attempt in (1, 2):
                text, model, more = self._ask_json(convo, max_tokens)
                _add_usage(usage, more)
                try:
                    data = schema.model_validate_json(extract_json(text))
                    return StructuredCompletion(data=data, provider=self.name, model=model, usage=usage)
                except ValidationError as exc:
                    log.info("ai structured output invalid (attempt %s): %s", attempt, exc.errors()[:3])
                    if attempt == 2:
                        raise ProviderOutputInvalid(
                            "The AI model returned an answer in the wrong format twice. Please try again, "
                            "or ask an administrator to choose a more capable model."
                        ) from exc
                    convo = [
                        *convo,
                        {"role": "assistant", "content": text[:4000]},
                        {"role": "user", "content": "That answer is not valid. Fix these problems and reply with the "
                                                    f"corrected JSON object only:\n{_errors_text(exc)}"},
                    ]
        except openai.OpenAIError as exc:
            log.warning("ai provider error: %s", exc)
            raise self._error(exc) from exc
        raise AssertionError("unreachable")

    def test_connection(self) -> str:
        """One tiny completion. Raises ProviderError whose text also carries the server's own
        words (for the admin page; users never see it)."""
        try:
            completion = self.complete_text(
                messages=[{"role": "user", "content": "Reply with the single word: ready"}], max_tokens=16
            )
        except ProviderError as exc:
            detail = _server_detail(exc.__cause__)
            where = self.config.base_url or "https://api.openai.com/v1"
            raise type(exc)(f"{exc} ({where}: {detail})" if detail else f"{exc} ({where})") from exc.__cause__
        return f"Connected: model {completion.model} answered “{completion.text[:60]}”."


def _server_detail(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and body.get("message"):  # the SDK unwraps {"error": {...}}
        return str(body["message"])[:300]
    return str(getattr(exc, "message", "") or exc)[:300]


def _with_instructions(messages: list[dict], instructions: str) -> list[dict]:
    """The format instructions in the leading system message: many local chat templates
    (llama.cpp, Mistral's) reject a system message anywhere but first."""
    if messages and messages[0].get("role") == "system":
        first = {**messages[0], "content": f"{messages[0].get('content') or ''}\n\n{instructions}".strip()}
        return [first, *messages[1:]]
    return [{"role": "system", "content": instructions}, *messages]


def _errors_text(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors()[:10]:
        where = ".".join(str(part) for part in error.get("loc", ())) or "(root)"
        lines.append(f"- {where}: {error.get('msg')}")
    return "\n".join(lines)


def active_config() -> ProviderConfig:
    """The provider configuration in force: the admin's choice (AISettings) over settings."""
    from coaching.models import AISettings

    row = AISettings.objects.order_by("pk").first()
    name = (row.provider if row and row.provider else settings.AI_PROVIDER) or OFFLINE
    return ProviderConfig(
        name=name,
        base_url=(row.base_url if row and row.base_url else settings.AI_BASE_URL),
        api_key=settings.AI_API_KEY,
        model=(row.model if row and row.model else settings.AI_MODEL),
        timeout=settings.AI_TIMEOUT,
        max_retries=settings.AI_MAX_RETRIES,
        json_mode=settings.AI_JSON_MODE,
        max_output_tokens=settings.AI_MAX_OUTPUT_TOKENS,
    )


def provider_get(config: ProviderConfig | None = None) -> Provider:
    config = config or active_config()
    if config.name == OPENAI:
        if not config.model:
            raise ProviderUnavailable("The AI provider has no model configured. An administrator needs to set AI_MODEL.")
        return OpenAICompatibleProvider(config)
    return Provider(config)


def join_text(parts: Iterable[str]) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())
