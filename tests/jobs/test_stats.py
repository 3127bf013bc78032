"""jobs.selectors.stats: the dashboard's numbers, computed from the board's history."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from jobs.models import JobStatus
from jobs.selectors.stats import search_chart, search_stats_for_user
from jobs.services import tracking
from tests.jobs.factories import InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db
S = JobStatus


def _job(user, title, *moves):
    job = tracking.job_create(user=user, data={"title": title, "company": "Acme"})
    for status in moves:
        job = tracking.job_move(job=job, to_status=status, by=user)
    return job


@pytest.fixture
def history(owner):
    """Seven jobs with known paths through the board."""
    _job(owner, "still saved")
    _job(owner, "waiting", S.APPLIED)
    _job(owner, "rejected after interview", S.APPLIED, S.INTERVIEW_SCHEDULED, S.INTERVIEW_COMPLETED, S.REJECTED)
    _job(owner, "hired", S.APPLIED, S.INTERVIEW_SCHEDULED, S.OFFER_RECEIVED, S.ACCEPTED)
    _job(owner, "dropped before applying", S.WITHDRAWN)
    _job(owner, "rejected on paper", S.APPLIED, S.REJECTED)
    # Moved back: it reached an interview once, so it still counts there.
    _job(owner, "back to applied", S.APPLIED, S.INTERVIEW_SCHEDULED, S.APPLIED)
    return owner


def _flows(stats) -> dict[tuple[str, str], int]:
    return {(f.source, f.target): f.value for f in stats.flows}


def test_counts_per_status_and_total(history):
    stats = search_stats_for_user(user=history)
    counts = {row.status: row.count for row in stats.by_status}
    assert stats.total == 7
    assert counts == {
        S.INTERESTED: 1, S.APPLIED: 2, S.INTERVIEW_SCHEDULED: 0, S.INTERVIEW_COMPLETED: 0,
        S.OFFER_RECEIVED: 0, S.REJECTED: 2, S.ACCEPTED: 1, S.WITHDRAWN: 1,
    }
    assert [row.status for row in stats.by_status] == list(S.values), "board order"


def test_stages_count_every_stage_a_job_reached(history):
    stats = search_stats_for_user(user=history)
    assert stats.stage_counts == {
        "saved": 7, "applied": 5, "interview": 3, "offer": 1, "accepted": 1, "rejected": 2, "withdrawn": 1,
    }
    assert _flows(stats) == {
        ("saved", "applied"): 5,
        ("applied", "interview"): 3,
        ("interview", "offer"): 1,
        ("saved", "withdrawn"): 1,
        ("applied", "rejected"): 1,
        ("interview", "rejected"): 1,
        ("offer", "accepted"): 1,
    }


def test_response_rate_is_answered_over_applied(history):
    stats = search_stats_for_user(user=history)
    # Applied to: waiting, rejected ×2, hired, back to applied. Heard back: all but "waiting".
    assert (stats.applied, stats.responded, stats.response_rate) == (5, 4, 80)


def test_a_job_with_an_interview_counts_as_interviewed(owner):
    job = _job(owner, "interview added on its page", S.APPLIED)
    InterviewFactory(job=job)
    stats = search_stats_for_user(user=owner)
    assert stats.stage_counts["interview"] == 1 and stats.responded == 1


def test_rows_without_history_use_their_status(owner):
    JobFactory(user=owner, status=S.OFFER_RECEIVED)  # e.g. rows written before history existed
    JobFactory(user=owner, status=S.INTERESTED, applied_at=timezone.now())
    stats = search_stats_for_user(user=owner)
    assert stats.stage_counts["offer"] == 1
    assert stats.applied == 2


def test_no_jobs_means_no_rate_and_empty_flows(owner):
    stats = search_stats_for_user(user=owner)
    assert stats.total == 0 and not stats.has_jobs
    assert stats.response_rate is None
    assert all(f.value == 0 for f in stats.flows)
    assert stats.upcoming_interviews == []


def test_other_users_jobs_do_not_count(history, stranger):
    _job(stranger, "theirs", S.APPLIED)
    stats = search_stats_for_user(user=stranger)
    assert stats.total == 1 and stats.applied == 1


def test_next_five_interviews_soonest_first(owner, stranger):
    job = _job(owner, "many rounds", S.APPLIED)
    now = timezone.now()
    times = [now + datetime.timedelta(days=d) for d in (6, 2, 4, 1, 3, 5)]
    for at in times:
        InterviewFactory(job=job, scheduled_at=at)
    InterviewFactory(job=job, scheduled_at=now - datetime.timedelta(days=2))  # over
    InterviewFactory(job=_job(stranger, "theirs"), scheduled_at=now + datetime.timedelta(hours=1))
    stats = search_stats_for_user(user=owner)
    assert [i.scheduled_at for i in stats.upcoming_interviews] == sorted(times)[:5]


def test_query_count_does_not_grow_with_jobs(owner, django_assert_max_num_queries):
    for n in range(3):
        _job(owner, f"job {n}", S.APPLIED, S.INTERVIEW_SCHEDULED)
    with django_assert_max_num_queries(3):
        small = search_stats_for_user(user=owner)
        [i.job.title for i in small.upcoming_interviews]
    for n in range(25):
        job = _job(owner, f"more {n}", S.APPLIED, S.REJECTED)
        InterviewFactory(job=job)
    with django_assert_max_num_queries(3):
        stats = search_stats_for_user(user=owner)
        [i.job.title for i in stats.upcoming_interviews]
    assert stats.total == 28


def test_chart_is_valid_svg_with_the_numbers(history):
    chart = search_chart(search_stats_for_user(user=history))
    root = ET.fromstring(str(chart.svg))
    assert root.get("role") == "img"
    assert "Of 7 jobs saved, 5 reached the application stage, 3 an interview and 1 an offer." in chart.summary
    table = ET.fromstring(str(chart.table))
    assert "Applied → Interview" in "".join(table.itertext())
