"""Demo data for cover letters: one completed letter for a tracked job, attached to its
application (seed_demo). Written by the offline coach through the real services."""

from __future__ import annotations

from accounts.models import User
from coaching.ai import providers
from coaching.ai.context import user_facts
from coaching.ai.generation import generation_run
from coaching.models import CoverLetter
from coaching.offline.cover_letter import LetterJob, required_skills
from coaching.services import cover_letters as services
from jobs.matching.taxonomy import canonical
from jobs.models import Application, Job


def _demo_job(seeker: User) -> Job | None:
    """The applied-to job that best matches the seeker's skills (the letter then sits on its
    application), else their first job."""
    known = {(canonical(s) or s).lower() for s in user_facts(user=seeker, include_goals=False).skills}
    jobs = list(Job.objects.filter(user=seeker).select_related("posting").order_by("created_at", "pk"))
    applied = set(Application.objects.filter(user=seeker).values_list("job_id", flat=True))

    def score(job: Job) -> tuple[bool, int]:
        posting = job.posting
        target = LetterJob(
            company=job.company,
            role=job.title,
            description=job.description or (posting.description if posting else ""),
            requirements=tuple(posting.requirements) if posting else (),
        )
        return job.pk in applied, sum(skill.lower() in known for skill in required_skills(target))

    return max(jobs, key=score, default=None)


def seed_demo_cover_letters(*, seeker: User) -> None:
    """Idempotent: does nothing when the seeker has a cover letter already (or no job)."""
    if CoverLetter.objects.filter(user=seeker).exists():
        return
    job = _demo_job(seeker)
    if job is None:
        return
    letter, generation = services.cover_letter_create(user=seeker, job=job, enqueue=False)
    generation_run(
        generation_id=generation.pk, provider=providers.provider_get(providers.ProviderConfig(name=providers.OFFLINE))
    )
    letter.refresh_from_db()
    if letter.status != CoverLetter.Status.DRAFT:
        return
    letter = services.cover_letter_update(letter=letter, status=CoverLetter.Status.COMPLETED)
    application = Application.objects.filter(user=seeker, job=job).first()
    if application is not None:
        services.cover_letter_attach(letter=letter, application=application)
    else:
        services.cover_letter_attach(letter=letter, job=job)
