"""Coach chat pages: list, new, detail, send, context, rename, delete and the finished
bubble. Every view: anonymous redirected, wrong method 405, stranger 404, happy path,
htmx fragment; quota and failure keep what the user typed; query counts are bounded."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from billing.models import UsageRecord
from coaching.models import Conversation, Generation, Message
from coaching.services import chat as services
from tests.coaching import llm_server as llm
from tests.coaching.factories import ConversationFactory, MessageFactory, UsageRecordFactory
from tests.jobs.factories import JobFactory, ResumeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture
def turn(owner, eager):
    """A conversation of the owner's with one finished offline answer."""
    return eager(services.conversation_start, user=owner, message="What should I do next?")


def _urls(turn):
    conversation_id = turn.conversation.pk
    return {
        "detail": ("get", reverse("coaching:chat_detail", args=[conversation_id])),
        "message": ("get", reverse("coaching:chat_message", args=[conversation_id, turn.reply.pk])),
        "send": ("post", reverse("coaching:chat_send", args=[conversation_id])),
        "context": ("post", reverse("coaching:chat_context", args=[conversation_id])),
        "rename": ("post", reverse("coaching:chat_rename", args=[conversation_id])),
        "delete": ("post", reverse("coaching:chat_delete", args=[conversation_id])),
    }


# --- Access ----------------------------------------------------------------------------------------


def test_anonymous_is_redirected_everywhere(client, turn):
    urls = [("get", reverse("coaching:chat_list")), ("get", reverse("coaching:chat_new")), *_urls(turn).values()]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_wrong_method_is_405(owner_client, turn):
    assert owner_client.post(reverse("coaching:chat_list")).status_code == 405
    assert owner_client.delete(reverse("coaching:chat_new")).status_code == 405
    for method, url in _urls(turn).values():
        other = owner_client.post if method == "get" else owner_client.get
        assert other(url).status_code == 405, url
    assert Conversation.objects.count() == 1


def test_stranger_gets_404_everywhere(stranger_client, turn):
    data = {"message": "hi", "title": "Mine", "include_profile": "on"}
    for method, url in _urls(turn).values():
        response = getattr(stranger_client, method)(url, data) if method == "post" else stranger_client.get(url)
        assert response.status_code == 404, url
    turn.conversation.refresh_from_db()
    assert turn.conversation.title == "What should I do next?" and Message.objects.count() == 2


# --- List --------------------------------------------------------------------------------------------


