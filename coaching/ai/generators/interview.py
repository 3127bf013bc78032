"""Generators for mock interviews: the questions (INTERVIEW_QUESTIONS) and the evaluation
(INTERVIEW_FEEDBACK). Both write onto a MockInterview (``generation.target_id``).

Offline, questions come from the curated bank and answers are scored by the rubric
(coaching/offline/interview.py). With a model, both are structured outputs validated by
the pydantic schemas below; the evaluation's answer numbers are checked against the
interview's real, answered turns (items citing anything else are dropped)."""

from __future__ import annotations

import math
from typing import Literal

from django.urls import reverse
from django.utils import timezone
from pydantic import BaseModel, Field

from coaching.ai import providers
from coaching.ai.context import UserFacts, facts_text, user_facts
from coaching.ai.generation import GeneratorSpec, offline_structured, register
from coaching.ai.generators import lenient
from coaching.models import Generation, MockInterview
from coaching.offline import interview as offline

COMPETENCIES = ("technical", "communication", "problem_solving")
Competency = Literal["technical", "communication", "problem_solving"]


# --- Schemas (lenient: see coaching/ai/generators/lenient.py) ---------------------------------


class QuestionOut(BaseModel):
    question: lenient.text(1000, 5)
    focus: lenient.text(200) = Field(default="", description="What the question probes, in a few words.")
    competency: lenient.choice(COMPETENCIES, "communication") = "communication"


class QuestionSet(BaseModel):
    questions: lenient.at_most(QuestionOut, 15, 1)


class AnswerEvaluationOut(BaseModel):
    answer: lenient.Number = Field(description="The number of the answer, as shown (1 = the first answer).")
    score: lenient.Score
    notes: lenient.text(1000) = ""


class FeedbackItemOut(BaseModel):
    text: lenient.text(600, 3)
    answer: lenient.Number | None = Field(default=None, description="The number of the answer this point comes from.")


class EvaluationOut(BaseModel):
    overall_score: lenient.Score
    technical_score: lenient.Score
    communication_score: lenient.Score
    problem_solving_score: lenient.Score
    answers: list[AnswerEvaluationOut] = Field(default_factory=list)
    strengths: lenient.at_most(FeedbackItemOut, 8) = Field(default_factory=list)
    areas_to_improve: lenient.at_most(FeedbackItemOut, 8) = Field(default_factory=list)
    suggestions: lenient.at_most(FeedbackItemOut, 8) = Field(default_factory=list)


class Evaluation(BaseModel):
    """What is written onto the interview, from either path (turn indices 0-based)."""

    method: Literal["rubric", "model"]
    scores: dict[str, float]
    turns: list[dict | None]
    strengths: list[dict]
    areas_to_improve: list[dict]
    suggestions: list[dict]


# --- Context ---------------------------------------------------------------------------------


def _interview(generation: Generation) -> MockInterview | None:
    return MockInterview.objects.select_related("job__posting").filter(
        pk=generation.target_id, user_id=generation.user_id
    ).first()


def _facts(interview: MockInterview) -> UserFacts:
    return user_facts(user=interview.user, include_goals=False, job=interview.job)


def _setup_text(interview: MockInterview) -> str:
    parts = [
        f"Interview type: {interview.get_interview_type_display()}",
        f"Difficulty: {interview.get_difficulty_display()}",
        f"Role: {interview.target_role or (interview.job.title if interview.job else 'not given')}",
    ]
    if interview.target_company:
        parts.append(f"Company: {interview.target_company}")
    return "\n".join(parts)


# --- Questions -------------------------------------------------------------------------------


