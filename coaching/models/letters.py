"""Cover letters (seed 002 CoverLetter + seed 004 cover-letter reviews)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel


class CoverLetter(PublicModel):
    class Status(models.TextChoices):
        GENERATING = "GENERATING", "Writing"
        DRAFT = "DRAFT", "Draft"
        COMPLETED = "COMPLETED", "Completed"
        FAILED = "FAILED", "Could not be written"

    class Tone(models.TextChoices):
        PROFESSIONAL = "PROFESSIONAL", "Professional"
        WARM = "WARM", "Warm"
        CONCISE = "CONCISE", "Concise"
        ENTHUSIASTIC = "ENTHUSIASTIC", "Enthusiastic"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cover_letters")
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="cover_letters")
    resume = models.ForeignKey("jobs.Resume", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The application it was attached to (its text is copied onto the application too).
    application = models.ForeignKey(
        "jobs.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="cover_letters"
    )
    title = models.CharField(max_length=200, blank=True)
    company_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    job_description = models.TextField(max_length=20000, blank=True)
    tone = models.CharField(max_length=20, choices=Tone.choices, default=Tone.PROFESSIONAL)
    content = models.TextField(max_length=20000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING)
    provider = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="cover_letter_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["GENERATING", "DRAFT", "COMPLETED", "FAILED"]), name="cover_letter_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.job_title} at {self.company_name}"
