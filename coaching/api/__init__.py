"""Coaching API (/api/v1/coach/…): conversations, mock interviews, quizzes, cover letters,
goals, stories, insights and the generations that write them. Reads need
``coaching:read``, writes ``coaching:write``. Generation endpoints answer 202 with a
generation id to poll at /api/v1/coach/generations/{id}/; over quota answers 429."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.exceptions import QuotaExceeded
from jobs.api.serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; `fields` names each invalid field."),
    401: OpenApiResponse(ErrorSerializer, description="No or invalid credentials."),
    403: OpenApiResponse(ErrorSerializer, description="The API key lacks the scope this request needs."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not yours."),
    429: OpenApiResponse(ErrorSerializer, description="Today's AI generations are used up; `resets_at` says when they come back."),
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 403, 404)}


class CoachingApiView(APIView):
    scope_resource = "coaching"


def quota_error(exc: QuotaExceeded) -> Response:
    return Response(
        {"error": {"status": 429, "code": "quota_exceeded", "message": str(exc), "resets_at": exc.resets_at.isoformat(),
                   "limit": exc.limit}},
        status=429,
    )


def generation_ref(generation) -> dict:
    """What a generation endpoint answers (202): the id to poll."""
    from django.urls import reverse

    return {
        "generation_id": str(generation.pk),
        "status": generation.status,
        "poll_url": reverse("coaching_api:generation_detail", kwargs={"generation_id": generation.pk}),
    }
