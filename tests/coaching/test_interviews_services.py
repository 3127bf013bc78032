"""Mock interviews: services, the offline question bank and rubric, the model path, the
score trend (its chart: tests/test_charts.py) and the demo seed."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Experience, Skill
from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.ai.context import JobFacts, UserFacts
from coaching.ai.generation import generation_run
from coaching.models import Generation, MockInterview
from coaching.offline import interview as offline
from coaching.selectors.interviews import interview_score_trend
from coaching.services import interviews as services
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.coaching.factories import MockInterviewFactory, UsageRecordFactory
from tests.coaching.llm_server import json_answer
from tests.jobs.factories import JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

STAR_ANSWER = (
    "At my previous company our team had a checkout API that was too slow before a big sale. My goal was to cut "
    "its p95 latency. I profiled the slowest queries, then I added two PostgreSQL indexes and moved email sending "
    "to Celery so requests stopped waiting. As a result p95 latency fell from 900 ms to 180 ms and checkout "
    "conversion increased by 4% that month, which saved about $20,000 in lost orders."
)
VAGUE_ANSWER = "I basically did a lot of things and stuff to make it better. It went well."


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service and the tasks it enqueued (Celery is eager in tests)."""

    def call(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return call


def _start(run, user, **overrides):
    setup = dict(user=user, interview_type="BEHAVIORAL", difficulty="MEDIUM", question_count=4,
                 target_role="Backend engineer")
    setup.update(overrides)
    interview, generation = run(services.interview_start, **setup)
    interview.refresh_from_db()
    return interview, generation


def _answer_all(run, interview, text=STAR_ANSWER):
    generation = None
    for _ in interview.turns:
        interview, generation = run(services.interview_answer, interview=interview, answer=text)
    interview.refresh_from_db()
    return interview, generation


# --- Start -----------------------------------------------------------------------------------


def test_start_prepares_questions_and_counts_one_generation(run, owner):
    interview, generation = _start(run, owner)
    generation.refresh_from_db()
    assert generation.kind == Generation.Kind.INTERVIEW_QUESTIONS and generation.status == "SUCCEEDED"
    assert interview.status == MockInterview.Status.IN_PROGRESS
    assert interview.provider == "offline" and interview.started_at is not None
    assert len(interview.turns) == 4
    assert all(t["question"] and t["answer"] == "" and t["competency"] in offline.COMPETENCIES for t in interview.turns)
    assert interview.title == "Behavioral interview — Backend engineer"
    assert UsageRecord.objects.filter(user=owner, action="AI_INTERVIEW").count() == 1


def test_start_from_a_job_fills_role_company_and_asks_about_requirements(run, owner):
    posting = JobPostingFactory(requirements=["PostgreSQL", "Kubernetes"], description="")
    job = JobFactory(user=owner, title="Senior Backend Engineer", company="Acme", posting=posting)
    ProfileFactory(user=owner)
    Skill.objects.create(profile=owner.profile, name="PostgreSQL", category="Databases")
    interview, _ = _start(run, owner, job=job, target_role="", question_count=6)
    assert (interview.target_role, interview.target_company, interview.job) == ("Senior Backend Engineer", "Acme", job)
    job_questions = [t["question"] for t in interview.turns if "The role asks for" in t["question"]
                     or "The job lists" in t["question"] or "This job uses" in t["question"]]
    assert any("PostgreSQL" in q for q in job_questions)
    # Known skill vs gap: only PostgreSQL is in the user's data.
    assert any("Kubernetes" in q for q in job_questions)
    assert not any("Kubernetes" in q and "which you list" in q for q in job_questions)


def test_start_refuses_another_users_job(run, owner, stranger):
    with pytest.raises(ValidationError):
        services.interview_start(user=owner, job=JobFactory(user=stranger), interview_type="BEHAVIORAL",
                                 difficulty="EASY", question_count=3)
    assert not MockInterview.objects.exists()


@pytest.mark.parametrize("count", [2, 11])
def test_start_refuses_question_count_out_of_range(owner, count):
    with pytest.raises(ValidationError):
        services.interview_start(user=owner, interview_type="BEHAVIORAL", difficulty="EASY", question_count=count,
                                 target_role="Analyst")
    assert not MockInterview.objects.exists() and not UsageRecord.objects.exists()


def test_start_over_quota_writes_nothing(owner):
    for _ in range(10):  # the FREE plan's 10 a day
        UsageRecordFactory(user=owner)
    with pytest.raises(QuotaExceeded):
        services.interview_start(user=owner, interview_type="BEHAVIORAL", difficulty="EASY", question_count=3,
                                 target_role="Analyst")
    assert not MockInterview.objects.exists() and not Generation.objects.exists()


def test_start_needs_two_generations_left(owner):
    for _ in range(9):
        UsageRecordFactory(user=owner)
    with pytest.raises(QuotaExceeded, match="uses 2 AI generations .* you have 1 left"):
        services.interview_start(user=owner, interview_type="BEHAVIORAL", difficulty="EASY", question_count=3,
                                 target_role="Analyst")
    assert not MockInterview.objects.exists()


# --- Answers, finish, complete ---------------------------------------------------------------


def test_answer_saves_the_current_turn_without_ai(run, owner):
    interview, _ = _start(run, owner)
    interview, generation = run(services.interview_answer, interview=interview, answer="  My first answer.  ")
    interview.refresh_from_db()
    assert generation is None
    assert interview.turns[0]["answer"] == "My first answer." and interview.turns[0]["answered_at"]
    assert interview.current_turn_index == 1
    assert interview.status == MockInterview.Status.IN_PROGRESS
    assert UsageRecord.objects.filter(user=owner).count() == 1


def test_blank_answer_is_a_field_error(run, owner):
    interview, _ = _start(run, owner)
    with pytest.raises(ValidationError) as info:
        services.interview_answer(interview=interview, answer="   ")
    assert "answer" in info.value.message_dict
    interview.refresh_from_db()
    assert interview.current_turn_index == 0


def test_stale_turn_is_refused(run, owner):
    interview, _ = _start(run, owner)
    run(services.interview_answer, interview=interview, answer="First.", turn=0)
    with pytest.raises(ValidationError):
        services.interview_answer(interview=interview, answer="Again the first.", turn=0)
    interview.refresh_from_db()
    assert interview.turns[0]["answer"] == "First." and interview.turns[1]["answer"] == ""


def test_last_answer_scores_the_interview(run, owner):
    interview, _ = _start(run, owner)
    interview, generation = _answer_all(run, interview)
    generation.refresh_from_db()
    assert generation.kind == Generation.Kind.INTERVIEW_FEEDBACK and generation.status == "SUCCEEDED"
    assert interview.status == MockInterview.Status.COMPLETED and interview.completed_at
    for field in ("overall_score", "technical_score", "communication_score", "problem_solving_score"):
        assert 0 <= getattr(interview, field) <= 100
    assert interview.duration_minutes >= 1
    assert interview.feedback["method"] == "rubric"
    assert len(interview.feedback["turns"]) == 4 and all(t["score"] is not None for t in interview.feedback["turns"])
    for item in interview.strengths + interview.areas_to_improve + interview.suggestions:
        assert 0 <= item["turn"] < 4
        assert f"nswer {item['turn'] + 1}" in item["text"]
    # Two generations for one interview: the questions and the scoring.
    assert UsageRecord.objects.filter(user=owner, action="AI_INTERVIEW").count() == 2


def test_answer_after_completion_is_refused(run, owner):
    interview, _ = _start(run, owner, question_count=3)
    interview, _ = _answer_all(run, interview)
    with pytest.raises(ValidationError):
        services.interview_answer(interview=interview, answer="More.")


def test_finish_early_scores_only_answered_turns(run, owner):
    interview, _ = _start(run, owner, question_count=5)
    run(services.interview_answer, interview=interview, answer=STAR_ANSWER)
    run(services.interview_answer, interview=interview, answer=VAGUE_ANSWER)
    run(services.interview_finish, interview=interview)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    turns = interview.feedback["turns"]
    assert turns[0]["score"] > turns[1]["score"]
    assert turns[2:] == [None, None, None]
    assert {item["turn"] for item in interview.strengths + interview.areas_to_improve + interview.suggestions} <= {0, 1}


def test_finish_without_answers_is_refused(run, owner):
    interview, _ = _start(run, owner)
    with pytest.raises(ValidationError):
        services.interview_finish(interview=interview)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.IN_PROGRESS


def test_delete_removes_the_interview(run, owner):
    interview, _ = _start(run, owner)
    services.interview_delete(interview=interview)
    assert not MockInterview.objects.filter(pk=interview.pk).exists()


def test_feedback_for_a_deleted_interview_writes_nothing(owner):
    interview = MockInterviewFactory(user=owner)
    for turn in range(3):
        interview, generation = services.interview_answer(interview=interview, answer=STAR_ANSWER, turn=turn,
                                                          enqueue=False)
    services.interview_delete(interview=interview)
    generation = generation_run(generation_id=generation.pk)
    assert generation.status == "FAILED"
    assert generation.usage_record.refunded_at is not None


# --- Determinism -----------------------------------------------------------------------------


def test_same_setup_gives_the_same_questions(run, owner, teammate):
    first, _ = _start(run, owner, question_count=6, difficulty="HARD")
    second, _ = _start(run, teammate, question_count=6, difficulty="HARD")
    assert [t["question"] for t in first.turns] == [t["question"] for t in second.turns]


def test_earlier_interviews_rotate_the_questions(run, owner):
    first, _ = _start(run, owner, question_count=6)
    second, _ = _start(run, owner, question_count=6)
    assert [t["question"] for t in first.turns] != [t["question"] for t in second.turns]


def test_same_answers_give_the_same_scores(run, owner, teammate):
    scores = []
    for user in (owner, teammate):
        interview, _ = _start(run, user)
        interview, _ = _answer_all(run, interview)
        scores.append((interview.overall_score, interview.technical_score, interview.communication_score,
                       interview.problem_solving_score, interview.strengths, interview.areas_to_improve,
                       interview.suggestions))
    assert scores[0] == scores[1]


def test_offline_questions_are_deterministic_and_fit_the_setup():
    facts = UserFacts()
    kwargs = dict(facts=facts, interview_type="TECHNICAL", difficulty="EASY", count=5, role="Data analyst")
    turns = offline.questions_offline(**kwargs)
    assert turns == offline.questions_offline(**kwargs)
    bank = offline.bank()["questions"]
    easy_data = {q["question"] for q in bank["data"]["TECHNICAL"] if q["difficulty"] == "EASY"}
    allowed = {q["question"] for q in bank["data"]["TECHNICAL"] + bank["general"]["TECHNICAL"]}
    assert {t["question"] for t in turns[:3]} == easy_data  # the role's own easy questions lead
    assert all(t["question"] in allowed for t in turns)


@pytest.mark.parametrize(("role", "family"), [
    ("Senior Backend Engineer", "software"), ("Data Scientist", "data"), ("Product Manager", "product"),
    ("UX Designer", "design"), ("SEO Marketing Lead", "marketing"), ("Account Executive", "sales"),
    ("Customer Success Manager", "customer_success"), ("Financial Controller", "finance_ops"), ("Chef", "general"),
])
def test_role_family_from_keywords(role, family):
    assert offline.role_family(role) == family


def test_bank_has_enough_questions_for_every_family_and_type():
    data = offline.bank()
    for family in data["families"]:
        for interview_type in ("BEHAVIORAL", "TECHNICAL", "SYSTEM_DESIGN", "CASE", "CULTURE"):
            pool = offline._pool(family, interview_type)
            assert len(pool) >= 8, (family, interview_type)
            assert all(q["competency"] in offline.COMPETENCIES and q["focus"] for q in pool)


def test_offline_questions_only_use_the_users_own_facts():
    facts = UserFacts(
        skills=["Python"], experiences=[{"title": "Data Engineer", "company": "Fabrikam", "achievements": [],
                                        "technologies": []}],
        job=JobFacts(id="1", title="Backend Engineer", company="Acme", status="APPLIED", status_label="Applied",
                     requirements=["Python", "Rust"]),
    )
    turns = offline.questions_offline(facts=facts, interview_type="BEHAVIORAL", difficulty="MEDIUM", count=6, role="")
    text = " ".join(t["question"] for t in turns)
    assert "Data Engineer at Fabrikam" in text
    python = [t["question"] for t in turns if "Python" in t["question"]]
    rust = [t["question"] for t in turns if "Rust" in t["question"]]
    assert python and rust
    assert "not in your profile" not in python[0] and "The job lists" not in python[0]  # Python is in their data
    assert "which you list" not in rust[0] and "This job uses" not in rust[0]  # Rust is not


# --- Rubric ----------------------------------------------------------------------------------


def _turn(answer, focus="checkout latency", competency="problem_solving"):
    return {"question": "q", "focus": focus, "competency": competency, "answer": answer}


def test_star_answer_with_numbers_scores_higher_than_a_vague_one():
    star = offline.score_answer(turn=_turn(STAR_ANSWER), interview_type="BEHAVIORAL", job_terms=["PostgreSQL"])
    vague = offline.score_answer(turn=_turn(VAGUE_ANSWER), interview_type="BEHAVIORAL", job_terms=["PostgreSQL"])
    assert star["score"] >= 80 > 30 >= vague["score"]
    assert star["criteria"]["structure"]["present"] == ["situation", "task", "action", "result"]
    assert {"900 ms", "180 ms", "4%", "$20,000"} <= set(star["criteria"]["measurable"]["evidence"]) | {"$20,000"}
    assert "PostgreSQL" in star["criteria"]["relevance"]["job_hits"]
    assert vague["criteria"]["measurable"]["score"] == 0
    assert vague["criteria"]["length"]["words"] < 25
    assert "basically" in vague["criteria"]["specificity"]["vague"]


def test_rambling_answer_loses_length_points():
    long = " ".join([STAR_ANSWER] * 8)
    scored = offline.score_answer(turn=_turn(long), interview_type="BEHAVIORAL", job_terms=[])
    assert scored["criteria"]["length"]["score"] == 40
    assert any("Very long" in note for note in scored["notes"])


def test_feedback_cites_the_turn_and_quotes_the_answer():
    result = offline.evaluate_offline(
        turns=[_turn(VAGUE_ANSWER, competency="communication"), _turn(STAR_ANSWER)],
        interview_type="BEHAVIORAL", job_terms=[],
    )
    assert {"text": "In answer 2 you quantified the result (900 ms, 180 ms and 4%).", "turn": 1} in result["strengths"]
    assert any(item["turn"] == 0 and item["text"].startswith("Answer 1 is too short (16 words)")
               for item in result["areas_to_improve"])
    assert all(item["turn"] == 0 for item in result["suggestions"])
    assert result["scores"]["communication"] == result["turns"][0]["score"]
    assert result["scores"]["problem_solving"] == result["turns"][1]["score"]


def test_feedback_never_quotes_numbers_the_user_did_not_write():
    result = offline.evaluate_offline(turns=[_turn(STAR_ANSWER), _turn(VAGUE_ANSWER)], interview_type="BEHAVIORAL",
                                      job_terms=["Kubernetes"])
    texts = " ".join(i["text"] for key in ("strengths", "areas_to_improve", "suggestions") for i in result[key])
    for number in re.findall(r"\d+(?:[.,]\d+)*", texts):
        assert number in STAR_ANSWER or number in VAGUE_ANSWER or number in ("1", "2", "60", "250", "16")


# --- Model path (loopback Chat Completions server) -------------------------------------------


def test_model_questions_and_evaluation_with_turn_indices_validated(run, owner, openai_settings, llm_server):
    llm_server.plan(
        json_answer({"questions": [
            {"question": "Tell me about a hard bug.", "focus": "debugging", "competency": "problem_solving"},
            {"question": "Explain database indexes.", "focus": "indexes", "competency": "technical"},
            {"question": "How do you give feedback?", "focus": "feedback", "competency": "communication"},
            {"question": "An extra fourth question.", "focus": "extra", "competency": "technical"},
        ]}),
        json_answer({
            "overall_score": 72, "technical_score": 65, "communication_score": 80, "problem_solving_score": 70,
            "answers": [{"answer": 1, "score": 75, "notes": "Clear."}, {"answer": 9, "score": 10, "notes": "x"}],
            "strengths": [{"text": "Answer 1 is concrete.", "answer": 1}, {"text": "Invented.", "answer": 7}],
            "areas_to_improve": [{"text": "Answer 2 lacks depth.", "answer": 2}],
            "suggestions": [{"text": "Answer 3 was not given.", "answer": 3}],
        }),
    )
    interview, _ = _start(run, owner, question_count=3)
    assert [t["question"] for t in interview.turns] == [
        "Tell me about a hard bug.", "Explain database indexes.", "How do you give feedback?"]
    assert interview.provider == "openai"
    run(services.interview_answer, interview=interview, answer=STAR_ANSWER)
    run(services.interview_answer, interview=interview, answer="Indexes make lookups fast.")
    run(services.interview_finish, interview=interview)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    assert (interview.overall_score, interview.technical_score) == (72, 65)
    assert interview.strengths == [{"text": "Answer 1 is concrete.", "turn": 0}]
    assert interview.areas_to_improve == [{"text": "Answer 2 lacks depth.", "turn": 1}]
    assert interview.suggestions == []  # answer 3 was never given
    assert interview.feedback["method"] == "model"
    assert interview.feedback["turns"][0] == {"score": 75, "notes": ["Clear."]}
    assert interview.feedback["turns"][2] is None
    assert "Explain database indexes." in llm_server.requests[1]["messages"][-1]["content"]


def test_model_failure_marks_the_interview_failed_and_refunds(run, owner, openai_settings, llm_server):
    from tests.coaching.llm_server import error

    llm_server.default = error(500, "boom")
    interview, generation = _start(run, owner)
    generation.refresh_from_db()
    assert interview.status == MockInterview.Status.FAILED and generation.status == "FAILED"
    assert generation.usage_record.refunded_at is not None


def test_retry_after_a_failure_prepares_the_questions(run, owner, openai_settings, llm_server):
    from coaching.ai.generation import generation_retry
    from tests.coaching.llm_server import error

    llm_server.default = error(500, "boom")
    interview, generation = _start(run, owner)
    assert interview.status == MockInterview.Status.FAILED
    openai_settings.AI_PROVIDER = "offline"
    generation.refresh_from_db()
    retry = run(generation_retry, generation=generation)
    interview.refresh_from_db()
    retry.refresh_from_db()
    assert retry.status == "SUCCEEDED" and retry.retry_of == generation
    assert interview.status == MockInterview.Status.IN_PROGRESS and len(interview.turns) == 4


def test_failed_scoring_keeps_the_answers_and_retries(run, owner, openai_settings, llm_server):
    from coaching.ai.generation import generation_retry
    from tests.coaching.llm_server import error

    openai_settings.AI_PROVIDER = "offline"
    interview, _ = _start(run, owner, question_count=3)
    openai_settings.AI_PROVIDER = "openai"
    llm_server.default = error(500, "boom")
    interview, generation = _answer_all(run, interview)
    generation.refresh_from_db()
    assert generation.status == "FAILED" and interview.status == MockInterview.Status.SCORING
    assert all(t["answer"] == STAR_ANSWER for t in interview.turns)
    openai_settings.AI_PROVIDER = "offline"
    run(generation_retry, generation=generation)
    interview.refresh_from_db()
    assert interview.is_completed


# --- Trend (the chart: tests/test_charts.py) -------------------------------------------------------------------------


def test_trend_lists_completed_interviews_oldest_first(owner, stranger, django_assert_num_queries):
    now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    for days, score in ((2, 70.0), (5, 50.0)):
        MockInterviewFactory(user=owner, status="COMPLETED", overall_score=score, completed_at=now - datetime.timedelta(days=days))
    MockInterviewFactory(user=owner)  # in progress
    MockInterviewFactory(user=stranger, status="COMPLETED", overall_score=99.0, completed_at=now)
    with django_assert_num_queries(1):
        trend = interview_score_trend(user=owner)
    assert [p.overall for p in trend] == [50.0, 70.0]


# --- Demo ------------------------------------------------------------------------------------


def test_demo_seed_completes_two_interviews_from_the_users_data():
    from coaching.demo.interviews import seed_demo_interviews

    user = UserFactory()
    profile = ProfileFactory(user=user, desired_title="Staff Engineer")
    Experience.objects.create(
        profile=profile, company="Northwind Analytics", title="Senior Backend Engineer",
        start_date=datetime.date(2021, 4, 1), is_current=True,
        achievements=["Cut p95 API latency from 900 ms to 180 ms"], technologies=["Python", "Django"],
    )
    job = JobFactory(user=user, title="Senior Django Developer", company="Doctolib", status="INTERVIEW_SCHEDULED")
    seed_demo_interviews(seeker=user)
    interviews = list(MockInterview.objects.filter(user=user).order_by("completed_at"))
    assert [i.status for i in interviews] == ["COMPLETED", "COMPLETED"]
    assert interviews[0].job is None and interviews[1].job == job
    assert interviews[1].overall_score > interviews[0].overall_score
    assert len(interview_score_trend(user=user)) == 2
    answers = " ".join(t["answer"] for t in interviews[1].turns)
    assert "Northwind Analytics" in answers and "900 ms to 180 ms" in answers
    for number in re.findall(r"\d+(?:[.,]\d+)*", answers):
        assert number in ("900", "180", "95")  # p95 and the achievement: nothing invented
    seed_demo_interviews(seeker=user)  # idempotent
    assert MockInterview.objects.filter(user=user).count() == 2
