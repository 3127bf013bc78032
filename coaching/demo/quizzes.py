"""Demo data for quizzes: two completed quizzes in different categories (seed_demo),
written by the offline coach from its question bank and answered through the services."""

from __future__ import annotations

from accounts.models import User
from billing.exceptions import QuotaExceeded
from coaching.ai import providers
from coaching.ai.generation import generation_run
from coaching.models import Assessment
from coaching.services import quizzes as services

# (category, difficulty, question count, indexes of the questions answered wrongly)
DEMO_QUIZZES = [
    ("Python", Assessment.Difficulty.MEDIUM, 5, {1}),
    ("SQL", Assessment.Difficulty.EASY, 5, {0, 3}),
]


def seed_demo_quizzes(*, seeker: User) -> None:
    """Idempotent: does nothing when the seeker has quizzes already."""
    if Assessment.objects.filter(user=seeker).exists():
        return
    offline = providers.Provider(providers.ProviderConfig(name=providers.OFFLINE))
    for category, difficulty, count, wrong in DEMO_QUIZZES:
        try:
            quiz, generation = services.quiz_create(
                user=seeker, category=category, difficulty=difficulty, question_count=count, enqueue=False
            )
        except QuotaExceeded:  # the demo seeker's allowance is used up today: leave the rest out
            return
        generation_run(generation_id=generation.pk, provider=offline)
        quiz.refresh_from_db()
        if quiz.status != Assessment.Status.READY:
            continue
        answers = [
            (q["correct_index"] + 1) % 4 if index in wrong else q["correct_index"]
            for index, q in enumerate(quiz.questions)
        ]
        services.quiz_submit(assessment=quiz, answers=answers)
