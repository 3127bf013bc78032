"""Practice: mock interviews (seed 000 MockInterview) and quizzes (seed 000 Assessment + seed 002)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel


def _score_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}), name=name
    )


class MockInterview(PublicModel):
    """A practice interview, asked question by question.

    ``turns``: [{"question", "focus", "competency", "answer", "answered_at"}], in order.
    ``feedback``: the evaluation — per-turn notes and the strengths / areas / suggestions,
    each item carrying the index of the turn it came from:
    {"turns": [{"score", "notes", "rubric": {...}}], "strengths": [{"text", "turn"}], ...}."""

    class Type(models.TextChoices):
        BEHAVIORAL = "BEHAVIORAL", "Behavioral"
        TECHNICAL = "TECHNICAL", "Technical"
        SYSTEM_DESIGN = "SYSTEM_DESIGN", "System design"
        CASE = "CASE", "Case / problem solving"
        CULTURE = "CULTURE", "Culture fit"
        MIXED = "MIXED", "Mixed"

    class Difficulty(models.TextChoices):
        EASY = "EASY", "Easy"
        MEDIUM = "MEDIUM", "Medium"
        HARD = "HARD", "Hard"

    class Status(models.TextChoices):
        PREPARING = "PREPARING", "Preparing questions"
        IN_PROGRESS = "IN_PROGRESS", "In progress"
        SCORING = "SCORING", "Scoring"
        COMPLETED = "COMPLETED", "Completed"
        FAILED = "FAILED", "Could not be prepared"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews")
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="mock_interviews")
    title = models.CharField(max_length=200)
    interview_type = models.CharField(max_length=20, choices=Type.choices, default=Type.BEHAVIORAL)
    target_role = models.CharField(max_length=200, blank=True)
    target_company = models.CharField(max_length=200, blank=True)
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    question_count = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARING)
    turns = models.JSONField(default=list, blank=True)
    overall_score = models.FloatField(null=True, blank=True)
    technical_score = models.FloatField(null=True, blank=True)
    communication_score = models.FloatField(null=True, blank=True)
    problem_solving_score = models.FloatField(null=True, blank=True)
    feedback = models.JSONField(default=dict, blank=True)
    strengths = models.JSONField(default=list, blank=True)
    areas_to_improve = models.JSONField(default=list, blank=True)
    suggestions = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="mock_user_idx"),
            models.Index(fields=["user", "completed_at"], condition=Q(status="COMPLETED"), name="mock_user_completed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(question_count__gte=1, question_count__lte=15), name="mock_question_count_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["PREPARING", "IN_PROGRESS", "SCORING", "COMPLETED", "FAILED"]),
                name="mock_status_valid",
            ),
            _score_check("overall_score", "mock_overall_0_100"),
            _score_check("technical_score", "mock_technical_0_100"),
            _score_check("communication_score", "mock_communication_0_100"),
            _score_check("problem_solving_score", "mock_problem_solving_0_100"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def current_turn_index(self) -> int | None:
        """The first unanswered question, or None when all are answered."""
        for index, turn in enumerate(self.turns):
            if not turn.get("answer"):
                return index
        return None


class Assessment(PublicModel):
    """A multiple-choice quiz on a skill or category (seed 002 Assessment).

    ``questions``: [{"question", "options": [4 str], "correct_index", "explanation",
    "topic", "chosen_index" (after submission)}]."""

    class Status(models.TextChoices):
        GENERATING = "GENERATING", "Writing questions"
        READY = "READY", "Ready to take"
        COMPLETED = "COMPLETED", "Completed"
        FAILED = "FAILED", "Could not be written"

    class Difficulty(models.TextChoices):
        EASY = "EASY", "Easy"
        MEDIUM = "MEDIUM", "Medium"
        HARD = "HARD", "Hard"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    category = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    question_count = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING)
    questions = models.JSONField(default=list, blank=True)
    score = models.FloatField(null=True, blank=True)
    improvement_tip = models.TextField(blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="assessment_user_idx"),
            models.Index(fields=["user", "category"], name="assessment_user_category_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(question_count__gte=3, question_count__lte=20), name="assessment_question_count_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["GENERATING", "READY", "COMPLETED", "FAILED"]), name="assessment_status_valid"
            ),
            _score_check("score", "assessment_score_0_100"),
            models.CheckConstraint(
                condition=Q(status="COMPLETED", score__isnull=False, completed_at__isnull=False)
                | (~Q(status="COMPLETED") & Q(completed_at__isnull=True)),
                name="assessment_completed_has_score",
            ),
        ]

    def __str__(self) -> str:
        return self.title
