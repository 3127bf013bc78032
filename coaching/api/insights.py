"""Industry insights API (/api/v1/coach/insights/…): read the shared insights, and ask for
one to be recomputed from the catalog (an AI generation: 202 with its id to poll; 200
with the insight as it is when it was updated less than an hour ago, nothing spent).

Insights are shared by all users, so reading needs no ownership; ``your_missing_skills``
is the only personal part (the industry's top skills not on the caller's profile)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.ai.context import user_facts
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import IndustryInsight
from coaching.offline.insight import industry_resolve
from coaching.selectors.insights import insight_get, insight_list, user_missing_skills
from coaching.services.insights import insight_refresh_request


class InsightOutputSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: an enum named "status" would collide with the other
    # coaching resources' status enums.
    status = serializers.CharField(read_only=True, help_text="GENERATING, READY or FAILED.")
    demand_level = serializers.CharField(read_only=True, help_text='LOW, MEDIUM, HIGH, or "" without data.')

    class Meta:
        model = IndustryInsight
        fields = [
            "id", "industry", "name", "status", "sample_size", "salary_ranges", "growth_rate", "demand_level",
            "top_skills", "recommended_skills", "key_trends", "market_outlook", "monthly_postings", "provider",
            "last_updated", "next_update",
        ]
        read_only_fields = fields


class InsightDetailOutputSerializer(InsightOutputSerializer):
    your_missing_skills = serializers.SerializerMethodField()

    class Meta(InsightOutputSerializer.Meta):
        fields = [*InsightOutputSerializer.Meta.fields, "your_missing_skills"]
        read_only_fields = fields

    def get_your_missing_skills(self, insight) -> list[str]:
        skills = user_facts(user=self.context["request"].user, include_goals=False).skills
        return [s["skill"] for s in user_missing_skills(insight=insight, skills=skills)[0]]


class RefreshOutputSerializer(serializers.Serializer):
    fresh = serializers.BooleanField()
    busy = serializers.BooleanField()
    insight = InsightOutputSerializer()


def _insight_or_404(industry_key: str) -> IndustryInsight:
    industry = industry_resolve(industry_key)
    if industry is not None:
        try:
            return insight_get(industry_key=industry.key)
        except IndustryInsight.DoesNotExist:
            pass
    raise NotFound("No insight for this industry yet: POST to its refresh endpoint to compute it.")


class InsightListApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_insights_list", tags=["coach"], summary="List industry insights",
        description="Every computed insight (shared by all users), with its status and sample size.",
        responses={200: InsightOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}},
    )
    def get(self, request):
        return Response(InsightOutputSerializer(insight_list(), many=True).data)


class InsightDetailApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_insights_retrieve", tags=["coach"], summary="Read an industry insight",
        description=(
            "`industry_key`: a key (`technology`), an alias (`software`) or the slug of a typed industry. "
            "Numbers come from catalog postings; `sample_size` says how many."
        ),
        responses={200: InsightDetailOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, industry_key):
        insight = _insight_or_404(industry_key)
        return Response(InsightDetailOutputSerializer(insight, context={"request": request}).data)


class InsightRefreshApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_insights_refresh", tags=["coach"], summary="Recompute an industry insight",
        description=(
            "Creates the insight if needed and queues its computation (one AI generation): 202 with the "
            "generation to poll. When it was updated less than an hour ago (or is being computed) it answers "
            "200 with the insight as it is, and nothing is counted."
        ),
        request=None,
        responses={202: dict, 200: RefreshOutputSerializer, **ERRORS},
    )
    def post(self, request, industry_key):
        try:
            result = insight_refresh_request(user=request.user, industry_text=industry_key)
        except QuotaExceeded as exc:
            return quota_error(exc)
        if result.generation is not None and not result.busy:
            return Response(generation_ref(result.generation), status=status.HTTP_202_ACCEPTED)
        body = {"fresh": result.fresh, "busy": result.busy, "insight": result.insight}
        return Response(RefreshOutputSerializer(body).data, status=status.HTTP_200_OK)


urlpatterns = [
    path("coach/insights/", InsightListApi.as_view(), name="insight_list"),
    path("coach/insights/<slug:industry_key>/", InsightDetailApi.as_view(), name="insight_detail"),
    path("coach/insights/<slug:industry_key>/refresh/", InsightRefreshApi.as_view(), name="insight_refresh"),
]
