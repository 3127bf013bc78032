"""Celery entry points for jobs. Thin: each calls one service, and each is safe to run twice
(the services claim every row before sending)."""

from celery import shared_task

from jobs.services import reminders


@shared_task(name="jobs.tasks.interview_reminders_send_task")
def interview_reminders_send_task() -> int:
    return reminders.interview_reminders_send()


@shared_task(name="jobs.tasks.deadline_reminders_send_task")
def deadline_reminders_send_task() -> int:
    return reminders.deadline_reminders_send()
