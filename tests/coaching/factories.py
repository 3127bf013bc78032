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
