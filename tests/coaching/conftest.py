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
