"""Filtered, ordered lists of a user's jobs, applications and interviews (the API's list
endpoints). Each starts from the owner-scoped base selector, so nothing of another
user's can appear."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from jobs.models import Application, Interview, Job
from jobs.selectors.board import job_list_for_user
from jobs.selectors.interviews import interview_list_for_user
from jobs.selectors.records import application_list_for_user


def job_list_filtered(
    *,
    user: User,
    statuses: Iterable[str] = (),
    q: str = "",
    work_mode: str = "",
    job_type: str = "",
    has_upcoming_interview: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[Job]:
    """The user's jobs, newest first, narrowed like the board's filters."""
    jobs = job_list_for_user(user=user).select_related("posting").order_by("-created_at", "-id")
    statuses = list(statuses)
    if statuses:
        jobs = jobs.filter(status__in=statuses)
    q = q.strip()
    if q:
        jobs = jobs.filter(Q(title__icontains=q) | Q(company__icontains=q) | Q(location__icontains=q))
    if work_mode:
        jobs = jobs.filter(work_mode=work_mode)
    if job_type:
        jobs = jobs.filter(job_type=job_type)
    if has_upcoming_interview:
        upcoming = Interview.objects.filter(job=OuterRef("pk"), scheduled_at__gte=now or timezone.now())
        jobs = jobs.filter(Exists(upcoming))
    return jobs


def application_list_filtered(*, user: User, job_id=None) -> QuerySet[Application]:
    applications = application_list_for_user(user=user).order_by("-created_at", "-id")
    if job_id is not None:
        applications = applications.filter(job_id=job_id)
    return applications


def interview_list_filtered(
    *, user: User, job_id=None, upcoming: bool = False, now: datetime.datetime | None = None
) -> QuerySet[Interview]:
    """The user's interviews by time. ``upcoming``: those not over yet (one in progress
    still counts), as on the interviews page."""
    interviews = interview_list_for_user(user=user).order_by("scheduled_at", "id")
    if job_id is not None:
        interviews = interviews.filter(job_id=job_id)
    if upcoming:
        now = now or timezone.now()
        ends_at = ExpressionWrapper(
            F("scheduled_at") + F("duration_minutes") * datetime.timedelta(minutes=1), output_field=DateTimeField()
        )
        # Interviews last at most a day (CHECK constraint): the first bound uses the index.
        interviews = interviews.filter(scheduled_at__gte=now - datetime.timedelta(days=1)).alias(
            ends_at=ends_at
        ).filter(ends_at__gt=now)
    return interviews
