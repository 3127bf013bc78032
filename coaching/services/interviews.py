"""Mock interviews: start (the questions are generated), answer turn by turn (saved at once,
no AI), finish (the answers are evaluated).

An interview is two generations of the daily allowance: the questions at the start and the
evaluation at the end. Starting therefore needs two generations left today, so nobody
answers a whole interview and then cannot get it scored; the pages say so."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from coaching.ai.generation import generation_request
from coaching.models import Generation, MockInterview
from jobs.models import Job

GENERATIONS_PER_INTERVIEW = 2
MIN_QUESTIONS, MAX_QUESTIONS = 3, 10
MAX_ANSWER_CHARS = 5000


def _title(*, interview_type: str, role: str, company: str) -> str:
    label = MockInterview.Type(interview_type).label
    what = " at ".join(p for p in (role, company) if p)
    return (f"{label} interview — {what}" if what else f"{label} interview")[:200]


class InterviewAllowanceShort(QuotaExceeded):
    """Fewer than the two generations an interview needs are left today."""

    def __init__(self, *, remaining: int, limit: int, resets_at, plan_name: str):
        super().__init__(limit=limit, resets_at=resets_at, plan_name=plan_name)
        Exception.__init__(
            self,
            f"A mock interview uses {GENERATIONS_PER_INTERVIEW} AI generations (the questions and the scoring) "
            f"and you have {remaining} left today. They reset at {resets_at:%H:%M} ({resets_at.tzname()}).",
        )


def _check_allowance(user: User) -> None:
    quota = quota_status(user=user)
    if quota.limit is not None and 0 < quota.remaining < GENERATIONS_PER_INTERVIEW:
        raise InterviewAllowanceShort(
            remaining=quota.remaining, limit=quota.limit, resets_at=quota.resets_at, plan_name=quota.plan.name
        )


@transaction.atomic
def interview_start(
    *, user: User, interview_type: str, difficulty: str, question_count: int, target_role: str = "",
    target_company: str = "", job: Job | None = None, enqueue: bool = True,
) -> tuple[MockInterview, Generation]:
    """Create the interview (PREPARING) and ask for its questions. Raises QuotaExceeded
    (nothing written) when fewer than two generations are left today."""
    if job is not None and job.user_id != user.pk:
        raise ValidationError({"job": "Pick one of your tracked jobs."})
    if not MIN_QUESTIONS <= question_count <= MAX_QUESTIONS:
        raise ValidationError({"question_count": f"Between {MIN_QUESTIONS} and {MAX_QUESTIONS} questions."})
    target_role = (target_role or (job.title if job else "")).strip()
    target_company = (target_company or (job.company if job else "")).strip()
    _check_allowance(user)
    # Same setup → same questions; the count of earlier interviews of this type rotates them.
    rotation = MockInterview.objects.filter(user=user, interview_type=interview_type).count()
    interview = MockInterview(
        user=user, job=job, interview_type=interview_type, difficulty=difficulty, question_count=question_count,
        target_role=target_role[:200], target_company=target_company[:200], status=MockInterview.Status.PREPARING,
        title=_title(interview_type=interview_type, role=target_role, company=target_company),
    )
    interview.full_clean()
    interview.save()
    generation = generation_request(
        user=user, kind=Generation.Kind.INTERVIEW_QUESTIONS, target_id=interview.pk, enqueue=enqueue,
        input={"job": str(job.pk) if job else "", "target_role": target_role, "target_company": target_company,
               "interview_type": interview_type, "difficulty": difficulty, "question_count": question_count,
               "rotation": rotation},
    )
    return interview, generation


def _locked(interview: MockInterview) -> MockInterview:
    return MockInterview.objects.select_for_update().get(pk=interview.pk)


def _request_feedback(interview: MockInterview, *, enqueue: bool) -> Generation:
    interview.status = MockInterview.Status.SCORING
    interview.save(update_fields=["status", "updated_at"])
    return generation_request(
        user=interview.user, kind=Generation.Kind.INTERVIEW_FEEDBACK, target_id=interview.pk, enqueue=enqueue,
        input={"answered": sum(1 for t in interview.turns if (t.get("answer") or "").strip())},
    )


@transaction.atomic
def interview_answer(
    *, interview: MockInterview, answer: str, turn: int | None = None, enqueue: bool = True
) -> tuple[MockInterview, Generation | None]:
    """Save the answer to the current question. After the last one, the interview is
    scored (returns the evaluation's generation). ``turn`` (0-based), when given, must be the
    current question: a stale form (answered in another tab) is refused, not misfiled."""
    interview = _locked(interview)
    answer = (answer or "").strip()
    if interview.status != MockInterview.Status.IN_PROGRESS:
        raise ValidationError("This interview is not waiting for an answer.")
    current = interview.current_turn_index
    if current is None:
        raise ValidationError("Every question is answered already.")
    if turn is not None and turn != current:
        raise ValidationError("That question was answered already; here is the current one.")
    if not answer:
        raise ValidationError({"answer": "Write your answer first."})
    if len(answer) > MAX_ANSWER_CHARS:
        raise ValidationError({"answer": f"Keep your answer under {MAX_ANSWER_CHARS} characters."})
    turns = [dict(t) for t in interview.turns]
    turns[current].update(answer=answer, answered_at=timezone.now().isoformat())
    interview.turns = turns
    interview.save(update_fields=["turns", "updated_at"])
    generation = None
    if interview.current_turn_index is None:
        generation = _request_feedback(interview, enqueue=enqueue)
    return interview, generation


@transaction.atomic
def interview_finish(*, interview: MockInterview, enqueue: bool = True) -> tuple[MockInterview, Generation]:
    """End early: the answered questions are scored, the rest is left out."""
    interview = _locked(interview)
    if interview.status != MockInterview.Status.IN_PROGRESS:
        raise ValidationError("Only an interview in progress can be finished.")
    if not any((t.get("answer") or "").strip() for t in interview.turns):
        raise ValidationError("Answer at least one question before finishing.")
    return interview, _request_feedback(interview, enqueue=enqueue)


@transaction.atomic
def interview_delete(*, interview: MockInterview) -> None:
    """A generation still running for it finds no target and writes nothing."""
    MockInterview.objects.filter(pk=interview.pk).delete()
