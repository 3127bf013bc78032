"""Goals API (/api/v1/coach/goals/…, /api/v1/coach/milestones/…): goals with their
milestones, status changes through the same rules as the pages (first completion awards
achievement points once), and the coach's recommendations (202 + a generation to poll).
Everything is looked up through selectors scoped to request.user: another user's id is a 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from billing.exceptions import QuotaExceeded
from coaching.api import ERRORS, READ_ERRORS, CoachingApiView, generation_ref, quota_error
from coaching.models import Goal
from coaching.offline.goal import achievement_points
from coaching.selectors import goals as selectors
from coaching.services import goals as services


def _goal_or_404(request, goal_id) -> Goal:
    return get_object_or_404(selectors.goal_get_for_user(user=request.user), pk=goal_id)


class MilestoneOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    done = serializers.BooleanField(source="is_done")
    done_at = serializers.DateTimeField(allow_null=True)
    sort_order = serializers.IntegerField()


class GoalOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField()
    period = serializers.CharField(help_text="DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY or empty.")
    start_date = serializers.DateField(allow_null=True)
    target_date = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="NOT_STARTED, IN_PROGRESS, COMPLETED or ABANDONED.")
    priority = serializers.IntegerField(help_text="1 low, 2 medium, 3 high.")
    progress = serializers.IntegerField(help_text="0–100; follows the milestones when there are any.")
    milestones = MilestoneOutputSerializer(many=True)
    ai_recommendations = serializers.ListField(child=serializers.CharField())
    recommendations_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    achievement_points = serializers.SerializerMethodField(help_text="Points the first completion earns (10 × priority).")
    achievement_awarded_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_achievement_points(self, goal) -> int:
        return achievement_points(goal.priority)


class GoalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    period = serializers.ChoiceField(choices=[("", "None"), *Goal.Period.choices], required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    target_date = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Goal.Priority.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False,
                                        help_text="Only for goals without milestones.")
    status = serializers.ChoiceField(choices=Goal.Status.choices, required=False, help_text=(
        "On create: NOT_STARTED (default) or IN_PROGRESS. On update: moves the goal (start, complete, "
        "abandon, reopen)."))

    def validate(self, data):
        start = data.get("start_date", getattr(self.instance, "start_date", None))
        target = data.get("target_date", getattr(self.instance, "target_date", None))
        if start and target and target < start:
            raise serializers.ValidationError({"target_date": "The target date cannot be before the start date."})
        return data


class GoalCreateInputSerializer(GoalInputSerializer):
    milestones = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                       max_length=services.MAX_MILESTONES)


class MilestoneInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)


class MilestoneUpdateSerializer(serializers.Serializer):
    done = serializers.BooleanField(required=False)
    title = serializers.CharField(max_length=200, required=False)


def _output(goal: Goal) -> dict:
    goal = selectors.goal_get_for_user(user=goal.user).get(pk=goal.pk)
    return GoalOutputSerializer(goal).data


class GoalListApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_goals_list", tags=["coach"], summary="List your goals",
        parameters=[OpenApiParameter("status", str, required=False), OpenApiParameter("period", str, required=False)],
        responses={200: GoalOutputSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}},
    )
    def get(self, request):
        # Unknown values are ignored (the whole list), as before.
        wanted_status, period = request.query_params.get("status"), request.query_params.get("period")
        goals = selectors.goal_list_for_api(
            user=request.user,
            status=wanted_status if wanted_status in Goal.Status.values else None,
            period=period if period in ["", *Goal.Period.values] else None,
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(goals, request, view=self)
        return paginator.get_paginated_response(GoalOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="coach_goals_create", tags=["coach"], summary="Create a goal",
        request=GoalCreateInputSerializer, responses={201: GoalOutputSerializer, **{c: ERRORS[c] for c in (400, 401, 403)}},
    )
    def post(self, request):
        serializer = GoalCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        milestones = data.pop("milestones", [])
        goal = services.goal_create(user=request.user, data=data, milestones=milestones)
        return Response(_output(goal), status=status.HTTP_201_CREATED)


class GoalDetailApi(CoachingApiView):
    @extend_schema(operation_id="coach_goals_retrieve", tags=["coach"], summary="Read a goal",
                   responses={200: GoalOutputSerializer, **READ_ERRORS})
    def get(self, request, goal_id):
        return Response(GoalOutputSerializer(_goal_or_404(request, goal_id)).data)

    @extend_schema(
        operation_id="coach_goals_update", tags=["coach"], summary="Change a goal",
        description="Any subset of the fields. Moving `target_date` re-arms the reminder; `status` follows the "
                    "transitions of the goal page (the first completion awards 10 × priority points, once).",
        request=GoalInputSerializer, responses={200: GoalOutputSerializer, **ERRORS},
    )
    def patch(self, request, goal_id):
        goal = _goal_or_404(request, goal_id)
        serializer = GoalInputSerializer(goal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        goal = services.goal_update(goal=goal, data=dict(serializer.validated_data))
        return Response(_output(goal))

    @extend_schema(operation_id="coach_goals_destroy", tags=["coach"], summary="Delete a goal",
                   responses={204: None, **READ_ERRORS})
    def delete(self, request, goal_id):
        services.goal_delete(goal=_goal_or_404(request, goal_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class GoalMilestoneCreateApi(CoachingApiView):
    @extend_schema(operation_id="coach_goals_milestones_create", tags=["coach"], summary="Add a milestone",
                   request=MilestoneInputSerializer, responses={201: MilestoneOutputSerializer, **ERRORS})
    def post(self, request, goal_id):
        goal = _goal_or_404(request, goal_id)
        serializer = MilestoneInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = services.milestone_add(goal=goal, title=serializer.validated_data["title"])
        return Response(MilestoneOutputSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneDetailApi(CoachingApiView):
    @extend_schema(operation_id="coach_milestones_update", tags=["coach"], summary="Tick, untick or rename a milestone",
                   request=MilestoneUpdateSerializer, responses={200: MilestoneOutputSerializer, **ERRORS})
    def patch(self, request, milestone_id):
        milestone = get_object_or_404(selectors.milestone_list_for_user(user=request.user), pk=milestone_id)
        serializer = MilestoneUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = services.milestone_update(milestone=milestone, **serializer.validated_data)
        return Response(MilestoneOutputSerializer(milestone).data)

    @extend_schema(operation_id="coach_milestones_destroy", tags=["coach"], summary="Delete a milestone",
                   responses={204: None, **READ_ERRORS})
    def delete(self, request, milestone_id):
        milestone = get_object_or_404(selectors.milestone_list_for_user(user=request.user), pk=milestone_id)
        services.milestone_delete(milestone=milestone)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GoalRecommendationsApi(CoachingApiView):
    @extend_schema(
        operation_id="coach_goals_recommendations", tags=["coach"], summary="Ask the coach for recommendations",
        description="Counts against today's AI quota (429 when used up). Poll the returned generation; when it "
                    "succeeds, the goal's `ai_recommendations` hold 3–6 items.",
        request=None, responses={202: dict, **ERRORS},
    )
    def post(self, request, goal_id):
        goal = _goal_or_404(request, goal_id)
        try:
            generation = services.goal_recommendations_request(goal=goal)
        except QuotaExceeded as exc:
            return quota_error(exc)
        return Response(generation_ref(generation), status=status.HTTP_202_ACCEPTED)


urlpatterns = [
    path("coach/goals/", GoalListApi.as_view(), name="goal_list"),
    path("coach/goals/<uuid:goal_id>/", GoalDetailApi.as_view(), name="goal_detail"),
    path("coach/goals/<uuid:goal_id>/milestones/", GoalMilestoneCreateApi.as_view(), name="goal_milestone_create"),
    path("coach/goals/<uuid:goal_id>/recommendations/", GoalRecommendationsApi.as_view(), name="goal_recommendations"),
    path("coach/milestones/<uuid:milestone_id>/", MilestoneDetailApi.as_view(), name="milestone_detail"),
]
