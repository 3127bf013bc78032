"""Generator: the coach's answer in a chat (Generation.Kind.CHAT_REPLY).

The target is the assistant Message (status PENDING) created with the user's message.
Offline, the intent-based coach (coaching/offline/chat.py) answers from the user's data
in one piece; with a model, the answer streams from a prompt holding the facts of the
context the user chose and the last messages of the conversation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from billing.models import UsageRecord
from coaching.ai import providers
from coaching.ai.context import facts_text, user_facts
from coaching.ai.generation import GeneratorSpec, register
from coaching.models import Conversation, Generation, Message
from coaching.offline.chat import ChatScope, board_facts, offline_answer, title_from_message

HISTORY_MESSAGES = 20
TITLE_MAX = 80

SYSTEM_PROMPT = (
    "You are CareerCoach, a warm, direct career coach for a job seeker. Use ONLY the facts below about the user "
    "and their job search; never invent a skill, employer, date or number. When the facts do not say something, "
    "say that you do not know it and where in CareerCoach they can add it. Give concrete next steps. Answer in "
    "concise markdown (short paragraphs and lists)."
)


@dataclass
class ChatCompletion(providers.Completion):
    """A completion plus what the chat keeps on the message: the offline intents, links to
    other coach tools, and the conversation's automatic title (first answer only)."""

    intents: list[str] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    title: str = ""


def _message(generation: Generation) -> Message:
    try:
        return Message.objects.select_related(
            "conversation", "conversation__user", "conversation__job__posting", "conversation__resume"
        ).get(pk=generation.target_id)
    except Message.DoesNotExist:
        raise providers.ProviderError("This conversation was deleted.") from None


def _scope(conversation: Conversation) -> ChatScope:
    facts = user_facts(
        user=conversation.user, include_profile=conversation.include_profile, include_goals=conversation.include_goals,
        job=conversation.job, resume=conversation.resume,
    )
    return ChatScope(
        user=conversation.user, facts=facts, job=conversation.job, resume=conversation.resume,
        include_profile=conversation.include_profile, include_goals=conversation.include_goals,
    )


def _needs_title(conversation: Conversation) -> bool:
    return conversation.title_is_auto and not conversation.title


def _model_messages(message: Message, scope: ChatScope) -> list[dict]:
    facts = facts_text(scope.facts) or "(The user shared no profile facts in this conversation.)"
    board = board_facts(scope=scope)
    history = list(
        Message.objects.filter(
            conversation_id=message.conversation_id, status=Message.Status.DONE, created_at__lt=message.created_at
        ).exclude(content="").order_by("-created_at", "-id").values("role", "content")[:HISTORY_MESSAGES]
    )
    history.reverse()
    return [
        {"role": "system", "content": f"{SYSTEM_PROMPT}\n\nFacts about the user:\n{facts}\n\nTheir board:\n{board}"},
        *({"role": item["role"], "content": item["content"]} for item in history),
    ]


def _model_title(provider: providers.Provider, text: str, usage: dict) -> str:
    """A short title from the model (one cheap call); derived from the message if that fails."""
    try:
        completion = provider.complete_text(
            messages=[
                {"role": "system", "content": "Write a title of at most six words for a career coaching chat that "
                                              "starts with the user's message below. Reply with the title only."},
                {"role": "user", "content": text[:1000]},
            ],
            max_tokens=20,
        )
    except providers.ProviderError:
        return title_from_message(text)
    for key, value in (completion.usage or {}).items():
        usage[key] = usage.get(key, 0) + value
    title = " ".join(completion.text.strip().strip("\"'“”*#").split())[:TITLE_MAX]
    return title or title_from_message(text)


def produce(generation: Generation, provider: providers.Provider, on_delta) -> ChatCompletion:
    message = _message(generation)
    conversation = message.conversation
    text = str(generation.input.get("text") or "")
    scope = _scope(conversation)
    if provider.is_offline:
        answer = offline_answer(scope=scope, text=text, now=timezone.now())
        on_delta(answer.text)
        return ChatCompletion(
            text=answer.text, provider=providers.OFFLINE, intents=answer.intents, actions=answer.actions,
            title=title_from_message(text) if _needs_title(conversation) else "",
        )
    completion = provider.complete_text(messages=_model_messages(message, scope), on_delta=on_delta)
    if not completion.text.strip():
        raise providers.ProviderError("The AI model sent an empty answer. Please try again.")
    usage = dict(completion.usage or {})
    title = _model_title(provider, text, usage) if _needs_title(conversation) else ""
    return ChatCompletion(
        text=completion.text, provider=completion.provider, model=completion.model, usage=usage, title=title
    )


def apply(generation: Generation, output: providers.Completion) -> None:
    message = Message.objects.select_for_update().filter(pk=generation.target_id).first()
    if message is None:  # the conversation was deleted while the coach was writing
        return
    message.content = output.text[: Message._meta.get_field("content").max_length]
    message.status = Message.Status.DONE
    message.generation_id = generation.pk
    metadata = {"provider": output.provider, "model": output.model, "usage": output.usage or {}}
    if getattr(output, "intents", None):
        metadata["intents"] = list(output.intents)
    if getattr(output, "actions", None):
        metadata["actions"] = list(output.actions)
    message.metadata = metadata
    message.save(update_fields=["content", "status", "generation", "metadata", "updated_at"])
    now = timezone.now()
    Conversation.objects.filter(pk=message.conversation_id).update(last_message_at=now, updated_at=now)
    title = getattr(output, "title", "")
    if title:
        # Only while the user has not renamed it (a rename meanwhile wins).
        Conversation.objects.filter(pk=message.conversation_id, title_is_auto=True, title="").update(
            title=title[:200], updated_at=now
        )


def fail(generation: Generation) -> None:
    Message.objects.filter(pk=generation.target_id).update(
        status=Message.Status.FAILED, generation_id=generation.pk, updated_at=timezone.now()
    )


def restart(generation: Generation) -> None:
    Message.objects.filter(pk=generation.target_id).update(
        status=Message.Status.PENDING, generation_id=generation.pk, content="", metadata={}, updated_at=timezone.now()
    )


def result_url(generation: Generation) -> str:
    conversation_id = (generation.input or {}).get("conversation_id")
    if conversation_id and Conversation.objects.filter(pk=conversation_id, user_id=generation.user_id).exists():
        return reverse("coaching:chat_detail", args=[conversation_id]) + f"#message-{generation.target_id}"
    return reverse("coaching:chat_list")


register(
    GeneratorSpec(
        kind=Generation.Kind.CHAT_REPLY,
        usage_action=UsageRecord.Action.AI_CHAT,
        produce=produce,
        apply=apply,
        fail=fail,
        restart=restart,
        result_url=result_url,
        done_template="coaching/chat_reply_done.html",
    )
)
