"""Reads for cover letters, always scoped to their owner (another user's letter is 404)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from coaching.models import CoverLetter, ReviewRequest
from jobs.models import Application, Job

_ACTIVE_REVIEW = (ReviewRequest.Status.OPEN, ReviewRequest.Status.CLAIMED)


def cover_letter_list_for_user(*, user: User) -> QuerySet[CoverLetter]:
    """The user's letters, most recently changed first (no text: lists do not show it)."""
    return (
        CoverLetter.objects.filter(user=user)
        .select_related("job", "application")
        .defer("content", "job_description", "job__description", "job__notes")
        .order_by("-updated_at")
    )


def cover_letter_get_for_user(*, user: User, letter_id) -> CoverLetter:
    """One letter with its job, resume, application and reviews (DoesNotExist for others')."""
    return (
        CoverLetter.objects.filter(user=user)
        .select_related("job", "job__posting", "application", "application__job", "resume")
        .defer("resume__raw_text", "resume__parsed_data", "resume__content", "resume__feedback")
        .prefetch_related(
            Prefetch("review_requests", queryset=ReviewRequest.objects.select_related("mentor").order_by("-created_at"))
        )
        .get(pk=letter_id)
    )


def cover_letter_scope(*, user: User) -> QuerySet[CoverLetter]:
    """The bare queryset views fetch a letter from before changing it."""
    return CoverLetter.objects.filter(user=user)


def cover_letter_active_review(*, letter: CoverLetter) -> ReviewRequest | None:
    """The review waiting or in progress for ``letter`` (from the prefetched reviews)."""
    return next((r for r in letter.review_requests.all() if r.status in _ACTIVE_REVIEW), None)


def cover_letter_job_choices(*, user: User) -> QuerySet[Job]:
    """Tracked jobs a letter can be written for or attached to."""
    return Job.objects.filter(user=user).only("pk", "title", "company", "status").order_by("company", "title")


def cover_letter_application_choices(*, user: User) -> QuerySet[Application]:
    return (
        Application.objects.filter(user=user)
        .select_related("job")
        .only("pk", "status", "job__id", "job__title", "job__company")
        .order_by("job__company", "job__title")
    )
