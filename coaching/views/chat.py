"""The coach chat (/coach/chat/): the conversation list, a new chat, a conversation with
its messages, sending, the context chooser, rename and delete.

Sending answers at once: the user's message and a pending coach bubble are shown, and
the bubble polls the generation (coaching/views/generations.py) until the answer is
there. Over today's quota nothing is written and the form comes back with the text."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.markdown import render_markdown
from coaching.ai.stream import stream_read
from coaching.forms_chat import ChatContextForm, ChatMessageForm, ChatRenameForm, ChatStartForm
from coaching.models import Conversation, Message
from coaching.selectors import chat as selectors
from coaching.services import chat as services
from coaching.views.shortcuts import add_errors, htmx_redirect, row_or_none
from jobs.selectors.board import job_list_for_user

LIST_PAGE_SIZE = 30
SUGGESTIONS = (
    "What should I do next?",
    "What skills am I missing?",
    "Interview questions for this job",
    "How is my resume doing?",
    "How are my goals going?",
    "How should I negotiate the salary?",
)


def _conversation_or_404(request, conversation_id) -> Conversation:
    try:
        return selectors.conversation_get_for_user(user=request.user, conversation_id=conversation_id)
    except Conversation.DoesNotExist:
        raise Http404("No such conversation.") from None


def _context_initial(conversation: Conversation) -> dict:
    return {
        "job": conversation.job_id, "resume": conversation.resume_id,
        "include_profile": conversation.include_profile, "include_goals": conversation.include_goals,
    }


def _bubble_context(message: Message) -> dict:
    generation = message.generation
    partial = stream_read(generation.pk) if generation is not None and generation.is_active else ""
    html = render_markdown(message.content) if message.role == Message.Role.ASSISTANT and message.content else ""
    return {"message": message, "generation": generation, "partial_text": partial, "html": html}


def _thread(conversation: Conversation) -> list[dict]:
    return [_bubble_context(message) for message in selectors.message_list_for_conversation(conversation=conversation)]


def _detail_context(request, conversation: Conversation, **forms) -> dict:
    thread = _thread(conversation)
    return {
        "conversation": conversation,
        "thread": thread,
        "waiting": any(item["message"].status == Message.Status.PENDING for item in thread),
        "sidebar": selectors.conversation_sidebar_for_user(user=request.user),
        "send_form": forms.get("send_form") or ChatMessageForm(),
        "context_form": forms.get("context_form")
        or ChatContextForm(initial=_context_initial(conversation), user=request.user),
        "rename_form": forms.get("rename_form") or ChatRenameForm(initial={"title": conversation.title}),
        "quota": quota_status(user=request.user),
    }


# --- Pages ----------------------------------------------------------------------------------------


@login_required
@require_GET
def chat_list(request):
    paginator = Paginator(selectors.conversation_list_with_preview(user=request.user), LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "conversations": list(page.object_list), "suggestions": SUGGESTIONS}
    template = "coaching/chat_list.html#conversation-rows" if request.htmx else "coaching/chat_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def chat_new(request):
    if request.method == "POST":
        form = ChatStartForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                turn = services.conversation_start(
                    user=request.user, message=data["message"], job=data["job"], resume=data["resume"],
                    include_profile=data["include_profile"], include_goals=data["include_goals"],
                )
            except QuotaExceeded as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return htmx_redirect(request, reverse("coaching:chat_detail", args=[turn.conversation.pk]))
    else:
        form = ChatStartForm(initial=_start_initial(request), user=request.user)
    template = "coaching/chat_new.html#start-form" if request.htmx else "coaching/chat_new.html"
    return render(request, template, {"form": form, "quota": quota_status(user=request.user),
                                      "suggestions": SUGGESTIONS})


def _start_initial(request) -> dict:
    """?job=<id> preselects one of the user's jobs (anything else is ignored); ?message= prefills."""
    initial = {"include_profile": True, "include_goals": True}
    if request.GET.get("message"):
        initial["message"] = request.GET["message"][: services.MESSAGE_MAX_LENGTH]
    job = row_or_none(job_list_for_user(user=request.user).only("id"), request.GET.get("job"))
    if job is not None:
        initial["job"] = job.pk
    return initial


