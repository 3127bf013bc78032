"""Numbers about a user's job search, for the dashboard: counts, response rate, the
next interviews and the stages of the search as a flow (saved → applied → …).

Three queries whatever the number of jobs: the status counts, the stage groups
(jobs grouped by what their history shows, so at most a few dozen rows) and the
next interviews.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from accounts.models import User
from careercoach.lib.svg import SankeyLink, SankeyNode, sankey_svg, sankey_table
from jobs.models import Interview, JobStatus, StatusChange
from jobs.selectors.board import job_list_for_user
from jobs.selectors.interviews import interview_upcoming_for_user

UPCOMING_INTERVIEWS = 5

# Stages of the search, in order. They are cumulative: a job that reached an
# interview was also applied to, and was saved first.
SAVED, APPLIED, INTERVIEW, OFFER = 0, 1, 2, 3
_INTERVIEW_STATUSES = (JobStatus.INTERVIEW_SCHEDULED, JobStatus.INTERVIEW_COMPLETED)
_OFFER_STATUSES = (JobStatus.OFFER_RECEIVED, JobStatus.ACCEPTED)
_OUTCOMES = (JobStatus.ACCEPTED, JobStatus.REJECTED, JobStatus.WITHDRAWN)

SANKEY_NODES = [
    SankeyNode("saved", "Saved", 0, "--color-text-muted"),
    SankeyNode("applied", "Applied", 1, "--color-primary"),
    SankeyNode("interview", "Interview", 2, "--color-info"),
    SankeyNode("offer", "Offer", 3, "--color-success"),
    SankeyNode("accepted", "Accepted", 4, "--color-success"),
    SankeyNode("rejected", "Rejected", 4, "--color-danger"),
    SankeyNode("withdrawn", "Withdrawn", 4, "--color-warning"),
]
_STAGE_KEYS = ("saved", "applied", "interview", "offer")


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class SearchStats:
    total: int
    by_status: list[StatusCount]
    applied: int  # jobs that reached "applied" (or any later stage)
    responded: int  # of those, jobs that heard back: interview, offer, rejection or acceptance
    upcoming_interviews: list[Interview]
    stage_counts: dict[str, int] = field(default_factory=dict)  # sankey node key -> jobs
    flows: list[SankeyLink] = field(default_factory=list)

    @property
    def response_rate(self) -> int | None:
        """Percent of applied-to jobs that got any response; None before the first application."""
        if not self.applied:
            return None
        return round(100 * self.responded / self.applied)

    @property
    def has_jobs(self) -> bool:
        return self.total > 0


def _stage(row: dict) -> tuple[int, bool]:
    """(furthest stage reached, heard back) of one group of jobs."""
    status = row["status"]
    stage = SAVED
    if row["seen_applied"] or row["has_applied_at"] or status == JobStatus.APPLIED:
        stage = APPLIED
    # A rejection answers an application, so a rejected job was applied to.
    rejected = row["seen_rejected"] or status == JobStatus.REJECTED
    if rejected:
        stage = max(stage, APPLIED)
    if row["seen_interview"] or row["has_interview"] or status in _INTERVIEW_STATUSES:
        stage = max(stage, INTERVIEW)
    if row["seen_offer"] or status in _OFFER_STATUSES:
        stage = OFFER
    responded = stage >= INTERVIEW or rejected
    return stage, responded


def search_stats_for_user(*, user: User) -> SearchStats:
    jobs = job_list_for_user(user=user)
    status_rows = dict(jobs.order_by().values_list("status").annotate(n=Count("id")))
    by_status = [StatusCount(value, label, status_rows.get(value, 0)) for value, label in JobStatus.choices]
    total = sum(status_rows.values())

    history = StatusChange.objects.filter(job=OuterRef("pk"))
    groups = (
        jobs.order_by()
        .annotate(
            has_applied_at=ExpressionWrapper(Q(applied_at__isnull=False), output_field=BooleanField()),
            seen_applied=Exists(history.filter(to_status=JobStatus.APPLIED)),
            seen_interview=Exists(history.filter(to_status__in=_INTERVIEW_STATUSES)),
            seen_offer=Exists(history.filter(to_status__in=_OFFER_STATUSES)),
            seen_rejected=Exists(history.filter(to_status=JobStatus.REJECTED)),
            has_interview=Exists(Interview.objects.filter(job=OuterRef("pk"))),
        )
        .values("status", "has_applied_at", "seen_applied", "seen_interview", "seen_offer", "seen_rejected",
                "has_interview")
        .annotate(n=Count("id"))
    ) if total else []

    reached: Counter[int] = Counter()  # jobs whose furthest stage is exactly this one
    outcome_from: Counter[tuple[int, str]] = Counter()  # (furthest stage, final status) -> jobs
    applied = responded = 0
    for row in groups:
        stage, heard_back = _stage(row)
        n = row["n"]
        reached[stage] += n
        if stage >= APPLIED:
            applied += n
            responded += n if heard_back else 0
        if row["status"] in _OUTCOMES:
            outcome_from[(stage, row["status"])] += n

    at_least = {s: sum(n for stage, n in reached.items() if stage >= s) for s in (SAVED, APPLIED, INTERVIEW, OFFER)}
    stage_counts = {key: at_least[s] for s, key in enumerate(_STAGE_KEYS)}
    flows = [
        SankeyLink(_STAGE_KEYS[s], _STAGE_KEYS[s + 1], at_least[s + 1]) for s in (SAVED, APPLIED, INTERVIEW)
    ]
    for (stage, status), n in sorted(outcome_from.items()):
        flows.append(SankeyLink(_STAGE_KEYS[stage], status.lower(), n))
    for status in _OUTCOMES:
        stage_counts[status.lower()] = sum(n for (_, st), n in outcome_from.items() if st == status)

    upcoming = interview_upcoming_for_user(user=user)[:UPCOMING_INTERVIEWS] if total else []
    return SearchStats(
        total=total,
        by_status=by_status,
        applied=applied,
        responded=responded,
        upcoming_interviews=upcoming,
        stage_counts=stage_counts,
        flows=flows,
    )


@dataclass(frozen=True)
class SearchChart:
    svg: str
    table: str
    summary: str


def search_chart(stats: SearchStats) -> SearchChart:
    """The stages of the search drawn as a Sankey diagram, with the same numbers as text."""
    c = stats.stage_counts
    summary = (
        f"Of {c['saved']} job{'s' if c['saved'] != 1 else ''} saved, {c['applied']} reached the application stage, "
        f"{c['interview']} an interview and {c['offer']} an offer. "
        f"{c['accepted']} accepted, {c['rejected']} rejected, {c['withdrawn']} withdrawn."
    )
    return SearchChart(
        svg=sankey_svg(
            SANKEY_NODES, stats.flows, values=stats.stage_counts, title="Your job search, stage by stage",
            description=summary, id_prefix="search-sankey",
        ),
        table=sankey_table(SANKEY_NODES, stats.flows, values=stats.stage_counts, caption="Jobs at each stage and between stages"),
        summary=summary,
    )
