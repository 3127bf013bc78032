"""Reads for a job's records (application, documents) and the user's resumes. Always scoped to the owner."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import User
from jobs.models import Application, Document, Job, Resume
from jobs.selectors.board import job_list_for_user

# Parsed text and builder content can be large and no list shows them.
_RESUME_HEAVY_FIELDS = ("raw_text", "parsed_data", "content", "feedback")


def resume_list_for_user(*, user: User) -> QuerySet[Resume]:
    """Every resume of ``user``: the primary one, then the newest uploads (others' resumes are 404)."""
    # Explicit: the model's Meta.ordering is dropped by the GROUP BY of the usage count,
    # and a rename (which bumps updated_at) should not reorder the list.
    return Resume.objects.filter(user=user).defer(*_RESUME_HEAVY_FIELDS).order_by("-is_primary", "-created_at")


def resume_list_with_usage(*, user: User) -> QuerySet[Resume]:
    """The resume list page: each resume with ``application_count``."""
    return resume_list_for_user(user=user).annotate(application_count=Count("applications"))


def resume_primary_for_user(*, user: User) -> Resume | None:
    return resume_list_for_user(user=user).filter(is_primary=True).first()


def resume_count_for_user(*, user: User) -> int:
    return Resume.objects.filter(user=user).count()


def application_list_for_user(*, user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("job", "resume")
        .defer(*(f"resume__{name}" for name in _RESUME_HEAVY_FIELDS))
    )


def application_for_job(*, job: Job) -> Application | None:
    return Application.objects.filter(user_id=job.user_id, job=job).first()


def document_list_for_user(*, user: User) -> QuerySet[Document]:
    return Document.objects.filter(user=user).select_related("job")


def job_get_with_records(*, user: User, job_id) -> Job:
    """A job with what its application and document sections show, in three queries.

    Raises Job.DoesNotExist for a job of another user.
    """
    applications = Application.objects.select_related("resume").defer(
        *(f"resume__{name}" for name in _RESUME_HEAVY_FIELDS)
    )
    return (
        job_list_for_user(user=user)
        .prefetch_related(Prefetch("applications", queryset=applications), "documents")
        .get(pk=job_id)
    )
