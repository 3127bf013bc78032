"""Writes for the coach chat: start a conversation, send a message, choose the context,
rename, delete.

Sending saves the user's message and a PENDING assistant message, and asks for a
CHAT_REPLY generation targeting it — all in one transaction, so when the quota is used up
(``billing.exceptions.QuotaExceeded``) nothing at all is written and the view can show
the user's text again."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.ai.generation import generation_request
from coaching.models import Conversation, Generation, Message
from jobs.models import Job, Resume

MESSAGE_MAX_LENGTH = 4000
TITLE_MAX_LENGTH = 200


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise ValidationError({"message": "Write a message for the coach."}, code="message_empty")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": f"Keep your message under {MESSAGE_MAX_LENGTH} characters."}, code="message_too_long"
        )
    return text


def _check_context(*, user: User, job: Job | None, resume: Resume | None) -> None:
    # Views and the API pick from the user's own rows already; this keeps the rule in one place.
    errors = {}
    if job is not None and job.user_id != user.pk:
        errors["job"] = "Choose one of your tracked jobs."
    if resume is not None and resume.user_id != user.pk:
        errors["resume"] = "Choose one of your resumes."
    if errors:
        raise ValidationError(errors, code="context_not_yours")


@dataclass(frozen=True)
class ChatTurn:
    """What one send wrote: the user's message and the coach's pending answer."""

    conversation: Conversation
    question: Message
    reply: Message
    generation: Generation


def _ask(*, conversation: Conversation, user: User, text: str, enqueue: bool) -> ChatTurn:
    now = timezone.now()
    question = Message(conversation=conversation, role=Message.Role.USER, content=text, status=Message.Status.DONE)
    question.full_clean()
    question.save()
    reply = Message(conversation=conversation, role=Message.Role.ASSISTANT, status=Message.Status.PENDING)
    # Counted against today's quota here: QuotaExceeded rolls the whole service back.
    generation = generation_request(
        user=user,
        kind=Generation.Kind.CHAT_REPLY,
        target_id=reply.pk,
        input={"conversation_id": str(conversation.pk), "message_id": str(question.pk), "text": text},
        enqueue=enqueue,
    )
    reply.generation = generation
    reply.full_clean()
    reply.save()
    # The reply sorts after the question even when both get the same timestamp.
    if reply.created_at <= question.created_at:
        Message.objects.filter(pk=reply.pk).update(created_at=question.created_at + datetime.timedelta(microseconds=1))
    conversation.last_message_at = now
    conversation.save(update_fields=["last_message_at", "updated_at"])
    return ChatTurn(conversation=conversation, question=question, reply=reply, generation=generation)


@transaction.atomic
def conversation_start(
    *,
    user: User,
    message: str,
    job: Job | None = None,
    resume: Resume | None = None,
    include_profile: bool = True,
    include_goals: bool = True,
    enqueue: bool = True,
) -> ChatTurn:
    """A new conversation with its first message; the coach's answer is queued."""
    text = _clean_text(message)
    _check_context(user=user, job=job, resume=resume)
    conversation = Conversation(
        user=user, job=job, resume=resume, include_profile=include_profile, include_goals=include_goals
    )
    conversation.full_clean()
    conversation.save()
    return _ask(conversation=conversation, user=user, text=text, enqueue=enqueue)


@transaction.atomic
def message_send(*, conversation: Conversation, user: User, message: str, enqueue: bool = True) -> ChatTurn:
    """Send ``message`` and queue the coach's answer (a PENDING reply)."""
    text = _clean_text(message)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk, user=user)
    if Message.objects.filter(
        conversation=conversation, role=Message.Role.ASSISTANT, status=Message.Status.PENDING
    ).exists():
        raise ValidationError(
            "The coach is still answering your last message. Send this one when the answer is there.",
            code="reply_pending",
        )
    return _ask(conversation=conversation, user=user, text=text, enqueue=enqueue)


@transaction.atomic
def conversation_context_update(
    *,
    conversation: Conversation,
    user: User,
    job: Job | None,
    resume: Resume | None,
    include_profile: bool,
    include_goals: bool,
) -> Conversation:
    """What the coach may read from the next answer on."""
    _check_context(user=user, job=job, resume=resume)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk, user=user)
    conversation.job, conversation.resume = job, resume
    conversation.include_profile, conversation.include_goals = include_profile, include_goals
    conversation.full_clean()
    conversation.save(update_fields=["job", "resume", "include_profile", "include_goals", "updated_at"])
    return conversation


@transaction.atomic
def conversation_rename(*, conversation: Conversation, user: User, title: str) -> Conversation:
    """A title the user chose: automatic titles no longer replace it."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the conversation a title."}, code="title_empty")
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError({"title": f"Keep the title under {TITLE_MAX_LENGTH} characters."}, code="title_too_long")
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk, user=user)
    conversation.title, conversation.title_is_auto = title, False
    conversation.full_clean()
    conversation.save(update_fields=["title", "title_is_auto", "updated_at"])
    return conversation


@transaction.atomic
def conversation_update(
    *, conversation: Conversation, user: User, context: dict[str, Any] | None = None, title: str | None = None
) -> Conversation:
    """The API's change: the context (``conversation_context_update``'s arguments) and the
    title together, so a refused title leaves the context as it was."""
    if context is not None:
        conversation = conversation_context_update(conversation=conversation, user=user, **context)
    if title is not None:
        conversation = conversation_rename(conversation=conversation, user=user, title=title)
    return conversation


@transaction.atomic
def conversation_delete(*, conversation: Conversation, user: User) -> None:
    """Delete the conversation and its messages. A generation still running finds its
    message gone and writes nothing."""
    Conversation.objects.filter(pk=conversation.pk, user=user).delete()
