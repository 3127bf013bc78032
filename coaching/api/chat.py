"""Coach chat API: conversations and their messages.

    GET/POST          /api/v1/coach/conversations/
    GET/PATCH/DELETE  /api/v1/coach/conversations/{id}/
    GET/POST          /api/v1/coach/conversations/{id}/messages/

Starting a conversation or sending a message answers 202: the user's message is saved and
the coach's answer is written in the background — poll ``poll_url`` (the generation) or
the messages. Job and resume ids must be the caller's own (400 otherwise); another user's
conversation is 404; over today's quota is 429 and nothing is written."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import Conversation
from coaching.selectors import chat as selectors
from coaching.services import chat as services
from jobs.selectors.board import job_list_for_user
from jobs.selectors.records import resume_list_for_user

# --- Serializers ----------------------------------------------------------------------------------


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    # Plain strings (not enums): "status" choice sets of several models would collide in the schema.
    role = serializers.CharField(help_text="user | assistant")
    content = serializers.CharField(help_text="Markdown for the coach's answers; plain text for yours.")
    status = serializers.CharField(help_text="DONE | PENDING (being written) | FAILED")
    metadata = serializers.JSONField(help_text="provider, model, usage (tokens); offline: intents, actions.")
    generation_id = serializers.UUIDField(allow_null=True)
    created_at = serializers.DateTimeField()


class ConversationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    title_is_auto = serializers.BooleanField()
    job = serializers.UUIDField(source="job_id", allow_null=True)
    resume = serializers.UUIDField(source="resume_id", allow_null=True)
    include_profile = serializers.BooleanField()
    include_goals = serializers.BooleanField()
    last_message_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class ConversationDetailOutputSerializer(ConversationOutputSerializer):
    messages = MessageOutputSerializer(many=True)


class ContextInputSerializer(serializers.Serializer):
    job = serializers.UUIDField(required=False, allow_null=True, help_text="One of your tracked jobs.")
    resume = serializers.UUIDField(required=False, allow_null=True, help_text="One of your resumes.")
    include_profile = serializers.BooleanField(required=False)
    include_goals = serializers.BooleanField(required=False)


class ConversationCreateInputSerializer(ContextInputSerializer):
    message = serializers.CharField(max_length=services.MESSAGE_MAX_LENGTH, trim_whitespace=True)


class ConversationUpdateInputSerializer(ContextInputSerializer):
    title = serializers.CharField(required=False, max_length=services.TITLE_MAX_LENGTH)


class MessageCreateInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=services.MESSAGE_MAX_LENGTH, trim_whitespace=True)


class AcceptedOutputSerializer(serializers.Serializer):
    conversation_id = serializers.UUIDField()
    message_id = serializers.UUIDField(help_text="Your saved message.")
    reply_id = serializers.UUIDField(help_text="The coach's answer (status PENDING until written).")
    generation_id = serializers.UUIDField()
    status = serializers.CharField()
    poll_url = serializers.CharField()


# --- Helpers ---------------------------------------------------------------------------------------


def _conversation_or_404(request, conversation_id) -> Conversation:
    try:
        return selectors.conversation_get_for_user(user=request.user, conversation_id=conversation_id)
    except Conversation.DoesNotExist:
        raise Http404("No such conversation.") from None


def _own(request, data: dict, current: Conversation | None = None) -> dict:
    """The context of ``data`` resolved to the caller's own job and resume (400 otherwise)."""
    resolved, errors = {}, {}
    for name, rows, label in (
        ("job", job_list_for_user(user=request.user), "tracked job"),
        ("resume", resume_list_for_user(user=request.user), "resume"),
    ):
        if name not in data:
            resolved[name] = getattr(current, name) if current is not None else None
        elif data[name] is None:
            resolved[name] = None
        else:
            resolved[name] = rows.filter(pk=data[name]).first()
            if resolved[name] is None:
                errors[name] = [f"No {label} of yours has this id."]
    if errors:
        raise serializers.ValidationError(errors)
    for flag in ("include_profile", "include_goals"):
        resolved[flag] = data.get(flag, getattr(current, flag) if current is not None else True)
    return resolved


def _accepted(turn: services.ChatTurn) -> Response:
    body = {
        "conversation_id": turn.conversation.pk, "message_id": turn.question.pk, "reply_id": turn.reply.pk,
        **generation_ref(turn.generation),
    }
    return Response(AcceptedOutputSerializer(body).data, status=status.HTTP_202_ACCEPTED)


