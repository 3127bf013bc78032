"""Mock interviews API (/api/v1/coach/interviews/…).

Starting an interview answers 202 with the generation writing its questions (poll it, then
GET the interview: status IN_PROGRESS and its ``turns``). Answers are saved one at a time
(200); the last one (or ``finish``) answers 202 with the generation scoring the interview.
An interview uses two AI generations of the daily allowance (questions and scoring)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import MockInterview
from coaching.selectors.interviews import interview_list_for_user
from coaching.services import interviews as services
from jobs.selectors.board import job_list_for_user


class InterviewOutputSerializer(serializers.ModelSerializer):
    current_turn = serializers.IntegerField(source="current_turn_index", allow_null=True,
                                            help_text="0-based index of the question waiting for an answer.")

    class Meta:
        model = MockInterview
        fields = [
            "id", "title", "job", "interview_type", "target_role", "target_company", "difficulty", "question_count",
            "status", "current_turn", "turns", "overall_score", "technical_score", "communication_score",
            "problem_solving_score", "strengths", "areas_to_improve", "suggestions", "feedback", "provider",
            "started_at", "completed_at", "duration_minutes", "created_at",
        ]
        read_only_fields = fields


class GenerationRefSerializer(serializers.Serializer):
    generation_id = serializers.UUIDField()
    status = serializers.CharField()
    poll_url = serializers.CharField()
    interview_id = serializers.UUIDField()


def _interview_or_404(request, mock_id) -> MockInterview:
    return get_object_or_404(interview_list_for_user(user=request.user), pk=mock_id)


def _accepted(interview, generation) -> Response:
    return Response({**generation_ref(generation), "interview_id": str(interview.pk)}, status=status.HTTP_202_ACCEPTED)


class InterviewListApi(CoachingApiView):
    class InterviewStartInputSerializer(serializers.Serializer):
        job = serializers.UUIDField(required=False, allow_null=True, help_text="One of your tracked jobs.")
        target_role = serializers.CharField(required=False, allow_blank=True, max_length=200)
        target_company = serializers.CharField(required=False, allow_blank=True, max_length=200)
        interview_type = serializers.ChoiceField(choices=MockInterview.Type.choices, default=MockInterview.Type.BEHAVIORAL)
        difficulty = serializers.ChoiceField(choices=MockInterview.Difficulty.choices, default=MockInterview.Difficulty.MEDIUM)
        question_count = serializers.IntegerField(min_value=services.MIN_QUESTIONS, max_value=services.MAX_QUESTIONS,
                                                  default=5)

        def validate(self, attrs):
            if not attrs.get("job") and not (attrs.get("target_role") or "").strip():
                raise serializers.ValidationError({"target_role": "Give a job or the role you are practising for."})
            return attrs

    @extend_schema(operation_id="coach_interviews_list", tags=["coach"], summary="List your mock interviews",
                   responses={200: InterviewOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}})
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(interview_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(InterviewOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coach_interviews_create", tags=["coach"], summary="Start a mock interview",
        description="Needs two AI generations left today (questions now, scoring at the end). 202: poll the generation.",
        request=InterviewStartInputSerializer, responses={202: GenerationRefSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InterviewStartInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job = None
        if data.pop("job", None):
            job = job_list_for_user(user=request.user).filter(pk=serializer.validated_data["job"]).first()
            if job is None:
                raise serializers.ValidationError({"job": "Not one of your tracked jobs."})
        try:
            interview, generation = services.interview_start(user=request.user, job=job, **data)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(interview, generation)


class InterviewDetailApi(CoachingApiView):
    @extend_schema(operation_id="coach_interviews_retrieve", tags=["coach"], summary="Read a mock interview",
                   responses={200: InterviewOutputSerializer, **READ_ERRORS})
    def get(self, request, mock_id):
        return Response(InterviewOutputSerializer(_interview_or_404(request, mock_id)).data)

    @extend_schema(operation_id="coach_interviews_destroy", tags=["coach"], summary="Delete a mock interview",
                   responses={204: None, **READ_ERRORS})
    def delete(self, request, mock_id):
        services.interview_delete(interview=_interview_or_404(request, mock_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InterviewAnswerApi(CoachingApiView):
    class InterviewAnswerInputSerializer(serializers.Serializer):
        answer = serializers.CharField(max_length=services.MAX_ANSWER_CHARS)
        turn = serializers.IntegerField(required=False, min_value=0,
                                        help_text="The question's 0-based index; refused unless it is the current one.")

    @extend_schema(
        operation_id="coach_interviews_answer", tags=["coach"], summary="Answer the current question",
        description="200 with the interview; after the last question 202 with the generation scoring it.",
        request=InterviewAnswerInputSerializer, responses={200: InterviewOutputSerializer, 202: GenerationRefSerializer, **ERRORS},
    )
    def post(self, request, mock_id):
        interview = _interview_or_404(request, mock_id)
        serializer = self.InterviewAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            interview, generation = services.interview_answer(
                interview=interview, answer=serializer.validated_data["answer"],
                turn=serializer.validated_data.get("turn"),
            )
        except QuotaExceeded as exc:
            return quota_error(exc)
        if generation is not None:
            return _accepted(interview, generation)
        return Response(InterviewOutputSerializer(interview).data)


class InterviewFinishApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_interviews_finish", tags=["coach"], summary="End early and score the answered questions",
        request=None, responses={202: GenerationRefSerializer, **ERRORS},
    )
    def post(self, request, mock_id):
        interview = _interview_or_404(request, mock_id)
        try:
            interview, generation = services.interview_finish(interview=interview)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(interview, generation)


urlpatterns = [
    path("coach/interviews/", InterviewListApi.as_view(), name="interview_list"),
    path("coach/interviews/<uuid:mock_id>/", InterviewDetailApi.as_view(), name="interview_detail"),
    path("coach/interviews/<uuid:mock_id>/answers/", InterviewAnswerApi.as_view(), name="interview_answer"),
    path("coach/interviews/<uuid:mock_id>/finish/", InterviewFinishApi.as_view(), name="interview_finish"),
]
