import pytest
from django.core import mail

from coaching import services, tasks
from tests.coaching.factories import ReviewRequestFactory, verified_mentor

pytestmark = pytest.mark.django_db


def test_email_task_sends_once():
    review = ReviewRequestFactory()
    mentor = verified_mentor()
    services.review_claim(review=review, mentor=mentor)
    services.review_complete(review=review, mentor=mentor, overall_feedback="Good")  # on_commit never runs here
    assert tasks.review_completed_email_send_task(str(review.pk)) is True
    assert tasks.review_completed_email_send_task(str(review.pk)) is False
    assert len(mail.outbox) == 1


def test_email_task_ignores_unfinished_reviews():
    review = ReviewRequestFactory()
    assert tasks.review_completed_email_send_task(str(review.pk)) is False
    assert mail.outbox == []
