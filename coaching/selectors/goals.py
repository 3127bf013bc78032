"""Reads for goals: always scoped to their owner, so another user's id is a 404."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Profile, User
from coaching.models import Goal, GoalMilestone

OPEN = (Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS)
PERIOD_ORDER = [*Goal.Period.values, ""]


def user_today(*, user: User, now: datetime.datetime | None = None) -> datetime.date:
    """Today on the user's calendar."""
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(user.timezone or "UTC")).date()


def goal_list_for_user(*, user: User) -> QuerySet[Goal]:
    return Goal.objects.filter(user=user).annotate(
        milestones_total=Count("milestones"),
        milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
    )


def goal_get_for_user(*, user: User) -> QuerySet[Goal]:
    """For one goal's page: the milestones loaded in order."""
    return Goal.objects.filter(user=user).prefetch_related(
        Prefetch("milestones", queryset=GoalMilestone.objects.order_by("sort_order", "created_at"))
    )


def milestone_list_for_user(*, user: User) -> QuerySet[GoalMilestone]:
    return GoalMilestone.objects.filter(goal__user=user).select_related("goal", "goal__user")


def goal_list_for_api(*, user: User, status: str | None = None, period: str | None = None) -> QuerySet[Goal]:
    """The API's list: open goals first, optionally one status or one period ("" = none)."""
    goals = goal_get_for_user(user=user).order_by("status", "target_date", "-created_at")
    if status is not None:
        goals = goals.filter(status=status)
    if period is not None:
        goals = goals.filter(period=period)
    return goals


def profile_target_skills(*, user: User) -> list[str]:
    """The skills the user wants to learn (their profile's), for goal templates."""
    profile = Profile.objects.filter(user=user).only("target_skills").first()
    return list(profile.target_skills) if profile else []


@dataclass
class GoalGroup:
    period: str
    label: str
    goals: list[Goal] = field(default_factory=list)


@dataclass
class GoalBoard:
    groups: list[GoalGroup]
    closed: list[Goal]
    open_count: int
    overdue_count: int
    today: datetime.date


def goal_board(*, user: User, period: str | None = None, status: str | None = None) -> GoalBoard:
    """The goals page: open goals grouped by period (in period order, "no period" last),
    optionally filtered; completed and abandoned goals separately. Each goal gets
    ``is_overdue`` (open and past its target date on the user's calendar). Two queries."""
    today = user_today(user=user)
    goals = goal_list_for_user(user=user)
    if period is not None:
        goals = goals.filter(period=period)
    if status:
        goals = goals.filter(status=status)
    goals = list(goals.order_by("target_date", "-priority", "-created_at"))
    labels = dict(Goal.Period.choices)
    groups = {p: GoalGroup(period=p, label=labels.get(p, "No period")) for p in PERIOD_ORDER}
    closed = []
    for goal in goals:
        goal.is_overdue = goal.is_open and goal.target_date is not None and goal.target_date < today
        goal.days_left = (goal.target_date - today).days if goal.target_date else None
        if goal.is_open:
            groups[goal.period].goals.append(goal)
        else:
            closed.append(goal)
    closed.sort(key=lambda g: g.completed_at or g.updated_at, reverse=True)
    open_goals = [g for group in groups.values() for g in group.goals]
    return GoalBoard(
        groups=[g for g in groups.values() if g.goals], closed=closed, open_count=len(open_goals),
        overdue_count=sum(1 for g in open_goals if g.is_overdue), today=today,
    )
