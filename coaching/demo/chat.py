"""Demo data for the coach chat: one conversation with a finished offline answer."""

from __future__ import annotations

from accounts.models import User
from coaching.ai import providers
from coaching.ai.generation import generation_run
from coaching.models import Conversation
from coaching.services import chat as services
from jobs.models import Job, JobStatus

DEMO_QUESTION = "What should I do next?"


def seed_demo_chat(*, seeker: User) -> None:
    """“What should I do next?” asked with the profile and a tracked job as context, answered
    by the offline coach (whatever provider is configured). Does nothing when the seeker
    has conversations already."""
    if Conversation.objects.filter(user=seeker).exists():
        return
    jobs = Job.objects.filter(user=seeker)
    job = (
        jobs.filter(status=JobStatus.INTERVIEW_SCHEDULED).order_by("created_at", "id").first()
        or jobs.order_by("created_at", "id").first()
    )
    turn = services.conversation_start(
        user=seeker, message=DEMO_QUESTION, job=job, include_profile=True, include_goals=True, enqueue=False
    )
    generation_run(
        generation_id=turn.generation.pk, provider=providers.Provider(providers.ProviderConfig(name=providers.OFFLINE))
    )
