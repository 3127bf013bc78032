"""Cover letters API (/api/v1/coach/cover-letters/…).

POST asks the coach for a letter and answers 202 with the letter's id and the generation
to poll; when the generation is SUCCEEDED the letter's ``content`` is written (status
DRAFT). Letters are looked up through a selector scoped to ``request.user``: another
user's id answers 404 like a missing one."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import CoverLetter
from coaching.selectors import cover_letters as selectors
from coaching.services import cover_letters as services
from jobs.api.serializers import OwnedRelatedField
from jobs.models import Job, Resume

_FIELDS = (
    "id",
    "title",
    "company_name",
    "job_title",
    "tone",
    "status",
    "provider",
    "job",
    "resume",
    "application",
    "generated_at",
    "created_at",
    "updated_at",
)


class CoverLetterOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoverLetter
        fields = list(_FIELDS)
        read_only_fields = fields


class CoverLetterDetailOutputSerializer(CoverLetterOutputSerializer):
    class Meta(CoverLetterOutputSerializer.Meta):
        fields = [*_FIELDS, "job_description", "content"]
        read_only_fields = fields


def _letter_or_404(request, letter_id) -> CoverLetter:
    letters = selectors.cover_letter_scope(user=request.user)
    return get_object_or_404(letters, pk=letter_id)


def _accepted(letter: CoverLetter, generation) -> Response:
    return Response({"id": str(letter.pk), **generation_ref(generation)}, status=status.HTTP_202_ACCEPTED)


ACCEPTED = OpenApiResponse(
    description="Accepted: `id` is the letter, `generation_id`/`poll_url` the generation writing it."
)


class CoverLetterCreateInputSerializer(serializers.Serializer):
    job = OwnedRelatedField(
        model=Job,
        noun="tracked job",
        required=False,
        allow_null=True,
        help_text="One of your tracked jobs; fills company, role and description.",
    )
    company_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    job_description = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    resume = OwnedRelatedField(
        model=Resume, noun="resume", required=False, allow_null=True, help_text="Defaults to your primary resume."
    )
    tone = serializers.ChoiceField(choices=CoverLetter.Tone.choices, default=CoverLetter.Tone.PROFESSIONAL)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("job"):
            errors = {}
            if not attrs.get("company_name", "").strip():
                errors["company_name"] = "Name the company, or give a tracked job."
            if not attrs.get("job_title", "").strip():
                errors["job_title"] = "Name the role, or give a tracked job."
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class CoverLetterListApi(CoachingApiView):
    InputSerializer = CoverLetterCreateInputSerializer

    @extend_schema(
        operation_id="coach_cover_letters_list",
        tags=["coach"],
        summary="List your cover letters",
        responses={200: CoverLetterOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}},
    )
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(selectors.cover_letter_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(CoverLetterOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coach_cover_letters_create",
        tags=["coach"],
        summary="Ask the coach for a cover letter",
        description="Either `job` or `company_name` + `job_title` (+ `job_description`). Counts against "
        "today's AI quota (429 when used up, nothing written).",
        request=InputSerializer,
        responses={202: ACCEPTED, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            letter, generation = services.cover_letter_create(user=request.user, **serializer.validated_data)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(letter, generation)


class CoverLetterUpdateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    content = serializers.CharField(max_length=20000, required=False, allow_blank=True, trim_whitespace=False)
    status = serializers.ChoiceField(choices=[CoverLetter.Status.DRAFT, CoverLetter.Status.COMPLETED], required=False)


class CoverLetterDetailApi(CoachingApiView):
    InputSerializer = CoverLetterUpdateInputSerializer

    @extend_schema(
        operation_id="coach_cover_letters_retrieve",
        tags=["coach"],
        summary="Read a cover letter",
        responses={200: CoverLetterDetailOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, letter_id):
        return Response(CoverLetterDetailOutputSerializer(_letter_or_404(request, letter_id)).data)

    @extend_schema(
        operation_id="coach_cover_letters_partial_update",
        tags=["coach"],
        summary="Edit a cover letter",
        description="Change `content` (markdown), `title` and `status` (DRAFT or COMPLETED). Refused (400) "
        "while the coach is still writing it.",
        request=InputSerializer,
        responses={200: CoverLetterDetailOutputSerializer, **ERRORS},
    )
    def patch(self, request, letter_id):
        letter = _letter_or_404(request, letter_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        letter = services.cover_letter_update(letter=letter, **serializer.validated_data)
        return Response(CoverLetterDetailOutputSerializer(letter).data)

    @extend_schema(
        operation_id="coach_cover_letters_destroy",
        tags=["coach"],
        summary="Delete a cover letter",
        description="Refused (400) while a mentor is reviewing it.",
        responses={204: None, **ERRORS},
    )
    def delete(self, request, letter_id):
        services.cover_letter_delete(letter=_letter_or_404(request, letter_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CoverLetterRegenerateApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_cover_letters_regenerate",
        tags=["coach"],
        summary="Write a cover letter again",
        description="Same job, resume and tone; the new text replaces the old when done. Counts against "
        "today's AI quota (429).",
        request=None,
        responses={202: ACCEPTED, **ERRORS},
    )
    def post(self, request, letter_id):
        letter = _letter_or_404(request, letter_id)
        try:
            generation = services.cover_letter_regenerate(letter=letter)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return _accepted(letter, generation)


urlpatterns = [
    path("coach/cover-letters/", CoverLetterListApi.as_view(), name="cover_letter_list"),
    path("coach/cover-letters/<uuid:letter_id>/", CoverLetterDetailApi.as_view(), name="cover_letter_detail"),
    path(
        "coach/cover-letters/<uuid:letter_id>/regenerate/",
        CoverLetterRegenerateApi.as_view(),
        name="cover_letter_regenerate",
    ),
]
