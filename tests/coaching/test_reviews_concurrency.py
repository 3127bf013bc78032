"""Two mentors claim the same request at the same moment: the row lock lets exactly one win."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from coaching import services
from coaching.models import ReviewRequest
from tests.coaching.factories import ReviewRequestFactory, verified_mentor


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_one_wins():
    review = ReviewRequestFactory()
    mentors = [verified_mentor(), verified_mentor()]
    barrier = threading.Barrier(len(mentors))
    results: dict[int, str] = {}

    def claim(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.review_claim(review=review, mentor=mentors[i])
            results[i] = "won"
        except ValidationError as e:
            results[i] = e.code or "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(mentors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["review_taken", "won"]
    winner = mentors[next(i for i, r in results.items() if r == "won")]
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CLAIMED and review.mentor == winner


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_completion_email_goes_through_a_real_worker(celery_worker):
    """The task is enqueued after commit and a real worker process sends it (the locmem
    outbox lives in the worker, so we check the claim it records)."""
    import time

    review = ReviewRequestFactory()
    mentor = verified_mentor()
    services.review_claim(review=review, mentor=mentor)
    services.review_complete(review=review, mentor=mentor, overall_feedback="Good")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        review.refresh_from_db()
        if review.email_sent_at:
            break
        time.sleep(0.2)
    assert review.email_sent_at is not None