def produce_questions(generation: Generation, provider: providers.Provider, on_delta):
    interview = _interview(generation)
    if interview is None:
        raise providers.ProviderError("This interview was deleted.")
    facts = _facts(interview)
    count = interview.question_count
    if provider.is_offline:
        turns = offline.questions_offline(
            facts=facts, interview_type=interview.interview_type, difficulty=interview.difficulty, count=count,
            role=interview.target_role, rotation=int(generation.input.get("rotation") or 0),
        )
        family = offline.role_family(interview.target_role or (facts.job.title if facts.job else ""))
        on_delta(f"Picked {len(turns)} questions from the {offline.family_label(family)} question bank.")
        return offline_structured(QuestionSet(questions=[
            QuestionOut(question=t["question"], focus=t["focus"], competency=t["competency"]) for t in turns
        ]))
    messages = [
        {"role": "system", "content": (
            "You are an experienced interviewer running a mock interview. Write exactly "
            f"{count} interview questions for the setup below, in the order you would ask them. Ground "
            "questions about the candidate in the facts given; never assume experience they do not list. "
            "When a target job is given, ask about its requirements. Each question has a short `focus` "
            "(what it probes) and a `competency`: technical, communication or problem_solving.\n\n"
            f"Facts about the candidate and the job:\n{facts_text(facts) or '(none)'}"
        )},
        {"role": "user", "content": _setup_text(interview)},
    ]
    result = provider.complete_structured(messages=messages, schema=QuestionSet)
    questions = [q for q in result.data.questions if q.question.strip()][:count]
    if not questions:
        raise providers.ProviderOutputInvalid("The AI returned no usable questions. Please try again.")
    result.data = QuestionSet(questions=questions)
    return result


def apply_questions(generation: Generation, output) -> None:
    interview = MockInterview.objects.select_for_update().filter(pk=generation.target_id).first()
    if interview is None or interview.status != MockInterview.Status.PREPARING:
        return
    interview.turns = [
        {"question": q.question.strip(), "focus": q.focus.strip(), "competency": q.competency,
         "answer": "", "answered_at": None}
        for q in output.data.questions
    ]
    interview.question_count = len(interview.turns)
    interview.status = MockInterview.Status.IN_PROGRESS
    interview.provider = output.provider
    interview.started_at = timezone.now()
    interview.full_clean()
    interview.save(update_fields=["turns", "question_count", "status", "provider", "started_at", "updated_at"])


def fail_questions(generation: Generation) -> None:
    MockInterview.objects.filter(pk=generation.target_id, status=MockInterview.Status.PREPARING).update(
        status=MockInterview.Status.FAILED, updated_at=timezone.now()
    )


def restart_questions(generation: Generation) -> None:
    MockInterview.objects.filter(pk=generation.target_id, status=MockInterview.Status.FAILED).update(
        status=MockInterview.Status.PREPARING, updated_at=timezone.now()
    )


# --- Feedback --------------------------------------------------------------------------------


def _offline_evaluation(interview: MockInterview, facts: UserFacts) -> Evaluation:
    result = offline.evaluate_offline(
        turns=interview.turns, interview_type=interview.interview_type, job_terms=offline.job_skills(facts)
    )
    return Evaluation(method="rubric", **result)


