"""Quizzes: ask for one (counted, written in the background), take it, retake it, delete it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.ai import providers
from coaching.ai.generation import generation_request
from coaching.models import Assessment, Generation
from coaching.offline import quiz as offline_quiz


def quiz_provider_is_offline() -> bool:
    try:
        return providers.provider_get().is_offline
    except providers.ProviderError:  # misconfigured model: the generation will report it
        return False


def quiz_category_unknown_message(category: str) -> str:
    return (
        f"The offline coach has no questions on “{category}”. Choose one of: "
        + ", ".join(offline_quiz.category_names()) + "."
    )


@transaction.atomic
def quiz_create(
    *, user: User, category: str, difficulty: str, question_count: int, enqueue: bool = True
) -> tuple[Assessment, Generation]:
    """Create the quiz (GENERATING) and queue its questions. Offline, free text is mapped to
    the closest bank category (the title says so); no match raises ValidationError.
    Raises QuotaExceeded (nothing written) when today's generations are used up."""
    requested = " ".join((category or "").split())[:100]
    if not requested:
        raise ValidationError({"category": "Choose a category or type a skill."})
    if not 3 <= question_count <= 20:
        raise ValidationError({"question_count": "Choose between 3 and 20 questions."})
    resolved, title = requested, f"{requested} quiz"
    if quiz_provider_is_offline():
        resolved = offline_quiz.resolve_category(requested)
        if resolved is None:
            raise ValidationError({"category": quiz_category_unknown_message(requested)})
        title = f"{resolved} quiz" if resolved.lower() == requested.lower() else f"{resolved} quiz (closest to “{requested}”)"
    attempt = Assessment.objects.filter(
        user=user, category__iexact=resolved, status=Assessment.Status.COMPLETED
    ).count()
    assessment = Assessment(
        user=user, category=resolved, title=title[:200], difficulty=difficulty, question_count=question_count,
        status=Assessment.Status.GENERATING,
    )
    assessment.full_clean()
    assessment.save()
    generation = generation_request(
        user=user, kind=Generation.Kind.QUIZ, target_id=assessment.pk, enqueue=enqueue,
        input={"category": resolved, "requested_category": requested, "difficulty": difficulty,
               "question_count": question_count, "attempt": attempt},
    )
    return assessment, generation


def quiz_answers_errors(*, assessment: Assessment, answers: list) -> dict[int, str]:
    """Per-question problems with a set of answers ({} when every question is answered)."""
    errors: dict[int, str] = {}
    for index, question in enumerate(assessment.questions):
        value = answers[index] if index < len(answers) else None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(question["options"]):
            errors[index] = "Choose an answer."
    return errors


@transaction.atomic
def quiz_submit(*, assessment: Assessment, answers: list[int]) -> Assessment:
    """Score a READY quiz locally (deterministic). Every question must be answered."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.READY:
        raise ValidationError("This quiz is not open for answers.")
    if len(answers) != len(locked.questions):
        raise ValidationError(f"Answer all {len(locked.questions)} questions.")
    errors = quiz_answers_errors(assessment=locked, answers=answers)
    if errors:
        raise ValidationError(f"Answer all {len(locked.questions)} questions ({len(errors)} missing).")
    result = offline_quiz.score_quiz(category=locked.category, questions=locked.questions, answers=answers)
    locked.questions = [{**q, "chosen_index": a} for q, a in zip(locked.questions, answers, strict=True)]
    locked.score = result.score
    locked.improvement_tip = result.improvement_tip
    locked.recommendations = result.recommendations
    locked.status = Assessment.Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def quiz_retake(*, assessment: Assessment) -> Assessment:
    """A new READY quiz with the same questions: nothing generated, no quota used."""
    if assessment.status not in (Assessment.Status.READY, Assessment.Status.COMPLETED) or not assessment.questions:
        raise ValidationError("Only a quiz with questions can be taken again.")
    fresh = Assessment(
        user=assessment.user, category=assessment.category, title=assessment.title,
        difficulty=assessment.difficulty, question_count=len(assessment.questions),
        status=Assessment.Status.READY, provider=assessment.provider,
        questions=[{k: v for k, v in q.items() if k != "chosen_index"} for q in assessment.questions],
    )
    fresh.full_clean()
    fresh.save()
    return fresh


@transaction.atomic
def quiz_delete(*, assessment: Assessment) -> None:
    assessment.delete()
