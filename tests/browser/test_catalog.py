"""The catalog in a real browser: filtering swaps the results without a reload and
puts the search in the address bar; the next page; save and track buttons."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from jobs.models import Job, JobBookmark
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.jobs.factories import JobPostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep screenshots of the pages (for reviewing the layout).
SCREENSHOTS = os.environ.get("CATALOG_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def seeker():
    user = UserFactory(email="catalog.person@example.com")
    now = timezone.now()
    for i in range(23):
        JobPostingFactory(
            title=f"Python developer {i:02}" if i % 2 else f"Office manager {i:02}",
            company=f"Company {i}", location="Berlin, Germany" if i % 3 else "Lisbon, Portugal",
            is_remote=i % 4 == 1, experience_level="SENIOR" if i % 2 else "MID", job_type="FULL_TIME",
            description="We build data tools with Python and PostgreSQL. " * 3 if i % 2 else "Keep the office running.",
            posted_at=now - datetime.timedelta(hours=i * 7),
        )
    return user


def _log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#catalog-results .posting-title").all_inner_texts()]


def test_search_filters_pages_save_and_track(page, seeker):
    _log_in(page, seeker)
    page.goto("/jobs/catalog/")
    assert len(_titles(page)) == 20
    _shot(page, "catalog")

    # Typing searches (htmx) and the address follows, without a page load.
    page.evaluate("window.__sameDocument = true")
    page.fill("#id_q", "python")
    page.wait_for_url("**/jobs/catalog/?q=python")
    assert all(title.startswith("Python developer") for title in _titles(page))
    assert page.locator("#catalog-results mark").count() > 0
    page.check("#id_remote")
    page.wait_for_url("**q=python&remote=on")
    assert _titles(page) == [f"Python developer {i:02}" for i in range(23) if i % 4 == 1]
    page.uncheck("#id_remote")
    page.wait_for_url("**/jobs/catalog/?q=python")
    assert page.evaluate("window.__sameDocument") is True
    _shot(page, "catalog-python")

    # An inverted salary range is explained, not searched.
    page.fill("#id_salary_min", "90000")
    page.fill("#id_salary_max", "50000")
    page.locator("#id_salary_max").blur()
    page.get_by_text("must be at least").wait_for()
    page.fill("#id_salary_max", "")
    page.fill("#id_salary_min", "")
    page.locator("#id_salary_min").blur()

    # Save the first result; the button swaps in place.
    first = page.locator("#catalog-results .posting-card").first
    first.locator(".posting-bookmark button").click()
    first.locator('.posting-bookmark button[aria-pressed="true"]').wait_for()
    assert JobBookmark.objects.filter(user=seeker).count() == 1

    # Track it: the button becomes a link to the job on the board.
    first.get_by_role("button", name="Track this job").click()
    first.get_by_text("Added to your board.").wait_for()
    job = Job.objects.get(user=seeker)
    assert first.locator(f'a[href="/jobs/{job.pk}/"]').count() >= 1
    assert page.evaluate("window.__sameDocument") is True

    # The saved view lists it.
    page.goto("/jobs/catalog/?saved=1")
    assert _titles(page) == [job.title]
    _shot(page, "catalog-saved")


def test_next_page_and_posting_page(page, seeker):
    _log_in(page, seeker)
    page.goto("/jobs/catalog/")
    first_page = _titles(page)
    page.get_by_role("link", name="Next page →").click()
    page.wait_for_url("**/jobs/catalog/?after=*")
    second_page = _titles(page)
    assert len(second_page) == 3
    assert not set(first_page) & set(second_page)
    page.locator("#catalog-results .posting-title a").first.click()
    page.wait_for_url("**/jobs/catalog/*-*/")
    assert page.locator("h1").inner_text() == second_page[0]
    _shot(page, "posting-detail")


def test_works_without_javascript(browser, live_server, seeker):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, seeker)
        page.goto("/jobs/catalog/")
        page.fill("#id_q", "python")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/jobs/catalog/?q=python*")
        assert all(title.startswith("Python developer") for title in _titles(page))
        page.locator("#catalog-results .posting-bookmark button").first.click()
        page.wait_for_url("**/jobs/catalog/?q=python*")
        assert JobBookmark.objects.filter(user=seeker).count() == 1
        assert "Saved “Python developer" in page.locator("#messages").inner_text()
    finally:
        context.close()
