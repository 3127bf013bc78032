"""Reads for the coach chat, always scoped to the conversation's owner (others' ids are 404)."""

from __future__ import annotations

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr

from accounts.models import User
from coaching.models import Conversation, Message

PREVIEW_LENGTH = 140
THREAD_LIMIT = 200
SIDEBAR_LIMIT = 20


def conversation_list_for_user(*, user: User) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first; the base of every lookup."""
    return Conversation.objects.filter(user=user).order_by(F("last_message_at").desc(nulls_last=True), "-created_at")


def conversation_list_with_preview(*, user: User) -> QuerySet[Conversation]:
    """The list page: each conversation with ``last_preview`` (the start of its last
    message that has text) and ``last_role``, and the chosen job's title — one query."""
    last = Message.objects.filter(conversation=OuterRef("pk")).exclude(content="").order_by("-created_at", "-id")
    return (
        conversation_list_for_user(user=user)
        .select_related("job")
        .only(
            "id", "title", "title_is_auto", "last_message_at", "created_at", "include_profile", "include_goals",
            "job_id", "resume_id", "job__id", "job__title", "job__company",
        )
        .annotate(
            last_preview=Subquery(last.annotate(start=Substr("content", 1, PREVIEW_LENGTH)).values("start")[:1]),
            last_role=Subquery(last.values("role")[:1]),
        )
    )


def conversation_sidebar_for_user(*, user: User, limit: int = SIDEBAR_LIMIT) -> list[Conversation]:
    return list(conversation_list_for_user(user=user).only("id", "title", "last_message_at", "created_at")[:limit])


def conversation_get_for_user(*, user: User, conversation_id) -> Conversation:
    """One of the user's conversations with its chosen job and resume (DoesNotExist otherwise)."""
    return (
        conversation_list_for_user(user=user)
        .select_related("job", "resume")
        .defer("job__description", "job__ai_analysis", "job__notes", "resume__raw_text", "resume__parsed_data",
               "resume__content", "resume__feedback", "resume__layout")
        .get(pk=conversation_id)
    )


def message_list_for_conversation(*, conversation: Conversation, limit: int = THREAD_LIMIT) -> list[Message]:
    """The last ``limit`` messages, oldest first, each with its generation (for the
    pending or failed answer)."""
    newest = list(
        Message.objects.filter(conversation=conversation)
        .select_related("generation")
        .order_by("-created_at", "-id")[:limit]
    )
    newest.reverse()
    return newest


def message_list_all(*, conversation: Conversation) -> QuerySet[Message]:
    """Every message of a conversation, oldest first (the API pages through it)."""
    return Message.objects.filter(conversation=conversation).order_by("created_at", "id")


def message_get_for_user(*, user: User, conversation_id, message_id) -> Message:
    return (
        Message.objects.filter(conversation__user=user, conversation_id=conversation_id)
        .select_related("generation", "conversation")
        .get(pk=message_id)
    )
