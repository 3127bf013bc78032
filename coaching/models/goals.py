"""Goals with milestones (seed 000 CareerGoal + seed 001 Goal) and growth stories (seed 001 Story)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from careercoach.lib.models import PublicModel


class Goal(PublicModel):
    class Period(models.TextChoices):
        DAILY = "DAILY", "Daily"
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"
        QUARTERLY = "QUARTERLY", "Quarterly"
        YEARLY = "YEARLY", "Yearly"

    class Status(models.TextChoices):
        NOT_STARTED = "NOT_STARTED", "Not started"
        IN_PROGRESS = "IN_PROGRESS", "In progress"
        COMPLETED = "COMPLETED", "Completed"
        ABANDONED = "ABANDONED", "Abandoned"

    class Priority(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        HIGH = 3, "High"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    period = models.CharField(max_length=10, choices=Period.choices, blank=True)
    start_date = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    # Driven by the milestones when there are any; set by hand otherwise.
    progress = models.PositiveSmallIntegerField(default=0)
    ai_recommendations = models.JSONField(default=list, blank=True)
    recommendations_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Claimed by the reminder task (UPDATE … WHERE reminder_sent_at IS NULL); cleared when
    # the target date moves, so the new date gets its own reminder.
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once, the first time the goal is completed: achievement points are never paid twice.
    achievement_awarded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["status", "-priority", "target_date", "-created_at"]
        indexes = [
            models.Index(fields=["user", "status"], name="goal_user_status_idx"),
            models.Index(fields=["user", "period"], name="goal_user_period_idx"),
            models.Index(
                fields=["target_date"],
                condition=Q(reminder_sent_at__isnull=True, status__in=["NOT_STARTED", "IN_PROGRESS"]),
                name="goal_reminder_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0, progress__lte=100), name="goal_progress_0_100"),
            models.CheckConstraint(condition=Q(priority__in=[1, 2, 3]), name="goal_priority_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["NOT_STARTED", "IN_PROGRESS", "COMPLETED", "ABANDONED"]), name="goal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__in=["", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "YEARLY"]), name="goal_period_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(target_date__isnull=True) | Q(target_date__gte=F("start_date")),
                name="goal_target_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="COMPLETED", completed_at__isnull=False)
                | (~Q(status="COMPLETED") & Q(completed_at__isnull=True)),
                name="goal_completed_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)


class GoalMilestone(PublicModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    done_at = models.DateTimeField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Story(PublicModel):
    """A growth story written from the user's real activity in one week or month.
    One per user per period (seed 001 unique [userId, period]); regenerating rewrites it."""

    class PeriodKind(models.TextChoices):
        WEEKLY = "WEEKLY", "Week"
        MONTHLY = "MONTHLY", "Month"

    class Status(models.TextChoices):
        GENERATING = "GENERATING", "Writing"
        READY = "READY", "Ready"
        FAILED = "FAILED", "Could not be written"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories")
    period_kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    content = models.TextField(max_length=20000, blank=True)
    # The activity the story was written from (counts and names), shown next to it.
    facts = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING)
    provider = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "period_kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period_kind", "period_start"], name="story_one_per_user_period"),
            models.CheckConstraint(condition=Q(period_kind__in=["WEEKLY", "MONTHLY"]), name="story_period_kind_valid"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="story_period_end_after_start"),
            models.CheckConstraint(
                condition=Q(status__in=["GENERATING", "READY", "FAILED"]), name="story_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_period_kind_display()} of {self.period_start}"
