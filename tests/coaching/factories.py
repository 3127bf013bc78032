import factory
from factory.django import DjangoModelFactory

from coaching.models import MentorProfile
from tests.accounts.factories import UserFactory


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role="MENTOR")
    headline = factory.Faker("catch_phrase")
    expertise = factory.LazyFunction(lambda: ["Interviewing", "Resume review"])
    years_of_experience = 10
