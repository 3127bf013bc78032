"""The job board in a real browser: drag and drop between and within columns, and the
keyboard path through a card's "Move" form."""

from __future__ import annotations

import pytest

from jobs.models import Job, JobStatus, StatusChange
from jobs.services import tracking
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def _column(page, status: str):
    return page.locator(f'#board .board-column[data-status="{status}"]')


def _titles(page, status: str) -> list[str]:
    return _column(page, status).locator(".job-card-title").all_inner_texts()


@pytest.fixture
def board_user():
    user = UserFactory(email="board.person@example.com")
    for title in ("Backend engineer", "Data engineer", "Platform engineer"):
        tracking.job_create(user=user, data={"title": title, "company": "Acme"})
    tracking.job_create(user=user, data={"title": "SRE", "company": "Globex"}, status=JobStatus.APPLIED)
    return user


def test_drag_a_card_to_another_column(page, board_user):
    job = Job.objects.get(title="Data engineer")
    _log_in(page, board_user)
    page.goto("/jobs/")
    page.evaluate("window.__sameDocument = true")

    card = page.locator(f"#job-{job.pk}")
    # Drop it above "SRE", the only card in Applied.
    card.drag_to(_column(page, "APPLIED").locator(".job-card").first, target_position={"x": 40, "y": 4})
    _column(page, "APPLIED").locator(f'#job-{job.pk}[data-version="2"]').wait_for()

    assert page.evaluate("window.__sameDocument === true"), "the drop reloaded the page"
    assert _titles(page, "APPLIED") == ["Data engineer", "SRE"]
    assert _column(page, "APPLIED").locator(".board-count").inner_text().startswith("2")
    assert _column(page, "INTERESTED").locator(".board-count").inner_text().startswith("2")
    assert "Moved “Data engineer” to Applied." in page.locator("#messages").inner_text()

    page.reload()
    assert _titles(page, "APPLIED") == ["Data engineer", "SRE"]
    assert _titles(page, "INTERESTED") == ["Backend engineer", "Platform engineer"]
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED and job.applied_at is not None and job.position == 0
    assert StatusChange.objects.filter(job=job, from_status="INTERESTED", to_status="APPLIED").exists()


