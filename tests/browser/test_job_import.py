"""Importing a job in a real browser: the bookmarklet's ?url= link, reading the page
(htmx swaps the panel, no reload), checking the details, adding the job."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jobs.models import Job
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.loopback_http import LoopbackServer, html_handler

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).resolve().parent.parent / "jobs" / "fixtures" / "remote_telecommute.html"


def _log_in(page, user, next_url: str) -> None:
    page.goto(next_url)  # anonymous: sent to the login page, which comes back here
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_import_from_bookmarklet_link(page, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = True
    user = UserFactory(email="import.person@example.com")
    with LoopbackServer() as server:
        posting = server.route("/jobs/42", html_handler(FIXTURE.read_bytes()))

        # What the bookmarklet opens: the import page with the tab's address filled in.
        _log_in(page, user, f"/jobs/import/?url={posting}")
        page.wait_for_url(re.compile(r".*/jobs/import/\?url=.*"))
        assert page.input_value("input[name=url]") == posting
        assert server.requests == []  # nothing is fetched before the button

        page.evaluate("window.__sameDocument = true")
        page.get_by_role("button", name="Read the posting").click()
        panel = page.locator("#import-panel")
        panel.get_by_role("heading", name="Check the details").wait_for()
        assert page.evaluate("window.__sameDocument") is True  # swapped by htmx, not reloaded
        assert panel.locator("input[name=title]").input_value() == "Staff Frontend Engineer"
        assert panel.locator("select[name=work_mode]").input_value() == "REMOTE"
        assert not Job.objects.exists()

        panel.locator("input[name=notes], textarea[name=notes]").fill("Ask about the team size.")
        panel.get_by_role("button", name="Add job").click()
        page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]{36}/$"))

    job = Job.objects.get(user=user)
    assert (job.title, job.company, job.work_mode, job.salary_min) == (
        "Staff Frontend Engineer", "Tailspin Toys", "REMOTE", 185000,
    )
    assert job.notes == "Ask about the team size."
    assert job.url == posting


def test_refused_address_shows_the_error_in_place(page, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = False
    user = UserFactory(email="import.refused@example.com")
    _log_in(page, user, "/jobs/import/")
    page.wait_for_url("**/jobs/import/")
    page.fill("input[name=url]", "http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Read the posting").click()
    error = page.locator("#import-panel .errorlist")
    error.wait_for()
    assert "private network" in error.inner_text()
    assert page.input_value("input[name=url]") == "http://169.254.169.254/latest/meta-data/"
