from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Job catalog, tracked jobs, applications and interviews."""

    name = "jobs"
    verbose_name = "Job search"

    def ready(self) -> None:
        from accounts import scopes

        scopes.register("jobs:read", "Read your tracked jobs, applications, interviews and the job catalog")
        scopes.register("jobs:write", "Add, change, move and delete your jobs, applications, interviews and bookmarks")
        scopes.register("resumes:read", "Read your resumes, what was read from them, ATS reports and match scores")
        scopes.register("resumes:write", "Upload and delete your resumes")
