"""GET /api/v1/coach/generations/{id}/ — poll a generation; POST …/retry/ — try a failed one again."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.ai.generation import generation_retry
from coaching.ai.stream import stream_read
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.selectors.generations import generation_list_for_user


class GenerationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    target_id = serializers.UUIDField(allow_null=True)
    provider = serializers.CharField()
    model = serializers.CharField()
    usage = serializers.JSONField()
    error = serializers.CharField()
    partial_text = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def _output(generation) -> dict:
    data = {field: getattr(generation, field) for field in (
        "id", "kind", "status", "target_id", "provider", "model", "usage", "error", "created_at", "finished_at")}
    data["partial_text"] = stream_read(generation.pk) if generation.is_active else ""
    return GenerationOutputSerializer(data).data


class GenerationDetailApi(CoachingApiView):
    @extend_schema(responses={200: GenerationOutputSerializer, **READ_ERRORS}, tags=["coach"])
    def get(self, request, generation_id):
        generation = get_object_or_404(generation_list_for_user(user=request.user), pk=generation_id)
        return Response(_output(generation))


class GenerationRetryApi(CoachingApiView):
    @extend_schema(request=None, responses={202: dict, **ERRORS}, tags=["coach"])
    def post(self, request, generation_id):
        generation = get_object_or_404(generation_list_for_user(user=request.user), pk=generation_id)
        try:
            new = generation_retry(generation=generation)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return Response(generation_ref(new), status=status.HTTP_202_ACCEPTED)


urlpatterns = [
    path("coach/generations/<uuid:generation_id>/", GenerationDetailApi.as_view(), name="generation_detail"),
    path("coach/generations/<uuid:generation_id>/retry/", GenerationRetryApi.as_view(), name="generation_retry"),
]