def _model_evaluation(interview: MockInterview, facts: UserFacts, provider) -> providers.StructuredCompletion:
    answered = [i for i, t in enumerate(interview.turns) if (t.get("answer") or "").strip()]
    transcript = "\n\n".join(
        f"Answer {i + 1}\nQuestion ({interview.turns[i].get('competency', '')}; focus: {interview.turns[i].get('focus', '')}): "
        f"{interview.turns[i]['question']}\nCandidate: {interview.turns[i]['answer']}"
        for i in answered
    )
    messages = [
        {"role": "system", "content": (
            "You evaluate a mock interview. Score each answer 0–100 and the interview overall and per "
            "competency (technical, communication, problem_solving), judging structure (STAR), specificity, "
            "measurable results and relevance to the job. Write strengths, areas to improve and concrete "
            "suggestions; every item names the number of the answer it comes from (`answer`). Quote only "
            "what the candidate said or the facts below; never invent experience.\n\n"
            f"Facts about the candidate and the job:\n{facts_text(facts) or '(none)'}\n\n{_setup_text(interview)}"
        )},
        {"role": "user", "content": transcript},
    ]
    result = provider.complete_structured(messages=messages, schema=EvaluationOut)
    data: EvaluationOut = result.data
    valid = {i + 1 for i in answered}

    # An item naming no answer belongs to the only answer there is; otherwise it cannot be cited.
    only = next(iter(valid)) if len(valid) == 1 else None

    def items(values):
        cited = [(v.text.strip(), v.answer if v.answer is not None else only) for v in values]
        return [{"text": text, "turn": number - 1} for text, number in cited if number in valid and text]

    by_answer = {a.answer: a for a in data.answers if a.answer in valid}
    turns: list[dict | None] = []
    for index, _turn in enumerate(interview.turns):
        evaluation = by_answer.get(index + 1)
        if index + 1 not in valid:
            turns.append(None)
        elif evaluation is None:
            turns.append({"score": None, "notes": ["The AI did not comment on this answer."]})
        else:
            turns.append({"score": evaluation.score, "notes": [evaluation.notes] if evaluation.notes else []})
    result.data = Evaluation(
        method="model",
        scores={"overall": data.overall_score, "technical": data.technical_score,
                "communication": data.communication_score, "problem_solving": data.problem_solving_score},
        turns=turns, strengths=items(data.strengths), areas_to_improve=items(data.areas_to_improve),
        suggestions=items(data.suggestions),
    )
    return result


def produce_feedback(generation: Generation, provider: providers.Provider, on_delta):
    interview = _interview(generation)
    if interview is None:
        raise providers.ProviderError("This interview was deleted.")
    facts = _facts(interview)
    if provider.is_offline:
        evaluation = _offline_evaluation(interview, facts)
        on_delta(f"Scored {sum(1 for t in evaluation.turns if t)} answers with the offline rubric.")
        return offline_structured(evaluation)
    return _model_evaluation(interview, facts, provider)


def apply_feedback(generation: Generation, output) -> None:
    interview = MockInterview.objects.select_for_update().filter(pk=generation.target_id).first()
    if interview is None or interview.status != MockInterview.Status.SCORING:
        return
    evaluation: Evaluation = output.data
    now = timezone.now()
    ended = generation.created_at or now
    started = interview.started_at or ended
    interview.overall_score = evaluation.scores.get("overall")
    interview.technical_score = evaluation.scores.get("technical")
    interview.communication_score = evaluation.scores.get("communication")
    interview.problem_solving_score = evaluation.scores.get("problem_solving")
    interview.feedback = {"method": evaluation.method, "provider": output.provider, "model": output.model,
                          "turns": evaluation.turns}
    interview.strengths = evaluation.strengths
    interview.areas_to_improve = evaluation.areas_to_improve
    interview.suggestions = evaluation.suggestions
    interview.status = MockInterview.Status.COMPLETED
    interview.completed_at = now
    interview.duration_minutes = max(1, math.ceil((ended - started).total_seconds() / 60))
    interview.full_clean()
    interview.save()


def fail_feedback(generation: Generation) -> None:
    """The interview stays in SCORING: its page shows the failure and "Try again"."""


def restart_feedback(generation: Generation) -> None:
    """Nothing to reset: the interview waits in SCORING until the retry succeeds."""


def result_url(generation: Generation) -> str:
    return reverse("coaching:interview_detail", kwargs={"mock_id": generation.target_id})


register(GeneratorSpec(
    kind=Generation.Kind.INTERVIEW_QUESTIONS, usage_action="AI_INTERVIEW", produce=produce_questions,
    apply=apply_questions, fail=fail_questions, restart=restart_questions, result_url=result_url,
))
register(GeneratorSpec(
    kind=Generation.Kind.INTERVIEW_FEEDBACK, usage_action="AI_INTERVIEW", produce=produce_feedback,
    apply=apply_feedback, fail=fail_feedback, restart=restart_feedback, result_url=result_url,
))
