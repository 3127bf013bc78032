"""The catalog sorted by match with the primary resume (issue: resume intelligence)."""

from __future__ import annotations

import pytest

from jobs.forms_catalog import catalog_query
from jobs.models import Resume
from jobs.selectors.catalog import CatalogFilters, posting_search
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobPostingFactory, ResumeFactory

pytestmark = pytest.mark.django_db

RESUME_TEXT = "Senior Python engineer. Skills: Python, Django, PostgreSQL, Celery, Redis, Docker, AWS."


def _postings():
    strong = JobPostingFactory(
        title="Senior Python Engineer", description="We need Python, Django, PostgreSQL and Celery experience.",
        requirements=["Python", "Django", "PostgreSQL"],
    )
    weak = JobPostingFactory(
        title="Senior Java Engineer", description="Java, Spring, Kotlin and Oracle. Some Python is a plus.",
        requirements=["Java", "Spring", "Kotlin"],
    )
    return strong, weak


def _primary_resume(user):
    return ResumeFactory(
        user=user, is_primary=True, status=Resume.Status.PARSED, raw_text=RESUME_TEXT,
        parsed_data={"skills": ["Python", "Django", "PostgreSQL", "Celery", "Redis", "Docker", "AWS"],
                     "experience": [{"title": "Senior Python Engineer", "company": "Acme"}]},
    )


def test_best_match_comes_first_with_its_score():
    user = UserFactory()
    _primary_resume(user)
    strong, weak = _postings()
    page = posting_search(user=user, filters=CatalogFilters(q="senior engineer", sort="match"))
    assert [p.pk for p in page.postings] == [strong.pk, weak.pk]
    assert page.postings[0].match_score > page.postings[1].match_score
    assert not page.match_unavailable


def test_without_a_primary_resume_the_page_says_so():
    user = UserFactory()
    _postings()
    page = posting_search(user=user, filters=CatalogFilters(sort="match"))
    assert page.match_unavailable
    assert all(p.match_score is None for p in page.postings)


def test_match_pages_walk_without_gaps():
    user = UserFactory()
    _primary_resume(user)
    for _ in range(7):
        _postings()
    filters = CatalogFilters(sort="match")
    seen, cursor = [], ""
    while True:
        page = posting_search(user=user, filters=filters, cursor=cursor, page_size=5)
        seen += [p.pk for p in page.postings]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 14


def test_catalog_page_sorts_by_match(client):
    user = UserFactory()
    _primary_resume(user)
    strong, weak = _postings()
    client.force_login(user)
    body = client.get("/jobs/catalog/?" + catalog_query(CatalogFilters(sort="match"))).content.decode()
    assert body.index(str(strong.pk)) < body.index(str(weak.pk))
    assert "% match" in body