def test_list_shows_conversations_newest_first_with_preview(owner_client, owner, turn, django_assert_max_num_queries):
    older = ConversationFactory(user=owner, title="Older chat",
                                last_message_at=turn.conversation.last_message_at - datetime.timedelta(days=2))
    MessageFactory(conversation=older, content="Tell me about salaries please")
    ConversationFactory(title="Someone else's chat")
    for _ in range(5):
        MessageFactory(conversation=ConversationFactory(user=owner, title="More"), content="x")
    with django_assert_max_num_queries(13):
        response = owner_client.get(reverse("coaching:chat_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("What should I do next?") < html.index("Older chat")
    assert "You: Tell me about salaries please" in html
    assert "Coach: What to do next" in html and "###" not in html
    assert "Someone else" not in html


def test_list_htmx_returns_the_rows(owner_client, turn):
    response = owner_client.get(reverse("coaching:chat_list"), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="conversation-rows"') and "<html" not in html


def test_list_empty_state(owner_client):
    assert "No conversations yet" in owner_client.get(reverse("coaching:chat_list")).content.decode()


# --- New ---------------------------------------------------------------------------------------------


def test_new_form_preselects_an_own_job_only(owner_client, owner, stranger):
    job = JobFactory(user=owner, title="Data Engineer", company="Umbrella")
    foreign = JobFactory(user=stranger, title="Secret Job", company="Globex")
    html = owner_client.get(reverse("coaching:chat_new") + f"?job={job.pk}").content.decode()
    assert f'<option value="{job.pk}" selected>' in html
    assert "Globex" not in html
    html = owner_client.get(reverse("coaching:chat_new") + f"?job={foreign.pk}").content.decode()
    assert "selected>Data Engineer" not in html and "Globex" not in html
    assert owner_client.get(reverse("coaching:chat_new") + "?job=junk").status_code == 200
    assert 'id="ai-quota"' in html


def test_new_creates_the_conversation_and_redirects(owner_client, owner, eager):
    job, resume = JobFactory(user=owner), ResumeFactory(user=owner)
    response = eager(owner_client.post, reverse("coaching:chat_new"), {
        "message": "What skills am I missing?", "job": job.pk, "resume": resume.pk, "include_profile": "on",
    })
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("coaching:chat_detail", args=[conversation.pk])
    assert (conversation.job, conversation.resume, conversation.include_profile, conversation.include_goals) == (
        job, resume, True, False)
    assert conversation.messages.get(role="assistant").status == "DONE"


def test_new_htmx_redirects_the_browser(owner_client, eager):
    response = eager(owner_client.post, reverse("coaching:chat_new"), {"message": "Hi"}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/coach/chat/")


def test_new_with_another_users_job_is_a_form_error(owner_client, stranger):
    response = owner_client.post(reverse("coaching:chat_new"), {
        "message": "Keep this text", "job": JobFactory(user=stranger).pk, "resume": ResumeFactory(user=stranger).pk,
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of your tracked jobs." in html and "Choose one of your resumes." in html
    assert "Keep this text" in html
    response = owner_client.post(reverse("coaching:chat_new"), {"message": "Hi", "job": "junk", "resume": "junk"})
    assert response.status_code == 200 and "is not a valid UUID" in response.content.decode()
    assert not Conversation.objects.exists()


def test_new_over_quota_keeps_the_text_and_writes_nothing(owner_client, owner):
    UsageRecordFactory.create_batch(10, user=owner)
    response = owner_client.post(reverse("coaching:chat_new"), {"message": "My carefully typed question"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "My carefully typed question" in html and "used all 10" in html
    assert html.lstrip().startswith('<form id="chat-start-form"')
    assert not Conversation.objects.exists() and not Message.objects.exists()
    assert UsageRecord.objects.count() == 10


def test_new_without_message_is_a_form_error(owner_client):
    response = owner_client.post(reverse("coaching:chat_new"), {"message": "  "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Conversation.objects.exists()


# --- Detail ------------------------------------------------------------------------------------------


def test_detail_shows_the_thread_sidebar_and_context(owner_client, owner, turn, eager, django_assert_max_num_queries):
    for text in ("How are my goals?", "My resume?"):
        eager(services.message_send, conversation=turn.conversation, user=owner, message=text)
    ConversationFactory(user=owner, title="Another chat")
    JobFactory.create_batch(3, user=owner)
    with django_assert_max_num_queries(19):
        response = owner_client.get(reverse("coaching:chat_detail", args=[turn.conversation.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="chat-bubble chat-') == 6
    assert "<h3>What to do next on your board</h3>" in html  # markdown rendered
    assert "Offline coach" in html and "Another chat" in html
    assert 'id="chat-context-form"' in html and 'id="ai-quota"' in html


def test_detail_htmx_returns_the_thread(owner_client, turn):
    response = owner_client.get(reverse("coaching:chat_detail", args=[turn.conversation.pk]) + "?fragment=thread",
                                **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="chat-messages"') and "<html" not in html


def test_assistant_markdown_is_sanitised(owner_client, owner):
    conversation = ConversationFactory(user=owner)
    MessageFactory(conversation=conversation, role="assistant", content="**ok** <script>alert(1)</script>")
    html = owner_client.get(reverse("coaching:chat_detail", args=[conversation.pk])).content.decode()
    assert "<strong>ok</strong>" in html and "<script>alert(1)" not in html


def test_pending_answer_shows_the_poller(owner_client, owner):
    turn = services.conversation_start(user=owner, message="Hi", enqueue=False)
    html = owner_client.get(reverse("coaching:chat_detail", args=[turn.conversation.pk])).content.decode()
    assert f'id="generation-{turn.generation.pk}"' in html and "hx-trigger=\"every 1s\"" in html
    assert '<meta http-equiv="refresh"' in html


def test_failed_answer_shows_the_error_and_try_again(owner_client, owner, openai_settings, llm_server, eager):
    llm_server.plan(llm.server_error(), llm.server_error())
    turn = eager(services.conversation_start, user=owner, message="What should I do next?")
    html = owner_client.get(reverse("coaching:chat_detail", args=[turn.conversation.pk])).content.decode()
    assert "That did not work." in html and "Try again" in html
    assert "What should I do next?" in html
    llm_server.plan(llm.text("Now it works."))
    response = eager(owner_client.post, reverse("coaching:generation_retry", args=[turn.generation.pk]))
    assert response.status_code == 302
    turn.reply.refresh_from_db()
    assert (turn.reply.status, turn.reply.content) == ("DONE", "Now it works.")


# --- The finished bubble -----------------------------------------------------------------------------


def test_poller_done_loads_the_bubble(owner_client, turn):
    response = owner_client.get(reverse("coaching:generation_status", args=[turn.generation.pk]), **HTMX)
    url = reverse("coaching:chat_message", args=[turn.conversation.pk, turn.reply.pk])
    assert f'hx-get="{url}"' in response.content.decode()
    bubble = owner_client.get(url, **HTMX).content.decode()
    assert bubble.lstrip().startswith('<article class="chat-bubble chat-assistant"')
    assert f'id="message-{turn.reply.pk}"' in bubble and "<html" not in bubble
    assert '<span id="chat-title-text" hx-swap-oob="true">What should I do next?</span>' in bubble


def test_message_without_htmx_redirects_to_the_conversation(owner_client, turn):
    response = owner_client.get(reverse("coaching:chat_message", args=[turn.conversation.pk, turn.reply.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"#message-{turn.reply.pk}")


def test_message_of_another_conversation_is_404(owner_client, owner, turn):
    other = ConversationFactory(user=owner)
    url = reverse("coaching:chat_message", args=[other.pk, turn.reply.pk])
    assert owner_client.get(url, **HTMX).status_code == 404


# --- Send --------------------------------------------------------------------------------------------


def test_send_redirects_back(owner_client, turn, eager):
    response = eager(owner_client.post, reverse("coaching:chat_send", args=[turn.conversation.pk]),
                     {"message": "How are my goals?"})
    assert response.status_code == 302
    assert Message.objects.filter(conversation=turn.conversation).count() == 4


def test_send_htmx_appends_both_bubbles_and_clears_the_form(owner_client, turn, eager):
    response = eager(owner_client.post, reverse("coaching:chat_send", args=[turn.conversation.pk]),
                     {"message": "How are my goals?"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="chat-send-form"')
    assert 'hx-swap-oob="beforeend:#chat-messages"' in html
    assert html.count('class="chat-bubble chat-') == 2 and "How are my goals?" in html
    assert "</textarea>" in html and "How are my goals?</textarea>" not in html


def test_send_over_quota_keeps_the_text(owner_client, owner, turn):
    UsageRecordFactory.create_batch(9, user=owner)
    response = owner_client.post(reverse("coaching:chat_send", args=[turn.conversation.pk]),
                                 {"message": "Please keep me"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Please keep me</textarea>" in html and "used all 10" in html
    assert Message.objects.count() == 2


def test_send_over_quota_without_htmx_renders_the_page_with_the_text(owner_client, owner, turn):
    UsageRecordFactory.create_batch(9, user=owner)
    response = owner_client.post(reverse("coaching:chat_send", args=[turn.conversation.pk]),
                                 {"message": "Please keep me"})
    assert response.status_code == 200 and "Please keep me</textarea>" in response.content.decode()


def test_send_empty_is_a_form_error(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_send", args=[turn.conversation.pk]), {"message": ""}, **HTMX)
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Message.objects.count() == 2


# --- Context, rename, delete -------------------------------------------------------------------------


def test_context_change(owner_client, owner, turn):
    job = JobFactory(user=owner)
    response = owner_client.post(reverse("coaching:chat_context", args=[turn.conversation.pk]),
                                 {"job": job.pk, "include_goals": "on"})
    assert response.status_code == 302
    turn.conversation.refresh_from_db()
    assert (turn.conversation.job, turn.conversation.include_profile, turn.conversation.include_goals) == (
        job, False, True)


def test_context_htmx_returns_the_form(owner_client, owner, turn):
    response = owner_client.post(reverse("coaching:chat_context", args=[turn.conversation.pk]),
                                 {"include_profile": "on"}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="chat-context-form"') and "Saved." in html


def test_context_with_a_foreign_resume_is_a_form_error(owner_client, stranger, turn):
    response = owner_client.post(reverse("coaching:chat_context", args=[turn.conversation.pk]),
                                 {"resume": ResumeFactory(user=stranger).pk})
    assert response.status_code == 200 and "Choose one of your resumes." in response.content.decode()
    turn.conversation.refresh_from_db()
    assert turn.conversation.resume is None and turn.conversation.include_profile


def test_rename(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_rename", args=[turn.conversation.pk]), {"title": "Plan"})
    assert response.status_code == 302
    turn.conversation.refresh_from_db()
    assert (turn.conversation.title, turn.conversation.title_is_auto) == ("Plan", False)


def test_rename_htmx_returns_the_title(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_rename", args=[turn.conversation.pk]), {"title": "Plan"},
                                 **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<header class="page-header chat-header" id="chat-title-block">')
    assert '<span id="chat-title-text">Plan</span>' in html


def test_rename_blank_is_a_form_error(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_rename", args=[turn.conversation.pk]), {"title": " "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_delete(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_delete", args=[turn.conversation.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("coaching:chat_list")
    assert not Conversation.objects.exists() and not Message.objects.exists()
    assert Generation.objects.count() == 1  # history of the generation stays


def test_delete_htmx_redirects_the_browser(owner_client, turn):
    response = owner_client.post(reverse("coaching:chat_delete", args=[turn.conversation.pk]), **HTMX)
    assert response["HX-Redirect"] == reverse("coaching:chat_list")


def test_no_chat_url_answers_500(client, owner, stranger, turn):
    """The never-a-500 sweep over the chat's pages and API, as owner, stranger and anonymous."""
    junk = {"message": "x" * 5000, "title": "x" * 5000, "job": "nope", "resume": "-1", "include_profile": "maybe"}
    urls = [url for name, (_, url) in _urls(turn).items() if name != "delete"] + [
        reverse("coaching:chat_list"), reverse("coaching:chat_new"), reverse("coaching:chat_new") + "?job=junk",
        "/api/v1/coach/conversations/", f"/api/v1/coach/conversations/{turn.conversation.pk}/",
        f"/api/v1/coach/conversations/{turn.conversation.pk}/messages/", _urls(turn)["delete"][1],
    ]
    failures = []
    for user in (owner, stranger, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for method, data in (("get", None), ("post", {}), ("post", junk)):
                response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
                if response.status_code >= 500:
                    failures.append(f"{user} {method} {url} {response.status_code}")
    assert not failures
