"""ATS reports and match scores: the writes of resume intelligence.

``ats_report_create`` checks a resume against a tracked job, a catalog posting or a
pasted description, keeps the report as history (AtsReport) and makes it the
resume's latest ``ats_score``/``feedback``. ``job_match_refresh`` scores a tracked
job against its owner's primary resume into ``Job.match_score``/``ai_analysis``;
``resume_matches_refresh`` does that for all the owner's jobs when the primary
resume changes. Both refreshes are what the Celery tasks call (safe to run twice).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.matching.ats import ats_report
from jobs.matching.match import job_profile, match_profiles, resume_profile
from jobs.models import AtsReport, Job, JobPosting, Resume

# Keys of Job.ai_analysis this module owns; anything else there is left alone.
MATCH_KEYS = ("matched", "missing", "score_details", "resume_id", "computed_at")
DESCRIPTION_MAX = 50_000


def resume_text(resume: Resume) -> str:
    """What the resume says: extracted text of an upload, or the builder's markdown."""
    return resume.raw_text or resume.content or ""


def resume_is_readable(resume: Resume) -> bool:
    return bool(resume_text(resume).strip()) or bool((resume.layout or {}).get("images_only"))


def job_text(job: Job) -> tuple[str, str, list[str]]:
    """(title, description, requirement lines) of a tracked job, with its catalog posting's requirements."""
    requirements = list(job.posting.requirements) if job.posting_id and job.posting else []
    return job.title, job.description or "", requirements


@transaction.atomic
def ats_report_create(
    *,
    resume: Resume,
    job: Job | None = None,
    posting: JobPosting | None = None,
    description: str = "",
    job_title: str = "",
) -> AtsReport:
    """Check ``resume`` against one of: ``job`` (the user's), ``posting`` (the catalog) or a
    pasted ``description``. Raises ValidationError (nothing written) when there is nothing to compare."""
    if job is not None and job.user_id != resume.user_id:
        raise ValidationError("This job is not yours.")
    requirements: list[str] = []
    if job is not None:
        job_title, description, requirements = job_text(job)
        if job.posting_id and posting is None:
            posting = job.posting
    elif posting is not None:
        job_title, description, requirements = posting.title, posting.description, list(posting.requirements)
    description = (description or "").strip()[:DESCRIPTION_MAX]
    job_title = " ".join((job_title or "").split())[:300]
    if not description and not requirements:
        raise ValidationError({"description": "There is no job description to check against: paste one, or add it to the job."})
    if not resume_is_readable(resume):
        raise ValidationError("This resume has no text yet: wait until it has been read, or write it in the builder.")

    layout = {**(resume.layout or {}), "page_count": resume.page_count}
    report_data = ats_report(
        resume_text=resume_text(resume), parsed=resume.parsed_data or {}, layout=layout,
        description=description, job_title=job_title, requirements=requirements,
    )
    report = AtsReport(
        user_id=resume.user_id, resume=resume, job=job, posting=posting, job_title=job_title,
        description="\n".join([description, *requirements]).strip(), score=report_data["score"], feedback=report_data,
    )
    report.full_clean()
    report.save()
    Resume.objects.filter(pk=resume.pk).update(
        ats_score=report.score,
        feedback={**report_data, "report_id": str(report.pk), "job_title": job_title, "checked_at": report.created_at.isoformat()},
    )
    resume.ats_score = report.score
    return report


def _primary_resume(user_id) -> Resume | None:
    return Resume.objects.filter(user_id=user_id, is_primary=True, status=Resume.Status.PARSED).first()


def _analysis(job: Job, resume: Resume, result) -> dict:
    base = {k: v for k, v in (job.ai_analysis or {}).items() if k not in MATCH_KEYS}
    return {
        **base,
        "matched": result.matched,
        "missing": result.missing,
        "score_details": result.details,
        "resume_id": str(resume.pk),
        "computed_at": timezone.now().isoformat(),
    }


def _cleared(job: Job) -> dict:
    return {k: v for k, v in (job.ai_analysis or {}).items() if k not in MATCH_KEYS}


@transaction.atomic
def job_match_refresh(*, job_id) -> Job | None:
    """Score a job against its owner's primary (read) resume. Without one, the score is
    cleared. Returns the job, or None when it no longer exists."""
    job = Job.objects.select_for_update(of=("self",)).select_related("posting").filter(pk=job_id).first()
    if job is None:
        return None
    resume = _primary_resume(job.user_id)
    if resume is None:
        job.match_score, job.ai_analysis = None, _cleared(job)
    else:
        title, description, requirements = job_text(job)
        result = match_profiles(
            resume_profile(resume_text=resume_text(resume), parsed=resume.parsed_data or {}),
            job_profile(description=description, job_title=title, requirements=requirements),
        )
        job.match_score, job.ai_analysis = result.score, _analysis(job, resume, result)
    # Only these two fields: an edit saved meanwhile keeps its own changes (and the board its version).
    job.save(update_fields=["match_score", "ai_analysis"])
    return job


@transaction.atomic
def resume_matches_refresh(*, resume_id) -> int:
    """Re-score all jobs of the resume's owner when it is their primary resume (else nothing
    to do). Returns how many jobs were scored."""
    resume = Resume.objects.filter(pk=resume_id).first()
    if resume is None:
        return 0
    primary = _primary_resume(resume.user_id)
    if primary is None or primary.pk != resume.pk:
        return 0
    profile = resume_profile(resume_text=resume_text(resume), parsed=resume.parsed_data or {})
    jobs = list(Job.objects.select_for_update(of=("self",)).select_related("posting").filter(user_id=resume.user_id))
    for job in jobs:
        title, description, requirements = job_text(job)
        result = match_profiles(profile, job_profile(description=description, job_title=title, requirements=requirements))
        job.match_score, job.ai_analysis = result.score, _analysis(job, resume, result)
    Job.objects.bulk_update(jobs, ["match_score", "ai_analysis"], batch_size=500)
    return len(jobs)


@transaction.atomic
def user_matches_refresh(*, user_id) -> int:
    """Re-score the user's jobs against their current primary resume, or clear the scores
    when there is none any more (e.g. the primary resume was deleted)."""
    primary = _primary_resume(user_id)
    if primary is not None:
        return resume_matches_refresh(resume_id=primary.pk)
    jobs = list(Job.objects.select_for_update(of=("self",)).filter(user_id=user_id, match_score__isnull=False))
    for job in jobs:
        job.match_score, job.ai_analysis = None, _cleared(job)
    Job.objects.bulk_update(jobs, ["match_score", "ai_analysis"], batch_size=500)
    return len(jobs)
