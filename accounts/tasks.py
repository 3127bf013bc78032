"""Celery entry points for accounts. Thin: each calls one service."""

from celery import shared_task

from accounts import services


@shared_task(name="accounts.tasks.sessions_cleanup_task")
def sessions_cleanup_task() -> dict[str, int]:
    return services.sessions_cleanup()
