"""Reads for ATS reports and match scores. Always scoped to the owner."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db.models import QuerySet

from accounts.models import User
from jobs.matching.match import JobProfile, job_profile, resume_profile, score_profiles
from jobs.models import AtsReport, Job, JobPosting, Resume
from jobs.services.matching import resume_text


def ats_report_list_for_user(*, user: User) -> QuerySet[AtsReport]:
    """Every ATS report of ``user``, newest first (others' reports are 404)."""
    return AtsReport.objects.filter(user=user).order_by("-created_at")


def ats_report_list_for_resume(*, user: User, resume: Resume) -> QuerySet[AtsReport]:
    """A resume's report history (list fields only), newest first, with the job it was checked against."""
    return (
        ats_report_list_for_user(user=user)
        .filter(resume=resume)
        .select_related("job")
        .only("id", "resume_id", "job_id", "job__id", "job__title", "job__company", "posting_id", "job_title", "score", "created_at")
    )


def ats_report_get_for_user(*, user: User, report_id) -> AtsReport:
    """One report with its resume and job. Raises AtsReport.DoesNotExist for another user's."""
    return (
        ats_report_list_for_user(user=user)
        .select_related("resume", "job", "posting")
        .defer("resume__raw_text", "resume__parsed_data", "resume__content", "resume__feedback")
        .get(pk=report_id)
    )


def ats_job_choices(*, user: User) -> QuerySet[Job]:
    """The user's tracked jobs to check a resume against (title and company only)."""
    return Job.objects.filter(user=user).only("id", "title", "company").order_by("-updated_at")


def ats_posting_get(*, posting_id) -> JobPosting:
    """An active catalog posting. Raises JobPosting.DoesNotExist."""
    return JobPosting.objects.filter(is_active=True).get(pk=posting_id)


@lru_cache(maxsize=2_000)
def _posting_profile(posting_id, updated_at, title: str, description: str, requirements: tuple[str, ...]) -> JobProfile:
    # Keyed on the posting's updated_at: an edited posting is read again. About 10 kB a profile,
    # so the cache stays small; a catalog page shows tens of postings.
    return job_profile(description=description, job_title=title, requirements=requirements)


def posting_match_scores(*, user: User, postings: Iterable[JobPosting]) -> dict:
    """posting id → match score (0–100) against ``user``'s primary read resume; {} without one.

    For the catalog's "sort by match": the resume is profiled once and each posting's
    profile is cached per process, so a page of postings costs microseconds each."""
    resume = (
        Resume.objects.filter(user=user, is_primary=True, status=Resume.Status.PARSED)
        .only("id", "raw_text", "content", "parsed_data")
        .first()
    )
    if resume is None:
        return {}
    profile = resume_profile(resume_text=resume_text(resume), parsed=resume.parsed_data or {})
    scores = {}
    for posting in postings:
        job = _posting_profile(
            posting.pk, getattr(posting, "updated_at", None), posting.title or "", posting.description or "",
            tuple(posting.requirements or ()),
        )
        scores[posting.pk] = score_profiles(profile, job)
    return scores
