"""The Kanban board: columns, filters, quick add, the full "Add job" page and moves."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus, StatusChange
from jobs.services import tracking
from tests.accounts.factories import UserFactory
from tests.jobs.factories import InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
BOARD_URL = reverse("jobs:board")
CREATE_URL = reverse("jobs:job_create")
LOGIN_URL = reverse("account_login")


def _job(user, title, status=JobStatus.INTERESTED, **data):
    return tracking.job_create(user=user, data={"title": title, "company": "Acme", **data}, status=status)


def _move_url(job, query: str = "") -> str:
    return reverse("jobs:job_move", kwargs={"job_id": job.pk}) + (f"?{query}" if query else "")


def _column(user, status) -> list[str]:
    return list(Job.objects.filter(user=user, status=status).order_by("position").values_list("title", flat=True))


def _card_titles(html: str) -> list[str]:
    return re.findall(r'id="job-[0-9a-f-]+-title">\s*<a [^>]*>([^<]+)</a>', html)


def _card_html(html: str, job) -> str:
    start = html.index(f'id="job-{job.pk}"')
    return html[start : html.index("</details>\n</li>", start)]


def _column_html(html: str, status: str) -> str:
    start = html.index(f'<section class="board-column" data-status="{status}"')
    return html[start : html.index("</section>", start)]


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [BOARD_URL, CREATE_URL, reverse("jobs:job_move", kwargs={"job_id": "00000000-0000-0000-0000-000000000000"})],
)
def test_requires_login(client, url):
    response = client.post(url) if url.endswith("/move/") else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_htmx_request_without_session_is_sent_to_the_login_page(client):
    response = client.get(BOARD_URL, headers=HTMX)
    assert response["HX-Redirect"].startswith(LOGIN_URL)


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", BOARD_URL), ("put", BOARD_URL), ("delete", CREATE_URL), ("patch", CREATE_URL)],
)
def test_wrong_method_is_405(owner_client, method, url):
    assert getattr(owner_client, method)(url).status_code == 405


def test_move_accepts_only_get_and_post(owner_client, owner):
    job = _job(owner, "A")
    assert owner_client.put(_move_url(job)).status_code == 405
    assert owner_client.delete(_move_url(job)).status_code == 405


def test_move_form_page_works_without_javascript(owner_client, owner):
    _job(owner, "First")
    job = _job(owner, "Second")
    response = owner_client.get(_move_url(job, "q=Sec"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body and "place 2 of 2" in body
    assert f'id="move-status-{job.pk}"' in body
    assert "hx-post" not in body  # plain forms that post and come back to the board
    assert "?q=Sec" in body


def test_move_form_fragment_for_the_card_menu(owner_client, owner):
    job = _job(owner, "Only")
    response = owner_client.get(_move_url(job), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert f'hx-post="{_move_url(job)}"' in body
    assert "Order in" not in body  # a single card cannot move up or down


def test_move_form_of_someone_elses_job_is_404(stranger_client, owner):
    job = _job(owner, "Mine")
    assert stranger_client.get(_move_url(job)).status_code == 404
    assert stranger_client.get(_move_url(job), headers=HTMX).status_code == 404


def test_long_columns_show_a_limited_number_of_cards(owner_client, owner, settings):
    settings.JOBS_BOARD_COLUMN_LIMIT = 3
    for n in range(5):
        _job(owner, f"Job {n}")
    body = owner_client.get(BOARD_URL).content.decode()
    assert body.count('data-job-id=') == 3
    assert "Show 2 more" in body
    expanded = owner_client.get(BOARD_URL + "?expand=INTERESTED").content.decode()
    assert expanded.count('data-job-id=') == 5
    assert "Show 2 more" not in expanded


# --- The board ---------------------------------------------------------------------------------


def test_board_shows_every_column_with_counts(owner_client, owner):
    _job(owner, "Backend engineer")
    _job(owner, "Data engineer")
    _job(owner, "SRE", JobStatus.APPLIED)
    response = owner_client.get(BOARD_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for status, label in JobStatus.choices:
        assert f'data-status="{status}"' in html and label in html
    assert re.search(r'board-count">2<span class="sr-only"> jobs', _column_html(html, "INTERESTED"))
    assert re.search(r'board-count">1<span class="sr-only"> job<', _column_html(html, "APPLIED"))
    assert re.search(r'board-count">0<span class="sr-only"> jobs', _column_html(html, "OFFER_RECEIVED"))
    assert _card_titles(_column_html(html, "INTERESTED")) == ["Backend engineer", "Data engineer"]
    assert "3 jobs on your board" in html


def test_board_shows_only_my_jobs(owner_client, owner, stranger):
    _job(owner, "Mine")
    _job(stranger, "Theirs")
    html = owner_client.get(BOARD_URL).content.decode()
    assert "Mine" in html and "Theirs" not in html


def test_card_shows_what_the_issue_asks_for(owner_client, owner):
    job = _job(
        owner,
        "Platform engineer",
        location="Lisbon",
        work_mode="HYBRID",
        salary_min=70000,
        salary_max=90000,
        currency="EUR",
        application_deadline=datetime.date(2031, 5, 17),
    )
    Job.objects.filter(pk=job.pk).update(match_score=87)
    when = timezone.now() + datetime.timedelta(days=2)
    InterviewFactory(job=job, scheduled_at=when)
    InterviewFactory(job=job, scheduled_at=when + datetime.timedelta(days=3))
    InterviewFactory(job=job, scheduled_at=timezone.now() - datetime.timedelta(days=1))  # past: not "next"
    html = owner_client.get(BOARD_URL).content.decode()
    card = _card_html(html, job)
    assert "Platform engineer" in card and "Acme" in card and "Lisbon" in card and "Hybrid" in card
    assert "70,000–90,000" in card and "EUR" in card
    assert "17 May 2031" in card
    assert f'Interview <time datetime="{timezone.localtime(when).isoformat()}">' in card
    assert timezone.localtime(when).strftime("%a %-d %b, %H:%M") in card
    assert "87%" in card
    assert reverse("jobs:job_detail", kwargs={"job_id": job.pk}) in card
    assert f'data-version="{job.version}"' in card


def test_board_is_one_query_whatever_the_number_of_jobs(client):
    """10 jobs and 60 jobs (with interviews) cost the same number of queries."""
    counts = []
    for size in (10, 60):
        user = UserFactory()
        for i in range(size):
            job = JobFactory(user=user, status=JobStatus.values[i % len(JobStatus.values)], position=i)
            if i % 3 == 0:
                InterviewFactory(job=job)
        client.force_login(user)
        client.get(BOARD_URL)  # warm up: session and user caches behave the same on both runs
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(BOARD_URL)
        assert response.status_code == 200
        assert len(_card_titles(response.content.decode())) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 10, counts


def test_large_board_stays_within_the_query_budget(owner_client, owner, django_assert_max_num_queries):
    Job.objects.bulk_create(
        [
            Job(user=owner, title=f"Job {i}", company="Acme", status=JobStatus.values[i % 8], position=i // 8)
            for i in range(1000)
        ]
    )
    everything = BOARD_URL + "?" + "&".join(f"expand={status}" for status in JobStatus.values)
    owner_client.get(everything)  # the first request of a session also records it (usersessions)
    with django_assert_max_num_queries(10):
        response = owner_client.get(everything)
    assert response.content.decode().count("data-job-id=") == 1000


def test_board_includes_the_bookmarklet(owner_client):
    html = owner_client.get(BOARD_URL).content.decode()
    assert 'aria-labelledby="bookmarklet-title"' in html


def test_empty_board_invites_to_add_a_job(owner_client):
    html = owner_client.get(BOARD_URL).content.decode()
    assert "Track your first job" in html


def test_htmx_board_request_returns_only_the_fragment(owner_client, owner):
    _job(owner, "A")
    response = owner_client.get(BOARD_URL, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert "<html" not in html and "board-filters" not in html
    assert 'hx-swap-oob="innerHTML"' in html


def test_history_restore_request_gets_the_whole_page(owner_client):
    response = owner_client.get(BOARD_URL, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


# --- Filters -------------------------------------------------------------------------------------


@pytest.fixture
def filtered_board(owner):
    remote = _job(owner, "Remote Python developer", location="Anywhere", work_mode="REMOTE", job_type="FULL_TIME")
    onsite = _job(owner, "Warehouse analyst", location="Berlin", work_mode="ONSITE", job_type="CONTRACT")
    hybrid = _job(owner, "Data lead", location="Paris", work_mode="HYBRID", job_type="FULL_TIME")
    Job.objects.filter(pk=hybrid.pk).update(company="Pythonistas GmbH")
    InterviewFactory(job=onsite)
    InterviewFactory(job=hybrid, scheduled_at=timezone.now() - datetime.timedelta(days=2))  # past
    return {"remote": remote, "onsite": onsite, "hybrid": hybrid}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "python"}, {"Remote Python developer", "Data lead"}),  # title or company
        ({"q": "berlin"}, {"Warehouse analyst"}),  # location
        ({"work_mode": "REMOTE"}, {"Remote Python developer"}),
        ({"job_type": "FULL_TIME"}, {"Remote Python developer", "Data lead"}),
        ({"interview": "on"}, {"Warehouse analyst"}),
        ({"q": "python", "job_type": "FULL_TIME", "work_mode": "HYBRID"}, {"Data lead"}),
        ({}, {"Remote Python developer", "Warehouse analyst", "Data lead"}),
    ],
)
def test_filters(owner_client, filtered_board, query, expected):
    response = owner_client.get(BOARD_URL, query)
    assert set(_card_titles(response.content.decode())) == expected


def test_filters_work_as_htmx_fragment(owner_client, filtered_board):
    html = owner_client.get(BOARD_URL, {"q": "warehouse"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert _card_titles(html) == ["Warehouse analyst"]
    assert "1 job matches your filters" in html


def test_unknown_filter_values_are_ignored(owner_client, filtered_board):
    response = owner_client.get(BOARD_URL, {"work_mode": "MOON", "job_type": "<script>"})
    assert response.status_code == 200
    assert len(_card_titles(response.content.decode())) == 3


def test_filtered_board_keeps_its_filters_in_move_urls(owner_client, filtered_board):
    html = owner_client.get(BOARD_URL, {"q": "warehouse"}).content.decode()
    assert _move_url(filtered_board["onsite"], "q=warehouse") in html


# --- Quick add and the full "Add job" page ----------------------------------------------------------


def test_quick_add_with_htmx_returns_the_board_with_the_new_card(owner_client, owner):
    response = owner_client.post(
        CREATE_URL,
        {"form": "quick", "status": "APPLIED", "title": "Staff engineer", "company": "Initech"},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="board"')
    job = Job.objects.get(user=owner)
    assert (job.title, job.company, job.status) == ("Staff engineer", "Initech", JobStatus.APPLIED)
    assert job.applied_at is not None
    assert _card_titles(_column_html(html, "APPLIED")) == ["Staff engineer"]
    assert "Added “Staff engineer” to Applied." in html
    assert re.search(rf'<li class="job-card is-moved" id="job-{job.pk}"[^>]*autofocus>', html)


def test_quick_add_without_javascript_redirects_to_the_board(owner_client, owner):
    response = owner_client.post(CREATE_URL, {"form": "quick", "status": "INTERESTED", "title": "A", "company": "B"})
    job = Job.objects.get(user=owner)
    assert response.status_code == 302
    assert response["Location"] == f"{BOARD_URL}#job-{job.pk}"
    assert StatusChange.objects.get(job=job).to_status == JobStatus.INTERESTED


def test_quick_add_errors_come_back_in_the_column(owner_client, owner):
    response = owner_client.post(
        CREATE_URL, {"form": "quick", "status": "APPLIED", "title": "", "company": ""}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Job.objects.exists()
    column = _column_html(html, "APPLIED")
    assert '<details class="quick-add" open>' in column
    assert "This field is required." in column
    assert "The job was not added" in html


def test_quick_add_errors_without_javascript_show_the_full_form(owner_client):
    response = owner_client.post(CREATE_URL, {"form": "quick", "status": "APPLIED", "title": "Only a title"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert 'value="Only a title"' in response.content.decode()
    assert not Job.objects.exists()


def test_add_job_page_shows_every_field(owner_client):
    response = owner_client.get(CREATE_URL, {"status": "APPLIED"})
    html = response.content.decode()
    assert response.status_code == 200
    for name in tracking.JOB_EDITABLE_FIELDS:
        assert f'name="{name}"' in html, name
    assert '<option value="APPLIED" selected>' in html


def test_add_job_page_creates_a_job_with_every_field(owner_client, owner):
    data = {
        "title": "Principal engineer",
        "company": "Globex",
        "status": "INTERVIEW_SCHEDULED",
        "location": "Remote (EU)",
        "url": "careers.globex.example/42",
        "description": "Build the thing.",
        "salary_min": "120000",
        "salary_max": "150000",
        "currency": "eur",
        "work_mode": "REMOTE",
        "job_type": "FULL_TIME",
        "date_posted": "2030-01-02",
        "application_deadline": "2030-02-01",
        "source": "LinkedIn",
        "referral": "Ana",
        "contact_name": "Bo Recruiter",
        "contact_email": "bo@globex.example",
        "notes": "Call Bo",
    }
    response = owner_client.post(CREATE_URL, data)
    job = Job.objects.get(user=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job_detail", kwargs={"job_id": job.pk})
    assert job.status == JobStatus.INTERVIEW_SCHEDULED
    assert job.url == "https://careers.globex.example/42"
    assert (job.salary_min, job.salary_max, job.currency) == (120000, 150000, "EUR")
    assert str(job.application_deadline) == "2030-02-01" and job.contact_email == "bo@globex.example"


def test_add_job_rejects_inverted_salary_on_the_field(owner_client):
    response = owner_client.post(
        CREATE_URL, {"title": "X", "company": "Y", "status": "INTERESTED", "salary_min": "90000", "salary_max": "50000"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "salary_max" in form.errors and not form.non_field_errors()
    assert not Job.objects.exists()


def test_add_job_rejects_unknown_status(owner_client):
    response = owner_client.post(CREATE_URL, {"title": "X", "company": "Y", "status": "HIRED"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not Job.objects.exists()


def test_new_jobs_go_to_the_bottom_of_their_column(owner_client, owner):
    _job(owner, "First")
    owner_client.post(CREATE_URL, {"form": "quick", "status": "INTERESTED", "title": "Second", "company": "B"})
    assert _column(owner, JobStatus.INTERESTED) == ["First", "Second"]


# --- Moves -----------------------------------------------------------------------------------------


def test_move_between_columns_writes_history_and_applied_at(owner_client, owner):
    job = _job(owner, "A")
    response = owner_client.post(
        _move_url(job), {"status": "APPLIED", "position": "0", "version": job.version}, headers=HTMX
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED and job.applied_at is not None and job.version == 2
    change = StatusChange.objects.filter(job=job).latest("created_at")
    assert (change.from_status, change.to_status, change.changed_by) == ("INTERESTED", "APPLIED", owner)


def test_move_answers_htmx_with_the_fresh_board_and_counts(owner_client, owner):
    a = _job(owner, "A")
    _job(owner, "B")
    html = owner_client.post(_move_url(a), {"status": "APPLIED", "version": a.version}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="board"')
    assert "<html" not in html
    assert _card_titles(_column_html(html, "APPLIED")) == ["A"]
    assert re.search(r'board-count">1<', _column_html(html, "INTERESTED"))
    assert 'data-version="2"' in html
    # The result goes to the page's live region, and the moved card gets the focus.
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html
    assert "Moved “A” to Applied." in html
    assert re.search(rf'<li class="job-card is-moved" id="job-{a.pk}"[^>]*autofocus>', html)


def test_move_within_a_column_reorders(owner_client, owner):
    _job(owner, "A")
    _job(owner, "B")
    c = _job(owner, "C")
    owner_client.post(_move_url(c), {"status": "INTERESTED", "position": "0", "version": c.version}, headers=HTMX)
    assert _column(owner, JobStatus.INTERESTED) == ["C", "A", "B"]
    assert StatusChange.objects.filter(job=c).count() == 1  # only "Added"


def test_keyboard_form_moves_to_top_or_bottom(owner_client, owner):
    _job(owner, "X", JobStatus.APPLIED)
    _job(owner, "Y", JobStatus.APPLIED)
    a = _job(owner, "A")
    b = _job(owner, "B")
    owner_client.post(_move_url(a), {"status": "APPLIED", "placement": "top", "version": a.version})
    owner_client.post(_move_url(b), {"status": "APPLIED", "placement": "bottom", "version": b.version})
    assert _column(owner, JobStatus.APPLIED) == ["A", "X", "Y", "B"]


def test_up_and_down_buttons_move_one_place(owner_client, owner):
    a, _, c = _job(owner, "A"), _job(owner, "B"), _job(owner, "C")
    owner_client.post(_move_url(c), {"status": "INTERESTED", "placement": "up", "version": c.version})
    assert _column(owner, JobStatus.INTERESTED) == ["A", "C", "B"]
    a.refresh_from_db()
    owner_client.post(_move_url(a), {"status": "INTERESTED", "placement": "down", "version": a.version})
    assert _column(owner, JobStatus.INTERESTED) == ["C", "A", "B"]
    a.refresh_from_db()
    owner_client.post(_move_url(a), {"status": "INTERESTED", "placement": "up", "version": a.version})
    a.refresh_from_db()
    owner_client.post(_move_url(a), {"status": "INTERESTED", "placement": "up", "version": a.version})
    assert _column(owner, JobStatus.INTERESTED) == ["A", "C", "B"]


def test_up_and_down_use_the_real_order_even_with_gaps_in_positions(owner_client, owner):
    a = JobFactory(user=owner, title="A", position=10)
    b = JobFactory(user=owner, title="B", position=20)
    JobFactory(user=owner, title="C", position=30)
    owner_client.post(_move_url(b), {"status": "INTERESTED", "placement": "up", "version": b.version})
    assert _column(owner, JobStatus.INTERESTED) == ["B", "A", "C"]
    a.refresh_from_db()
    assert a.position == 1


def test_move_without_javascript_redirects_back_to_the_card(owner_client, owner):
    job = _job(owner, "A")
    response = owner_client.post(_move_url(job, "q=A"), {"status": "ACCEPTED", "version": job.version})
    assert response.status_code == 302
    assert response["Location"] == f"{BOARD_URL}?q=A#job-{job.pk}"
    page = owner_client.get(response["Location"]).content.decode()
    assert "Moved “A” to Accepted." in page


def test_move_from_the_job_page_goes_back_there_with_a_reason(owner_client, owner):
    job = _job(owner, "A")
    detail = reverse("jobs:job_detail", kwargs={"job_id": job.pk})
    response = owner_client.post(
        _move_url(job), {"status": "WITHDRAWN", "version": job.version, "reason": "Took another offer", "next": detail}
    )
    assert response["Location"] == detail
    assert StatusChange.objects.filter(job=job).latest("created_at").reason == "Took another offer"


def test_move_never_redirects_off_site(owner_client, owner):
    job = _job(owner, "A")
    response = owner_client.post(_move_url(job), {"status": "APPLIED", "next": "https://evil.example/"})
    assert response["Location"].startswith(BOARD_URL)


def test_stale_version_is_a_conflict_and_changes_nothing(owner_client, owner):
    job = _job(owner, "A")
    tracking.job_move(job=job, to_status=JobStatus.APPLIED)  # another tab moved it: version 2
    response = owner_client.post(_move_url(job), {"status": "REJECTED", "position": "0", "version": "1"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "was changed in another tab or device" in html
    assert 'role="alert"' in html
    job.refresh_from_db()
    assert (job.status, job.version) == (JobStatus.APPLIED, 2)
    assert not StatusChange.objects.filter(job=job, to_status=JobStatus.REJECTED).exists()
    # The fresh board shows where the card really is.
    assert _card_titles(_column_html(html, "APPLIED")) == ["A"]


def test_stale_version_without_javascript_shows_the_message_on_the_board(owner_client, owner):
    job = _job(owner, "A")
    tracking.job_move(job=job, to_status=JobStatus.APPLIED)
    response = owner_client.post(_move_url(job), {"status": "REJECTED", "version": "1"}, follow=True)
    assert "was changed in another tab or device" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED


@pytest.mark.parametrize(
    "data",
    [
        {"status": "HIRED", "version": "1"},
        {"status": "APPLIED", "position": "-1", "version": "1"},
        {"status": "APPLIED", "position": "soon", "version": "1"},
        {"status": "APPLIED", "placement": "sideways"},
        {},
    ],
)
def test_invalid_move_is_a_message_and_the_fresh_board(owner_client, owner, data):
    job = _job(owner, "A")
    response = owner_client.post(_move_url(job), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "That move could not be made" in html
    assert html.lstrip().startswith('<div id="board"')
    job.refresh_from_db()
    assert (job.status, job.version) == (JobStatus.INTERESTED, 1)


def test_service_validation_error_is_a_message(owner_client, owner, monkeypatch):
    """The service's own checks (e.g. a status added to the form but not the service) end as a message too."""
    from django.core.exceptions import ValidationError

    job = _job(owner, "A")

    def refuse(**kwargs):
        raise ValidationError({"status": "Unknown status “X”."})

    monkeypatch.setattr(tracking, "job_move", refuse)
    html = owner_client.post(_move_url(job), {"status": "APPLIED"}, headers=HTMX).content.decode()
    assert "That move could not be made: Unknown status “X”." in html


def test_cannot_move_someone_elses_job(stranger_client, owner):
    job = _job(owner, "A")
    response = stranger_client.post(_move_url(job), {"status": "APPLIED", "version": job.version})
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


def test_unknown_job_is_404(owner_client):
    url = reverse("jobs:job_move", kwargs={"job_id": "00000000-0000-0000-0000-000000000000"})
    assert owner_client.post(url, {"status": "APPLIED"}).status_code == 404


def test_filtered_move_answers_with_the_filtered_board(owner_client, owner):
    a = _job(owner, "Alpha")
    _job(owner, "Beta")
    html = owner_client.post(
        _move_url(a, "q=alpha"), {"status": "APPLIED", "version": a.version}, headers=HTMX
    ).content.decode()
    assert _card_titles(html) == ["Alpha"]
    assert "1 job matches your filters" in html


def test_move_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    jobs = [_job(owner, f"J{i}") for i in range(30)]
    owner_client.get(BOARD_URL)
    with django_assert_max_num_queries(20):
        owner_client.post(_move_url(jobs[5]), {"status": "APPLIED", "position": "0", "version": "1"}, headers=HTMX)
