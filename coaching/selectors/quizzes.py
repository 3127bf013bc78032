"""Reads for quizzes, scoped to their owner."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import Profile, User
from coaching.models import Assessment
from coaching.offline import quiz as offline_quiz


def quiz_category_suggestions(*, user: User) -> list[str]:
    """Categories to offer: the built-in ones, then the user's own and wanted skills (no repeats)."""
    profile = Profile.objects.filter(user=user).prefetch_related("skills").first()
    own = []
    if profile is not None:
        own = [s.name for s in profile.skills.all()] + list(profile.target_skills)
    seen, result = set(), []
    for name in [*offline_quiz.category_names(), *own]:
        if name and name.lower() not in seen:
            seen.add(name.lower())
            result.append(name)
    return result


def quiz_list_for_user(*, user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(user=user).order_by("-created_at")


@dataclass(frozen=True)
class CategoryStats:
    category: str
    average: float
    latest: float
    count: int


def quiz_category_stats(*, user: User) -> list[CategoryStats]:
    """Average and latest score per category of the user's completed quizzes (one query),
    categories in alphabetical order."""
    rows = (
        Assessment.objects.filter(user=user, status=Assessment.Status.COMPLETED)
        .order_by("completed_at", "created_at")
        .values_list("category", "score")
    )
    scores: dict[str, list[float]] = {}
    for category, score in rows:
        scores.setdefault(category, []).append(score)
    return [
        CategoryStats(category, round(sum(values) / len(values), 1), values[-1], len(values))
        for category, values in sorted(scores.items(), key=lambda item: item[0].lower())
    ]
