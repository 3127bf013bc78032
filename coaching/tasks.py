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
