"""Celery entry points for coaching. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from coaching import services


@shared_task(
    name="coaching.tasks.review_completed_email_send_task",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def review_completed_email_send_task(review_id: str) -> bool:
    # OSError covers SMTP connection failures; the service released its claim, so a retry sends.
    return services.review_completed_email_send(review_id=review_id)


@shared_task(name="coaching.tasks.generation_run_task", acks_late=True)
def generation_run_task(generation_id: str) -> str | None:
    """Every AI generation. Provider failures are recorded on the row (the provider SDK
    already retried 429/5xx with backoff), so this task itself never retries."""
    from coaching.ai.generation import generation_run

    generation = generation_run(generation_id=generation_id)
    return generation.status if generation else None


@shared_task(name="coaching.tasks.generations_expire_task")
def generations_expire_task() -> int:
    from coaching.ai.generation import generations_expire

    return generations_expire()


@shared_task(name="coaching.tasks.goal_reminders_send_task")
def goal_reminders_send_task() -> int:
    from coaching.services.goals import goal_reminders_send

    return goal_reminders_send()


@shared_task(name="coaching.tasks.insights_refresh_due_task")
def insights_refresh_due_task() -> int:
    from coaching.services.insights import insights_refresh_due

    return insights_refresh_due()
