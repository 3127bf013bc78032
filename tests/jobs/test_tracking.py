"""Moves on the board: history, applied_at, ordering, conflicts and concurrency."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jobs.exceptions import JobMoveConflict
from jobs.models import Job, JobStatus, StatusChange
from jobs.selectors.board import job_board_for_user
from jobs.services import tracking
from tests.accounts.factories import UserFactory
from tests.jobs.factories import InterviewFactory, JobPostingFactory

pytestmark = pytest.mark.django_db


def _job(user, title, status=JobStatus.INTERESTED):
    return tracking.job_create(user=user, data={"title": title, "company": "Acme"}, status=status)


def _column(user, status):
    return list(Job.objects.filter(user=user, status=status).order_by("position").values_list("title", flat=True))


def test_create_records_the_first_status_and_appends():
    user = UserFactory()
    a, b = _job(user, "A"), _job(user, "B")
    assert (a.position, b.position) == (0, 1)
    assert StatusChange.objects.get(job=a).to_status == JobStatus.INTERESTED


def test_create_rejects_unknown_status_and_inverted_salary():
    user = UserFactory()
    with pytest.raises(ValidationError):
        tracking.job_create(user=user, data={"title": "X", "company": "Y"}, status="HIRED")
    with pytest.raises(ValidationError):
        tracking.job_create(user=user, data={"title": "X", "company": "Y", "salary_min": 10, "salary_max": 5})
    assert not Job.objects.exists() and not StatusChange.objects.exists()


def test_move_to_applied_writes_history_and_applied_at():
    user = UserFactory()
    job = _job(user, "A")
    moved = tracking.job_move(job=job, to_status=JobStatus.APPLIED, by=user)
    assert moved.status == JobStatus.APPLIED and moved.applied_at is not None
    change = StatusChange.objects.filter(job=job).latest("created_at")
    assert (change.from_status, change.to_status, change.changed_by) == (JobStatus.INTERESTED, JobStatus.APPLIED, user)
    first_applied = moved.applied_at
    tracking.job_move(job=moved, to_status=JobStatus.INTERVIEW_SCHEDULED)
    again = tracking.job_move(job=moved, to_status=JobStatus.APPLIED)
    assert again.applied_at == first_applied, "applied_at records the first application"


def test_move_within_a_column_reorders_without_history():
    user = UserFactory()
    _job(user, "A"), _job(user, "B")
    c = _job(user, "C")
    tracking.job_move(job=c, to_status=JobStatus.INTERESTED, position=0)
    assert _column(user, JobStatus.INTERESTED) == ["C", "A", "B"]
    assert StatusChange.objects.count() == 3  # only the three "Added" entries


def test_move_between_columns_keeps_both_dense():
    user = UserFactory()
    _job(user, "A")
    b = _job(user, "B")
    _job(user, "C")
    _job(user, "X", JobStatus.APPLIED)
    tracking.job_move(job=b, to_status=JobStatus.APPLIED, position=0)
    assert _column(user, JobStatus.INTERESTED) == ["A", "C"]
    assert _column(user, JobStatus.APPLIED) == ["B", "X"]
    positions = list(Job.objects.filter(user=user).order_by("status", "position").values_list("status", "position"))
    assert positions == [("APPLIED", 0), ("APPLIED", 1), ("INTERESTED", 0), ("INTERESTED", 1)]


def test_position_past_the_end_goes_last():
    user = UserFactory()
    a = _job(user, "A")
    _job(user, "B")
    tracking.job_move(job=a, to_status=JobStatus.INTERESTED, position=99)
    assert _column(user, JobStatus.INTERESTED) == ["B", "A"]


def test_unknown_status_and_negative_position_are_refused():
    job = _job(UserFactory(), "A")
    with pytest.raises(ValidationError):
        tracking.job_move(job=job, to_status="HIRED")
    with pytest.raises(ValidationError):
        tracking.job_move(job=job, to_status=JobStatus.APPLIED, position=-1)
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


def test_stale_version_is_a_conflict_and_changes_nothing():
    user = UserFactory()
    job = _job(user, "A")
    seen = job.version
    tracking.job_move(job=job, to_status=JobStatus.APPLIED, expected_version=seen)  # tab 1
    with pytest.raises(JobMoveConflict) as exc:
        tracking.job_move(job=job, to_status=JobStatus.REJECTED, expected_version=seen)  # tab 2, stale
    assert "another tab" in str(exc.value)
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.REJECTED).count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_of_the_same_card_one_wins_one_conflicts():
    user = UserFactory()
    job = _job(user, "A")
    seen = job.version
    barrier = threading.Barrier(2)
    results: list[str] = []

    def move(to_status):
        try:
            barrier.wait()
            tracking.job_move(job=Job.objects.get(pk=job.pk), to_status=to_status, expected_version=seen)
            results.append("ok")
        except JobMoveConflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(s,)) for s in (JobStatus.APPLIED, JobStatus.WITHDRAWN)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    job.refresh_from_db()
    assert job.version == seen + 1
    assert StatusChange.objects.filter(job=job).exclude(from_status="").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_get_distinct_positions():
    user = UserFactory()
    barrier = threading.Barrier(4)

    def create(n):
        try:
            barrier.wait()
            _job(user, f"J{n}")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(Job.objects.filter(user=user).values_list("position", flat=True)) == [0, 1, 2, 3]


def test_track_posting_once():
    user = UserFactory()
    posting = JobPostingFactory(title="Data Engineer", is_remote=True)
    job, created = tracking.job_track_posting(user=user, posting=posting)
    again, created_again = tracking.job_track_posting(user=user, posting=posting)
    assert created and not created_again and job == again
    assert (job.title, job.work_mode, job.url) == ("Data Engineer", "REMOTE", posting.source_url)


def test_delete_renumbers_the_column():
    user = UserFactory()
    _job(user, "A")
    b = _job(user, "B")
    _job(user, "C")
    tracking.job_delete(job=b)
    assert list(Job.objects.filter(user=user).order_by("position").values_list("title", "position")) == [("A", 0), ("C", 1)]


def test_board_is_one_query_and_scoped(django_assert_num_queries):
    user, other = UserFactory(), UserFactory()
    for n in range(12):
        job = _job(user, f"J{n}", JobStatus.values[n % 4])
        InterviewFactory(job=job)
    _job(other, "Not mine")
    with django_assert_num_queries(1):
        columns = job_board_for_user(user=user)
    assert [c.status for c in columns] == JobStatus.values
    assert sum(c.count for c in columns) == 12
    assert all(j.next_interview_at is not None for c in columns for j in c.jobs)
    assert "Not mine" not in [j.title for c in columns for j in c.jobs]
