"""Industry insights (seed 002 IndustryInsight): one row per industry, shared by all users."""

from django.db import models
from django.db.models import Q

from careercoach.lib.models import PublicModel


class IndustryInsight(PublicModel):
    """Computed from the job catalog (salary statistics, skill frequencies, posting volume),
    always labelled with its sample size; a model provider may add the narrative.

    ``salary_ranges``: [{"role", "min", "median", "max", "currency", "sample"}];
    ``monthly_postings``: [{"month": "2026-05", "count": n}] for the volume chart;
    ``top_skills``: [{"skill", "share"}] (share of sampled postings naming it)."""

    class Demand(models.TextChoices):
        LOW = "LOW", "Low"
        MEDIUM = "MEDIUM", "Medium"
        HIGH = "HIGH", "High"

    class Status(models.TextChoices):
        GENERATING = "GENERATING", "Being computed"
        READY = "READY", "Ready"
        FAILED = "FAILED", "Could not be computed"

    industry = models.CharField(max_length=100, unique=True)  # normalised key, e.g. "technology"
    name = models.CharField(max_length=100)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.GENERATING)
    sample_size = models.PositiveIntegerField(default=0)
    salary_ranges = models.JSONField(default=list, blank=True)
    growth_rate = models.FloatField(null=True, blank=True)  # % change in postings, last 90 days vs the 90 before
    demand_level = models.CharField(max_length=10, choices=Demand.choices, blank=True)
    top_skills = models.JSONField(default=list, blank=True)
    recommended_skills = models.JSONField(default=list, blank=True)
    key_trends = models.JSONField(default=list, blank=True)
    market_outlook = models.TextField(blank=True)
    monthly_postings = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    last_updated = models.DateTimeField(null=True, blank=True)
    next_update = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["next_update"], name="insight_next_update_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(demand_level__in=["", "LOW", "MEDIUM", "HIGH"]), name="insight_demand_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["GENERATING", "READY", "FAILED"]), name="insight_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name
