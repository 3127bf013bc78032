from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """AI coach, mock interviews, goals and mentors."""

    name = "coaching"
    verbose_name = "Coaching"
