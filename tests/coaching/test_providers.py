"""The ``openai`` provider against a real loopback Chat Completions server, the provider
configuration (settings vs the admin's AISettings row), JSON extraction, and the generation
framework end to end with a model."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field

from billing.models import UsageRecord
from coaching.ai import generation as generation_module
from coaching.ai import providers
from coaching.ai.generation import GeneratorSpec, generation_request, generation_run
from coaching.ai.providers import (
    OpenAICompatibleProvider,
    ProviderConfig,
    ProviderOutputInvalid,
    ProviderUnavailable,
    active_config,
    extract_json,
    provider_get,
)
from coaching.ai.stream import stream_read
from coaching.models import AISettings, Generation, Message
from tests.coaching.factories import ConversationFactory, MessageFactory
from tests.coaching.llm_server import (
    error,
    json_answer,
    rate_limited,
    refuse_json_mode,
    server_error,
    sleep,
    stalled_stream,
    text,
)

ASK = [{"role": "system", "content": "You are a career coach."}, {"role": "user", "content": "Plan my week."}]


class Plan(BaseModel):
    title: str = Field(min_length=3)
    steps: list[str] = Field(min_length=1)


GOOD = {"title": "Your week", "steps": ["Follow up with Acme", "Practise STAR answers"]}


def make_provider(server, **overrides) -> OpenAICompatibleProvider:
    config = {"name": "openai", "base_url": server.url, "model": "test-model", "api_key": "sk-test",
              "timeout": 10.0, "max_retries": 1, **overrides}
    return OpenAICompatibleProvider(ProviderConfig(**config))


# --- Plain and streamed text -------------------------------------------------------------


def test_plain_text_returns_answer_model_and_usage(llm_server):
    llm_server.plan(text("Follow up with Acme today.", usage={"prompt_tokens": 30, "completion_tokens": 6,
                                                             "total_tokens": 36}))

    completion = make_provider(llm_server).complete_text(messages=ASK)

    assert completion.text == "Follow up with Acme today."
    assert (completion.provider, completion.model) == ("openai", "test-model")
    assert completion.usage == {"prompt_tokens": 30, "completion_tokens": 6, "total_tokens": 36}
    [sent] = llm_server.requests
    assert sent["model"] == "test-model"
    assert sent["messages"] == ASK
    assert "stream" not in sent and "response_format" not in sent
    assert sent["max_tokens"] == 1200


def test_sends_the_api_key_as_bearer_token(llm_server):
    make_provider(llm_server, api_key="sk-very-secret").complete_text(messages=ASK)

    headers = {name.lower(): value for name, value in llm_server.request_headers[0].items()}
    assert headers["authorization"] == "Bearer sk-very-secret"


def test_max_tokens_is_capped_by_the_configured_maximum(llm_server):
    provider = make_provider(llm_server, max_output_tokens=300)

    provider.complete_text(messages=ASK, max_tokens=50)
    provider.complete_text(messages=ASK, max_tokens=5000)

    assert [sent["max_tokens"] for sent in llm_server.requests] == [50, 300]


def test_streaming_delivers_deltas_in_order_and_records_usage(llm_server):
    llm_server.plan(text(["Follow", " up", " with", " Acme", "."], model="test-model-2024",
                         usage={"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}))
    deltas: list[str] = []

    completion = make_provider(llm_server).complete_text(messages=ASK, on_delta=deltas.append)

    assert deltas == ["Follow", " up", " with", " Acme", "."]
    assert completion.text == "Follow up with Acme."
    assert completion.model == "test-model-2024"
    assert completion.usage == {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}
    [sent] = llm_server.requests
    assert sent["stream"] is True
    assert sent["stream_options"] == {"include_usage": True}


def test_streaming_falls_back_when_stream_options_are_refused(llm_server):
    llm_server.plan(error(400, "Unrecognized request argument supplied: stream_options"), text("Hello there"))
    deltas: list[str] = []

    completion = make_provider(llm_server).complete_text(messages=ASK, on_delta=deltas.append)

    assert completion.text == "Hello there"
    assert deltas == ["Hello", " there"]
    assert completion.usage == {}  # the server never said
    assert "stream_options" in llm_server.requests[0]
    assert "stream_options" not in llm_server.requests[1]
    assert llm_server.requests[1]["stream"] is True


# --- Structured output ---------------------------------------------------------------------


def test_json_mode_accepted(llm_server):
    llm_server.plan(json_answer(GOOD))

    result = make_provider(llm_server).complete_structured(messages=ASK, schema=Plan)

    assert result.data == Plan(**GOOD)
    assert (result.provider, result.model) == ("openai", "test-model")
    assert result.usage == {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}
    [sent] = llm_server.requests
    assert sent["response_format"] == {"type": "json_object"}
    # The format instructions (with the schema) join the leading system message.
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][0]["content"].startswith("You are a career coach.")
    assert '"steps"' in sent["messages"][0]["content"]
    assert sent["messages"][1:] == ASK[1:]


def test_instructions_become_the_first_message_when_there_is_no_system_message(llm_server):
    llm_server.plan(json_answer(GOOD))

    make_provider(llm_server).complete_structured(messages=[{"role": "user", "content": "Plan"}], schema=Plan)

    messages = llm_server.requests[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "JSON" in messages[0]["content"]


def test_json_mode_refused_falls_back_to_instructions_and_is_remembered(llm_server):
    llm_server.plan(refuse_json_mode(), text(f"Sure! Here it is:\n```json\n{json.dumps(GOOD)}\n```\nGood luck."),
                    json_answer(GOOD))
    provider = make_provider(llm_server)

    first = provider.complete_structured(messages=ASK, schema=Plan)
    second = make_provider(llm_server).complete_structured(messages=ASK, schema=Plan)  # a new client, same server

    assert first.data == Plan(**GOOD) and second.data == Plan(**GOOD)
    assert [("response_format" in sent) for sent in llm_server.requests] == [True, False, False]
    assert "JSON" in llm_server.requests[1]["messages"][0]["content"]


def test_another_bad_request_is_not_taken_for_a_json_mode_refusal(llm_server):
    too_long = error(400, "This model's maximum context length is 4096 tokens.")
    llm_server.plan(too_long, too_long, json_answer(GOOD))
    provider = make_provider(llm_server)

    with pytest.raises(ProviderUnavailable, match="HTTP 400"):
        provider.complete_structured(messages=ASK, schema=Plan)
    provider.complete_structured(messages=ASK, schema=Plan)

    assert "response_format" in llm_server.requests[2]  # JSON mode still used


def test_json_mode_off_never_sends_response_format(llm_server):
    llm_server.plan(json_answer(GOOD))

    make_provider(llm_server, json_mode="off").complete_structured(messages=ASK, schema=Plan)

    assert "response_format" not in llm_server.requests[0]


def test_json_mode_on_does_not_fall_back(llm_server):
    llm_server.plan(refuse_json_mode())

    with pytest.raises(ProviderUnavailable, match="does not accept JSON mode.*AI_JSON_MODE=auto"):
        make_provider(llm_server, json_mode="on").complete_structured(messages=ASK, schema=Plan)

    assert len(llm_server.requests) == 1


def test_invalid_json_then_valid_retries_once_with_the_validation_error(llm_server):
    llm_server.plan(json_answer({"title": "Hi", "steps": []}, usage={"prompt_tokens": 10, "completion_tokens": 4,
                                                                     "total_tokens": 14}),
                    json_answer(GOOD, usage={"prompt_tokens": 20, "completion_tokens": 8, "total_tokens": 28}))

    result = make_provider(llm_server).complete_structured(messages=ASK, schema=Plan)

    assert result.data == Plan(**GOOD)
    assert result.usage == {"prompt_tokens": 30, "completion_tokens": 12, "total_tokens": 42}  # both calls
    first, second = llm_server.requests
    assert second["messages"][: len(first["messages"])] == first["messages"]
    assistant, correction = second["messages"][-2:]
    assert assistant == {"role": "assistant", "content": json.dumps({"title": "Hi", "steps": []})}
    assert correction["role"] == "user"
    assert "- title: String should have at least 3 characters" in correction["content"]
    assert "- steps: List should have at least 1 item" in correction["content"]


def test_not_json_at_all_then_valid(llm_server):
    llm_server.plan(text("I think you should follow up with Acme."), json_answer(GOOD))

    result = make_provider(llm_server).complete_structured(messages=ASK, schema=Plan)

    assert result.data.steps == GOOD["steps"]
    assert "Invalid JSON" in llm_server.requests[1]["messages"][-1]["content"]


def test_invalid_twice_is_a_clear_failure(llm_server):
    llm_server.plan(text("no idea"), json_answer({"title": "x"}), json_answer(GOOD))

    with pytest.raises(ProviderOutputInvalid) as caught:
        make_provider(llm_server).complete_structured(messages=ASK, schema=Plan)

    assert str(caught.value) == (
        "The AI model returned an answer in the wrong format twice. Please try again, "
        "or ask an administrator to choose a more capable model."
    )
    assert len(llm_server.requests) == 2  # one retry, not more


# --- Errors, retries, timeouts ---------------------------------------------------------------


def test_rate_limited_then_success_is_retried_by_the_sdk(llm_server):
    llm_server.plan(rate_limited(), text("Made it."))

    completion = make_provider(llm_server, max_retries=1).complete_text(messages=ASK)

    assert completion.text == "Made it."
    assert len(llm_server.requests) == 2
    assert llm_server.requests[0] == llm_server.requests[1]


def test_rate_limited_beyond_the_retries_is_unavailable(llm_server):
    llm_server.plan(rate_limited(), rate_limited())

    with pytest.raises(ProviderUnavailable, match=r"busy \(rate limited\)"):
        make_provider(llm_server, max_retries=1).complete_text(messages=ASK)

    assert len(llm_server.requests) == 2


def test_server_error_repeated_is_unavailable(llm_server):
    llm_server.plan(server_error(), server_error(), server_error(), text("never reached"))

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(llm_server, max_retries=2).complete_text(messages=ASK)

    assert str(caught.value) == "The AI provider failed (HTTP 500). Please try again."
    assert len(llm_server.requests) == 3  # first try + 2 retries


def test_server_error_then_success_in_structured_output(llm_server):
    llm_server.plan(server_error(), json_answer(GOOD))

    result = make_provider(llm_server, max_retries=1).complete_structured(messages=ASK, schema=Plan)

    assert result.data == Plan(**GOOD)


def test_timeout_is_unavailable_with_the_timeout_message(llm_server):
    llm_server.plan(sleep(5))

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(llm_server, timeout=0.5, max_retries=0).complete_text(messages=ASK)

    assert str(caught.value) == "The AI provider did not answer within 0.5 seconds. Please try again."


def test_timeout_mid_stream_is_unavailable(llm_server):
    llm_server.plan(stalled_stream(["Follow", " up"], 5))
    deltas: list[str] = []

    with pytest.raises(ProviderUnavailable, match="did not answer within 0.5 seconds"):
        make_provider(llm_server, timeout=0.5, max_retries=0).complete_text(messages=ASK, on_delta=deltas.append)

    assert deltas == ["Follow", " up"]


def test_unknown_model_says_which(llm_server):
    llm_server.plan(error(404, "model 'nope' not found", type_="not_found_error"))

    with pytest.raises(ProviderUnavailable, match="does not know the model “nope”"):
        make_provider(llm_server, model="nope").complete_text(messages=ASK)


def test_bad_key_says_so(llm_server):
    llm_server.plan(error(401, "Incorrect API key provided", type_="invalid_api_key"))

    with pytest.raises(ProviderUnavailable, match="refused our credentials"):
        make_provider(llm_server).complete_text(messages=ASK)


def test_unreachable_server_is_unavailable():
    provider = OpenAICompatibleProvider(ProviderConfig(name="openai", base_url="http://127.0.0.1:9/v1",
                                                       model="m", timeout=2, max_retries=0))

    with pytest.raises(ProviderUnavailable, match="could not be reached"):
        provider.complete_text(messages=ASK)


def test_test_connection_reports_the_model(llm_server):
    llm_server.plan(text("ready"))

    assert make_provider(llm_server).test_connection() == "Connected: model test-model answered “ready”."


def test_test_connection_failure_carries_the_server_detail(llm_server):
    llm_server.plan(error(400, "model is loading, try later"))

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(llm_server).test_connection()

    assert str(caught.value) == (
        f"The AI provider failed (HTTP 400). Please try again. ({llm_server.url}: model is loading, try later)"
    )


# --- Configuration ---------------------------------------------------------------------------


def test_active_config_comes_from_settings(db, settings):
    settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_MODEL = "openai", "http://llm.local/v1", "llama3"
    settings.AI_API_KEY, settings.AI_TIMEOUT, settings.AI_MAX_RETRIES = "sk-x", 12.0, 3
    settings.AI_JSON_MODE, settings.AI_MAX_OUTPUT_TOKENS = "off", 500

    assert active_config() == ProviderConfig(
        name="openai", base_url="http://llm.local/v1", api_key="sk-x", model="llama3", timeout=12.0,
        max_retries=3, json_mode="off", max_output_tokens=500,
    )


def test_active_config_honours_ai_settings_over_settings(db, settings):
    settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_MODEL = "offline", "http://env.local/v1", "env-model"
    settings.AI_API_KEY = "sk-from-env"
    AISettings.objects.create(provider="openai", base_url="http://admin.local/v1", model="admin-model")

    config = active_config()

    assert (config.name, config.base_url, config.model) == ("openai", "http://admin.local/v1", "admin-model")
    assert config.api_key == "sk-from-env"  # the key only ever comes from the environment


def test_active_config_empty_ai_settings_fields_fall_back(db, settings):
    settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_MODEL = "openai", "http://env.local/v1", "env-model"
    AISettings.objects.create(provider="", base_url="", model="")

    config = active_config()

    assert (config.name, config.base_url, config.model) == ("openai", "http://env.local/v1", "env-model")


def test_ai_settings_can_switch_back_to_offline(db, settings):
    settings.AI_PROVIDER, settings.AI_MODEL = "openai", "env-model"
    AISettings.objects.create(provider="offline")

    provider = provider_get()

    assert provider.is_offline and provider.name == "offline"


def test_provider_get_openai_without_model_is_unavailable():
    with pytest.raises(ProviderUnavailable, match="no model configured"):
        provider_get(ProviderConfig(name="openai", base_url="http://llm.local/v1", model=""))


def test_provider_get_openai(llm_server):
    provider = provider_get(ProviderConfig(name="openai", base_url=llm_server.url, model="test-model"))

    assert isinstance(provider, OpenAICompatibleProvider)
    assert not provider.is_offline and provider.model == "test-model"


def test_offline_provider_refuses_to_call_a_model():
    provider = provider_get(ProviderConfig(name="offline"))

    assert provider.is_offline
    with pytest.raises(providers.ProviderError):
        provider.complete_text(messages=ASK)


# --- extract_json ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ('{"a": 1}', '{"a": 1}'),
        ('```json\n{"a": 1}\n```', '{"a": 1}'),
        ('```\n{"a": {"b": [1, 2]}}\n```', '{"a": {"b": [1, 2]}}'),
        ('Sure! Here is the JSON:\n```json\n{"a": 1}\n```\nLet me know if…', '{"a": 1}'),
        ('Here you go: {"a": "x"} Hope that helps.', '{"a": "x"}'),
        ('Use {curly} braces like {"a": "}"} this.', '{"a": "}"}'),
        ("no json here", "no json here"),
        ("", ""),
    ],
)
def test_extract_json(answer, expected):
    assert extract_json(answer) == expected


# --- The generation framework with a model ----------------------------------------------------


def _chat_spec() -> GeneratorSpec:
    """A minimal chat generator (the feature's real one lives in coaching/ai/generators/chat.py):
    streams a model answer into an assistant Message and records model and usage on it."""

    def produce(generation, provider, on_delta):
        message = Message.objects.get(pk=generation.target_id)
        history = [{"role": m.role, "content": m.content}
                   for m in message.conversation.messages.exclude(pk=message.pk).order_by("created_at")]
        return provider.complete_text(messages=history, on_delta=on_delta)

    def apply(generation, output):
        Message.objects.filter(pk=generation.target_id).update(
            content=output.text, status=Message.Status.DONE,
            metadata={"provider": output.provider, "model": output.model, "usage": output.usage},
        )

    def fail(generation):
        Message.objects.filter(pk=generation.target_id).update(status=Message.Status.FAILED)

    def restart(generation):
        Message.objects.filter(pk=generation.target_id).update(status=Message.Status.PENDING)

    return GeneratorSpec(kind=Generation.Kind.CHAT_REPLY, usage_action=UsageRecord.Action.AI_CHAT, produce=produce,
                         apply=apply, fail=fail, restart=restart, result_url=lambda generation: "/coach/")


@pytest.fixture
def chat_spec(monkeypatch):
    import coaching.ai.generators  # noqa: F401  (the real generators register first)

    spec = _chat_spec()
    monkeypatch.setitem(generation_module._REGISTRY, spec.kind, spec)
    return spec


def _ask(user, question="What should I do next?"):
    conversation = ConversationFactory(user=user)
    MessageFactory(conversation=conversation, role=Message.Role.USER, content=question)
    reply = MessageFactory(conversation=conversation, role=Message.Role.ASSISTANT, content="",
                           status=Message.Status.PENDING)
    generation = generation_request(user=user, kind=Generation.Kind.CHAT_REPLY, target_id=reply.pk,
                                    input={"message": question}, enqueue=False)
    return reply, generation


def test_generation_run_with_openai_streams_and_records_model_and_usage(owner, chat_spec, openai_settings,
                                                                         llm_server, django_capture_on_commit_callbacks):
    llm_server.plan(text(["Follow up", " with Acme", " today."], usage={"prompt_tokens": 40, "completion_tokens": 9,
                                                                       "total_tokens": 49}))
    reply, generation = _ask(owner)

    with django_capture_on_commit_callbacks(execute=True):
        done = generation_run(generation_id=generation.pk)

    assert done.status == Generation.Status.SUCCEEDED
    assert (done.provider, done.model) == ("openai", "test-model")
    assert done.usage == {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}
    reply.refresh_from_db()
    assert reply.content == "Follow up with Acme today."
    assert reply.status == Message.Status.DONE
    assert reply.metadata == {"provider": "openai", "model": "test-model",
                              "usage": {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}}
    record = UsageRecord.objects.get(pk=done.usage_record_id)
    assert record.refunded_at is None
    assert record.metadata["provider"] == "openai"
    assert record.metadata["model"] == "test-model"
    assert record.metadata["usage"] == {"prompt_tokens": 40, "completion_tokens": 9, "total_tokens": 49}
    assert record.metadata["generation_id"] == str(done.pk)
    [sent] = llm_server.requests
    assert sent["stream"] is True
    assert sent["messages"] == [{"role": "user", "content": "What should I do next?"}]
    assert stream_read(done.pk) == ""  # partial text cleared once done


def test_generation_run_with_admin_chosen_provider(owner, chat_spec, settings, llm_server):
    settings.AI_PROVIDER, settings.AI_MODEL = "offline", ""
    AISettings.objects.create(provider="openai", base_url=llm_server.url, model="admin-model")
    llm_server.plan(text("Hello from the admin's model", model="admin-model"))
    reply, generation = _ask(owner)

    done = generation_run(generation_id=generation.pk)

    assert (done.status, done.model) == (Generation.Status.SUCCEEDED, "admin-model")
    assert llm_server.requests[0]["model"] == "admin-model"


def test_generation_run_timeout_fails_refunds_and_keeps_the_input(owner, chat_spec, openai_settings, llm_server):
    openai_settings.AI_TIMEOUT, openai_settings.AI_MAX_RETRIES = 0.5, 0
    llm_server.plan(sleep(5))
    reply, generation = _ask(owner, question="How do I negotiate?")

    done = generation_run(generation_id=generation.pk)

    assert done.status == Generation.Status.FAILED
    assert done.error == "The AI provider did not answer within 0.5 seconds. Please try again."
    assert (done.provider, done.model) == ("openai", "test-model")
    assert done.input == {"message": "How do I negotiate?"}
    reply.refresh_from_db()
    assert reply.status == Message.Status.FAILED
    assert UsageRecord.objects.get(pk=done.usage_record_id).refunded_at is not None


def test_generation_run_openai_without_model_fails_clearly(owner, chat_spec, settings):
    settings.AI_PROVIDER, settings.AI_MODEL = "openai", ""
    reply, generation = _ask(owner)

    done = generation_run(generation_id=generation.pk)

    assert done.status == Generation.Status.FAILED
    assert "no model configured" in done.error


def test_chat_reply_with_openai_end_to_end(owner, openai_settings, llm_server, django_capture_on_commit_callbacks):
    """The chat feature's real generator, through its service, with the model streaming."""
    from coaching.services.chat import conversation_start

    llm_server.plan(text(["You could", " follow up", " with Acme."],
                         usage={"prompt_tokens": 300, "completion_tokens": 9, "total_tokens": 309}))

    with django_capture_on_commit_callbacks(execute=True):
        conversation_start(user=owner, message="What should I do next?")

    reply = Message.objects.get(conversation__user=owner, role=Message.Role.ASSISTANT)
    generation = Generation.objects.get(pk=reply.generation_id)
    assert generation.status == Generation.Status.SUCCEEDED
    assert reply.status == Message.Status.DONE
    assert reply.content == "You could follow up with Acme."
    assert reply.metadata["provider"] == "openai"
    assert reply.metadata["model"] == "test-model"
    # Every call the answer took is counted (here possibly a second, cheap one for the title).
    assert reply.metadata["usage"]["prompt_tokens"] >= 300
    assert reply.metadata["usage"] == generation.usage
    record = UsageRecord.objects.get(pk=generation.usage_record_id)
    assert (record.metadata["provider"], record.metadata["model"]) == ("openai", "test-model")
    assert record.metadata["usage"] == generation.usage
    first = llm_server.requests[0]
    assert first["stream"] is True and first["model"] == "test-model"
    assert first["messages"][0]["role"] == "system"
    assert first["messages"][-1] == {"role": "user", "content": "What should I do next?"}
