"""Reads for the resume builder. Always scoped to the owner: others' resumes are 404."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from jobs.models import Resume


def resume_builder_list_for_user(*, user: User) -> QuerySet[Resume]:
    """The user's resumes written in the builder (status DRAFT), with their content."""
    return Resume.objects.filter(user=user, status=Resume.Status.DRAFT)


def resume_for_compare(*, user: User) -> QuerySet[Resume]:
    """Any resume of the user, with the text the comparison reads."""
    return Resume.objects.filter(user=user).only(
        "id", "user", "title", "status", "version", "content", "raw_text", "created_at", "updated_at"
    )
