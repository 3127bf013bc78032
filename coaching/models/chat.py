"""The AI coach chat (seed 000 Conversation + Message)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel


class Conversation(PublicModel):
    """A chat with the coach. The user chooses what the coach may read: their profile,
    their goals, one tracked job, one resume."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    title = models.CharField(max_length=200, blank=True)
    # True until the user renames it: the first answer then titles it automatically.
    title_is_auto = models.BooleanField(default=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resume = models.ForeignKey("jobs.Resume", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    include_profile = models.BooleanField(default=True)
    include_goals = models.BooleanField(default=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-created_at"]
        indexes = [models.Index(fields=["user", "-last_message_at"], name="conversation_user_recent_idx")]

    def __str__(self) -> str:
        return self.title or "New conversation"


class Message(PublicModel):
    class Role(models.TextChoices):
        USER = "user", "You"
        ASSISTANT = "assistant", "Coach"

    class Status(models.TextChoices):
        DONE = "DONE", "Done"
        PENDING = "PENDING", "Writing"
        FAILED = "FAILED", "Failed"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField(max_length=20000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    # Provider, model, token usage, intent (offline) — seed 000 Message.metadata.
    metadata = models.JSONField(default=dict, blank=True)
    generation = models.ForeignKey(
        "coaching.Generation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_conversation_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["user", "assistant"]), name="message_role_valid"),
            models.CheckConstraint(condition=Q(status__in=["DONE", "PENDING", "FAILED"]), name="message_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"