def _detail(conversation: Conversation) -> dict:
    conversation.messages_list = selectors.message_list_for_conversation(conversation=conversation)
    data = ConversationOutputSerializer(conversation).data
    data["messages"] = MessageOutputSerializer(conversation.messages_list, many=True).data
    return data


# --- Views -----------------------------------------------------------------------------------------


class ConversationListApi(CoachingApiView):
    pagination_class = LimitOffsetPagination

    @extend_schema(
        operation_id="coach_conversations_list", tags=["coach"], summary="List your conversations",
        description="Newest activity first.",
        responses={200: ConversationOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}},
    )
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(selectors.conversation_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(ConversationOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coach_conversations_create", tags=["coach"], summary="Start a conversation",
        description=(
            "Saves your first message and queues the coach's answer (202). `job` and `resume` must be your own; "
            "`include_profile` and `include_goals` default to true. Over today's quota: 429, nothing saved."
        ),
        request=ConversationCreateInputSerializer,
        responses={202: AcceptedOutputSerializer, **{c: ERRORS[c] for c in (400, 401, 403, 429)}},
    )
    def post(self, request):
        serializer = ConversationCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        context = _own(request, serializer.validated_data)
        try:
            turn = services.conversation_start(user=request.user, message=serializer.validated_data["message"], **context)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(turn)


class ConversationDetailApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_conversations_retrieve", tags=["coach"], summary="A conversation with its messages",
        responses={200: ConversationDetailOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, conversation_id):
        return Response(_detail(_conversation_or_404(request, conversation_id)))

    @extend_schema(
        operation_id="coach_conversations_update", tags=["coach"], summary="Rename, or change the context",
        description="A `title` stops automatic titles. Context changes apply from the next answer on.",
        request=ConversationUpdateInputSerializer,
        responses={200: ConversationDetailOutputSerializer, **ERRORS},
    )
    def patch(self, request, conversation_id):
        conversation = _conversation_or_404(request, conversation_id)
        serializer = ConversationUpdateInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changes_context = any(key in data for key in ("job", "resume", "include_profile", "include_goals"))
        conversation = services.conversation_update(
            conversation=conversation, user=request.user, title=data.get("title"),
            context=_own(request, data, conversation) if changes_context else None,
        )
        return Response(_detail(_conversation_or_404(request, conversation.pk)))

    @extend_schema(
        operation_id="coach_conversations_destroy", tags=["coach"], summary="Delete a conversation",
        responses={204: None, **READ_ERRORS},
    )
    def delete(self, request, conversation_id):
        conversation = _conversation_or_404(request, conversation_id)
        services.conversation_delete(conversation=conversation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConversationMessagesApi(CoachingApiView):
    pagination_class = LimitOffsetPagination

    @extend_schema(
        operation_id="coach_messages_list", tags=["coach"], summary="The messages of a conversation",
        description="Oldest first. A coach answer being written has status PENDING; a failed one FAILED "
                    "(retry it at /api/v1/coach/generations/{generation_id}/retry/).",
        responses={200: MessageOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request, conversation_id):
        conversation = _conversation_or_404(request, conversation_id)
        paginator = LimitOffsetPagination()
        rows = selectors.message_list_all(conversation=conversation)
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(MessageOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coach_messages_create", tags=["coach"], summary="Send a message",
        description="Saves your message and queues the coach's answer (202). 400 while the previous answer is "
                    "still being written; 429 over today's quota (nothing saved).",
        request=MessageCreateInputSerializer,
        responses={202: AcceptedOutputSerializer, **ERRORS},
    )
    def post(self, request, conversation_id):
        conversation = _conversation_or_404(request, conversation_id)
        serializer = MessageCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            turn = services.message_send(
                conversation=conversation, user=request.user, message=serializer.validated_data["message"]
            )
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(turn)


urlpatterns = [
    path("coach/conversations/", ConversationListApi.as_view(), name="conversation_list"),
    path("coach/conversations/<uuid:conversation_id>/", ConversationDetailApi.as_view(), name="conversation_detail"),
    path(
        "coach/conversations/<uuid:conversation_id>/messages/", ConversationMessagesApi.as_view(),
        name="conversation_messages",
    ),
]
