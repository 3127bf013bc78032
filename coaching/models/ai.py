"""Generations: every call to an AI provider is a row here, run by a Celery task."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel, TimeStampedModel


class Generation(PublicModel):
    """One request to the AI provider, from "asked" to "done" or "failed".

    The view creates it (after the quota service counted it) and returns at once; the
    task claims it (PENDING → RUNNING), streams partial text to the cache for the page to
    poll, then writes the result onto its target (a message, an interview…) atomically.
    ``input`` keeps everything the user typed so a failure can be retried as it was."""

    class Kind(models.TextChoices):
        CHAT_REPLY = "CHAT_REPLY", "Coach answer"
        INTERVIEW_QUESTIONS = "INTERVIEW_QUESTIONS", "Mock interview questions"
        INTERVIEW_FEEDBACK = "INTERVIEW_FEEDBACK", "Mock interview feedback"
        QUIZ = "QUIZ", "Quiz"
        COVER_LETTER = "COVER_LETTER", "Cover letter"
        GOAL_RECOMMENDATIONS = "GOAL_RECOMMENDATIONS", "Goal recommendations"
        STORY = "STORY", "Growth story"
        INSIGHT = "INSIGHT", "Industry insight"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Waiting"
        RUNNING = "RUNNING", "Writing"
        SUCCEEDED = "SUCCEEDED", "Done"
        FAILED = "FAILED", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The public id of the row the result is written to (Message, MockInterview, …).
    target_id = models.UUIDField(null=True, blank=True)
    input = models.JSONField(default=dict, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    model = models.CharField(max_length=200, blank=True)
    usage = models.JSONField("token usage", default=dict, blank=True)
    error = models.TextField(blank=True)
    usage_record = models.ForeignKey(
        "billing.UsageRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retry_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="generation_user_idx"),
            models.Index(fields=["target_id"], name="generation_target_idx"),
            # The clean-up task looks for generations a dead worker left behind.
            models.Index(fields=["created_at"], condition=Q(status__in=["PENDING", "RUNNING"]), name="generation_active_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["PENDING", "RUNNING", "SUCCEEDED", "FAILED"]), name="generation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["PENDING", "RUNNING"], finished_at__isnull=True)
                | Q(status__in=["SUCCEEDED", "FAILED"], finished_at__isnull=False),
                name="generation_finished_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_slow(self) -> bool:
        """Still waiting after 30 seconds: usually a worker that is not running."""
        from django.utils import timezone

        return self.is_active and (timezone.now() - self.created_at).total_seconds() > 30

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_offline(self) -> bool:
        return self.provider == "offline"


class AISettings(TimeStampedModel):
    """The provider admins picked in the back office (one row). Empty fields fall back to
    the ``AI_*`` settings; the API key only ever comes from the environment."""

    class Provider(models.TextChoices):
        DEFAULT = "", "As configured (AI_PROVIDER)"
        OFFLINE = "offline", "Offline coach (no model)"
        OPENAI = "openai", "OpenAI-compatible server"

    provider = models.CharField(max_length=20, choices=Provider.choices, blank=True, default="")
    base_url = models.URLField(
        "base URL", max_length=500, blank=True,
        help_text="Overrides AI_BASE_URL, e.g. http://localhost:11434/v1 for Ollama.",
    )
    model = models.CharField(
        max_length=200, blank=True, help_text="Overrides AI_MODEL, e.g. gpt-4o-mini, llama3.1:8b."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_test_at = models.DateTimeField(null=True, blank=True)
    last_test_ok = models.BooleanField(null=True, blank=True)
    last_test_message = models.TextField(blank=True)

    class Meta:
        verbose_name = "AI provider"
        verbose_name_plural = "AI provider"
        constraints = [
            models.CheckConstraint(condition=Q(provider__in=["", "offline", "openai"]), name="ai_settings_provider_valid"),
        ]

    def __str__(self) -> str:
        return "AI provider settings"
