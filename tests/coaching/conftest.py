"""Fixtures for the AI coach tests: a loopback OpenAI-compatible server."""

from __future__ import annotations

import pytest

from tests.coaching.llm_server import LLMServer


@pytest.fixture
def llm_server():
    """A Chat Completions server on 127.0.0.1; plan its answers with ``llm_server.plan(...)``
    (see tests/coaching/llm_server.py) and read what it was sent in ``llm_server.requests``."""
    with LLMServer() as server:
        yield server


@pytest.fixture
def openai_settings(settings, llm_server):
    """Settings pointing the ``openai`` provider at the loopback server (fast timeouts)."""
    settings.AI_PROVIDER = "openai"
    settings.AI_BASE_URL = llm_server.url
    settings.AI_MODEL = "test-model"
    settings.AI_API_KEY = "sk-test-secret"
    settings.AI_TIMEOUT = 10.0
    settings.AI_MAX_RETRIES = 1
    settings.AI_JSON_MODE = "auto"
    return settings


@pytest.fixture(autouse=True)
def _forget_json_mode_refusals():
    """The provider remembers per process which servers refused JSON mode; every test
    starts with a fresh server (and a fresh port), but clear it anyway."""
    from coaching.ai import providers

    providers._json_mode_refused.clear()
    yield
    providers._json_mode_refused.clear()


# --- The generation framework with a throwaway generator (test_generation*.py) ---


@pytest.fixture
def gen(monkeypatch):
    """The throwaway generator (tests/coaching/test_generation.py), registered for STORY for
    this test only, after the real features registered theirs."""
    import coaching.ai.generators  # noqa: F401
    from billing.models import UsageRecord
    from coaching.ai import generation as framework
    from coaching.ai.generation import GeneratorSpec
    from tests.coaching.test_generation import STORY, Throwaway

    throwaway = Throwaway()
    monkeypatch.setitem(
        framework._REGISTRY,
        STORY,
        GeneratorSpec(
            kind=STORY, usage_action=UsageRecord.Action.AI_STORY, produce=throwaway.produce, apply=throwaway.apply,
            fail=throwaway.fail, restart=throwaway.restart, result_url=throwaway.result_url,
        ),
    )
    return throwaway


@pytest.fixture
def story(owner):
    from coaching.models import Story
    from tests.coaching.factories import StoryFactory

    return StoryFactory(user=owner, status=Story.Status.GENERATING, content="", title="", provider="", generated_at=None)
