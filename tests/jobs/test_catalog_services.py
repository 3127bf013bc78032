"""Catalog services: creating and changing postings, opening and closing them,
bookmarks (idempotent, race-safe), demo data, and the postings generator."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from jobs import postings_generator
from jobs.models import JobBookmark, JobPosting
from jobs.services import catalog as services
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobBookmarkFactory, JobPostingFactory

pytestmark = pytest.mark.django_db


# --- Postings ----------------------------------------------------------------------------------------


def test_posting_create_validates_and_saves():
    posting = services.posting_create(data={"title": "Python developer", "company": "Acme", "salary_min": 10})
    posting.refresh_from_db()
    assert posting.source == JobPosting.Source.ADMIN
    assert posting.posted_at is not None
    assert posting.search_vector  # PostgreSQL computed it


@pytest.mark.parametrize(("data", "field"), [
    ({"title": ""}, "title"),
    ({"salary_min": 100, "salary_max": 50}, "__all__"),
    ({"experience_level": "GURU"}, "experience_level"),
    ({"posted_at": timezone.now() + datetime.timedelta(days=3)}, "posted_at"),
    ({"source_url": "https://example.com/taken"}, "source_url"),
])
def test_posting_create_refuses_invalid_data(data, field):
    JobPostingFactory(source_url="https://example.com/taken")
    with pytest.raises(ValidationError) as excinfo:
        services.posting_create(data={"title": "T", "company": "C", **data})
    assert field in excinfo.value.message_dict
    assert JobPosting.objects.count() == 1


def test_posting_create_refuses_unknown_fields():
    with pytest.raises(ValidationError, match="cannot be set: search_vector"):
        services.posting_create(data={"title": "T", "company": "C", "search_vector": "x"})


def test_posting_update():
    posting = JobPostingFactory(title="Old")
    updated = services.posting_update(posting=posting, data={"title": "New", "is_remote": True})
    assert (updated.title, updated.is_remote) == ("New", True)
    posting.refresh_from_db()
    assert posting.title == "New"
    with pytest.raises(ValidationError):
        services.posting_update(posting=posting, data={"salary_min": 100, "salary_max": 10})


def test_postings_set_active_counts_changes():
    a, b = JobPostingFactory(), JobPostingFactory(is_active=False)
    assert services.postings_set_active(postings=JobPosting.objects.all(), active=False) == 1
    assert not JobPosting.objects.filter(is_active=True).exists()
    assert services.postings_set_active(postings=JobPosting.objects.filter(pk=a.pk), active=True) == 1
    b.refresh_from_db()
    assert b.is_active is False


# --- Bookmarks ---------------------------------------------------------------------------------------


def test_bookmark_toggle(owner):
    posting = JobPostingFactory()
    assert services.bookmark_toggle(user=owner, posting=posting) is True
    assert JobBookmark.objects.filter(user=owner, posting=posting).count() == 1
    assert services.bookmark_toggle(user=owner, posting=posting) is False
    assert not JobBookmark.objects.exists()


def test_bookmark_set_is_idempotent(owner):
    posting = JobPostingFactory()
    assert services.bookmark_set(user=owner, posting=posting, saved=True) is True
    assert services.bookmark_set(user=owner, posting=posting, saved=True) is True
    assert JobBookmark.objects.filter(user=owner, posting=posting).count() == 1
    assert services.bookmark_set(user=owner, posting=posting, saved=False) is False
    assert services.bookmark_set(user=owner, posting=posting, saved=False) is False
    assert not JobBookmark.objects.exists()


def test_bookmarks_are_per_user(owner, stranger):
    posting = JobPostingFactory()
    JobBookmarkFactory(user=stranger, posting=posting)
    services.bookmark_set(user=owner, posting=posting, saved=True)
    services.bookmark_toggle(user=owner, posting=posting)
    assert list(JobBookmark.objects.values_list("user", flat=True)) == [stranger.pk]


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_make_one_bookmark_and_no_error():
    user = UserFactory()
    posting = JobPostingFactory()
    barrier = threading.Barrier(4)
    errors = []

    def save():
        try:
            barrier.wait()
            services.bookmark_set(user=user, posting=posting, saved=True)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert JobBookmark.objects.filter(user=user, posting=posting).count() == 1


# --- Demo data and the generator ----------------------------------------------------------------------


def test_seed_demo_is_idempotent():
    first = services.postings_seed_demo(count=30, seed=5)
    second = services.postings_seed_demo(count=30, seed=5)
    assert (first.imported, first.rejected) == (30, 0)
    assert (second.imported, second.updated, second.rejected) == (0, 30, 0)
    assert JobPosting.objects.count() == 30


def test_generator_is_deterministic_and_positionless():
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    whole = list(postings_generator.postings_generate(20, seed=3, now=now))
    part = list(postings_generator.postings_generate(5, seed=3, start=10, now=now))
    assert part == whole[10:15]
    assert whole != list(postings_generator.postings_generate(20, seed=4, now=now))


def test_generated_postings_are_valid_and_realistic():
    now = timezone.now()
    rows = list(postings_generator.postings_generate(300, seed=9, now=now))
    assert len({row["source_url"] for row in rows}) == 300
    for row in rows:
        posting = JobPosting(**row)
        posting.full_clean(exclude=["source_url"])
        assert row["posted_at"] <= now
        if row["salary_min"] and row["salary_max"]:
            assert row["salary_max"] >= row["salary_min"]
        assert row["description"].count("\n\n") >= 2
    assert 0.2 < sum(row["is_remote"] for row in rows) / 300 < 0.4
    assert {row["job_type"] for row in rows} >= {"FULL_TIME", "CONTRACT"}


def test_search_terms_occur_in_generated_postings():
    rows = list(postings_generator.postings_generate(2000, seed=1))
    text = " ".join(f"{row['title']} {row['description']}".lower() for row in rows)
    missing = [term for term in postings_generator.search_terms() if term not in text]
    assert missing == []
