import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from coaching import services
from coaching.models import MentorProfile, ReviewComment, ReviewRequest
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ResumeFactory


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role="MENTOR")
    headline = factory.Faker("catch_phrase")
    expertise = factory.LazyFunction(lambda: ["Interviewing", "Resume review"])
    years_of_experience = 10


def verified_mentor(**user_fields) -> User:
    """A mentor verified the way admins do it (coaching.services.mentor_verify)."""
    profile = MentorProfileFactory(user=UserFactory(role=User.Role.MENTOR, **user_fields))
    services.mentor_verify(user=profile.user, verified_by=None)
    return profile.user


class ReviewRequestFactory(DjangoModelFactory):
    """An OPEN request; pass ``status``/``mentor``/``claimed_at``… for the other states,
    or drive it through the services."""

    class Meta:
        model = ReviewRequest

    resume = factory.SubFactory(ResumeFactory, raw_text="Jane Doe\nExperience\nEngineer at Acme")
    requester = factory.SelfAttribute("resume.user")
    note = "Please look at my experience section."
    target_role = "Backend engineer"


class ReviewCommentFactory(DjangoModelFactory):
    class Meta:
        model = ReviewComment

    request = factory.SubFactory(ReviewRequestFactory)
    section = ReviewComment.Section.EXPERIENCE
    text = factory.Faker("sentence")


# --- The AI coach (issue 5). Rows as the services leave them once a generation succeeded. ---

from django.utils import timezone  # noqa: E402

from billing.models import Plan, PlanAssignment, UsageRecord  # noqa: E402
from coaching.models import (  # noqa: E402
    Assessment,
    Conversation,
    CoverLetter,
    Generation,
    Goal,
    GoalMilestone,
    IndustryInsight,
    Message,
    MockInterview,
    Story,
)


def plan(code: str = "FREE") -> Plan:
    """One of the three plans the billing migration creates."""
    return Plan.objects.get(code=code)


class PlanAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = PlanAssignment
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    plan = factory.LazyFunction(lambda: Plan.objects.get(code="PREMIUM"))


class UsageRecordFactory(DjangoModelFactory):
    class Meta:
        model = UsageRecord

    user = factory.SubFactory(UserFactory)
    action = UsageRecord.Action.AI_CHAT


class GenerationFactory(DjangoModelFactory):
    """A finished generation; pass status=PENDING (and finished_at=None) for a waiting one."""

    class Meta:
        model = Generation

    user = factory.SubFactory(UserFactory)
    kind = Generation.Kind.CHAT_REPLY
    status = Generation.Status.SUCCEEDED
    provider = "offline"
    finished_at = factory.LazyFunction(timezone.now)


class ConversationFactory(DjangoModelFactory):
    class Meta:
        model = Conversation

    user = factory.SubFactory(UserFactory)
    title = "What should I do next?"
    last_message_at = factory.LazyFunction(timezone.now)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    role = Message.Role.USER
    content = "What should I do next on my board?"


class MockInterviewFactory(DjangoModelFactory):
    """In progress, with three unanswered behavioral questions."""

    class Meta:
        model = MockInterview

    user = factory.SubFactory(UserFactory)
    title = "Behavioral practice"
    interview_type = MockInterview.Type.BEHAVIORAL
    target_role = "Backend Engineer"
    question_count = 3
    status = MockInterview.Status.IN_PROGRESS
    provider = "offline"
    started_at = factory.LazyFunction(timezone.now)
    turns = factory.LazyFunction(lambda: [
        {"question": "Tell me about a time you disagreed with a teammate.", "focus": "conflict", "competency": "communication", "answer": ""},
        {"question": "Describe a project you are proud of.", "focus": "impact", "competency": "problem_solving", "answer": ""},
        {"question": "How do you prioritise competing deadlines?", "focus": "prioritisation", "competency": "problem_solving", "answer": ""},
    ])


class AssessmentFactory(DjangoModelFactory):
    """Ready to take: three questions, none answered."""

    class Meta:
        model = Assessment

    user = factory.SubFactory(UserFactory)
    category = "Python"
    title = "Python quiz"
    question_count = 3
    status = Assessment.Status.READY
    provider = "offline"
    questions = factory.LazyFunction(lambda: [
        {"question": f"Question {i}?", "options": ["A", "B", "C", "D"], "correct_index": i % 4,
         "explanation": f"Because {i}.", "topic": "basics"}
        for i in range(3)
    ])


class CoverLetterFactory(DjangoModelFactory):
    class Meta:
        model = CoverLetter

    user = factory.SubFactory(UserFactory)
    company_name = factory.Faker("company")
    job_title = "Backend Engineer"
    job_description = "We need a Python and PostgreSQL engineer."
    content = "Dear hiring team,\n\nI am applying for the Backend Engineer role.\n\nKind regards"
    status = CoverLetter.Status.DRAFT
    provider = "offline"
    generated_at = factory.LazyFunction(timezone.now)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    user = factory.SubFactory(UserFactory)
    title = "Apply to five jobs a week"
    period = Goal.Period.WEEKLY
    status = Goal.Status.IN_PROGRESS


class GoalMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = GoalMilestone

    goal = factory.SubFactory(GoalFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    sort_order = factory.Sequence(lambda n: n)


class StoryFactory(DjangoModelFactory):
    class Meta:
        model = Story

    user = factory.SubFactory(UserFactory)
    period_kind = Story.PeriodKind.WEEKLY
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=timezone.localdate().weekday()))
    period_end = factory.LazyAttribute(lambda o: o.period_start + timezone.timedelta(days=6))
    title = "A week of steady progress"
    content = "This week you moved two applications forward."
    status = Story.Status.READY
    provider = "offline"
    generated_at = factory.LazyFunction(timezone.now)


class IndustryInsightFactory(DjangoModelFactory):
    class Meta:
        model = IndustryInsight
        django_get_or_create = ("industry",)

    industry = "technology"
    name = "Technology"
    status = IndustryInsight.Status.READY
    sample_size = 120
    demand_level = IndustryInsight.Demand.HIGH
    growth_rate = 12.5
    provider = "offline"
    last_updated = factory.LazyFunction(timezone.now)
    next_update = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))
