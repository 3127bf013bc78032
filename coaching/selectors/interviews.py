"""Reads for mock interviews, scoped to their owner (another user's id is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from accounts.models import User
from coaching.models import MockInterview
from coaching.offline.interview import rubric
from jobs.models import Job
from jobs.selectors.board import job_list_for_user

TREND_LIMIT = 30


def interview_list_for_user(*, user: User) -> QuerySet[MockInterview]:
    """The user's interviews, newest first, with their job loaded."""
    return MockInterview.objects.filter(user=user).select_related("job")


def interview_get_for_user(*, user: User, interview_id) -> MockInterview | None:
    return interview_list_for_user(user=user).filter(pk=interview_id).first()


def interview_report(*, interview: MockInterview) -> dict:
    """A completed interview's report: each turn with its feedback and per-criterion
    scores (``report_turns``), whether it was scored by the rubric, and the rubric with
    this interview type's weights (``rubric``, ``rubric_rows``)."""
    feedback_turns = (interview.feedback or {}).get("turns") or []
    rules = rubric()
    labels = {name: c["label"] for name, c in rules["criteria"].items()}
    report_turns = []
    for i, turn in enumerate(interview.turns):
        result = feedback_turns[i] if i < len(feedback_turns) else None
        criteria = (result or {}).get("criteria") or {}
        # JSONB does not keep key order: list the criteria in the rubric's order.
        scores = [(labels[name], criteria[name].get("score")) for name in labels if name in criteria]
        report_turns.append((i, turn, result, scores))
    weights = rules["weights"].get(interview.interview_type, rules["weights"]["MIXED"])
    return {
        "report_turns": report_turns,
        "by_rubric": (interview.feedback or {}).get("method") == "rubric",
        "rubric": rules,
        "rubric_rows": [(c["label"], c["explain"], round(100 * weights[name])) for name, c in rules["criteria"].items()],
    }


@dataclass(frozen=True)
class ScorePoint:
    completed_at: datetime
    title: str
    overall: float
    technical: float | None
    communication: float | None
    problem_solving: float | None


def interview_score_trend(*, user: User, limit: int = TREND_LIMIT) -> list[ScorePoint]:
    """The last ``limit`` completed interviews' scores, oldest first (one query)."""
    rows = (
        MockInterview.objects.filter(user=user, status=MockInterview.Status.COMPLETED, overall_score__isnull=False)
        .order_by("-completed_at")
        .values_list("completed_at", "title", "overall_score", "technical_score", "communication_score",
                     "problem_solving_score")[:limit]
    )
    return [ScorePoint(*row) for row in reversed(rows)]


def interview_job_choices(*, user: User) -> QuerySet[Job]:
    """The jobs an interview can be set up from: every tracked job, newest first."""
    return job_list_for_user(user=user).only("pk", "title", "company").order_by("-created_at")