def test_drag_to_an_empty_column_and_within_a_column(page, board_user):
    page.set_viewport_size({"width": 1600, "height": 900})  # Applied and Offer received side by side
    _log_in(page, board_user)
    page.goto("/jobs/")

    sre = Job.objects.get(title="SRE")
    page.locator(f"#job-{sre.pk}").drag_to(_column(page, "OFFER_RECEIVED").locator(".board-cards"))
    _column(page, "OFFER_RECEIVED").locator(f'#job-{sre.pk}[data-version="2"]').wait_for()
    assert _titles(page, "APPLIED") == []

    # Reorder: the last card of Interested goes above the first.
    last = Job.objects.get(title="Platform engineer")
    first = page.locator("#board .board-column[data-status=INTERESTED] .job-card").first
    page.locator(f"#job-{last.pk}").drag_to(first, target_position={"x": 40, "y": 4})
    _column(page, "INTERESTED").locator(f'#job-{last.pk}[data-version="2"]').wait_for()
    assert _titles(page, "INTERESTED") == ["Platform engineer", "Backend engineer", "Data engineer"]
    assert list(
        Job.objects.filter(user=board_user, status=JobStatus.INTERESTED)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Platform engineer", "Backend engineer", "Data engineer"]
    assert StatusChange.objects.filter(job=last).count() == 1  # a reorder is not a status change


def test_stale_board_gets_a_conflict_message_not_an_overwrite(page, board_user):
    job = Job.objects.get(title="Backend engineer")
    _log_in(page, board_user)
    page.goto("/jobs/")
    tracking.job_move(job=job, to_status=JobStatus.REJECTED)  # "another tab"

    page.locator(f"#job-{job.pk}").drag_to(_column(page, "APPLIED").locator(".board-cards"))
    page.locator("#messages .alert-error").wait_for()
    assert "changed in another tab" in page.locator("#messages").inner_text()
    # The fresh board shows where the card really is.
    _column(page, "REJECTED").locator(f"#job-{job.pk}").wait_for()
    job.refresh_from_db()
    assert job.status == JobStatus.REJECTED


def test_move_with_the_keyboard(page, board_user):
    job = Job.objects.get(title="Backend engineer")
    _log_in(page, board_user)
    page.goto("/jobs/")

    summary = page.locator(f"#job-{job.pk} .job-card-move summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the "Move" disclosure, which loads its form
    column_select = page.locator(f"#move-status-{job.pk}")
    column_select.wait_for()
    page.keyboard.press("Tab")  # the column select
    assert page.evaluate("document.activeElement.id") == f"move-status-{job.pk}"
    page.keyboard.type("Offer")  # type-ahead picks "Offer received"
    assert column_select.input_value() == "OFFER_RECEIVED"
    page.keyboard.press("Tab")  # "Place it"
    page.keyboard.press("Tab")  # the Move button
    page.keyboard.press("Enter")

    _column(page, "OFFER_RECEIVED").locator(f'#job-{job.pk}[data-version="2"]').wait_for()
    # The result is announced by the live region and the moved card has the focus.
    assert "Moved “Backend engineer” to Offer received." in page.locator("#messages").inner_text()
    assert page.locator("#messages").get_attribute("aria-live") == "polite"
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'job-{job.pk}'")
    job.refresh_from_db()
    assert job.status == JobStatus.OFFER_RECEIVED
    assert StatusChange.objects.filter(job=job, to_status="OFFER_RECEIVED").exists()


def test_filters_update_the_board_without_a_reload(page, board_user):
    _log_in(page, board_user)
    page.goto("/jobs/")
    page.evaluate("window.__sameDocument = true")
    page.fill("input[name=q]", "globex")
    page.locator("#board-summary", has_text="1 job matches").wait_for()
    assert page.locator("#board .job-card").count() == 1
    assert "q=globex" in page.url
    assert page.evaluate("window.__sameDocument === true")


def test_quick_add_and_select_filters(page, board_user):
    _log_in(page, board_user)
    page.goto("/jobs/")
    page.evaluate("window.__sameDocument = true")

    column = _column(page, "INTERVIEW_SCHEDULED")
    column.locator(".quick-add summary").click()
    column.locator("input[name=title]").fill("Head of Data")
    column.locator("input[name=company]").fill("Umbrella")
    column.locator(".quick-add-form button[type=submit]").click()
    _column(page, "INTERVIEW_SCHEDULED").locator(".job-card", has_text="Head of Data").wait_for()
    assert Job.objects.get(title="Head of Data").status == JobStatus.INTERVIEW_SCHEDULED

    job = Job.objects.get(title="Head of Data")
    Job.objects.filter(pk=job.pk).update(work_mode="REMOTE")
    page.select_option("#id_work_mode", "REMOTE")
    page.locator("#board-summary", has_text="1 job matches").wait_for()
    assert _titles(page, "INTERVIEW_SCHEDULED") == ["Head of Data"]
    assert "work_mode=REMOTE" in page.url
    assert page.evaluate("window.__sameDocument === true")


def test_drag_on_a_filtered_board_lands_next_to_the_visible_neighbour(page, board_user):
    """With filters on, hidden cards sit between the visible ones: a card dropped below
    the last visible card must land after it, not before it."""
    hidden = tracking.job_create(user=board_user, data={"title": "Hiring manager", "company": "Acme"})
    tracking.job_move(job=hidden, to_status=JobStatus.INTERESTED, position=1)
    # Interested is now: Backend engineer, Hiring manager, Data engineer, Platform engineer.
    backend = Job.objects.get(title="Backend engineer")
    # Tall enough that Playwright need not scroll between pressing the mouse and moving it
    # (a scroll there makes Chromium start the drag from whatever is then under the pointer).
    page.set_viewport_size({"width": 1280, "height": 1400})
    _log_in(page, board_user)
    page.goto("/jobs/?q=engineer")
    assert _titles(page, "INTERESTED") == ["Backend engineer", "Data engineer", "Platform engineer"]

    last = _column(page, "INTERESTED").locator(".job-card").last
    box = last.bounding_box()
    page.locator(f"#job-{backend.pk}").drag_to(last, target_position={"x": 40, "y": box["height"] - 4})
    _column(page, "INTERESTED").locator(f'#job-{backend.pk}[data-version="2"]').wait_for()

    assert _titles(page, "INTERESTED") == ["Data engineer", "Platform engineer", "Backend engineer"]
    assert list(
        Job.objects.filter(user=board_user, status=JobStatus.INTERESTED)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Hiring manager", "Data engineer", "Platform engineer", "Backend engineer"]
