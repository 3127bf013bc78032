from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Job catalog, tracked jobs, applications and interviews."""

    name = "jobs"
    verbose_name = "Job search"
