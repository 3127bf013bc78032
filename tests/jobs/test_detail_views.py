"""A job's own page: every field, history, status change, edit, inline notes, delete."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus, StatusChange
from jobs.services import tracking
from tests.jobs.factories import ApplicationFactory, DocumentFactory, InterviewFactory, JobPostingFactory, ResumeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LOGIN_URL = reverse("account_login")

FULL_DATA = {
    "title": "Staff engineer",
    "company": "Initech",
    "location": "Austin, TX",
    "url": "https://initech.example/jobs/7",
    "description": "Own the TPS platform.",
    "salary_min": 150000,
    "salary_max": 180000,
    "currency": "USD",
    "work_mode": "HYBRID",
    "job_type": "FULL_TIME",
    "date_posted": datetime.date(2030, 3, 1),
    "application_deadline": datetime.date(2030, 4, 15),
    "source": "Hacker News",
    "referral": "Peter G.",
    "contact_name": "Lumbergh",
    "contact_email": "bill@initech.example",
    "notes": "Ask about the stapler.",
}


def _url(name: str, job) -> str:
    return reverse(f"jobs:{name}", kwargs={"job_id": job.pk if hasattr(job, "pk") else job})


@pytest.fixture
def job(owner):
    return tracking.job_create(user=owner, data=dict(FULL_DATA), status=JobStatus.INTERESTED)


def _form_data(**changes) -> dict:
    data = {name: ("" if value is None else str(value)) for name, value in FULL_DATA.items()}
    data.update(changes)
    return data


# --- Access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["job_detail", "job_edit", "job_notes", "job_delete"])
def test_requires_login(client, job, name):
    response = client.get(_url(name, job))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize("name", ["job_detail", "job_edit", "job_notes", "job_delete"])
def test_someone_elses_job_is_404_on_get(stranger_client, job, name):
    assert stranger_client.get(_url(name, job)).status_code == 404


@pytest.mark.parametrize("name", ["job_edit", "job_notes", "job_delete", "job_move"])
def test_someone_elses_job_is_404_on_post(stranger_client, job, name):
    assert stranger_client.post(_url(name, job), {"status": "APPLIED", **_form_data(title="Hacked")}).status_code == 404
    job.refresh_from_db()
    assert job.title == "Staff engineer" and job.status == JobStatus.INTERESTED


def test_unknown_job_is_404(owner_client):
    assert owner_client.get(_url("job_detail", uuid.uuid4())).status_code == 404


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("post", "job_detail"),
        ("put", "job_edit"),
        ("delete", "job_notes"),
        ("patch", "job_delete"),
        ("delete", "job_detail"),
    ],
)
def test_wrong_method_is_405(owner_client, job, method, name):
    assert getattr(owner_client, method)(_url(name, job)).status_code == 405


# --- The page ------------------------------------------------------------------------------------------


def test_page_shows_every_field(owner_client, job):
    response = owner_client.get(_url("job_detail", job))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Staff engineer",
        "Initech",
        "Austin, TX",
        "https://initech.example/jobs/7",
        "Own the TPS platform.",
        "150,000 – 180,000 USD",
        "Hybrid",
        "Full-time",
        "1 Mar 2030",
        "15 Apr 2030",
        "Hacker News",
        "Peter G.",
        "Lumbergh",
        "mailto:bill@initech.example",
        "Ask about the stapler.",
        "Not yet",
    ]:
        assert text in html, text


def test_page_shows_the_status_history_as_a_list(owner_client, owner, job):
    tracking.job_move(job=job, to_status=JobStatus.APPLIED, reason="Sent the CV", by=owner)
    job.refresh_from_db()
    tracking.job_move(job=job, to_status=JobStatus.INTERVIEW_SCHEDULED, by=owner)
    html = owner_client.get(_url("job_detail", job)).content.decode()
    timeline = html[html.index('<ol class="timeline"') : html.index("</ol>", html.index('<ol class="timeline"'))]
    items = re.findall(r"<li>(.*?)</li>", timeline, flags=re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]
    assert len(texts) == 3
    assert texts[0].startswith("Added to Interested")
    assert texts[1].startswith("Interested → to Applied") and "“Sent the CV”" in texts[1]
    assert texts[2].startswith("Applied → to Interview scheduled")


def test_page_has_a_status_control_that_uses_the_move_url(owner_client, job):
    html = owner_client.get(_url("job_detail", job)).content.decode()
    form = html[html.index(f'action="{_url("job_move", job)}"') :]
    form = form[: form.index("</form>")]
    assert 'name="status"' in form and 'name="reason"' in form
    assert f'name="version" value="{job.version}"' in form
    assert f'name="next" value="{_url("job_detail", job)}"' in form


def test_status_change_from_the_page(owner_client, owner, job):
    response = owner_client.post(
        _url("job_move", job),
        {"status": "APPLIED", "version": job.version, "reason": "Applied online", "next": _url("job_detail", job)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("job_detail", job)
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED and job.applied_at
    assert StatusChange.objects.filter(job=job, to_status="APPLIED", reason="Applied online").exists()
    assert "Moved “Staff engineer” to Applied." in response.content.decode()


def test_page_includes_applications_interviews_and_documents(owner_client, owner, job, django_assert_max_num_queries):
    resume = ResumeFactory(user=owner)
    ApplicationFactory(job=job, resume=resume)
    InterviewFactory(job=job)
    InterviewFactory(job=job)
    DocumentFactory(job=job)
    DocumentFactory(job=job)
    Job.objects.filter(pk=job.pk).update(
        posting=JobPostingFactory(),
        match_score=81,
        ai_analysis={"summary": "Strong fit", "gaps": ["Go"], "raw": {"x": 1}},
    )
    owner_client.get(_url("job_detail", job))  # the first request of a session also records it (usersessions)
    with django_assert_max_num_queries(10):
        response = owner_client.get(_url("job_detail", job))
    assert response.status_code == 200
    templates = {t.name for t in response.templates}
    assert {
        "jobs/partials/_job_applications.html",
        "jobs/partials/_job_interviews.html",
        "jobs/partials/_job_documents.html",
    } <= templates
    html = response.content.decode()
    assert "81% match" in html and "Strong fit" in html and "<li>Go</li>" in html and "From the catalog" in html


def test_page_query_count_does_not_grow_with_history(owner_client, owner, job, django_assert_max_num_queries):
    for status in [JobStatus.APPLIED, JobStatus.INTERVIEW_SCHEDULED, JobStatus.INTERVIEW_COMPLETED] * 5:
        job = tracking.job_move(job=job, to_status=status, by=owner)
    owner_client.get(_url("job_detail", job))
    with django_assert_max_num_queries(10):
        owner_client.get(_url("job_detail", job))


# --- Edit ------------------------------------------------------------------------------------------------


def test_edit_page_shows_every_field_filled_in(owner_client, job):
    html = owner_client.get(_url("job_edit", job)).content.decode()
    for name in tracking.JOB_EDITABLE_FIELDS:
        assert f'name="{name}"' in html, name
    assert 'value="Staff engineer"' in html and 'value="2030-04-15"' in html and "Ask about the stapler." in html
    assert 'name="status"' not in html  # the column changes through moves only


def test_edit_saves_and_goes_to_the_page(owner_client, job):
    response = owner_client.post(
        _url("job_edit", job),
        _form_data(title="Principal engineer", salary_max="200000", work_mode="REMOTE", referral=""),
    )
    assert response.status_code == 302 and response["Location"] == _url("job_detail", job)
    job.refresh_from_db()
    assert (job.title, job.salary_max, job.work_mode, job.referral) == ("Principal engineer", 200000, "REMOTE", "")
    assert job.version == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"salary_min": "200000", "salary_max": "100000"}, "salary_max"),
        ({"title": ""}, "title"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"currency": "dollars"}, "currency"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"application_deadline": "someday"}, "application_deadline"),
        ({"salary_min": "-5"}, "salary_min"),
    ],
)
def test_edit_errors_are_on_the_field_and_nothing_is_saved(owner_client, job, changes, field):
    response = owner_client.post(_url("job_edit", job), _form_data(notes="changed", **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert not form.non_field_errors()
    assert "Nothing was saved" in response.content.decode()
    job.refresh_from_db()
    assert job.notes == "Ask about the stapler." and job.version == 1


# --- Notes -------------------------------------------------------------------------------------------------


def test_notes_editor_swaps_in_with_htmx(owner_client, job):
    html = owner_client.get(_url("job_notes", job), headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="notes"')
    assert "<textarea" in html and "Ask about the stapler." in html and "autofocus" in html
    assert "<html" not in html


def test_notes_cancel_swaps_the_notes_back(owner_client, job):
    html = owner_client.get(_url("job_notes", job) + "?view", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="notes"') and "<textarea" not in html
    assert "Ask about the stapler." in html


def test_notes_save_with_htmx(owner_client, job):
    response = owner_client.post(_url("job_notes", job), {"notes": "Second call on Friday"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="notes"') and "<html" not in html
    assert "Second call on Friday" in html and "Notes saved." in html
    job.refresh_from_db()
    assert job.notes == "Second call on Friday" and job.version == 2
    # The status form on the page gets the new version, so a status change right after is no conflict.
    assert 'id="job-status" class="card stack" aria-labelledby="status-title" hx-swap-oob="true"' in html
    assert 'name="version" value="2"' in html


def test_notes_without_javascript(owner_client, job):
    page = owner_client.get(_url("job_notes", job))
    assert page.status_code == 200 and "<html" in page.content.decode() and "<textarea" in page.content.decode()
    response = owner_client.post(_url("job_notes", job), {"notes": ""})
    assert response.status_code == 302 and response["Location"] == _url("job_detail", job) + "#notes"
    job.refresh_from_db()
    assert job.notes == ""


def test_notes_too_long_is_an_error_and_nothing_is_saved(owner_client, job):
    response = owner_client.post(_url("job_notes", job), {"notes": "x" * 20_001}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<textarea" in html and "at most 20000 characters" in html
    job.refresh_from_db()
    assert job.notes == "Ask about the stapler."


# --- Delete ------------------------------------------------------------------------------------------------


def test_delete_asks_first(owner_client, job):
    response = owner_client.get(_url("job_delete", job))
    assert response.status_code == 200
    assert "Delete “Staff engineer” at Initech?" in response.content.decode()
    assert Job.objects.filter(pk=job.pk).exists()


def test_delete_removes_the_job_and_renumbers_its_column(owner_client, owner, job):
    other = tracking.job_create(user=owner, data={"title": "Other", "company": "B"})
    response = owner_client.post(_url("job_delete", job))
    assert response.status_code == 302 and response["Location"] == reverse("jobs:board")
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not StatusChange.objects.filter(job_id=job.pk).exists()
    other.refresh_from_db()
    assert other.position == 0


def test_delete_with_htmx_navigates_to_the_board(owner_client, job):
    response = owner_client.post(_url("job_delete", job), headers=HTMX)
    assert response["HX-Redirect"] == reverse("jobs:board")
    assert not Job.objects.filter(pk=job.pk).exists()


def test_edit_errors_keep_the_saved_title_around_the_form(owner_client, job):
    response = owner_client.post(_url("job_edit", job), _form_data(title=""))
    assert "<title>Edit “Staff engineer”" in response.content.decode()
