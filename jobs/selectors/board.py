"""Reads for tracked jobs: the board, a job's page, its history. Always scoped to the owner."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from jobs.models import Interview, Job, JobStatus, StatusChange


def job_list_for_user(*, user: User) -> QuerySet[Job]:
    """Every job of ``user``; the base of every per-user job lookup (others' jobs are 404)."""
    return Job.objects.filter(user=user)


@dataclass(frozen=True)
class BoardFilters:
    q: str = ""
    work_mode: str = ""
    job_type: str = ""
    has_upcoming_interview: bool = False
    # Columns shown in full; the others show their first JOBS_BOARD_COLUMN_LIMIT cards.
    expanded: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.q or self.work_mode or self.job_type or self.has_upcoming_interview)


@dataclass
class BoardColumn:
    status: str
    label: str
    jobs: list[Job] = field(default_factory=list)
    limit: int | None = None  # how many cards to render (None: all)

    @property
    def count(self) -> int:
        return len(self.jobs)

    @property
    def visible_jobs(self) -> list[Job]:
        return self.jobs if self.limit is None else self.jobs[: self.limit]

    @property
    def hidden_count(self) -> int:
        return max(0, self.count - len(self.visible_jobs))


def job_board_for_user(
    *, user: User, filters: BoardFilters | None = None, limit_per_column: int | None = None
) -> list[BoardColumn]:
    """All columns of the user's board in one query, whatever the number of jobs.

    Each job carries ``next_interview_at`` (its earliest upcoming interview). Columns
    not in ``filters.expanded`` render at most ``limit_per_column`` cards (their count
    stays the full count): a board of a thousand cards is unusable and slow to draw.
    """
    filters = filters or BoardFilters()
    now = timezone.now()
    upcoming = Interview.objects.filter(job=OuterRef("pk"), scheduled_at__gte=now)
    jobs = (
        job_list_for_user(user=user)
        .annotate(
            next_interview_at=Subquery(
                upcoming.order_by().values("job").annotate(m=Min("scheduled_at")).values("m")[:1]
            ),
            has_upcoming=Exists(upcoming),
        )
        .only(
            "id", "title", "company", "location", "status", "position", "work_mode", "job_type",
            "salary_min", "salary_max", "currency", "application_deadline", "match_score", "version",
            "updated_at", "created_at",
        )
        .order_by("position", "created_at")
    )
    if filters.q:
        jobs = jobs.filter(Q(title__icontains=filters.q) | Q(company__icontains=filters.q) | Q(location__icontains=filters.q))
    if filters.work_mode:
        jobs = jobs.filter(work_mode=filters.work_mode)
    if filters.job_type:
        jobs = jobs.filter(job_type=filters.job_type)
    if filters.has_upcoming_interview:
        jobs = jobs.filter(has_upcoming=True)
    columns = {
        status: BoardColumn(
            status=status, label=label, limit=None if status in filters.expanded else limit_per_column
        )
        for status, label in JobStatus.choices
    }
    for job in jobs:
        columns[job.status].jobs.append(job)
    return list(columns.values())


def job_get_for_user(*, user: User, job_id) -> Job:
    """A job with what its detail page shows (raises Job.DoesNotExist for others' jobs)."""
    return (
        job_list_for_user(user=user)
        .select_related("posting")
        .prefetch_related("applications__resume", "interviews", "documents", "status_changes")
        .get(pk=job_id)
    )


def job_history(*, job: Job) -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(job=job).select_related("changed_by").order_by("created_at", "id")


def job_column_index(*, job: Job) -> int:
    """Where ``job`` stands in its column, counting from 0 (the board's order)."""
    return (
        Job.objects.filter(user_id=job.user_id, status=job.status)
        .filter(Q(position__lt=job.position) | Q(position=job.position, created_at__lt=job.created_at))
        .count()
    )


def job_get_by_url_for_user(*, user: User, url: str) -> Job | None:
    """The user's job with this posting link, if they track it already."""
    if not url:
        return None
    return job_list_for_user(user=user).filter(url=url).only("id", "title", "company").first()
