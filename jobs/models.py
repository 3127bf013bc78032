"""The job search itself: the shared catalog, tracked jobs and everything around them."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q

from careercoach.lib.choices import ExperienceLevel, JobType, WorkMode
from careercoach.lib.models import PublicModel, TimeStampedModel
from careercoach.lib.storage import private_storage
from jobs.search import PostingSearchDocument


def _salary_check(prefix: str = "") -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_max__gte=F("salary_min")),
        name=f"{prefix}salary_max_gte_min",
    )


# --- Catalog (seed 003 `jobs`) ----------------------------------------------------------


class JobPosting(PublicModel):
    """A posting in the shared catalog, searchable by everyone."""

    class Source(models.TextChoices):
        ADMIN = "ADMIN", "Admin"
        IMPORT = "IMPORT", "Import file"
        API = "API", "API"
        URL = "URL", "Imported from a link"

    title = models.CharField(max_length=300)
    company = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    is_remote = models.BooleanField("remote", default=False)
    description = models.TextField(blank=True)
    requirements = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    experience_level = models.CharField(max_length=20, choices=ExperienceLevel.choices, blank=True)
    job_type = models.CharField(max_length=20, choices=JobType.choices, blank=True)
    posted_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ADMIN)
    source_url = models.URLField(max_length=1000, null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Kept by PostgreSQL itself (a stored generated column), so no code path can forget it.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("company", weight="B", config="english")
        + SearchVector("description", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="posting_search_gin"),
            # The catalog search: words and filter keys in one index (see jobs/search.py).
            GinIndex(PostingSearchDocument(), name="posting_search_filters_gin", condition=Q(is_active=True)),
            # Keyset pagination walks (posted_at, id) backwards among active postings.
            models.Index(fields=["-posted_at", "-id"], condition=Q(is_active=True), name="posting_active_recent_idx"),
            models.Index(fields=["salary_min", "salary_max"], name="posting_salary_idx"),
        ]
        constraints = [
            _salary_check("posting_"),
            models.UniqueConstraint(fields=["source_url"], condition=Q(source_url__isnull=False), name="posting_source_url_unique"),
            models.CheckConstraint(condition=~Q(title=""), name="posting_title_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.company}"


class JobBookmark(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_bookmarks")
    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="bookmarks")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "posting"], name="bookmark_unique_per_user")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.posting}"


# --- Tracked jobs (seed 000) ------------------------------------------------------------


class JobStatus(models.TextChoices):
    INTERESTED = "INTERESTED", "Interested"
    APPLIED = "APPLIED", "Applied"
    INTERVIEW_SCHEDULED = "INTERVIEW_SCHEDULED", "Interview scheduled"
    INTERVIEW_COMPLETED = "INTERVIEW_COMPLETED", "Interview completed"
    OFFER_RECEIVED = "OFFER_RECEIVED", "Offer received"
    REJECTED = "REJECTED", "Rejected"
    ACCEPTED = "ACCEPTED", "Accepted"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"


class Job(PublicModel):
    """One user's tracked opportunity: a card on their board."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    posting = models.ForeignKey(JobPosting, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracked_jobs")
    title = models.CharField("job title", max_length=300)
    company = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    url = models.URLField("job posting link", max_length=1000, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=30, choices=JobStatus.choices, default=JobStatus.INTERESTED)
    position = models.PositiveIntegerField(default=0, help_text="Order within its board column")
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    job_type = models.CharField(max_length=20, choices=JobType.choices, blank=True)
    date_posted = models.DateField(null=True, blank=True)
    application_deadline = models.DateField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=100, blank=True, help_text="Where you found it, e.g. LinkedIn")
    referral = models.CharField(max_length=200, blank=True, help_text="Who referred you, if anyone")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    match_score = models.PositiveSmallIntegerField(null=True, blank=True)
    ai_analysis = models.JSONField(default=dict, blank=True)
    # Bumped on every move: a move made from a stale board is refused, not lost.
    version = models.PositiveIntegerField(default=1)
    deadline_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["status", "position", "created_at"]
        indexes = [
            models.Index(fields=["user", "status", "position"], name="job_board_idx"),
            models.Index(
                fields=["application_deadline"],
                condition=Q(status="INTERESTED", deadline_reminder_sent_at__isnull=True, application_deadline__isnull=False),
                name="job_deadline_reminder_idx",
            ),
        ]
        constraints = [
            _salary_check("job_"),
            models.UniqueConstraint(fields=["user", "posting"], condition=Q(posting__isnull=False), name="job_posting_tracked_once"),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_valid"),
            models.CheckConstraint(condition=Q(match_score__isnull=True) | Q(match_score__lte=100), name="job_match_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


class StatusChange(TimeStampedModel):
    """Every move of a job between columns (seed 000; seed 003 application_status_history)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=30, choices=JobStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=JobStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["job", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class Application(PublicModel):
    class Method(models.TextChoices):
        MANUAL = "MANUAL", "Applied myself"
        AUTOMATED = "AUTOMATED", "Through CareerCoach"
        REFERRAL = "REFERRAL", "Referral"
        RECRUITER = "RECRUITER", "Through a recruiter"

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        SUBMITTED = "SUBMITTED", "Submitted"
        UNDER_REVIEW = "UNDER_REVIEW", "Under review"
        REJECTED = "REJECTED", "Rejected"
        ACCEPTED = "ACCEPTED", "Accepted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    resume = models.ForeignKey("jobs.Resume", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications")
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.MANUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    cover_letter = models.TextField(blank=True)
    confirmation_number = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    response_at = models.DateField("response date", null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "job"], name="application_one_per_job")]

    def __str__(self) -> str:
        return f"Application for {self.job}"


class Interview(PublicModel):
    class Type(models.TextChoices):
        PHONE = "PHONE", "Phone screen"
        VIDEO = "VIDEO", "Video call"
        ONSITE = "ONSITE", "On-site"
        TECHNICAL = "TECHNICAL", "Technical"
        BEHAVIORAL = "BEHAVIORAL", "Behavioral"
        PANEL = "PANEL", "Panel"
        FINAL = "FINAL", "Final round"

    class Outcome(models.TextChoices):
        PENDING = "PENDING", "Pending"
        PASSED = "PASSED", "Passed"
        FAILED = "FAILED", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="interviews")
    application = models.ForeignKey(Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.VIDEO)
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    location = models.CharField(max_length=300, blank=True)
    meeting_link = models.URLField(max_length=1000, blank=True)
    interviewer = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    prep_notes = models.TextField(blank=True)
    questions_asked = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    feedback = models.TextField(blank=True)
    # Claimed atomically by the reminder task (UPDATE … WHERE reminder_sent_at IS NULL).
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["scheduled_at"]
        indexes = [
            models.Index(fields=["user", "scheduled_at"], name="interview_user_time_idx"),
            models.Index(fields=["scheduled_at"], condition=Q(reminder_sent_at__isnull=True), name="interview_reminder_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=24 * 60), name="interview_duration_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} interview for {self.job}"


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(TimeStampedModel):
    """The secret address of a user's interview calendar (subscribe from Google/Apple Calendar)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


def document_upload_to(instance: Document, filename: str) -> str:
    return f"documents/{instance.user_id}/{uuid.uuid4().hex}"


class Document(PublicModel):
    class Type(models.TextChoices):
        RESUME = "RESUME", "Resume"
        COVER_LETTER = "COVER_LETTER", "Cover letter"
        PORTFOLIO = "PORTFOLIO", "Portfolio"
        TRANSCRIPT = "TRANSCRIPT", "Transcript"
        REFERENCE = "REFERENCE", "Reference"
        OFFER = "OFFER", "Offer letter"
        OTHER = "OTHER", "Other"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_documents")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.OTHER)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_upload_to, storage=private_storage)
    original_name = models.CharField(max_length=255)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["type", "title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["job", "type", "title", "version"], name="document_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


def resume_upload_to(instance: Resume, filename: str) -> str:
    return f"resumes/{instance.user_id}/{uuid.uuid4().hex}"


class Resume(PublicModel):
    """A resume: uploaded (PDF/DOCX, text extracted and parsed in the background) or
    written in the builder (markdown ``content``)."""

    class Status(models.TextChoices):
        UPLOADED = "UPLOADED", "Waiting to be read"
        EXTRACTING = "EXTRACTING", "Reading"
        PARSED = "PARSED", "Read"
        FAILED = "FAILED", "Could not be read"
        DRAFT = "DRAFT", "Written in the builder"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    status_message = models.CharField(max_length=500, blank=True)
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # What extraction noticed about the layout: multi_column, tables, images_only, … (ATS risks).
    layout = models.JSONField(default=dict, blank=True)
    template = models.CharField(max_length=30, default="classic", help_text="Builder template")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="versions",
        help_text="The resume this one was duplicated from",
    )
    file = models.FileField(upload_to=resume_upload_to, storage=private_storage, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    mime_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    raw_text = models.TextField(blank=True)
    parsed_data = models.JSONField(default=dict, blank=True)
    content = models.TextField(blank=True, help_text="Markdown source for the resume builder")
    ats_score = models.FloatField(null=True, blank=True)
    feedback = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_primary=True), name="resume_one_primary_per_user"),
            models.CheckConstraint(
                condition=Q(ats_score__isnull=True) | Q(ats_score__gte=0, ats_score__lte=100), name="resume_ats_score_0_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AtsReport(PublicModel):
    """One ATS check of a resume against a job description; kept as history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ats_reports")
    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="ats_reports")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, null=True, blank=True, related_name="ats_reports")
    posting = models.ForeignKey(JobPosting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    job_title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, help_text="The job description the resume was checked against")
    score = models.PositiveSmallIntegerField()
    feedback = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["resume", "job", "-created_at"])]
        constraints = [models.CheckConstraint(condition=Q(score__lte=100), name="ats_report_score_0_100")]

    def __str__(self) -> str:
        return f"ATS {self.score} for {self.resume}"
