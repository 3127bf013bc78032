"""Demo data for the job tracker: a realistic board for the demo job seeker and a catalog.

Everything goes through the services, so the board has the same history, positions
and side effects a real user's would.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobs.models import Application, Interview, Job, JobPosting, JobStatus
from jobs.services import applications, catalog, interviews, tracking

# (title, company, location, work mode, salary min, max, final status, source, days ago added)
BOARD = [
    ("Staff Backend Engineer", "Ecosia", "Berlin, Germany", "HYBRID", 105000, 125000, "INTERESTED", "Company site", 2),
    ("Senior Python Engineer", "Helsing", "Munich, Germany", "ONSITE", 95000, 120000, "INTERESTED", "LinkedIn", 3),
    ("Platform Engineer", "Tado", "Munich, Germany", "HYBRID", 85000, 100000, "INTERESTED", "Referral", 4),
    ("Backend Engineer, Climate Data", "Planetly", "Remote (EU)", "REMOTE", 80000, 98000, "INTERESTED", "Otta", 5),
    ("Senior Software Engineer", "Zalando", "Berlin, Germany", "HYBRID", 90000, 115000, "INTERESTED", "LinkedIn", 6),
    ("Data Platform Engineer", "Enpal", "Berlin, Germany", "HYBRID", 88000, 105000, "INTERESTED", "Company site", 7),
    ("Senior Backend Developer", "Komoot", "Remote (EU)", "REMOTE", 85000, 100000, "APPLIED", "Company site", 12),
    ("Python Developer", "Flink", "Berlin, Germany", "ONSITE", 75000, 90000, "APPLIED", "StepStone", 14),
    ("Senior Engineer, Payments", "N26", "Berlin, Germany", "HYBRID", 95000, 118000, "APPLIED", "LinkedIn", 15),
    ("Backend Engineer", "Mobimeo", "Berlin, Germany", "HYBRID", 80000, 95000, "APPLIED", "Referral", 16),
    ("Software Engineer, Energy", "1KOMMA5°", "Hamburg, Germany", "HYBRID", 82000, 99000, "APPLIED", "Indeed", 18),
    ("Senior Django Developer", "Doctolib", "Berlin, Germany", "HYBRID", 90000, 110000, "INTERVIEW_SCHEDULED", "LinkedIn", 20),
    ("Staff Engineer", "GetYourGuide", "Berlin, Germany", "HYBRID", 110000, 135000, "INTERVIEW_SCHEDULED", "Referral", 22),
    ("Senior Backend Engineer", "Sennder", "Remote (EU)", "REMOTE", 92000, 112000, "INTERVIEW_SCHEDULED", "Company site", 24),
    ("Backend Lead", "Vay", "Berlin, Germany", "ONSITE", 100000, 120000, "INTERVIEW_COMPLETED", "LinkedIn", 28),
    ("Senior Engineer, Search", "Delivery Hero", "Berlin, Germany", "HYBRID", 95000, 115000, "INTERVIEW_COMPLETED", "Referral", 30),
    ("Senior Platform Engineer", "Trade Republic", "Berlin, Germany", "ONSITE", 105000, 130000, "OFFER_RECEIVED", "Recruiter", 35),
    ("Python Engineer", "Babbel", "Berlin, Germany", "HYBRID", 80000, 95000, "REJECTED", "Company site", 40),
    ("Senior Backend Engineer", "HelloFresh", "Berlin, Germany", "HYBRID", 88000, 105000, "REJECTED", "LinkedIn", 42),
    ("Software Engineer", "Celonis", "Munich, Germany", "ONSITE", 85000, 100000, "REJECTED", "StepStone", 45),
    ("Backend Developer", "Personio", "Munich, Germany", "HYBRID", 82000, 98000, "REJECTED", "Indeed", 48),
    ("Senior Engineer", "Contentful", "Berlin, Germany", "REMOTE", 95000, 115000, "WITHDRAWN", "LinkedIn", 50),
    ("Engineering Manager", "SumUp", "Berlin, Germany", "HYBRID", 110000, 130000, "WITHDRAWN", "Recruiter", 52),
    ("Senior Backend Engineer", "Raisin", "Berlin, Germany", "HYBRID", 90000, 110000, "ACCEPTED", "Referral", 60),
    ("Data Engineer", "Solaris", "Berlin, Germany", "HYBRID", 85000, 100000, "INTERESTED", "Company site", 1),
]

# The path each final status takes through the board, so the history looks lived-in.
PATHS = {
    "INTERESTED": [],
    "APPLIED": ["APPLIED"],
    "INTERVIEW_SCHEDULED": ["APPLIED", "INTERVIEW_SCHEDULED"],
    "INTERVIEW_COMPLETED": ["APPLIED", "INTERVIEW_SCHEDULED", "INTERVIEW_COMPLETED"],
    "OFFER_RECEIVED": ["APPLIED", "INTERVIEW_SCHEDULED", "INTERVIEW_COMPLETED", "OFFER_RECEIVED"],
    "REJECTED": ["APPLIED", "REJECTED"],
    "WITHDRAWN": ["APPLIED", "INTERVIEW_SCHEDULED", "WITHDRAWN"],
    "ACCEPTED": ["APPLIED", "INTERVIEW_SCHEDULED", "INTERVIEW_COMPLETED", "OFFER_RECEIVED", "ACCEPTED"],
}


@transaction.atomic
def seed_demo_board(*, user: User) -> int:
    """Fill ``user``'s board once (returns the number of jobs created; 0 when it has jobs)."""
    if Job.objects.filter(user=user).exists():
        return 0
    now = timezone.now()
    for index, (title, company, location, mode, low, high, final, source, days_ago) in enumerate(BOARD):
        job = tracking.job_create(
            user=user,
            data=dict(
                title=title, company=company, location=location, work_mode=mode, salary_min=low, salary_max=high,
                currency="EUR", job_type="FULL_TIME", source=source,
                url=f"https://careers.example.com/{company.lower().replace(' ', '-')}/{index}",
                application_deadline=(now + datetime.timedelta(days=2 + index % 10)).date() if final == "INTERESTED" else None,
                notes="Demo job: move it around the board, add interviews and documents.",
            ),
        )
        for step in PATHS[final]:
            if step == "APPLIED":
                applications.application_create(
                    user=user, job=job,
                    data={"status": Application.Status.SUBMITTED, "method": Application.Method.MANUAL},
                )
            elif step == "INTERVIEW_SCHEDULED":
                when = now + datetime.timedelta(days=(index % 9) - 3, hours=10 - now.hour)
                interviews.interview_schedule(
                    user=user, job=job,
                    data=dict(type=Interview.Type.VIDEO, scheduled_at=when, duration_minutes=45,
                              meeting_link="https://meet.example.com/demo", interviewer="Hiring manager"),
                )
            else:
                job.refresh_from_db()
                tracking.job_move(job=job, to_status=step, by=user)
        # Spread the history over the weeks since the job was added, like a real search.
        added = now - datetime.timedelta(days=days_ago)
        changes = list(job.status_changes.order_by("created_at", "id"))
        for step_index, change in enumerate(changes):
            change.created_at = added + datetime.timedelta(days=step_index * max(1, days_ago // (len(changes) + 1)))
        job.status_changes.model.objects.bulk_update(changes, ["created_at"])
        Job.objects.filter(pk=job.pk).update(created_at=added)
    assert set(Job.objects.filter(user=user).values_list("status", flat=True)) == set(JobStatus.values)
    return len(BOARD)


def seed_demo_resume(*, user: User):
    """A PDF resume written from the demo profile, uploaded and read like a real one
    (returns None when the user already has resumes)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jobs.builder.pdf import resume_pdf
    from jobs.services import builder, resume_intel, resumes

    if user.resumes.exists():
        return None
    content = builder.resume_outline_from_profile(profile=user.profile)
    pdf = resume_pdf(content, template_key="classic", title=f"{user.get_full_name()} — Resume")
    upload = SimpleUploadedFile("ana-ribeiro-resume.pdf", pdf, content_type="application/pdf")
    resume = resumes.resume_upload(user=user, upload=upload, title="Backend engineer resume")
    # Read it now rather than in the worker, so the demo is complete when make run starts.
    return resume_intel.resume_extract(resume_id=resume.pk)


def seed_demo_catalog(*, count: int = 3000) -> int:
    """A few thousand generated catalog postings (idempotent on their source URLs)."""
    if JobPosting.objects.count() >= count:
        return 0
    report = catalog.postings_seed_demo(count=count)
    return report.imported
