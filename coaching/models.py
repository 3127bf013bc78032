"""AI and human help. Later issues add the coach, interviews, goals and reviews."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from careercoach.lib.models import TimeStampedModel


class MentorProfile(TimeStampedModel):
    """A mentor's public face (seed 004). Only admins verify mentors."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
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
            models.Index(fields=["verified_at"], condition=models.Q(verified_at__isnull=False), name="mentor_verified_idx")
        ]

    def __str__(self) -> str:
        return f"Mentor {self.user}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
