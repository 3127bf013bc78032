"""Plans and usage. Stripe subscriptions and payments arrive with the billing issue; for now
an admin assigns plans, and every AI generation is counted against the plan's daily quota."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel, TimeStampedModel


class Plan(TimeStampedModel):
    """Free / Premium / Enterprise (seed 003). Quotas are edited by admins."""

    class Code(models.TextChoices):
        FREE = "FREE", "Free"
        PREMIUM = "PREMIUM", "Premium"
        ENTERPRISE = "ENTERPRISE", "Enterprise"

    code = models.CharField(max_length=20, choices=Code.choices, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    # Null means unlimited. Counted per calendar day in the user's own time zone.
    ai_generations_per_day = models.PositiveIntegerField(
        "AI generations per day", null=True, blank=True, help_text="Leave empty for unlimited."
    )
    price_cents = models.PositiveIntegerField("monthly price (minor units)", default=0)
    currency = models.CharField(max_length=3, default="USD")
    stripe_price_id = models.CharField(max_length=255, blank=True)
    # The plan of every user without an assignment. Exactly one (partial unique below).
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=["FREE", "PREMIUM", "ENTERPRISE"]), name="plan_code_valid"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="plan_one_default"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_unlimited(self) -> bool:
        return self.ai_generations_per_day is None


class PlanAssignment(TimeStampedModel):
    """Which plan a user is on, when not the default one. Set by admins until Stripe
    checkout arrives (then by the subscription webhooks)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_assignment")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.user} on {self.plan}"


class UsageRecord(PublicModel):
    """One counted action (seed 003 usage_tracking; seed 001 daily generation count).

    A generation that fails is refunded (``refunded_at``) so the user does not pay for
    the provider's failure; refunded rows stay for the record but are not counted."""

    class Action(models.TextChoices):
        AI_CHAT = "AI_CHAT", "Coach chat answer"
        AI_INTERVIEW = "AI_INTERVIEW", "Mock interview"
        AI_QUIZ = "AI_QUIZ", "Quiz"
        AI_COVER_LETTER = "AI_COVER_LETTER", "Cover letter"
        AI_GOAL = "AI_GOAL", "Goal recommendations"
        AI_STORY = "AI_STORY", "Growth story"
        AI_INSIGHT = "AI_INSIGHT", "Industry insight"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="usage_records")
    action = models.CharField(max_length=30, choices=Action.choices)
    metadata = models.JSONField(default=dict, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The quota count: this user's counted rows since the start of their day.
            models.Index(fields=["user", "created_at"], condition=Q(refunded_at__isnull=True), name="usage_counted_idx"),
            models.Index(fields=["action", "-created_at"], name="usage_action_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "AI_CHAT", "AI_INTERVIEW", "AI_QUIZ", "AI_COVER_LETTER", "AI_GOAL", "AI_STORY", "AI_INSIGHT",
                    ]
                ),
                name="usage_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.user_id}"
