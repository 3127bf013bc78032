"""AI and human help: mentors and their document reviews (here), the AI coach (chat.py),
practice (practice.py), goals and stories (goals.py), cover letters (letters.py),
industry insights (insights.py) and the generations that feed them (ai.py)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel, TimeStampedModel


class MentorProfile(TimeStampedModel):
    """A mentor's public face (seed 004). Only admins verify mentors."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile")
    headline = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    expertise = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["verified_at"], condition=models.Q(verified_at__isnull=False), name="mentor_verified_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Mentor {self.user}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ReviewRequest(PublicModel):
    """A job seeker asks a verified mentor to review a document (seed 004).

    One mentor at a time holds a request (claim → CLAIMED); unclaiming returns it to the
    queue. Many requests per resume over time, but at most one open or claimed at once.
    """

    class Kind(models.TextChoices):
        RESUME = "RESUME", "Resume"
        COVER_LETTER = "COVER_LETTER", "Cover letter"

    class Status(models.TextChoices):
        OPEN = "OPEN", "Waiting for a mentor"
        CLAIMED = "CLAIMED", "Being reviewed"
        COMPLETED = "COMPLETED", "Reviewed"
        CANCELLED = "CANCELLED", "Cancelled"

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESUME)
    # Exactly one of these is set, matching ``kind`` (CHECK below).
    resume = models.ForeignKey(
        "jobs.Resume", on_delete=models.CASCADE, null=True, blank=True, related_name="review_requests"
    )
    cover_letter = models.ForeignKey(
        "coaching.CoverLetter", on_delete=models.CASCADE, null=True, blank=True, related_name="review_requests"
    )
    note = models.TextField("note for the mentor", max_length=2000, blank=True)
    target_role = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # PROTECT: a claimed or completed review must keep its mentor (CHECK below); an admin
    # reassigns or returns the mentor's open claims before their account can be deleted.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews_taken"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    overall_feedback = models.TextField(max_length=10000, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(max_length=2000, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Claimed by the email task before sending, so the email goes out once.
    email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The mentors' queue: open requests, oldest first.
            models.Index(fields=["created_at"], condition=Q(status="OPEN"), name="review_open_queue_idx"),
            models.Index(fields=["requester", "-created_at"], name="review_requester_idx"),
            models.Index(fields=["mentor", "status"], name="review_mentor_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["OPEN", "CLAIMED", "COMPLETED", "CANCELLED"]), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["OPEN", "CANCELLED"], mentor__isnull=True, claimed_at__isnull=True)
                | Q(status="CLAIMED", mentor__isnull=False, claimed_at__isnull=False, completed_at__isnull=True)
                | Q(status="COMPLETED", mentor__isnull=False, claimed_at__isnull=False, completed_at__isnull=False),
                name="review_status_matches_mentor",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5, status="COMPLETED"),
                name="review_rating_1_5_when_completed",
            ),
            models.UniqueConstraint(
                fields=["resume"], condition=Q(status__in=["OPEN", "CLAIMED"]), name="review_one_active_per_resume"
            ),
            models.UniqueConstraint(
                fields=["cover_letter"],
                condition=Q(status__in=["OPEN", "CLAIMED"]),
                name="review_one_active_per_cover_letter",
            ),
            models.CheckConstraint(
                condition=Q(kind="RESUME", resume__isnull=False, cover_letter__isnull=True)
                | Q(kind="COVER_LETTER", resume__isnull=True, cover_letter__isnull=False),
                name="review_kind_matches_document",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.resume_id or self.cover_letter_id} ({self.get_status_display()})"

    @property
    def document(self):
        """The resume or cover letter under review."""
        return self.cover_letter if self.kind == self.Kind.COVER_LETTER else self.resume

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_claimed(self) -> bool:
        return self.status == self.Status.CLAIMED

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def can_be_rated(self) -> bool:
        return self.is_completed and self.rating is None


class ReviewComment(PublicModel):
    """A mentor's comment on one section of the reviewed document."""

    class Section(models.TextChoices):
        SUMMARY = "SUMMARY", "Summary"
        EXPERIENCE = "EXPERIENCE", "Experience"
        EDUCATION = "EDUCATION", "Education"
        SKILLS = "SKILLS", "Skills"
        FORMATTING = "FORMATTING", "Layout and formatting"
        OTHER = "OTHER", "Other"

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.OTHER)
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=["SUMMARY", "EXPERIENCE", "EDUCATION", "SKILLS", "FORMATTING", "OTHER"]),
                name="review_comment_section_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.text[:40]}"


from coaching.models.ai import AISettings, Generation  # noqa: E402
from coaching.models.chat import Conversation, Message  # noqa: E402
from coaching.models.goals import Goal, GoalMilestone, Story  # noqa: E402
from coaching.models.insights import IndustryInsight  # noqa: E402
from coaching.models.letters import CoverLetter  # noqa: E402
from coaching.models.practice import Assessment, MockInterview  # noqa: E402

__all__ = [
    "AISettings", "Assessment", "Conversation", "CoverLetter", "Generation", "Goal", "GoalMilestone",
    "IndustryInsight", "MentorProfile", "Message", "MockInterview", "ReviewComment", "ReviewRequest", "Story",
]
