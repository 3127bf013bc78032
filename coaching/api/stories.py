"""Growth stories API (/api/v1/coach/stories/…): write the story of a week or month (202,
written in the background; an existing story of that period answers 200 without a new
generation), read it, rewrite it (202), delete it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import Story
from coaching.selectors.stories import story_list_for_user
from coaching.services import stories as story_services


class StoryOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    period_kind = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    title = serializers.CharField()
    status = serializers.CharField()
    provider = serializers.CharField()
    generated_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class StoryDetailOutputSerializer(StoryOutputSerializer):
    content = serializers.CharField(help_text="Markdown.")
    facts = serializers.JSONField(help_text="The recorded activity of the period the story was written from.")


def story_output(story: Story, *, detail: bool = False) -> dict:
    serializer = StoryDetailOutputSerializer if detail else StoryOutputSerializer
    return serializer({field: getattr(story, field) for field in serializer().fields}).data


def _story_or_404(request, story_id) -> Story:
    return get_object_or_404(story_list_for_user(user=request.user), pk=story_id)


class StoryCreateInputSerializer(serializers.Serializer):
    period_kind = serializers.ChoiceField(choices=Story.PeriodKind.choices)
    # A plain string (not an enum) so the schema's "period" enum of goals keeps its name.
    period = serializers.CharField(default="current", help_text='"current" or "previous".')

    def validate_period(self, value: str) -> str:
        if value not in ("current", "previous"):
            raise serializers.ValidationError('Use "current" or "previous".')
        return value


class StoryListApi(CoachingApiView):
    InputSerializer = StoryCreateInputSerializer

    @extend_schema(operation_id="coach_stories_list", tags=["coach"], summary="List your growth stories",
                   responses={200: StoryOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}})
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(story_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response([story_output(s) for s in page])

    @extend_schema(
        operation_id="coach_stories_create", tags=["coach"], summary="Write the story of a week or month",
        description=(
            "Periods are in your time zone; weeks run Monday–Sunday. Answers 202 with the generation to poll "
            "(one AI generation counted), or 200 with the existing story when that period already has one."
        ),
        request=StoryCreateInputSerializer,
        responses={202: dict, 200: StoryOutputSerializer, **{c: ERRORS[c] for c in (400, 401, 403, 429)}},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            story, generation = story_services.story_generate(
                user=request.user, period_kind=serializer.validated_data["period_kind"],
                which=serializer.validated_data["period"],
            )
        except QuotaExceeded as exc:
            return quota_error(exc)
        if generation is None:
            return Response({"story": story_output(story), "created": False}, status=status.HTTP_200_OK)
        return Response({**generation_ref(generation), "story": story_output(story), "created": True},
                        status=status.HTTP_202_ACCEPTED)


class StoryDetailApi(CoachingApiView):
    @extend_schema(operation_id="coach_stories_retrieve", tags=["coach"], summary="Read a growth story",
                   responses={200: StoryDetailOutputSerializer, **READ_ERRORS})
    def get(self, request, story_id):
        return Response(story_output(_story_or_404(request, story_id), detail=True))

    @extend_schema(operation_id="coach_stories_destroy", tags=["coach"], summary="Delete a growth story",
                   responses={204: None, **READ_ERRORS})
    def delete(self, request, story_id):
        story_services.story_delete(story=_story_or_404(request, story_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StoryRegenerateApi(CoachingApiView):
    @extend_schema(operation_id="coach_stories_regenerate", tags=["coach"], summary="Rewrite a growth story",
                   description="Rewrites the same story from the period's current activity; counts one AI generation.",
                   request=None, responses={202: dict, **ERRORS})
    def post(self, request, story_id):
        story = _story_or_404(request, story_id)
        try:
            generation = story_services.story_regenerate(story=story)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return Response(generation_ref(generation), status=status.HTTP_202_ACCEPTED)


urlpatterns = [
    path("coach/stories/", StoryListApi.as_view(), name="story_list"),
    path("coach/stories/<uuid:story_id>/", StoryDetailApi.as_view(), name="story_detail"),
    path("coach/stories/<uuid:story_id>/regenerate/", StoryRegenerateApi.as_view(), name="story_regenerate"),
]
