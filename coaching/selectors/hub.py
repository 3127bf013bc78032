"""The coach hub: a few of the latest items of every coaching feature, for one user."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from coaching.models import Assessment, Conversation, CoverLetter, Goal, MockInterview, Story


@dataclass
class CoachOverview:
    conversations: list = field(default_factory=list)
    interviews: list = field(default_factory=list)
    quizzes: list = field(default_factory=list)
    cover_letters: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    stories: list = field(default_factory=list)


def coach_overview(*, user: User, limit: int = 3) -> CoachOverview:
    """Six small queries, whatever the amount of data."""
    return CoachOverview(
        conversations=list(Conversation.objects.filter(user=user).only("id", "title", "last_message_at")[:limit]),
        interviews=list(
            MockInterview.objects.filter(user=user)
            .only("id", "title", "status", "overall_score", "created_at", "completed_at")[:limit]
        ),
        quizzes=list(
            Assessment.objects.filter(user=user).only("id", "title", "status", "score", "created_at")[:limit]
        ),
        cover_letters=list(
            CoverLetter.objects.filter(user=user)
            .only("id", "title", "company_name", "job_title", "status", "updated_at")[:limit]
        ),
        goals=list(
            Goal.objects.filter(user=user, status__in=[Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS])
            .only("id", "title", "status", "progress", "target_date", "priority")
            .order_by("target_date", "-priority")[:limit]
        ),
        stories=list(Story.objects.filter(user=user).only("id", "title", "period_kind", "period_start", "status")[:limit]),
    )
