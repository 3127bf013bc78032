"""The review flow in a real browser: a job seeker asks, a mentor claims, comments with
htmx, completes; the job seeker reads the feedback and rates it without a reload."""

from __future__ import annotations

import os

import pytest

from coaching.models import ReviewComment, ReviewRequest
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.coaching.factories import verified_mentor
from tests.jobs.factories import ResumeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CAREERCOACH_SCREENSHOTS")  # a folder, to look at the pages


def _shot(tab, name: str) -> None:
    if SCREENSHOTS:
        tab.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def _log_in(tab, user) -> None:
    tab.context.clear_cookies()
    tab.goto("/accounts/login/")
    tab.fill("input[name=login]", user.email)
    tab.fill("input[name=password]", DEFAULT_PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url("**/dashboard/")


def test_review_flow(page):
    seeker = UserFactory(email="jo.seeker@example.com", first_name="Jo")
    resume = ResumeFactory(
        user=seeker, title="Analyst CV", raw_text="JO SEEKER\nExperience\nAnalyst at Acme, 2020–2024"
    )
    mentor = verified_mentor(email="mia.mentor@example.com", first_name="Mia")

    # The job seeker asks from the resume list.
    _log_in(page, seeker)
    page.goto("/jobs/resumes/")
    page.get_by_role("link", name="Ask a mentor to review Analyst CV").click()
    page.fill("input[name=target_role]", "Data analyst")
    page.fill("textarea[name=note]", "Is my experience section clear?")
    _shot(page, "1-request-form")
    page.get_by_role("button", name="Send to the mentors' queue").click()
    page.wait_for_url("**/coach/reviews/*/")
    assert "waiting in the mentors" in page.locator("main").inner_text()
    review = ReviewRequest.objects.get()
    assert review.resume == resume and review.target_role == "Data analyst"

    # The mentor claims it from the queue and reviews it.
    _log_in(page, mentor)
    page.goto("/coach/mentor/queue/")
    _shot(page, "2-queue")
    assert "jo.seeker@example.com" not in page.content()
    page.get_by_role("button", name="Claim the review of Analyst CV").click()
    page.wait_for_url(f"**/coach/mentor/reviews/{review.pk}/")
    assert "Analyst at Acme" in page.locator(".review-text").inner_text()

    page.evaluate("window.__sameDocument = true")
    page.select_option("select[name=section]", "EXPERIENCE")
    page.fill("textarea[name=text]", "Add a result to each bullet.")
    page.get_by_role("button", name="Add comment").click()
    page.locator("#review-comments", has_text="Add a result to each bullet.").wait_for()
    page.select_option("select[name=section]", "OTHER")
    page.fill("textarea[name=text]", "Typo somewhere.")
    page.get_by_role("button", name="Add comment").click()
    page.locator("#review-comments", has_text="Typo somewhere.").wait_for()
    page.get_by_role("button", name="Remove the comment on Other").click()
    page.locator("#review-comments", has_text="Typo somewhere.").wait_for(state="detached")
    assert page.evaluate("window.__sameDocument === true")
    assert list(ReviewComment.objects.values_list("text", flat=True)) == ["Add a result to each bullet."]

    page.fill("textarea[name=overall_feedback]", "Clear structure. Quantify your impact.")
    page.get_by_role("button", name="Save draft").click()
    page.locator("#review-feedback", has_text="Draft saved.").wait_for()
    _shot(page, "3-workspace")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Complete the review").click()
    page.locator("#messages", has_text="Review sent").wait_for()
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.COMPLETED

    # The job seeker reads it next to the resume and rates it.
    _log_in(page, seeker)
    page.goto(f"/coach/reviews/{review.pk}/")
    main = page.locator("main").inner_text()
    assert "Quantify your impact." in main and "Add a result to each bullet." in main and "JO SEEKER" in main
    page.evaluate("window.__sameDocument = true")
    page.locator("label", has_text="4 stars").click()
    page.get_by_role("button", name="Send rating").click()
    page.locator("#review-rating", has_text="Thank you").wait_for()
    assert page.evaluate("window.__sameDocument === true")
    _shot(page, "4-feedback")
    review.refresh_from_db()
    assert review.rating == 4

    _log_in(page, mentor)
    page.goto("/coach/")
    _shot(page, "5-dashboard")
    assert "4 out of 5" in page.locator("main").inner_text()
