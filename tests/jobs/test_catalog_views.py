"""The catalog pages: search with filters and pages (full page and htmx fragment), a
posting's page, the bookmark button, "Track this job" and the saved view."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobBookmark, JobPosting, StatusChange
from jobs.selectors import catalog
from tests.jobs.factories import JobBookmarkFactory, JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
CATALOG_URL = reverse("jobs:catalog")
LOGIN_URL = reverse("account_login")
MISSING = uuid.UUID("00000000-0000-0000-0000-000000000000")


def _posting(title="Python developer", days_ago=1.0, **fields):
    fields.setdefault("description", "Build things with Python.")
    return JobPostingFactory(title=title, posted_at=timezone.now() - datetime.timedelta(days=days_ago), **fields)


def _detail_url(posting_id) -> str:
    return reverse("jobs:posting_detail", args=[posting_id])


def _bookmark_url(posting_id) -> str:
    return reverse("jobs:posting_bookmark", args=[posting_id])


def _track_url(posting_id) -> str:
    return reverse("jobs:posting_track", args=[posting_id])


def _result_titles(html: str) -> list[str]:
    titles = re.findall(r'<h3 class="posting-title" id="posting-[0-9a-f-]+-title">\s*<a [^>]*>(.*?)</a>', html, re.S)
    return [re.sub(r"</?mark>", "", title).strip() for title in titles]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), [
    ("get", CATALOG_URL),
    ("get", _detail_url(MISSING)),
    ("post", _bookmark_url(MISSING)),
    ("post", _track_url(MISSING)),
])
def test_requires_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_htmx_request_without_session_redirects_the_whole_page(client):
    response = client.get(CATALOG_URL, headers=HTMX)
    assert response.headers["HX-Redirect"].startswith(LOGIN_URL)


@pytest.mark.parametrize(("method", "url"), [
    ("post", CATALOG_URL),
    ("post", _detail_url(MISSING)),
    ("get", _bookmark_url(MISSING)),
    ("get", _track_url(MISSING)),
    ("delete", _bookmark_url(MISSING)),
])
def test_wrong_method_is_405(owner_client, method, url):
    assert getattr(owner_client, method)(url).status_code == 405


@pytest.mark.parametrize("make_url", [_detail_url, _bookmark_url, _track_url])
def test_unknown_posting_is_404(owner_client, make_url):
    method = owner_client.get if make_url is _detail_url else owner_client.post
    assert method(make_url(MISSING)).status_code == 404


@pytest.mark.parametrize("make_url", [_detail_url, _bookmark_url, _track_url])
def test_closed_posting_of_someone_else_is_404(owner_client, stranger, make_url):
    closed = _posting(is_active=False)
    JobBookmarkFactory(user=stranger, posting=closed)
    JobFactory(user=stranger, posting=closed)
    method = owner_client.get if make_url is _detail_url else owner_client.post
    assert method(make_url(closed.pk)).status_code == 404
    assert not JobBookmark.objects.filter(posting=closed).exclude(user=stranger).exists()
    assert Job.objects.filter(posting=closed).count() == 1


# --- Search page -------------------------------------------------------------------------------------


def test_catalog_page_lists_newest_postings(owner_client):
    _posting("Older role", days_ago=3, salary_min=60_000, salary_max=90_000, currency="EUR", is_remote=True,
             experience_level="SENIOR", job_type="FULL_TIME", location="Berlin")
    _posting("Newer role", days_ago=1)
    response = owner_client.get(CATALOG_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "jobs/catalog.html" in [t.name for t in response.templates]
    assert _result_titles(html) == ["Newer role", "Older role"]
    assert "EUR 60,000–90,000" in html
    assert "Remote" in html and "Senior" in html and "Full-time" in html and "Berlin" in html
    assert "Posted 3\xa0days ago" in html


def test_text_search_highlights_and_ranks(owner_client):
    _posting("Office manager", description="Some Python scripting.", days_ago=0.5)
    _posting("Python developer", description="Backend.", days_ago=2)
    html = owner_client.get(CATALOG_URL, {"q": "python"}).content.decode()
    assert _result_titles(html) == ["Python developer", "Office manager"]
    assert "<mark>Python</mark>" in html


def test_filters_from_the_query_string(owner_client):
    _posting("Remote senior", is_remote=True, experience_level="SENIOR", salary_min=90_000, salary_max=120_000)
    _posting("Remote junior", is_remote=True, experience_level="JUNIOR", salary_min=40_000, salary_max=50_000)
    _posting("Office senior", experience_level="SENIOR", location="Lisbon", salary_min=None, salary_max=None)
    response = owner_client.get(CATALOG_URL, {"remote": "on", "level": "SENIOR"})
    assert _result_titles(response.content.decode()) == ["Remote senior"]
    response = owner_client.get(CATALOG_URL, {"salary_min": "80000", "posted_within": "7"})
    assert _result_titles(response.content.decode()) == ["Remote senior"]
    response = owner_client.get(CATALOG_URL, {"location": "lisb"})
    assert _result_titles(response.content.decode()) == ["Office senior"]


@pytest.mark.parametrize(("params", "field"), [
    ({"salary_min": "90000", "salary_max": "50000"}, "salary_max"),
    ({"salary_min": "-1"}, "salary_min"),
    ({"salary_max": "lots"}, "salary_max"),
    ({"posted_within": "2"}, "posted_within"),
    ({"level": "GURU"}, "level"),
    ({"job_type": "GIG"}, "job_type"),
    ({"q": "x" * 201}, "q"),
])
def test_invalid_filters_show_errors_and_no_results(owner_client, params, field):
    _posting()
    response = owner_client.get(CATALOG_URL, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["page"] is None
    assert _result_titles(response.content.decode()) == []
    assert "Please check the filters" in response.content.decode()


def test_inverted_salary_message(owner_client):
    response = owner_client.get(CATALOG_URL, {"salary_min": "90000", "salary_max": "50000"}, headers=HTMX)
    assert "must be at least" in response.content.decode()


def test_htmx_search_returns_only_the_results_fragment_and_a_clean_address(owner_client):
    _posting("Python developer")
    response = owner_client.get(
        CATALOG_URL, {"q": "python", "location": "", "salary_min": "", "remote": ""}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="catalog-results"')
    assert "<html" not in html and 'role="search"' not in html
    assert _result_titles(html) == ["Python developer"]
    assert response.headers["HX-Push-Url"] == f"{CATALOG_URL}?q=python"


def test_htmx_history_restore_gets_the_whole_page(owner_client):
    response = owner_client.get(CATALOG_URL, {"q": "python"},
                                headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_pages_follow_the_next_link(owner_client):
    for i in range(25):
        _posting(f"Role {i:02}", days_ago=i / 10)
    first = owner_client.get(CATALOG_URL)
    assert len(_result_titles(first.content.decode())) == 20
    next_url = first.context["next_url"]
    assert next_url.startswith("?after=")
    second = owner_client.get(CATALOG_URL + next_url, headers=HTMX)
    html = second.content.decode()
    assert _result_titles(html) == [f"Role {i:02}" for i in range(20, 25)]
    assert 'rel="next"' not in html
    assert "First page" in html
    assert second.headers["HX-Push-Url"] == CATALOG_URL + next_url


@pytest.mark.parametrize("after", ["tampered", "a" * 300, "..", "eyJmIjoiMSJ9:1abc:def"])
def test_bad_cursor_shows_the_first_page_with_a_message(owner_client, after):
    _posting("Python developer")
    for headers in ({}, HTMX):
        response = owner_client.get(CATALOG_URL, {"q": "python", "after": after}, headers=headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert "out of date or damaged" in html
        assert _result_titles(html) == ["Python developer"]


def test_empty_results_say_so(owner_client):
    html = owner_client.get(CATALOG_URL, {"q": "haskell"}).content.decode()
    assert "No jobs match “haskell”" in html


def test_search_page_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    for i in range(30):
        posting = _posting(f"Python role {i}", days_ago=i / 10)
        if i % 2:
            JobBookmarkFactory(user=owner, posting=posting)
        if i % 3 == 0:
            JobFactory(user=owner, posting=posting)
    owner_client.get(CATALOG_URL)  # the session's first request writes to it
    with django_assert_max_num_queries(6):
        assert owner_client.get(CATALOG_URL).status_code == 200
    with django_assert_max_num_queries(10):
        assert owner_client.get(CATALOG_URL, {"q": "python", "remote": ""}).status_code == 200


# --- Saved view ---------------------------------------------------------------------------------------


def test_saved_view_lists_only_my_bookmarks(owner_client, owner, stranger):
    mine = _posting("Mine")
    theirs = _posting("Theirs")
    _posting("Nobody's")
    JobBookmarkFactory(user=owner, posting=mine)
    JobBookmarkFactory(user=stranger, posting=theirs)
    html = owner_client.get(CATALOG_URL, {"saved": "1"}).content.decode()
    assert _result_titles(html) == ["Mine"]
    assert "<h1>Saved jobs</h1>" in html


def test_saved_view_of_a_stranger_is_their_own(client, owner, stranger):
    JobBookmarkFactory(user=owner, posting=_posting("Owner's pick"))
    client.force_login(stranger)
    html = client.get(CATALOG_URL, {"saved": "1"}).content.decode()
    assert _result_titles(html) == []
    assert "You have no saved jobs yet" in html


# --- Detail page --------------------------------------------------------------------------------------


def test_posting_detail(owner_client, owner):
    posting = _posting("Python developer", description="Line one.\n\nLine <two>.", requirements=["Python", "SQL"],
                       salary_min=50_000, salary_max=None, source_url="https://jobs.example.com/p/1")
    JobBookmarkFactory(user=owner, posting=posting)
    response = owner_client.get(_detail_url(posting.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"posting-title\">Python developer</h1>" in html
    assert "Line &lt;two&gt;." in html
    assert "<li>SQL</li>" in html
    assert "From USD 50,000" in html
    assert 'aria-pressed="true"' in html  # saved
    assert "Track this job" in html
    assert 'href="https://jobs.example.com/p/1"' in html


def test_closed_posting_detail_for_who_saved_it(owner_client, owner):
    closed = _posting(is_active=False)
    JobBookmarkFactory(user=owner, posting=closed)
    html = owner_client.get(_detail_url(closed.pk)).content.decode()
    assert "no longer open" in html


# --- Bookmarks ----------------------------------------------------------------------------------------


def test_bookmark_without_state_toggles(owner_client, owner):
    posting = _posting()
    response = owner_client.post(_bookmark_url(posting.pk))
    assert response.status_code == 302
    assert response["Location"] == _detail_url(posting.pk)
    assert JobBookmark.objects.filter(user=owner, posting=posting).count() == 1
    owner_client.post(_bookmark_url(posting.pk))
    assert not JobBookmark.objects.filter(user=owner, posting=posting).exists()


def test_bookmark_with_state_is_idempotent(owner_client, owner):
    posting = _posting()
    for _ in range(2):
        owner_client.post(_bookmark_url(posting.pk), {"saved": "1"})
    assert JobBookmark.objects.filter(user=owner, posting=posting).count() == 1
    for _ in range(2):
        owner_client.post(_bookmark_url(posting.pk), {"saved": "0"})
    assert not JobBookmark.objects.filter(user=owner, posting=posting).exists()


def test_bookmark_redirects_back_to_a_safe_next(owner_client):
    posting = _posting()
    response = owner_client.post(_bookmark_url(posting.pk), {"saved": "1", "next": f"{CATALOG_URL}?q=python"})
    assert response["Location"] == f"{CATALOG_URL}?q=python"
    assert f"Saved “{posting.title}”." in _messages(response)
    response = owner_client.post(_bookmark_url(posting.pk), {"saved": "1", "next": "https://evil.example.com/"})
    assert response["Location"] == _detail_url(posting.pk)


def test_bookmark_htmx_swaps_the_button(owner_client, owner):
    posting = _posting()
    response = owner_client.post(_bookmark_url(posting.pk), {"saved": "1", "next": CATALOG_URL}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form method="post"')
    assert 'aria-pressed="true"' in html
    assert 'name="saved" value="0"' in html  # the next click removes it
    assert JobBookmark.objects.filter(user=owner, posting=posting).exists()


def test_bookmark_rejects_a_bad_state(owner_client, owner):
    posting = _posting()
    assert owner_client.post(_bookmark_url(posting.pk), {"saved": "maybe"}).status_code == 400
    assert not JobBookmark.objects.exists()


def test_bookmarks_of_others_are_untouched(owner_client, stranger):
    posting = _posting()
    JobBookmarkFactory(user=stranger, posting=posting)
    owner_client.post(_bookmark_url(posting.pk), {"saved": "0"})
    assert JobBookmark.objects.filter(user=stranger, posting=posting).exists()


# --- Track this job -----------------------------------------------------------------------------------


def test_track_creates_a_linked_job_once(owner_client, owner):
    posting = _posting("Python developer", salary_min=70_000, salary_max=80_000, is_remote=True)
    response = owner_client.post(_track_url(posting.pk), {"next": CATALOG_URL})
    assert response.status_code == 302
    assert response["Location"] == CATALOG_URL
    assert "Added to your board." in _messages(response)
    job = Job.objects.get(user=owner, posting=posting)
    assert (job.title, job.salary_min, job.work_mode) == ("Python developer", 70_000, "REMOTE")
    assert StatusChange.objects.filter(job=job).count() == 1

    response = owner_client.post(_track_url(posting.pk), {"next": CATALOG_URL})
    assert "This job is already on your board." in _messages(response)
    assert Job.objects.filter(user=owner, posting=posting).count() == 1


def test_track_htmx_answers_with_a_link_to_the_job(owner_client, owner):
    posting = _posting()
    response = owner_client.post(_track_url(posting.pk), headers=HTMX)
    job = Job.objects.get(user=owner, posting=posting)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="posting-track" id="track-{posting.pk}">')
    assert reverse("jobs:job_detail", args=[job.pk]) in html
    assert "Added to your board." in html
    again = owner_client.post(_track_url(posting.pk), headers=HTMX).content.decode()
    assert "already on your board" in again
    assert reverse("jobs:job_detail", args=[job.pk]) in again


def test_search_results_show_tracked_jobs(owner_client, owner):
    posting = _posting()
    job = JobFactory(user=owner, posting=posting)
    html = owner_client.get(CATALOG_URL).content.decode()
    assert reverse("jobs:job_detail", args=[job.pk]) in html
    assert "On your board" in html


def test_posting_tracked_by_a_stranger_is_not_on_my_board(owner_client, owner, stranger):
    posting = _posting()
    JobFactory(user=stranger, posting=posting)
    html = owner_client.get(CATALOG_URL).content.decode()
    assert "Track this job" in html
    owner_client.post(_track_url(posting.pk))
    assert Job.objects.filter(user=owner, posting=posting).exists()


def test_cursor_module_constant_is_shown(owner_client):
    _posting()
    html = owner_client.get(CATALOG_URL, {"q": "python"}).content.decode()
    assert f"among the {catalog.RANK_CANDIDATES:,} newest postings" in html


def test_posting_without_optional_fields_renders(owner_client):
    posting = JobPosting.objects.create(title="Bare", company="Co", posted_at=timezone.now())
    assert owner_client.get(CATALOG_URL).status_code == 200
    html = owner_client.get(_detail_url(posting.pk)).content.decode()
    assert "Not stated" in html
