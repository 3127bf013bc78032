"""Every AI feature end to end with AI_PROVIDER=openai: the admin's AISettings row points at
a loopback OpenAI-compatible server (tests/coaching/llm_server.py, ``auto()``: it answers
structured requests with an instance of the schema it was sent, text requests with short
markdown). Each feature is driven through its real services as a user would; the tests
check the result on the target, provider/model/usage on the Generation and the
UsageRecord, and that the prompt held the user's own facts and nobody else's. Two
features also meet a model that ignores the JSON format twice: the target fails with a
clear message, the quota is refunded, and "Try again" works."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from accounts.models import Experience, Skill
from billing.models import UsageRecord
from billing.selectors import quota_status
from coaching.ai.generation import generation_retry
from coaching.models import (
    AISettings,
    Assessment,
    CoverLetter,
    Generation,
    IndustryInsight,
    Message,
    MockInterview,
    Story,
)
from coaching.services import chat as chat_services
from coaching.services import cover_letters as letter_services
from coaching.services import goals as goal_services
from coaching.services import interviews as interview_services
from coaching.services import quizzes as quiz_services
from coaching.services import stories as story_services
from coaching.services.insights import insight_refresh_request
from tests.accounts.factories import ProfileFactory, UserFactory
from tests.coaching.llm_server import auto, invalid_json, json_answer, request_schema
from tests.jobs.factories import JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

MODEL = "test-model"
# What only the owner's data says, and what only the stranger's data says.
OWNER_SKILL, OWNER_EMPLOYER, OWNER_JOB_COMPANY = "Kubernetes", "Zephyrine Logistics", "Borealis Freight"
STRANGER_MARKERS = ("Haskellish Secret Skill", "Obsidian Stranger Corp", "Stranger Job Co")
WRONG_FORMAT = "The AI model returned an answer in the wrong format twice."


@pytest.fixture
def ai(settings, llm_server):
    """The admin switched the coach to an OpenAI-compatible server (the loopback one)."""
    settings.AI_PROVIDER = "offline"  # the AISettings row is what turns the model on
    settings.AI_TIMEOUT = 10.0
    settings.AI_MAX_RETRIES = 0
    settings.AI_JSON_MODE = "auto"
    AISettings.objects.create(provider="openai", base_url=llm_server.url, model=MODEL)
    llm_server.set_default(auto())
    return llm_server


@pytest.fixture
def seeker(owner):
    profile = ProfileFactory(user=owner, current_title="Platform Engineer", current_company=OWNER_EMPLOYER,
                             industry="Software")
    Skill.objects.create(profile=profile, name=OWNER_SKILL, category="Tools", level=Skill.Level.ADVANCED)
    Skill.objects.create(profile=profile, name="Terraform", category="Tools", level=Skill.Level.ADVANCED)
    Experience.objects.create(profile=profile, company=OWNER_EMPLOYER, title="Platform Engineer",
                              start_date=datetime.date(2021, 3, 1), is_current=True,
                              achievements=["Cut deploy time from 40 to 8 minutes"], technologies=[OWNER_SKILL])
    return owner


@pytest.fixture
def other(stranger):
    """Another user whose data must never reach the owner's prompts."""
    profile = ProfileFactory(user=stranger, current_company=STRANGER_MARKERS[1])
    Skill.objects.create(profile=profile, name=STRANGER_MARKERS[0], category="Tools", level=Skill.Level.EXPERT)
    JobFactory(user=stranger, title="Secret role", company=STRANGER_MARKERS[2])
    return stranger


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and run the generation it queued (Celery is eager in tests)."""

    def call(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return call


def _job(user, **fields):
    posting = JobPostingFactory(title="Platform Engineer", company=OWNER_JOB_COMPANY,
                                description="Run our Kubernetes clusters and build internal tooling.",
                                requirements=["Kubernetes", "Go", "Incident response"])
    return JobFactory(user=user, title="Platform Engineer", company=OWNER_JOB_COMPANY, posting=posting, **fields)


def _prompt(request: dict) -> str:
    return "\n".join(str(m.get("content") or "") for m in request["messages"])


def _assert_grounded(server, *expected: str) -> None:
    sent = "\n".join(_prompt(r) for r in server.requests)
    for fact in expected:
        assert fact in sent, f"{fact!r} was not sent to the model"
    for secret in STRANGER_MARKERS:
        assert secret not in sent, f"another user's {secret!r} reached the model"


def _assert_recorded(generation: Generation) -> None:
    generation.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED, generation.error
    assert (generation.provider, generation.model) == ("openai", MODEL)
    assert generation.usage["total_tokens"] > 0
    assert generation.usage["total_tokens"] == generation.usage["prompt_tokens"] + generation.usage["completion_tokens"]
    record = UsageRecord.objects.get(pk=generation.usage_record_id)
    assert record.refunded_at is None
    assert record.metadata["provider"] == "openai" and record.metadata["model"] == MODEL
    assert record.metadata["usage"] == generation.usage
    assert record.metadata["generation_id"] == str(generation.pk)


# --- Chat (CHAT_REPLY) ---------------------------------------------------------------------------


def test_chat_answer_streams_from_the_model_and_is_recorded(run, ai, seeker, other):
    turn = run(chat_services.conversation_start, user=seeker, message="How do I land a platform role?")

    reply = Message.objects.get(pk=turn.reply.pk)
    assert reply.status == Message.Status.DONE
    answer_request = ai.requests[0]
    assert answer_request["stream"] is True and answer_request["model"] == MODEL
    # The fake quotes the skills line it was sent: the answer shows the prompt held the user's facts.
    assert reply.content.startswith("**Fake model answer.** You asked: “How do I land a platform role?”")
    assert f"Build on your skills: {OWNER_SKILL}, Terraform" in reply.content
    _assert_recorded(turn.generation)
    generation = Generation.objects.get(pk=turn.generation.pk)
    assert reply.metadata == {"provider": "openai", "model": MODEL, "usage": generation.usage}
    # A second, cheap call titled the conversation.
    assert len(ai.requests) == 2 and "Write a title" in ai.requests[1]["messages"][0]["content"]
    turn.conversation.refresh_from_db()
    assert turn.conversation.title == "Next steps with communication"
    system = answer_request["messages"][0]["content"]
    assert f"Skills: {OWNER_SKILL}" in system and f"Platform Engineer at {OWNER_EMPLOYER}" in system
    assert answer_request["messages"][-1] == {"role": "user", "content": "How do I land a platform role?"}
    _assert_grounded(ai, OWNER_SKILL, OWNER_EMPLOYER)


def test_chat_follow_up_sends_the_history_and_the_chosen_job(run, ai, seeker, other):
    job = _job(seeker)
    turn = run(chat_services.conversation_start, user=seeker, message="First question", job=job)
    run(chat_services.message_send, conversation=turn.conversation, user=seeker, message="And then?")

    follow_up = ai.requests[-1]  # no second title call: the conversation has one
    assert len(ai.requests) == 3
    roles = [(m["role"], m["content"][:40]) for m in follow_up["messages"][1:]]
    assert roles[0] == ("user", "First question") and roles[1][0] == "assistant" and roles[2] == ("user", "And then?")
    assert f"Target job: Platform Engineer at {OWNER_JOB_COMPANY}" in follow_up["messages"][0]["content"]
    _assert_grounded(ai, OWNER_JOB_COMPANY, "Incident response")


# --- Mock interview (INTERVIEW_QUESTIONS, INTERVIEW_FEEDBACK) -------------------------------------


def test_interview_questions_answers_and_scoring_through_the_model(run, ai, seeker, other):
    job = _job(seeker)
    interview, questions = run(interview_services.interview_start, user=seeker, interview_type="TECHNICAL",
                               difficulty="MEDIUM", question_count=4, job=job)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.IN_PROGRESS and interview.provider == "openai"
    assert len(interview.turns) == 4 == interview.question_count  # "exactly 4" was asked and honoured
    assert interview.turns[0]["question"].startswith(f"Tell me about a time you used {OWNER_SKILL}")
    assert {t["competency"] for t in interview.turns} <= {"technical", "communication", "problem_solving"}
    _assert_recorded(questions)
    assert "exactly 4 interview questions" in ai.requests[0]["messages"][0]["content"]

    feedback = None
    for number in range(4):
        interview, feedback = run(interview_services.interview_answer, interview=interview,
                                  answer=f"Answer number {number + 1}: I led the {OWNER_SKILL} migration.")
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    assert interview.feedback["method"] == "model" and interview.feedback["provider"] == "openai"
    assert all(0 <= s <= 100 for s in (interview.overall_score, interview.technical_score,
                                        interview.communication_score, interview.problem_solving_score))
    assert all(t is not None and t["score"] is not None for t in interview.feedback["turns"])
    assert interview.strengths and all(0 <= item["turn"] < 4 for item in interview.strengths)
    _assert_recorded(feedback)
    scoring_prompt = ai.requests[-1]["messages"][-1]["content"]
    assert "Candidate: Answer number 4: I led the Kubernetes migration." in scoring_prompt
    _assert_grounded(ai, OWNER_SKILL, OWNER_EMPLOYER, "Incident response")


def test_interview_finished_early_scores_only_the_answered_questions(run, ai, seeker):
    interview, _ = run(interview_services.interview_start, user=seeker, interview_type="BEHAVIORAL",
                       difficulty="EASY", question_count=3, target_role="Platform Engineer")
    interview.refresh_from_db()
    run(interview_services.interview_answer, interview=interview, answer="I mentored two juniors.")
    interview, feedback = run(interview_services.interview_finish, interview=interview)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    assert interview.feedback["turns"][1:] == [None, None]
    assert all(item["turn"] == 0 for item in interview.strengths + interview.areas_to_improve)
    _assert_recorded(feedback)


def test_interview_questions_in_the_wrong_format_twice_fail_refund_and_retry(run, ai, seeker):
    ai.plan(invalid_json(), invalid_json())
    interview, generation = run(interview_services.interview_start, user=seeker, interview_type="TECHNICAL",
                                difficulty="HARD", question_count=3, target_role="SRE")
    interview.refresh_from_db()
    generation.refresh_from_db()
    assert interview.status == MockInterview.Status.FAILED
    assert generation.status == Generation.Status.FAILED and generation.error.startswith(WRONG_FORMAT)
    assert generation.usage_record.refunded_at is not None
    assert quota_status(user=seeker).used == 0
    assert "That answer is not valid" in ai.requests[1]["messages"][-1]["content"]  # the one retry

    retry = run(generation_retry, generation=generation)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.IN_PROGRESS and len(interview.turns) == 3
    _assert_recorded(retry)
    assert quota_status(user=seeker).used == 1


# --- Quiz (QUIZ) -----------------------------------------------------------------------------------


def test_quiz_is_written_by_the_model_taken_and_scored(run, ai, seeker, other):
    assessment, generation = run(quiz_services.quiz_create, user=seeker, category=OWNER_SKILL,
                                 difficulty="MEDIUM", question_count=5)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.READY and assessment.provider == "openai"
    assert assessment.title == f"{OWNER_SKILL} quiz"
    assert len(assessment.questions) == 5 == assessment.question_count
    assert all(len(q["options"]) == 4 and 0 <= q["correct_index"] <= 3 for q in assessment.questions)
    assert OWNER_SKILL in assessment.questions[0]["question"]  # the fake writes about the subject it was given
    _assert_recorded(generation)
    assert f"Write 5 questions on: {OWNER_SKILL}." in ai.requests[0]["messages"][-1]["content"]
    _assert_grounded(ai, OWNER_SKILL)

    answers = [q["correct_index"] for q in assessment.questions]
    answers[0] = (answers[0] + 1) % 4
    done = quiz_services.quiz_submit(assessment=assessment, answers=answers)
    assert done.status == Assessment.Status.COMPLETED and done.score == 80.0
    assert done.recommendations[0] == f"Review {assessment.questions[0]['topic']}"


def test_quiz_in_the_wrong_format_twice_fails_refunds_and_retries(run, ai, seeker):
    ai.plan(invalid_json(), invalid_json("{\"questions\": []}"))
    assessment, generation = run(quiz_services.quiz_create, user=seeker, category="Terraform",
                                 difficulty="EASY", question_count=3)
    assessment.refresh_from_db()
    generation.refresh_from_db()
    assert assessment.status == Assessment.Status.FAILED
    assert generation.status == Generation.Status.FAILED and generation.error.startswith(WRONG_FORMAT)
    assert (generation.provider, generation.model) == ("openai", MODEL)
    assert UsageRecord.objects.get(pk=generation.usage_record_id).refunded_at is not None
    assert quota_status(user=seeker).used == 0

    retry = run(generation_retry, generation=generation)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.READY and len(assessment.questions) == 3
    _assert_recorded(retry)
    assert retry.retry_of_id == generation.pk


# --- Cover letter (COVER_LETTER) ---------------------------------------------------------------------


def test_cover_letter_is_written_by_the_model_from_the_users_facts(run, ai, seeker, other):
    seeker.first_name, seeker.last_name = "Ada", "Quinn"
    seeker.save()
    letter, generation = run(letter_services.cover_letter_create, user=seeker, job=_job(seeker), tone="WARM")
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.provider == "openai"
    assert letter.content.startswith(f"Dear {OWNER_JOB_COMPANY} hiring team,")
    assert f"{OWNER_SKILL}, Terraform" in letter.content and letter.content.endswith("Kind regards,\nAda Quinn")
    _assert_recorded(generation)
    request = ai.requests[0]
    assert request["stream"] is True
    assert "Sign the letter as: Ada Quinn" in _prompt(request) and "warm and personable" in _prompt(request)
    _assert_grounded(ai, OWNER_SKILL, OWNER_EMPLOYER, "Run our Kubernetes clusters")


def test_cover_letter_retry_after_a_server_error(run, ai, seeker):
    from tests.coaching.llm_server import server_error

    ai.plan(server_error())
    letter, generation = run(letter_services.cover_letter_create, user=seeker, company_name="Acme",
                             job_title="SRE", job_description="Keep Acme up.")
    letter.refresh_from_db()
    generation.refresh_from_db()
    assert letter.status == CoverLetter.Status.FAILED and "HTTP 500" in generation.error
    assert quota_status(user=seeker).used == 0
    retry = run(generation_retry, generation=generation)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.startswith("Dear Acme hiring team,")
    _assert_recorded(retry)


# --- Goal recommendations (GOAL_RECOMMENDATIONS) ------------------------------------------------------


def test_goal_recommendations_come_from_the_model(run, ai, seeker, other):
    goal = goal_services.goal_create(user=seeker, data={"title": "Land a platform role",
                                                        "description": "Move into a senior platform team."},
                                     milestones=["Update resume"])
    generation = run(goal_services.goal_recommendations_request, goal=goal)
    goal.refresh_from_db()
    assert len(goal.ai_recommendations) == 3 and goal.recommendations_at is not None
    assert goal.ai_recommendations[0] == f"Practise {OWNER_SKILL} on a small project this week and note the result."
    _assert_recorded(generation)
    schema = request_schema(ai.requests[0])
    assert schema["properties"]["items"]["minItems"] == 3
    _assert_grounded(ai, OWNER_SKILL, "Goal: Land a platform role", "Milestone (open): Update resume")


# --- Growth story (STORY) ----------------------------------------------------------------------------


def test_story_is_written_by_the_model_from_the_periods_facts(run, ai, seeker, other):
    _job(seeker)  # added this week: the story's facts
    story, generation = run(story_services.story_generate, user=seeker, period_kind="WEEKLY", which="current")
    story.refresh_from_db()
    assert story.status == Story.Status.READY and story.provider == "openai"
    assert story.title == "A steady step forward"  # the model's "# heading"
    assert story.content.startswith("## What happened")
    assert story.facts["jobs_added"] == [{"title": "Platform Engineer", "company": OWNER_JOB_COMPANY}]
    _assert_recorded(generation)
    facts = json.loads(_prompt(ai.requests[0]).split("Facts (JSON):\n")[1].split("\n\nWrite the story now.")[0])
    assert facts["jobs_added"] == story.facts["jobs_added"]
    _assert_grounded(ai, OWNER_JOB_COMPANY)


# --- Industry insight (INSIGHT) ----------------------------------------------------------------------


def test_insight_narrative_comes_from_the_model_numbers_from_the_catalog(run, ai, seeker, other):
    for i in range(3):
        JobPostingFactory(title="Registered Nurse", description="Join our hospital team.", requirements=["SQL"],
                          salary_min=50_000, salary_max=60_000, currency="EUR",
                          posted_at=timezone.now() - datetime.timedelta(days=1 + i))
    result = run(insight_refresh_request, user=seeker, industry_text="healthcare")
    insight = IndustryInsight.objects.get(pk=result.insight.pk)
    assert insight.status == IndustryInsight.Status.READY and insight.provider == "openai"
    assert insight.sample_size == 3
    assert insight.market_outlook.startswith("Demand looks steady in the postings counted")
    assert insight.key_trends == ["SQL appears in many of the sampled postings."] * 3
    _assert_recorded(result.generation)
    _assert_grounded(ai, "Matching active postings in the catalog, last 365 days: 3", "Top skills")
    assert OWNER_EMPLOYER not in _prompt(ai.requests[0])  # market numbers only, no personal data


# --- The fake server itself ----------------------------------------------------------------------------


def test_auto_answers_follow_each_generators_schema():
    """Every structured schema a generator sends gets an instance that validates."""
    from coaching.ai.generators.goal import GoalRecommendations
    from coaching.ai.generators.insight import InsightNarrative
    from coaching.ai.generators.interview import EvaluationOut, QuestionSet
    from coaching.ai.generators.quiz import QuizOut
    from tests.coaching.llm_server import schema_instance

    prompt = "Skills: Go, SQL\nWrite exactly 7 interview questions\nAnswer 2\nQuestion: q\nAnswer 5\n"
    for schema in (QuizOut, EvaluationOut, QuestionSet, GoalRecommendations, InsightNarrative):
        data = schema.model_validate(schema_instance(schema.model_json_schema(), prompt=prompt))
        if schema is QuestionSet:
            assert len(data.questions) == 7
        if schema is EvaluationOut:
            assert [a.answer for a in data.answers] == [2, 5]


def test_user_without_facts_gets_the_defaults_not_someone_elses(run, ai, other):
    lonely = UserFactory(first_name="Lone")
    turn = run(chat_services.conversation_start, user=lonely, message="Where do I start?")
    reply = Message.objects.get(pk=turn.reply.pk)
    assert "Build on your skills: communication, problem solving, teamwork." in reply.content
    _assert_grounded(ai)


# --- What small local models really send ---------------------------------------------------------


def test_untidy_but_unambiguous_model_answers_are_repaired_not_refused(run, ai, seeker):
    """Labels in another spelling, scores as text or out of range, too many items, a
    point that names no answer: accepted and tidied (no retry, no failure)."""
    ai.plan(
        json_answer({"questions": [
            {"question": "  Walk me through a Kubernetes outage.  ", "focus": "x" * 300, "competency": "Problem Solving"},
            {"question": "How do you explain Terraform plans?", "competency": "Behavioural"},
        ]}),
        json_answer({
            "overall_score": "78%", "technical_score": 81.6, "communication_score": 140, "problem_solving_score": -5,
            "answers": [{"answer": "Answer 1", "score": "70", "notes": "Clear."}],
            "strengths": [{"text": f"Strength {n}"} for n in range(10)],
            "areas_to_improve": [{"text": "Quantify the result.", "answer": "#1"}],
        }),
    )
    interview, _ = run(interview_services.interview_start, user=seeker, interview_type="TECHNICAL",
                       difficulty="MEDIUM", question_count=3, target_role="SRE")
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.IN_PROGRESS
    assert [t["competency"] for t in interview.turns] == ["problem_solving", "communication"]
    assert interview.turns[0]["question"] == "Walk me through a Kubernetes outage."
    assert len(interview.turns[0]["focus"]) == 200 and interview.question_count == 2
    run(interview_services.interview_answer, interview=interview, answer="I restored the cluster in 20 minutes.")
    interview, feedback = run(interview_services.interview_finish, interview=interview)
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    assert (interview.overall_score, interview.technical_score, interview.communication_score,
            interview.problem_solving_score) == (78, 82, 100, 0)
    assert interview.feedback["turns"] == [{"score": 70, "notes": ["Clear."]}, None]
    # Points naming no answer belong to the only one answered; at most 8 are kept.
    assert interview.strengths == [{"text": f"Strength {n}", "turn": 0} for n in range(8)]
    assert interview.areas_to_improve == [{"text": "Quantify the result.", "turn": 0}]
    assert len(ai.requests) == 2  # no "fix your JSON" round trip was needed
    _assert_recorded(feedback)


def test_too_many_recommendations_and_a_lettered_quiz_answer_are_accepted(run, ai, seeker):
    goal = goal_services.goal_create(user=seeker, data={"title": "Ship a side project"})
    ai.plan(json_answer({"items": [f"  Step {n}  " for n in range(1, 9)]}))
    run(goal_services.goal_recommendations_request, goal=goal)
    goal.refresh_from_db()
    assert goal.ai_recommendations == [f"Step {n}" for n in range(1, 7)]

    question = {"question": "Which command applies a plan?", "options": ["init", "plan", "apply", "destroy"],
                "correct_index": "C", "explanation": "apply executes the plan."}
    ai.plan(json_answer({"questions": [question] * 3}))
    assessment, _ = run(quiz_services.quiz_create, user=seeker, category="Terraform", difficulty="EASY",
                        question_count=3)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.READY
    assert [(q["correct_index"], q["topic"]) for q in assessment.questions] == [(2, "general")] * 3


def test_a_model_that_never_names_the_answer_number_with_several_answers_cites_nothing(run, ai, seeker):
    ai.plan(json_answer({"questions": [{"question": "Question one?"}, {"question": "Question two?"}]}),
            json_answer({"overall_score": 60, "technical_score": 60, "communication_score": 60,
                         "problem_solving_score": 60, "strengths": [{"text": "Good pace."}]}))
    interview, _ = run(interview_services.interview_start, user=seeker, interview_type="TECHNICAL",
                       difficulty="MEDIUM", question_count=3, target_role="SRE")
    interview.refresh_from_db()
    for _ in range(2):
        interview, _ = run(interview_services.interview_answer, interview=interview, answer="An answer.")
    interview.refresh_from_db()
    assert interview.status == MockInterview.Status.COMPLETED
    assert interview.strengths == []  # two answers: which one it meant is unknown, so it is not shown
    assert interview.feedback["turns"] == [{"score": None, "notes": ["The AI did not comment on this answer."]}] * 2
