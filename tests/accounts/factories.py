from __future__ import annotations

import datetime

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from accounts.models import ApiKey, Certification, Education, Experience, Notification, Profile, Skill, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = User.Role.JOB_SEEKER
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary email, as allauth needs for log-in (verified=False to skip)."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def with_profile(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Profile.objects.get_or_create(user=obj)


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, with_profile=False)
    headline = factory.Faker("job")
    bio = factory.Faker("paragraph")
    city = factory.Faker("city")
    country = factory.Faker("country")
    current_title = factory.Faker("job")
    current_company = factory.Faker("company")
    industry = "Software"


def _profile_of_new_user():
    return factory.LazyFunction(lambda: UserFactory().profile)


class ExperienceFactory(DjangoModelFactory):
    class Meta:
        model = Experience

    profile = _profile_of_new_user()
    company = factory.Faker("company")
    title = factory.Faker("job")
    description = factory.Faker("paragraph")
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2022, 6, 30)
    sort_order = factory.Sequence(lambda n: n)


class EducationFactory(DjangoModelFactory):
    class Meta:
        model = Education

    profile = _profile_of_new_user()
    institution = factory.Faker("company")
    degree = "BSc"
    field_of_study = "Computer Science"
    start_date = datetime.date(2014, 9, 1)
    end_date = datetime.date(2018, 6, 30)
    sort_order = factory.Sequence(lambda n: n)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill

    profile = _profile_of_new_user()
    name = factory.Sequence(lambda n: f"Skill {n}")
    category = "Programming"
    level = Skill.Level.ADVANCED
    sort_order = factory.Sequence(lambda n: n)


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification

    profile = _profile_of_new_user()
    name = factory.Sequence(lambda n: f"Certificate {n}")
    issuing_organization = "Cloud Academy"
    issue_date = datetime.date(2021, 3, 1)
    sort_order = factory.Sequence(lambda n: n)


class ApiKeyFactory(DjangoModelFactory):
    """Builds a key row; use ``accounts.services.api_key_create`` when the raw key is needed."""

    class Meta:
        model = ApiKey

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"key {n}")
    prefix = factory.Sequence(lambda n: f"{n:08x}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    scopes = factory.LazyFunction(lambda: ["profile:read"])


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = "system"
    text = factory.Faker("sentence")
