"""Back office for the AI coach: the "AI provider" page (active provider, switching, test
connection against a loopback server) and the read-only coaching changelists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from coaching.ai.providers import active_config
from coaching.models import AISettings, Generation
from tests.accounts.factories import UserFactory
from tests.coaching.factories import (
    AssessmentFactory,
    ConversationFactory,
    CoverLetterFactory,
    GenerationFactory,
    GoalFactory,
    GoalMilestoneFactory,
    IndustryInsightFactory,
    MessageFactory,
    MockInterviewFactory,
    StoryFactory,
)
from tests.coaching.llm_server import error, text

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:coaching_aisettings_changelist")
TEST_CONNECTION = reverse("admin:coaching_aisettings_test_connection")


@pytest.fixture
def root():
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True, role=User.Role.ADMIN)


@pytest.fixture
def admin_client(client, root):
    client.force_login(root)
    return client


@pytest.fixture
def offline_settings(settings):
    settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_MODEL = "offline", "", ""
    settings.AI_API_KEY = ""
    return settings


def _page(client):
    response = client.get(PAGE, follow=True)
    assert response.status_code == 200
    return response, response.content.decode()


def _row() -> AISettings:
    return AISettings.objects.get()


# --- The AI provider page ------------------------------------------------------------------------


def test_page_is_a_singleton_created_on_first_visit(admin_client, offline_settings):
    response, _ = _page(admin_client)
    _page(admin_client)

    row = _row()
    assert response.redirect_chain == [(reverse("admin:coaching_aisettings_change", args=[row.pk]), 302)]
    assert (row.provider, row.base_url, row.model) == ("", "", "")


def test_page_shows_the_offline_provider_by_default(admin_client, offline_settings):
    _, html = _page(admin_client)

    assert "Offline coach (no model)" in html
    assert 'data-testid="active-provider">Offline coach (no model) <code>offline</code>' in html
    assert 'data-testid="test-connection"' in html


def test_page_shows_the_active_openai_settings_but_never_the_key(admin_client, settings):
    settings.AI_PROVIDER, settings.AI_BASE_URL, settings.AI_MODEL = "openai", "http://env.local/v1", "env-model"
    settings.AI_API_KEY, settings.AI_TIMEOUT, settings.AI_MAX_RETRIES = "sk-super-secret-123", 45.0, 3

    _, html = _page(admin_client)

    assert 'data-testid="active-provider">OpenAI-compatible server <code>openai</code>' in html
    assert 'data-testid="active-base-url">http://env.local/v1<' in html
    assert 'data-testid="active-model">env-model<' in html
    assert 'data-testid="api-key">set (AI_API_KEY)<' in html
    assert "45.0 s per request, 3 retries" in html
    assert "sk-super-secret-123" not in html


def test_page_shows_the_admin_override_over_settings(admin_client, offline_settings):
    AISettings.objects.create(provider="openai", base_url="http://admin.local/v1", model="admin-model")

    _, html = _page(admin_client)

    assert 'data-testid="active-provider">OpenAI-compatible server <code>openai</code>' in html
    assert 'data-testid="active-model">admin-model<' in html
    assert 'data-testid="api-key">not set' in html


def test_switching_provider_records_who_and_takes_effect(admin_client, root, offline_settings):
    _page(admin_client)
    row = _row()

    response = admin_client.post(
        reverse("admin:coaching_aisettings_change", args=[row.pk]),
        {"provider": "openai", "base_url": "http://localhost:11434/v1", "model": " llama3.1:8b "},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:coaching_aisettings_change", args=[row.pk])
    row.refresh_from_db()
    assert (row.provider, row.base_url, row.model) == ("openai", "http://localhost:11434/v1", "llama3.1:8b")
    assert row.updated_by == root
    config = active_config()
    assert (config.name, config.base_url, config.model) == ("openai", "http://localhost:11434/v1", "llama3.1:8b")
    assert AISettings.objects.count() == 1


def test_switching_rejects_a_bad_url(admin_client, offline_settings):
    _page(admin_client)
    row = _row()

    response = admin_client.post(
        reverse("admin:coaching_aisettings_change", args=[row.pk]), {"provider": "openai", "base_url": "not a url"}
    )

    assert response.status_code == 200
    assert "Enter the server&#x27;s base URL, starting with http:// or https://" in response.content.decode()
    row.refresh_from_db()
    assert row.provider == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("http://ollama:11434/v1", "http://ollama:11434/v1"), (" https://llm.example.com/v1/ ", "https://llm.example.com/v1"),
     ("http://127.0.0.1:1234/v1", "http://127.0.0.1:1234/v1"), ("", "")],
)
def test_switching_accepts_docker_host_names(admin_client, offline_settings, typed, stored):
    _page(admin_client)
    row = _row()

    response = admin_client.post(reverse("admin:coaching_aisettings_change", args=[row.pk]),
                                 {"provider": "openai", "base_url": typed, "model": "m"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.base_url == stored


@pytest.mark.parametrize("typed", ["ftp://llm.local/v1", "localhost:11434", "http://", "http://a b/v1", "http://h:99999/"])
def test_switching_rejects_other_urls(admin_client, offline_settings, typed):
    _page(admin_client)
    row = _row()

    response = admin_client.post(reverse("admin:coaching_aisettings_change", args=[row.pk]),
                                 {"provider": "openai", "base_url": typed, "model": "m"})

    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.provider, row.base_url) == ("", "")


def test_no_add_or_delete(admin_client, offline_settings):
    _page(admin_client)

    assert admin_client.get(reverse("admin:coaching_aisettings_add")).status_code == 403
    assert admin_client.get(reverse("admin:coaching_aisettings_delete", args=[_row().pk])).status_code == 403


def test_test_connection_succeeds_against_the_loopback_server(admin_client, offline_settings, llm_server):
    AISettings.objects.create(provider="openai", base_url=llm_server.url, model="test-model")
    llm_server.plan(text("ready"))

    response = admin_client.post(TEST_CONNECTION, follow=True)

    row = _row()
    assert row.last_test_ok is True
    assert row.last_test_message == "Connected: model test-model answered “ready”."
    assert row.last_test_at is not None
    assert "Connected: model test-model answered “ready”." in response.content.decode()
    [sent] = llm_server.requests
    assert sent["model"] == "test-model"


def test_test_connection_is_bounded_by_the_timeout_without_retries(admin_client, offline_settings, llm_server):
    offline_settings.AI_TIMEOUT, offline_settings.AI_MAX_RETRIES = 10.0, 5
    AISettings.objects.create(provider="openai", base_url=llm_server.url, model="test-model")
    llm_server.plan(error(500, "boom"), text("ready"))

    admin_client.post(TEST_CONNECTION)

    row = _row()
    assert row.last_test_ok is False
    assert len(llm_server.requests) == 1  # no retries in the admin's request
    assert "HTTP 500" in row.last_test_message


def test_test_connection_against_a_dead_port_fails_with_the_message_stored(admin_client, offline_settings):
    offline_settings.AI_TIMEOUT = 3.0
    AISettings.objects.create(provider="openai", base_url="http://127.0.0.1:9/v1", model="test-model")

    response = admin_client.post(TEST_CONNECTION, follow=True)

    row = _row()
    assert row.last_test_ok is False
    assert row.last_test_message == (
        "The AI provider could not be reached. Please try again in a moment. (http://127.0.0.1:9/v1: Connection error.)"
    )
    html = response.content.decode()
    assert "The AI provider could not be reached." in html
    assert 'alt="Failed"' in html


def test_test_connection_with_openai_and_no_model_explains(admin_client, settings):
    settings.AI_PROVIDER, settings.AI_MODEL = "offline", ""
    AISettings.objects.create(provider="openai", base_url="http://127.0.0.1:9/v1", model="")

    admin_client.post(TEST_CONNECTION)

    row = _row()
    assert row.last_test_ok is False
    assert "no model configured" in row.last_test_message


def test_test_connection_offline(admin_client, offline_settings):
    admin_client.post(TEST_CONNECTION)

    row = _row()
    assert (row.last_test_ok, row.last_test_message) == (True, "The offline coach needs no connection.")


def test_test_connection_needs_post_and_csrf(root, offline_settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(root)

    assert client.get(TEST_CONNECTION).status_code == 405
    assert client.post(TEST_CONNECTION).status_code == 403
    assert not AISettings.objects.filter(last_test_at__isnull=False).exists()


@pytest.mark.parametrize("staff", [False, True])
def test_non_staff_and_anonymous_are_redirected_to_login(client, staff, offline_settings):
    if staff:
        client.force_login(UserFactory(is_staff=False))

    for url in (PAGE, TEST_CONNECTION):
        response = client.post(url) if url == TEST_CONNECTION else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert not AISettings.objects.exists()


def test_staff_without_permission_cannot_test(client, offline_settings):
    client.force_login(UserFactory(is_staff=True, is_superuser=False))

    assert client.get(PAGE).status_code == 403
    assert client.post(TEST_CONNECTION).status_code == 403


# --- What the coach produced -----------------------------------------------------------------------


@pytest.fixture
def coaching_rows(owner):
    conversation = ConversationFactory(user=owner)
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, role="assistant", content="Follow up with Acme",
                   metadata={"provider": "openai", "model": "test-model", "usage": {"total_tokens": 5}})
    goal = GoalFactory(user=owner)
    GoalMilestoneFactory(goal=goal)
    return {
        "conversation": conversation, "mockinterview": MockInterviewFactory(user=owner),
        "assessment": AssessmentFactory(user=owner), "coverletter": CoverLetterFactory(user=owner), "goal": goal,
        "story": StoryFactory(user=owner), "industryinsight": IndustryInsightFactory(),
        "generation": GenerationFactory(user=owner, provider="openai", model="test-model"),
    }


@pytest.mark.parametrize(
    "model", ["conversation", "mockinterview", "assessment", "coverletter", "goal", "story", "industryinsight",
              "generation"],
)
def test_changelists_and_change_pages_load(admin_client, coaching_rows, model):
    assert admin_client.get(reverse(f"admin:coaching_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:coaching_{model}_changelist"), {"q": "owner@example.com"}).status_code == 200
    obj = coaching_rows[model]
    assert admin_client.get(reverse(f"admin:coaching_{model}_change", args=[obj.pk])).status_code == 200


def test_conversation_page_shows_messages_read_only(admin_client, coaching_rows):
    response = admin_client.get(reverse("admin:coaching_conversation_change", args=[coaching_rows["conversation"].pk]))

    html = response.content.decode()
    assert "Follow up with Acme" in html
    assert "test-model" in html
    assert 'name="messages-0-content"' not in html  # read-only


def test_generation_filters_and_search(admin_client, owner, stranger):
    GenerationFactory(user=owner, kind=Generation.Kind.QUIZ, provider="openai", model="test-model")
    GenerationFactory(user=stranger, kind=Generation.Kind.STORY, status=Generation.Status.FAILED, error="boom")
    url = reverse("admin:coaching_generation_changelist")

    by_kind = admin_client.get(url, {"kind__exact": "QUIZ", "provider__exact": "openai"})
    by_status = admin_client.get(url, {"status__exact": "FAILED"})
    by_email = admin_client.get(url, {"q": "stranger@example.com"})

    assert by_kind.context["cl"].result_count == 1
    assert by_status.context["cl"].result_count == 1
    assert [g.user for g in by_email.context["cl"].result_list] == [stranger]


def test_generation_is_read_only(admin_client, coaching_rows):
    generation = coaching_rows["generation"]

    response = admin_client.post(reverse("admin:coaching_generation_change", args=[generation.pk]),
                                 {"status": "FAILED"})

    assert response.status_code == 403
    generation.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED
    assert admin_client.get(reverse("admin:coaching_generation_add")).status_code == 403


def test_insight_only_next_update_is_editable(admin_client, coaching_rows):
    insight = coaching_rows["industryinsight"]

    response = admin_client.get(reverse("admin:coaching_industryinsight_change", args=[insight.pk]))

    form = response.context["adminform"].form
    assert list(form.fields) == ["next_update"]


def test_generation_changelist_query_count_does_not_grow(admin_client, owner, django_assert_max_num_queries):
    url = reverse("admin:coaching_generation_changelist")
    GenerationFactory(user=owner)
    admin_client.get(url)
    GenerationFactory.create_batch(10, user=owner)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200
