from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from jobs.models import (
    Application,
    CalendarFeed,
    Document,
    Interview,
    Job,
    JobBookmark,
    JobPosting,
    JobStatus,
    Resume,
    StatusChange,
)
from tests.accounts.factories import UserFactory


class JobPostingFactory(DjangoModelFactory):
    class Meta:
        model = JobPosting

    title = factory.Faker("job")
    company = factory.Faker("company")
    location = factory.Faker("city")
    description = factory.Faker("paragraph", nb_sentences=5)
    requirements = factory.LazyFunction(lambda: ["Python", "SQL"])
    salary_min = 60000
    salary_max = 90000
    posted_at = factory.LazyFunction(timezone.now)
    source_url = factory.Sequence(lambda n: f"https://jobs.example.com/postings/{n}")


class JobBookmarkFactory(DjangoModelFactory):
    class Meta:
        model = JobBookmark

    user = factory.SubFactory(UserFactory)
    posting = factory.SubFactory(JobPostingFactory)


class JobFactory(DjangoModelFactory):
    """A job row as it would be after job_create (use the service when history matters)."""

    class Meta:
        model = Job

    user = factory.SubFactory(UserFactory)
    title = factory.Faker("job")
    company = factory.Faker("company")
    location = factory.Faker("city")
    status = JobStatus.INTERESTED
    position = factory.Sequence(lambda n: n)


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    job = factory.SubFactory(JobFactory)
    from_status = JobStatus.INTERESTED
    to_status = JobStatus.APPLIED


class ResumeFactory(DjangoModelFactory):
    class Meta:
        model = Resume

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Resume {n}")
    original_name = "resume.pdf"
    mime_type = "application/pdf"
    size = 1234


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    job = factory.SubFactory(JobFactory)
    user = factory.SelfAttribute("job.user")
    status = Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview

    job = factory.SubFactory(JobFactory)
    user = factory.SelfAttribute("job.user")
    type = Interview.Type.VIDEO
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    duration_minutes = 45
    meeting_link = "https://meet.example.com/abc"
    interviewer = "Jordan Recruiter"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    job = factory.SubFactory(JobFactory)
    user = factory.SelfAttribute("job.user")
    type = Document.Type.OTHER
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="notes.txt", data=b"hello")
    original_name = "notes.txt"
    mime_type = "text/plain"
    size = 5


class CalendarFeedFactory(DjangoModelFactory):
    class Meta:
        model = CalendarFeed
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
