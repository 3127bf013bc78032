"""Quizzes API (/api/v1/coach/quizzes/…): ask for a quiz (202, written in the background),
read it, answer it, delete it. Correct answers and explanations are only returned once
the quiz is completed."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import Assessment
from coaching.selectors.quizzes import quiz_list_for_user
from coaching.services import quizzes as quiz_services


class QuizQuestionSerializer(serializers.Serializer):
    question = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())
    topic = serializers.CharField(required=False)
    chosen_index = serializers.IntegerField(required=False, help_text="Completed quizzes only.")
    correct_index = serializers.IntegerField(required=False, help_text="Completed quizzes only.")
    explanation = serializers.CharField(required=False, help_text="Completed quizzes only.")


class QuizOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    category = serializers.CharField()
    difficulty = serializers.CharField()
    question_count = serializers.IntegerField()
    status = serializers.CharField()
    provider = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    improvement_tip = serializers.CharField()
    recommendations = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class QuizDetailOutputSerializer(QuizOutputSerializer):
    questions = QuizQuestionSerializer(many=True)


def quiz_output(quiz: Assessment, *, detail: bool = False) -> dict:
    data = {field: getattr(quiz, field) for field in QuizOutputSerializer().fields}
    if not detail:
        return QuizOutputSerializer(data).data
    completed = quiz.status == Assessment.Status.COMPLETED
    # Before completion only the question, its options and topic leave the server.
    keys = ("question", "options", "topic", "chosen_index", "correct_index", "explanation") if completed else (
        "question", "options", "topic")
    data["questions"] = [{k: q[k] for k in keys if k in q} for q in quiz.questions]
    return QuizDetailOutputSerializer(data).data


def _quiz_or_404(request, quiz_id) -> Assessment:
    return get_object_or_404(quiz_list_for_user(user=request.user), pk=quiz_id)


class QuizCreateInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=100, help_text="A bank category or a skill.")
    difficulty = serializers.ChoiceField(choices=Assessment.Difficulty.choices, default=Assessment.Difficulty.MEDIUM)
    question_count = serializers.IntegerField(min_value=3, max_value=20, default=5)


class QuizSubmitInputSerializer(serializers.Serializer):
    answers = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=3), allow_empty=False,
        help_text="The chosen option index (0–3) of every question, in order.",
    )


class QuizListApi(CoachingApiView):
    InputSerializer = QuizCreateInputSerializer

    @extend_schema(operation_id="coach_quizzes_list", tags=["coach"], summary="List your quizzes",
                   responses={200: QuizOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}})
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(quiz_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response([quiz_output(q) for q in page])

    @extend_schema(
        operation_id="coach_quizzes_create", tags=["coach"], summary="Ask for a quiz",
        description="Counts one AI generation. Answers 202 with the generation to poll; the quiz is READY when it succeeded.",
        request=QuizCreateInputSerializer, responses={202: dict, **{c: ERRORS[c] for c in (400, 401, 403, 429)}},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            quiz, generation = quiz_services.quiz_create(user=request.user, **serializer.validated_data)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return Response({**generation_ref(generation), "quiz": quiz_output(quiz)}, status=status.HTTP_202_ACCEPTED)


class QuizDetailApi(CoachingApiView):
    @extend_schema(operation_id="coach_quizzes_retrieve", tags=["coach"], summary="Read a quiz",
                   description="Correct answers and explanations appear only once the quiz is COMPLETED.",
                   responses={200: QuizDetailOutputSerializer, **READ_ERRORS})
    def get(self, request, quiz_id):
        return Response(quiz_output(_quiz_or_404(request, quiz_id), detail=True))

    @extend_schema(operation_id="coach_quizzes_destroy", tags=["coach"], summary="Delete a quiz",
                   responses={204: None, **READ_ERRORS})
    def delete(self, request, quiz_id):
        quiz_services.quiz_delete(assessment=_quiz_or_404(request, quiz_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizSubmitApi(CoachingApiView):
    InputSerializer = QuizSubmitInputSerializer

    @extend_schema(operation_id="coach_quizzes_submit", tags=["coach"], summary="Answer a quiz",
                   description="Scored at once (no AI generation). Every question must be answered.",
                   request=QuizSubmitInputSerializer, responses={200: QuizDetailOutputSerializer, **{c: ERRORS[c] for c in (400, 401, 403, 404)}})
    def post(self, request, quiz_id):
        quiz = _quiz_or_404(request, quiz_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quiz = quiz_services.quiz_submit(assessment=quiz, answers=serializer.validated_data["answers"])
        return Response(quiz_output(quiz, detail=True))


urlpatterns = [
    path("coach/quizzes/", QuizListApi.as_view(), name="quiz_list"),
    path("coach/quizzes/<uuid:quiz_id>/", QuizDetailApi.as_view(), name="quiz_detail"),
    path("coach/quizzes/<uuid:quiz_id>/submit/", QuizSubmitApi.as_view(), name="quiz_submit"),
]
