"""Generator: quizzes (Generation.Kind.QUIZ → Assessment.questions).

Offline: the questions come from the shipped bank (coaching/offline/quiz.py), chosen
deterministically for (category, difficulty, size, attempt). A model gets the category,
difficulty and size and must answer with the validated schema below. Either way the quiz
is scored locally (coaching/offline/quiz.py) when the user submits it."""

from __future__ import annotations

from typing import Annotated

from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel, BeforeValidator, Field, field_validator

from billing.models import UsageRecord
from coaching.ai import providers
from coaching.ai.generation import GeneratorSpec, offline_structured, register
from coaching.ai.generators import lenient
from coaching.models import Assessment, Generation
from coaching.offline import quiz as offline_quiz


def _option_index(value):
    """Models sometimes name the correct option by its letter ("B") instead of its index."""
    if isinstance(value, str) and value.strip().upper() in ("A", "B", "C", "D"):
        return "ABCD".index(value.strip().upper())
    return value


class QuizQuestion(BaseModel):
    question: lenient.text(1000, 5)
    options: list[str] = Field(min_length=4, max_length=4)
    correct_index: Annotated[int, Field(ge=0, le=3), BeforeValidator(_option_index)]
    explanation: lenient.text(2000, 3)
    topic: lenient.text(100, 1) = "general"

    @field_validator("options")
    @classmethod
    def _options_distinct(cls, value: list[str]) -> list[str]:
        cleaned = [option.strip() for option in value]
        if any(not option for option in cleaned):
            raise ValueError("every option needs text")
        if len({option.lower() for option in cleaned}) != 4:
            raise ValueError("the 4 options must be different")
        return cleaned


class QuizOut(BaseModel):
    questions: lenient.at_most(QuizQuestion, 20, 1)


SYSTEM_PROMPT = (
    "You write multiple-choice quizzes that help job seekers check their knowledge. Each question has "
    "exactly 4 options, exactly one of them correct (its 0-based index in correct_index), a short explanation "
    "of why that answer is right, and a short topic label (one to three words, lower case). Questions must be "
    "factually correct and unambiguous. Answer with JSON only: "
    '{"questions": [{"question": str, "options": [str, str, str, str], "correct_index": 0-3, '
    '"explanation": str, "topic": str}]}.'
)


def produce(generation: Generation, provider: providers.Provider, on_delta):
    data = generation.input or {}
    category = data.get("category", "")
    difficulty = data.get("difficulty", Assessment.Difficulty.MEDIUM)
    count = int(data.get("question_count", 5))
    if provider.is_offline:
        resolved = offline_quiz.resolve_category(category)
        if resolved is None:
            raise providers.ProviderError(
                f"The offline coach has no questions on “{category}”. It has quizzes on: "
                + ", ".join(offline_quiz.category_names()) + "."
            )
        questions = offline_quiz.select_questions(
            category=resolved, difficulty=difficulty, count=count, attempt=int(data.get("attempt", 0))
        )
        return offline_structured(QuizOut.model_validate({"questions": questions}))
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": (
            f"Write {count} questions on: {category}.\nDifficulty: {difficulty.lower()}.\n"
            "Vary the topics; do not repeat a question."
        )},
    ]
    result = provider.complete_structured(messages=messages, schema=QuizOut, max_tokens=400 + 250 * count)
    if len(result.data.questions) < count:
        raise providers.ProviderOutputInvalid(
            f"The AI wrote {len(result.data.questions)} questions instead of {count}. Please try again."
        )
    result.data.questions = result.data.questions[:count]
    return result


def apply(generation: Generation, output) -> None:
    assessment = Assessment.objects.select_for_update().filter(pk=generation.target_id).first()
    if assessment is None or assessment.status != Assessment.Status.GENERATING:  # deleted meanwhile
        return
    assessment.questions = [q.model_dump() for q in output.data.questions]
    assessment.question_count = len(assessment.questions)
    assessment.status = Assessment.Status.READY
    assessment.provider = output.provider
    assessment.full_clean()
    assessment.save()


def fail(generation: Generation) -> None:
    Assessment.objects.filter(pk=generation.target_id, status=Assessment.Status.GENERATING).update(
        status=Assessment.Status.FAILED, updated_at=timezone.now()
    )


def restart(generation: Generation) -> None:
    Assessment.objects.filter(pk=generation.target_id, status=Assessment.Status.FAILED).update(
        status=Assessment.Status.GENERATING, updated_at=timezone.now()
    )


def result_url(generation: Generation) -> str:
    return reverse("coaching:quiz_detail", args=[generation.target_id])


register(GeneratorSpec(
    kind=Generation.Kind.QUIZ, usage_action=UsageRecord.Action.AI_QUIZ, produce=produce, apply=apply,
    fail=fail, restart=restart, result_url=result_url,
))
