"""Reads for growth stories: the stories themselves, the periods they cover (in the user's
own time zone, weeks Monday–Sunday) and the activity facts a story is written from."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from coaching.models import Assessment, Goal, GoalMilestone, MockInterview, Story
from jobs.models import Interview, Job, JobStatus, StatusChange


def story_list_for_user(*, user: User) -> QuerySet[Story]:
    return Story.objects.filter(user=user).order_by("-period_start", "period_kind")


@dataclass(frozen=True)
class Period:
    kind: str  # Story.PeriodKind
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == Story.PeriodKind.MONTHLY:
            return self.start.strftime("%B %Y")
        return f"Week of {self.start.day} {self.start.strftime('%b %Y')}"


def user_zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def user_today(user: User, *, now: datetime.datetime | None = None) -> datetime.date:
    return (now or timezone.now()).astimezone(user_zone(user)).date()


def period_for(*, user: User, kind: str, which: str, now: datetime.datetime | None = None) -> Period:
    """This or the previous week (Monday–Sunday) or month, as dates in the user's zone."""
    today = user_today(user, now=now)
    if kind == Story.PeriodKind.WEEKLY:
        start = today - datetime.timedelta(days=today.weekday())
        if which == "previous":
            start -= datetime.timedelta(days=7)
        return Period(kind, start, start + datetime.timedelta(days=6))
    if kind != Story.PeriodKind.MONTHLY:
        raise ValueError(f"Unknown period kind {kind!r}")
    start = today.replace(day=1)
    if which == "previous":
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return Period(kind, start, following - datetime.timedelta(days=1))


def period_range(*, user: User, start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[midnight at the start, midnight after the end) in the user's zone, as aware datetimes."""
    zone = user_zone(user)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


MOVE_GROUPS = {
    JobStatus.APPLIED: "applied",
    JobStatus.INTERVIEW_SCHEDULED: "interview_stage",
    JobStatus.INTERVIEW_COMPLETED: "interview_stage",
    JobStatus.OFFER_RECEIVED: "offers",
    JobStatus.ACCEPTED: "offers",
    JobStatus.REJECTED: "rejections",
}


def story_facts(*, user: User, start: datetime.date, end: datetime.date,
                now: datetime.datetime | None = None) -> dict:
    """What the user did between two dates (inclusive, in their zone): only rows that exist.
    Returned as plain JSON (it is stored on the story and shown next to it). Community posts
    are not counted yet: the community app has no posts."""
    since, until = period_range(user=user, start=start, end=end)
    now = now or timezone.now()
    in_period = {"created_at__gte": since, "created_at__lt": until}
    jobs_added = [
        {"title": title, "company": company}
        for title, company in Job.objects.filter(user=user, **in_period).order_by("created_at").values_list("title", "company")
    ]
    moves: dict[str, list[dict]] = {"applied": [], "interview_stage": [], "offers": [], "rejections": []}
    changes = (
        StatusChange.objects.filter(job__user=user, to_status__in=list(MOVE_GROUPS), **in_period)
        .order_by("created_at", "id").values_list("job_id", "to_status", "job__title", "job__company")
    )
    seen: set[tuple[str, int]] = set()
    for job_id, to_status, title, company in changes:
        group = MOVE_GROUPS[to_status]
        if (group, job_id) in seen:  # scheduled then completed in one period: one job at that stage
            continue
        seen.add((group, job_id))
        moves[group].append({"title": title, "company": company, "status": JobStatus(to_status).label})
    interviews = [
        {"company": company, "title": title, "type": Interview.Type(kind).label, "outcome": Interview.Outcome(outcome).label}
        for company, title, kind, outcome in Interview.objects.filter(
            user=user, scheduled_at__gte=since, scheduled_at__lt=min(until, now)
        ).order_by("scheduled_at").values_list("job__company", "job__title", "type", "outcome")
    ]
    goals_completed = list(
        Goal.objects.filter(user=user, completed_at__gte=since, completed_at__lt=until)
        .order_by("completed_at").values_list("title", flat=True)
    )
    milestones = [
        {"title": title, "goal": goal}
        for title, goal in GoalMilestone.objects.filter(goal__user=user, done_at__gte=since, done_at__lt=until)
        .order_by("done_at").values_list("title", "goal__title")
    ]
    quizzes = [
        {"category": category, "score": score}
        for category, score in Assessment.objects.filter(
            user=user, status=Assessment.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
        ).order_by("completed_at").values_list("category", "score")
    ]
    mocks = [
        {"title": title, "score": score}
        for title, score in MockInterview.objects.filter(
            user=user, status=MockInterview.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
        ).order_by("completed_at").values_list("title", "overall_score")
    ]
    return {
        "period_start": start.isoformat(), "period_end": end.isoformat(), "timezone": str(user_zone(user)),
        "jobs_added": jobs_added, **moves, "interviews_held": interviews,
        "goals_completed": goals_completed, "milestones_done": milestones,
        "quizzes": quizzes, "mock_interviews": mocks,
    }


ACTIVITY_KEYS = ("jobs_added", "applied", "interview_stage", "offers", "rejections", "interviews_held",
                 "goals_completed", "milestones_done", "quizzes", "mock_interviews")


def facts_are_empty(facts: dict) -> bool:
    return not any(facts.get(key) for key in ACTIVITY_KEYS)