@login_required
@require_GET
def chat_detail(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    if request.htmx and request.GET.get("fragment") == "thread":
        return render(request, "coaching/chat_detail.html#thread", {"thread": _thread(conversation),
                                                                     "conversation": conversation})
    return render(request, "coaching/chat_detail.html", _detail_context(request, conversation))


@login_required
@require_GET
def chat_message(request, conversation_id, message_id):
    """One bubble: what the poller loads once the coach's answer is written."""
    try:
        message = selectors.message_get_for_user(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
    except Message.DoesNotExist:
        raise Http404("No such message.") from None
    if not request.htmx:
        return redirect(reverse("coaching:chat_detail", args=[conversation_id]) + f"#message-{message.pk}")
    context = {**_bubble_context(message), "conversation": message.conversation, "oob_title": True}
    return render(request, "coaching/chat_message.html", context)


# --- Actions ---------------------------------------------------------------------------------------


@login_required
@require_POST
def chat_send(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    form = ChatMessageForm(request.POST)
    sent: list[dict] = []
    if form.is_valid():
        try:
            turn = services.message_send(
                conversation=conversation, user=request.user, message=form.cleaned_data["message"]
            )
        except QuotaExceeded as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if not request.htmx:
                return redirect(reverse("coaching:chat_detail", args=[conversation.pk]) + "#chat-send-form")
            sent = [_bubble_context(m) for m in selectors.message_list_for_conversation(conversation=conversation)
                    if m.created_at >= turn.question.created_at]
            form = ChatMessageForm()
    if request.htmx:
        return render(request, "coaching/chat_detail.html#send-form", {
            "conversation": conversation, "send_form": form, "sent": sent, "quota": quota_status(user=request.user),
        })
    return render(request, "coaching/chat_detail.html", _detail_context(request, conversation, send_form=form))


@login_required
@require_POST
def chat_context(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    form = ChatContextForm(request.POST, user=request.user)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            conversation = services.conversation_context_update(
                conversation=conversation, user=request.user, job=data["job"], resume=data["resume"],
                include_profile=data["include_profile"], include_goals=data["include_goals"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, "The coach will use this context from your next message on.")
                return redirect("coaching:chat_detail", conversation_id=conversation.pk)
            form = ChatContextForm(initial=_context_initial(conversation), user=request.user)
    if request.htmx:
        return render(request, "coaching/chat_detail.html#context-form",
                      {"conversation": conversation, "context_form": form, "saved": saved})
    return render(request, "coaching/chat_detail.html", _detail_context(request, conversation, context_form=form))


@login_required
@require_POST
def chat_rename(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    form = ChatRenameForm(request.POST)
    if form.is_valid():
        try:
            conversation = services.conversation_rename(
                conversation=conversation, user=request.user, title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, "Conversation renamed.")
                return redirect("coaching:chat_detail", conversation_id=conversation.pk)
            form = ChatRenameForm(initial={"title": conversation.title})
    if request.htmx:
        return render(request, "coaching/chat_detail.html#title", {"conversation": conversation, "rename_form": form})
    return render(request, "coaching/chat_detail.html", _detail_context(request, conversation, rename_form=form))


@login_required
@require_POST
def chat_delete(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    services.conversation_delete(conversation=conversation, user=request.user)
    messages.success(request, "Conversation deleted.")
    return htmx_redirect(request, reverse("coaching:chat_list"))


urlpatterns = [
    path("chat/", chat_list, name="chat_list"),
    path("chat/new/", chat_new, name="chat_new"),
    path("chat/<uuid:conversation_id>/", chat_detail, name="chat_detail"),
    path("chat/<uuid:conversation_id>/send/", chat_send, name="chat_send"),
    path("chat/<uuid:conversation_id>/context/", chat_context, name="chat_context"),
    path("chat/<uuid:conversation_id>/rename/", chat_rename, name="chat_rename"),
    path("chat/<uuid:conversation_id>/delete/", chat_delete, name="chat_delete"),
    path("chat/<uuid:conversation_id>/messages/<uuid:message_id>/", chat_message, name="chat_message"),
]
