"""The "import a job" pages: read a link or pasted text, check, then add to the board."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs.models import Job, StatusChange
from tests.jobs.factories import JobFactory
from tests.loopback_http import LoopbackServer, html_handler, slow_handler

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
HTMX = {"HTTP_HX_REQUEST": "true"}
IMPORT_URL = reverse("jobs:job_import")
CONFIRM_URL = reverse("jobs:job_import_confirm")
LOGIN_URL = reverse("account_login")


@pytest.fixture(autouse=True)
def _settings(settings):
    # The test server is on 127.0.0.1: allowed here, refused in the tests that say so.
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = True
    settings.JOBS_URL_IMPORT_TIMEOUT = 5.0
    settings.JOBS_URL_IMPORT_MAX_BYTES = 3 * 1024 * 1024
    settings.JOBS_URL_IMPORT_MAX_REDIRECTS = 5


@pytest.fixture
def server():
    with LoopbackServer() as s:
        for path in FIXTURES.glob("*.html"):
            s.route(f"/fixtures/{path.name}", html_handler(path.read_bytes()))
        yield s


def page_url(server, name: str) -> str:
    return server.url(f"/fixtures/{name}.html")


def input_value(content: str, name: str) -> str | None:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', content)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


def selected(content: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', content, re.S)
    option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1)) if select else None
    return option.group(1) if option else None


def textarea(content: str, name: str) -> str | None:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', content, re.S)
    return html.unescape(match.group(1)).strip() if match else None


CONFIRM_DATA = {
    "title": "Staff Frontend Engineer",
    "company": "Tailspin Toys",
    "status": "INTERESTED",
    "location": "USA",
    "url": "https://jobs.tailspin.example/42",
    "work_mode": "REMOTE",
    "job_type": "FULL_TIME",
    "description": "Lead our React platform.",
    "salary_min": "185000",
    "salary_max": "185000",
    "currency": "USD",
    "date_posted": "2024-05-20",
    "application_deadline": "",
    "source": "jobs.tailspin.example",
    "referral": "",
    "contact_name": "",
    "contact_email": "",
    "notes": "",
}


# --- Access -----------------------------------------------------------------------------


def test_import_requires_login(client):
    response = client.get(IMPORT_URL, {"url": "https://example.com/job"})
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert "next=" in response.url


def test_confirm_requires_login(client):
    response = client.post(CONFIRM_URL, CONFIRM_DATA)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert not Job.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_import_wrong_method(owner_client, method):
    assert getattr(owner_client, method)(IMPORT_URL).status_code == 405


def test_confirm_is_post_only(owner_client):
    assert owner_client.get(CONFIRM_URL).status_code == 405


# --- Step 1: the form -------------------------------------------------------------------


def test_import_page(owner_client):
    response = owner_client.get(IMPORT_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="url"' in content and 'name="text"' in content
    assert "Drag this button to your bookmarks bar" in content


def test_url_in_query_prefills_and_fetches_nothing(owner_client, server):
    url = page_url(server, "plain_jobposting")
    response = owner_client.get(IMPORT_URL, {"url": url})
    assert response.status_code == 200
    assert input_value(response.content.decode(), "url") == url
    assert server.requests == []


def test_bookmarklet_points_at_this_site(owner_client):
    content = owner_client.get(IMPORT_URL).content.decode()
    href = html.unescape(re.search(r'href="(javascript:[^"]+)"', content).group(1))
    assert href == (
        "javascript:location.href='http://testserver/jobs/import/?url='+encodeURIComponent(location.href)"
    )


# --- Step 1: reading the posting --------------------------------------------------------


def test_reads_a_link_and_shows_the_filled_in_form(owner_client, server):
    url = page_url(server, "remote_telecommute")
    response = owner_client.post(IMPORT_URL, {"url": url, "text": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Check the details" in content
    assert input_value(content, "title") == "Staff Frontend Engineer"
    assert input_value(content, "company") == "Tailspin Toys"
    assert input_value(content, "location") == "USA"
    assert input_value(content, "url") == url
    assert input_value(content, "salary_min") == "185000"
    assert input_value(content, "currency") == "USD"
    assert input_value(content, "date_posted") == "2024-05-20"
    assert input_value(content, "source") == "127.0.0.1"
    assert selected(content, "work_mode") == "REMOTE"
    assert selected(content, "job_type") == "FULL_TIME"
    assert textarea(content, "description").startswith("About the role")
    assert f'action="{CONFIRM_URL}"' in content
    assert not Job.objects.exists()


def test_says_what_it_could_not_find(owner_client, server):
    response = owner_client.post(IMPORT_URL, {"url": page_url(server, "title_only")})
    content = html.unescape(response.content.decode())
    assert input_value(content, "title") == "Data Analyst"
    assert "We couldn’t find the company, the location, the salary, the job type, the date it was posted" in content
    # The keyboard focus lands on the first required field left empty.
    assert re.search(r'<input[^>]*name="company"[^>]*autofocus', content)
    assert not re.search(r'<input[^>]*name="title"[^>]*autofocus', content)


def test_htmx_answers_with_the_fragment(owner_client, server):
    response = owner_client.post(IMPORT_URL, {"url": page_url(server, "plain_jobposting")}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="import-panel"')
    assert "<html" not in content
    assert input_value(content, "title") == "Senior Python Engineer"


def test_reads_pasted_text(owner_client):
    text = "Line Cook at Bistro Nord\nLocation: Hamburg\nSalary: €32,000 - €36,000\nFull-time."
    response = owner_client.post(IMPORT_URL, {"url": "", "text": text})
    content = response.content.decode()
    assert input_value(content, "title") == "Line Cook"
    assert input_value(content, "company") == "Bistro Nord"
    assert input_value(content, "location") == "Hamburg"
    assert input_value(content, "salary_max") == "36000"
    assert input_value(content, "currency") == "EUR"
    assert selected(content, "job_type") == "FULL_TIME"
    assert textarea(content, "description") == text
    assert "We read the text you pasted." in content


def test_pasted_text_wins_and_the_link_is_kept(owner_client, server):
    url = page_url(server, "plain_jobposting")
    response = owner_client.post(IMPORT_URL, {"url": url, "text": "Gardener\nPrune roses."})
    content = response.content.decode()
    assert input_value(content, "title") == "Gardener"
    assert input_value(content, "url") == url
    assert server.requests == []


def test_warns_when_the_link_is_already_tracked(owner_client, owner, stranger, server):
    url = page_url(server, "plain_jobposting")
    JobFactory(user=stranger, url=url, title="Not yours")
    response = owner_client.post(IMPORT_URL, {"url": url})
    assert "You already track a job with this link" not in response.content.decode()
    JobFactory(user=owner, url=url, title="Python dev", company="Northwind")
    content = owner_client.post(IMPORT_URL, {"url": url}).content.decode()
    assert "You already track a job with this link" in content
    assert "Python dev at Northwind" in content
    assert "Not yours" not in content


def test_confirm_step_query_count(owner_client, owner, server):
    """One query of our own ("already tracked?"), however many jobs the user has; the
    rest is middleware (session, user, device tracking), counted by its own tests."""
    url = page_url(server, "plain_jobposting")
    for n in range(30):
        JobFactory(user=owner, url=f"https://jobs.example/{n}")
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.post(IMPORT_URL, {"url": url}).status_code == 200
    ours = [q["sql"] for q in queries.captured_queries if '"jobs_' in q["sql"]]
    assert len(ours) == 1


# --- Step 1: errors ---------------------------------------------------------------------


def test_nothing_given(owner_client):
    response = owner_client.post(IMPORT_URL, {"url": "", "text": "  "})
    assert response.status_code == 200
    assert "Paste a link to the job posting, or the text of the posting." in html.unescape(response.content.decode())


def test_malformed_url(owner_client):
    response = owner_client.post(IMPORT_URL, {"url": "http://exa mple .com/job"})
    content = html.unescape(response.content.decode())
    assert "That doesn't look like a web address" in content
    assert input_value(content, "url") == "http://exa mple .com/job"


def test_private_address_refused_and_input_kept(owner_client, server, settings):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = False
    url = page_url(server, "plain_jobposting")
    response = owner_client.post(IMPORT_URL, {"url": url}, **HTMX)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "That address points to a private network" in content
    assert 'aria-invalid="true"' in content
    assert input_value(content, "url") == url
    assert server.requests == []


@pytest.mark.parametrize("host", ["localhost", "169.254.169.254", "[::1]"])
def test_private_names_refused(owner_client, settings, host):
    settings.JOBS_URL_IMPORT_ALLOW_PRIVATE = False
    response = owner_client.post(IMPORT_URL, {"url": f"http://{host}/latest/meta-data/"})
    assert "private network" in html.unescape(response.content.decode())


def test_non_html_link(owner_client, server):
    url = server.route("/cv.pdf", html_handler(b"%PDF-1.5", content_type="application/pdf"))
    response = owner_client.post(IMPORT_URL, {"url": url})
    assert response.status_code == 200
    assert "That link is not a web page (application/pdf)" in html.unescape(response.content.decode())


def test_slow_link(owner_client, server, settings):
    settings.JOBS_URL_IMPORT_TIMEOUT = 0.5
    url = server.route("/slow", slow_handler(3))
    response = owner_client.post(IMPORT_URL, {"url": url})
    assert response.status_code == 200
    assert "The page took too long" in html.unescape(response.content.decode())


@pytest.mark.parametrize("name", ["not_a_job", "login_wall"])
def test_page_without_a_posting(owner_client, server, name):
    response = owner_client.post(IMPORT_URL, {"url": page_url(server, name)})
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "paste it here instead" in content
    assert "Check the details" not in content


def test_fetches_are_rate_limited_per_user(owner_client, stranger, client, server, monkeypatch):
    monkeypatch.setattr("jobs.services.url_import.FETCH_LIMIT", 2)
    url = page_url(server, "plain_jobposting")
    for _ in range(2):
        assert "Check the details" in owner_client.post(IMPORT_URL, {"url": url}).content.decode()
    content = html.unescape(owner_client.post(IMPORT_URL, {"url": url}).content.decode())
    assert "You've imported a lot of links in a short time" in content
    assert len(server.requests) == 2
    # Pasted text is not limited, and other users have their own allowance.
    assert "Check the details" in owner_client.post(IMPORT_URL, {"text": "Baker\nBake."}).content.decode()
    client.force_login(stranger)
    assert "Check the details" in client.post(IMPORT_URL, {"url": url}).content.decode()


def test_missing_page(owner_client, server):
    response = owner_client.post(IMPORT_URL, {"url": server.url("/nope")})
    assert "doesn't exist (404 Not Found)" in html.unescape(response.content.decode())


# --- Step 2: confirm --------------------------------------------------------------------


def test_confirm_creates_the_job(owner_client, owner):
    response = owner_client.post(CONFIRM_URL, CONFIRM_DATA)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("jobs:job_detail", kwargs={"job_id": job.pk})
    assert job.user == owner
    assert (job.title, job.company, job.location, job.url) == (
        "Staff Frontend Engineer", "Tailspin Toys", "USA", "https://jobs.tailspin.example/42",
    )
    assert (job.salary_min, job.salary_max, job.currency) == (185000, 185000, "USD")
    assert (job.work_mode, job.job_type, str(job.date_posted)) == ("REMOTE", "FULL_TIME", "2024-05-20")
    assert job.status == "INTERESTED"
    assert StatusChange.objects.filter(job=job, to_status="INTERESTED").count() == 1


def test_confirm_htmx_redirects_the_page(owner_client):
    response = owner_client.post(CONFIRM_URL, CONFIRM_DATA, **HTMX)
    job = Job.objects.get()
    assert response["HX-Redirect"] == reverse("jobs:job_detail", kwargs={"job_id": job.pk})


def test_confirm_with_errors_saves_nothing(owner_client):
    data = CONFIRM_DATA | {"company": "", "salary_min": "90000", "salary_max": "80000", "currency": "dollars"}
    response = owner_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "Nothing was saved" in content
    assert "This field is required." in content
    assert "The upper end cannot be below the lower end." in content
    assert input_value(content, "title") == "Staff Frontend Engineer"
    assert not Job.objects.exists()


def test_confirm_errors_htmx_fragment(owner_client):
    response = owner_client.post(CONFIRM_URL, CONFIRM_DATA | {"title": ""}, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="import-panel"')
    assert "<html" not in content
    assert not Job.objects.exists()


def test_whole_flow_link_to_board(owner_client, owner, server):
    """Read a page, submit the form as the browser would (its values untouched), get a job."""
    url = page_url(server, "plain_jobposting")
    content = owner_client.post(IMPORT_URL, {"url": url}).content.decode()
    form = {name: input_value(content, name) or "" for name in (
        "title", "company", "location", "url", "salary_min", "salary_max", "currency", "date_posted",
        "application_deadline", "source", "referral", "contact_name", "contact_email",
    )}
    form |= {
        "status": selected(content, "status") or "", "work_mode": selected(content, "work_mode") or "",
        "job_type": selected(content, "job_type") or "", "description": textarea(content, "description"),
        "notes": textarea(content, "notes") or "",
    }
    assert not Job.objects.exists()
    response = owner_client.post(CONFIRM_URL, form)
    assert response.status_code == 302
    job = Job.objects.get(user=owner)
    assert (job.title, job.company, job.location) == ("Senior Python Engineer", "Northwind Traders", "San Francisco, CA, US")
    assert (job.salary_min, job.salary_max, job.currency, job.job_type) == (160000, 195000, "USD", "FULL_TIME")
    assert job.url == url
    assert str(job.date_posted) == "2024-03-05"
    assert job.description.startswith("Northwind is growing & we need help.")
    assert "• Design APIs" in job.description
