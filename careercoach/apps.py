from django.apps import AppConfig


class CareerCoachConfig(AppConfig):
    name = "careercoach"
    verbose_name = "CareerCoach"
