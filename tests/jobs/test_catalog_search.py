"""Catalog search (selectors.catalog): ranking, websearch syntax, each filter, keyset
pages, cursors, the search document's filter keys and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs import search
from jobs.models import Job, JobBookmark, JobPosting
from jobs.selectors import catalog
from jobs.selectors.catalog import CatalogFilters, InvalidCursor
from tests.jobs.factories import JobBookmarkFactory, JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _posting(title="Office manager", description="Keeps the office running.", company="Acme", days_ago=1.0, **fields):
    fields.setdefault("salary_min", None)
    fields.setdefault("salary_max", None)
    return JobPostingFactory(
        title=title, description=description, company=company,
        posted_at=NOW - datetime.timedelta(days=days_ago), **fields,
    )


def _search(user, **filters) -> list[JobPosting]:
    return catalog.posting_search(user=user, filters=CatalogFilters(**filters)).postings


def _titles(user, **filters) -> list[str]:
    return [posting.title for posting in _search(user, **filters)]


def _walk(user, filters: CatalogFilters, page_size: int) -> list[list[str]]:
    """Every page of a search, following the next-page cursors."""
    pages, cursor = [], ""
    while True:
        page = catalog.posting_search(user=user, filters=filters, cursor=cursor, page_size=page_size)
        pages.append([str(posting.pk) for posting in page.postings])
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor
        assert len(pages) < 50, "the cursors do not end"


# --- Full-text search -----------------------------------------------------------------------------


def test_title_match_ranks_above_description_match(owner):
    in_description = _posting("Office manager", "We also use Python for reporting.", days_ago=0.1)
    in_title = _posting("Python developer", "Build our backend.", days_ago=2)
    results = _search(owner, q="python")
    assert [p.pk for p in results] == [in_title.pk, in_description.pk]
    assert results[0].rank > results[1].rank


def test_company_match_ranks_between_title_and_description(owner):
    _posting("Analyst", "Reporting with Python.", company="Globex")
    _posting("Analyst", "Reporting.", company="Python Software Foundation")
    _posting("Python analyst", "Reporting.", company="Initech")
    assert [p.company for p in _search(owner, q="python")] == ["Initech", "Python Software Foundation", "Globex"]


def test_stemming_finds_other_forms_of_a_word(owner):
    _posting("Senior developer", "Ship features.")
    _posting("Gardener", "Plants.")
    assert _titles(owner, q="developers") == ["Senior developer"]
    assert _titles(owner, q="developing") == ["Senior developer"]


def test_websearch_minus_excludes_a_word(owner):
    _posting("Python developer", "Django and PostgreSQL.")
    _posting("Python and Java developer", "Spring too.")
    assert _titles(owner, q="python -java") == ["Python developer"]


def test_websearch_quotes_match_a_phrase(owner):
    _posting("Data engineer", "Pipelines.")
    _posting("Engineer", "Work with data every day.")
    assert _titles(owner, q='"data engineer"') == ["Data engineer"]
    assert sorted(_titles(owner, q="data engineer")) == ["Data engineer", "Engineer"]


def test_websearch_or(owner):
    _posting("Java developer")
    _posting("Kotlin developer")
    _posting("Swift developer")
    assert sorted(_titles(owner, q="java or kotlin")) == ["Java developer", "Kotlin developer"]


@pytest.mark.parametrize("q", ["the", "-java", "!!!", '""'])
def test_queries_without_searchable_words_find_nothing(owner, q):
    _posting("Java developer", "The best job.")
    assert _search(owner, q=q) == []


def test_search_ignores_closed_postings(owner):
    _posting("Python developer", is_active=False)
    assert _search(owner, q="python") == []
    assert _search(owner) == []


def test_matched_words_are_highlighted_and_the_rest_escaped(owner):
    _posting("Python <b>developer</b>", "We write <script>alert(1)</script> Python every day.")
    posting = _search(owner, q="python")[0]
    assert "<mark>Python</mark>" in posting.title_html
    assert "&lt;b&gt;" in posting.title_html
    assert "<mark>Python</mark>" in posting.snippet_html
    # ts_headline drops tags from fragments; whatever is left is escaped text.
    assert "<script>" not in posting.snippet_html
    assert "alert(1)" in posting.snippet_html
    assert str(posting.snippet_html).replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_without_text_newest_first_with_a_plain_escaped_snippet(owner):
    old = _posting("Old", "<i>old</i>", days_ago=5)
    new = _posting("New", days_ago=1)
    results = _search(owner)
    assert [p.pk for p in results] == [new.pk, old.pk]
    assert str(results[1].snippet_html) == "&lt;i&gt;old&lt;/i&gt;"


# --- Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", "engineer"])
def test_location_filter_is_case_insensitive_substring(owner, q):
    _posting("Engineer A", location="Berlin, Germany")
    _posting("Engineer B", location="Lisbon, Portugal")
    assert _titles(owner, q=q, location="berlin") == ["Engineer A"]
    assert _titles(owner, q=q, location="GERM") == ["Engineer A"]


@pytest.mark.parametrize("needle", ["erlin", "w yor", "NEW YORK, NY", "york,", "Ork", "ny", "-", "  ", "Mü", "ünch"])
def test_location_filter_finds_every_substring_match(owner, needle):
    # The index keys (word endings) must find whatever icontains finds, wherever the
    # typed text starts and ends.
    for place in ("Berlin, Germany", "New York, NY, USA", "Remote — Worldwide", "München", "Sunnyvale, CA", ""):
        _posting(f"Engineer in {place or 'nowhere'}", location=place)
    expected = sorted(JobPosting.objects.filter(location__icontains=needle.strip()).values_list("title", flat=True))
    assert sorted(_titles(owner, q="engineer", location=needle.strip())) == expected
    assert sorted(_titles(owner, location=needle.strip())) == expected


@pytest.mark.parametrize("q", ["", "engineer"])
def test_remote_only(owner, q):
    _posting("Engineer remote", is_remote=True)
    _posting("Engineer office", is_remote=False)
    assert _titles(owner, q=q, remote_only=True) == ["Engineer remote"]
    assert len(_search(owner, q=q)) == 2


@pytest.mark.parametrize("q", ["", "engineer"])
def test_salary_range_overlaps_the_posting_range(owner, q):
    _posting("Engineer low", salary_min=40_000, salary_max=55_000)
    _posting("Engineer mid", salary_min=60_000, salary_max=90_000)
    _posting("Engineer high", salary_min=120_000, salary_max=160_000)
    _posting("Engineer from", salary_min=100_000)  # no top: counts as 100,000
    _posting("Engineer up to", salary_max=58_000)  # no bottom: counts as 58,000
    _posting("Engineer secret")  # says nothing: left out of salary searches
    assert sorted(_titles(owner, q=q, salary_min=80_000)) == ["Engineer from", "Engineer high", "Engineer mid"]
    assert sorted(_titles(owner, q=q, salary_max=58_000)) == ["Engineer low", "Engineer up to"]
    assert sorted(_titles(owner, q=q, salary_min=56_000, salary_max=100_000)) == [
        "Engineer from", "Engineer mid", "Engineer up to",
    ]
    assert _titles(owner, q=q, salary_min=500_000) == []


@pytest.mark.parametrize("q", ["", "engineer"])
def test_salary_filter_on_threshold_boundaries(owner, q):
    # The index keys are coarse (thresholds); the exact comparison decides.
    _posting("Engineer 80k", salary_min=70_000, salary_max=80_000)
    _posting("Engineer 79,999", salary_min=70_000, salary_max=79_999)
    assert _titles(owner, q=q, salary_min=80_000) == ["Engineer 80k"]
    assert sorted(_titles(owner, q=q, salary_min=79_999)) == ["Engineer 79,999", "Engineer 80k"]
    _posting("Engineer from 1.2M", salary_min=1_200_000)
    assert _titles(owner, q=q, salary_min=1_000_000) == ["Engineer from 1.2M"]
    assert _titles(owner, q=q, salary_max=10_000) == []


@pytest.mark.parametrize("q", ["", "engineer"])
def test_experience_level_and_job_type(owner, q):
    _posting("Engineer 1", experience_level="SENIOR", job_type="FULL_TIME")
    _posting("Engineer 2", experience_level="SENIOR", job_type="CONTRACT")
    _posting("Engineer 3", experience_level="C_LEVEL", job_type="PART_TIME")
    _posting("Engineer 4")
    assert sorted(_titles(owner, q=q, experience_level="SENIOR")) == ["Engineer 1", "Engineer 2"]
    assert _titles(owner, q=q, experience_level="SENIOR", job_type="CONTRACT") == ["Engineer 2"]
    assert _titles(owner, q=q, experience_level="C_LEVEL") == ["Engineer 3"]
    assert _titles(owner, q=q, job_type="PART_TIME") == ["Engineer 3"]


@pytest.mark.parametrize("q", ["", "engineer"])
@pytest.mark.parametrize(("days", "expected"), [(1, ["Engineer today"]), (3, ["Engineer today", "Engineer 2 days"]),
                                                (7, ["Engineer today", "Engineer 2 days", "Engineer 6 days"])])
def test_posted_within_days(owner, q, days, expected):
    _posting("Engineer today", days_ago=0.2)
    _posting("Engineer 2 days", days_ago=2)
    _posting("Engineer 6 days", days_ago=6)
    _posting("Engineer 40 days", days_ago=40)
    assert _titles(owner, q=q, posted_within_days=days) == expected


def test_posting_dated_tomorrow_is_found(owner):
    # Accepted by the services (a date typed in another time zone), so searches reach it.
    _posting("Engineer tomorrow", days_ago=-0.9)
    assert _titles(owner, q="engineer", posted_within_days=1) == ["Engineer tomorrow"]


def test_saved_only_lists_the_users_bookmarks_open_or_closed(owner, stranger):
    mine = _posting("Engineer saved")
    closed = _posting("Engineer closed", is_active=False)
    theirs = _posting("Engineer theirs")
    _posting("Engineer other")
    JobBookmarkFactory(user=owner, posting=mine)
    JobBookmarkFactory(user=owner, posting=closed)
    JobBookmarkFactory(user=stranger, posting=theirs)
    assert sorted(_titles(owner, saved_only=True)) == ["Engineer closed", "Engineer saved"]
    assert sorted(_titles(owner, q="engineer", saved_only=True)) == ["Engineer closed", "Engineer saved"]
    assert _titles(stranger, saved_only=True) == ["Engineer theirs"]


def test_each_result_knows_the_users_bookmark_and_board(owner, stranger):
    saved = _posting("Saved")
    tracked = _posting("Tracked")
    plain = _posting("Plain")
    JobBookmarkFactory(user=owner, posting=saved)
    job = JobFactory(user=owner, posting=tracked)
    JobBookmarkFactory(user=stranger, posting=plain)
    JobFactory(user=stranger, posting=plain)
    for q in ("", "saved or tracked or plain"):
        by_title = {p.title: p for p in _search(owner, q=q)}
        assert by_title["Saved"].is_bookmarked and not by_title["Saved"].tracked_job_id
        assert by_title["Tracked"].tracked_job_id == job.pk and not by_title["Tracked"].is_bookmarked
        assert not by_title["Plain"].is_bookmarked and by_title["Plain"].tracked_job_id is None


# --- The search document's keys match the SQL expression ---------------------------------------------


def _document_matches(posting: JobPosting, keys: str) -> bool:
    return JobPosting.objects.alias(document=search.PostingSearchDocument()).filter(
        pk=posting.pk, document=catalog._TsQuery(keys)
    ).exists()


def test_search_document_holds_the_filter_keys():
    posting = _posting(is_remote=True, experience_level="C_LEVEL", job_type="FULL_TIME",
                       salary_min=85_000, salary_max=120_000, days_ago=0, location="Berlin, Germany")
    day = search.day_keys(posting.posted_at, posting.posted_at)[0]
    assert _document_matches(posting, f"manag & {search.remote_key()} & {day}")
    assert _document_matches(posting, search.level_key("C_LEVEL"))
    assert _document_matches(posting, search.job_type_key("FULL_TIME"))
    assert _document_matches(posting, search.salary_at_least_key(120_000))
    assert not _document_matches(posting, search.salary_at_least_key(140_000))
    assert _document_matches(posting, search.salary_at_most_key(85_000))
    assert not _document_matches(posting, search.salary_at_most_key(79_000))
    assert _document_matches(posting, search.location_query(["berl"]))
    assert _document_matches(posting, search.location_query(["erlin", "germ"]))
    assert not _document_matches(posting, search.location_query(["paris"]))
    other = _posting()
    assert not _document_matches(other, search.remote_key())
    assert not _document_matches(other, search.salary_at_least_key(0) or "xxsaltop20")


def test_queries_match_the_search_document_index(owner):
    # PostgreSQL uses an expression index only for the very same expression: the one the
    # catalog queries with must be the one the migration indexed.
    _posting("Python developer", is_remote=True)
    with CaptureQueriesContext(connection) as ctx:
        assert _titles(owner, q="python", remote_only=True) == ["Python developer"]
    assert any("array_to_tsvector" in q["sql"] for q in ctx.captured_queries)
    JobPosting.objects.bulk_create([
        JobPosting(title="Gardener", company="Green", posted_at=NOW, source_url=f"https://example.com/g{i}")
        for i in range(500)
    ])
    query = JobPosting.objects.filter(is_active=True).alias(document=search.PostingSearchDocument()).filter(
        document=catalog._TsQuery("python & xxremote")
    ).order_by()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jobs_jobposting")
        cursor.execute("SET LOCAL enable_seqscan = off")  # (the test transaction's only)
        # On a tiny table the planner may prefer the keyset btree (also partial on is_active)
        # and filter the document row by row: a cost call, not a mismatch. The question here
        # is only whether the GIN expression matches, so that btree goes (rolled back after).
        cursor.execute("DROP INDEX posting_active_recent_idx")
        plan = query.explain()
    assert "posting_search_filters_gin" in plan


# --- Candidates and their windows ----------------------------------------------------------------


def test_the_newest_matches_are_ranked(owner, monkeypatch):
    monkeypatch.setattr(catalog, "RANK_CANDIDATES", 3)
    for days in (0.1, 0.2, 0.3, 0.4):
        _posting("Office manager", "Some python.", days_ago=days)
    best_but_old = _posting("Python developer", days_ago=10)
    results = _search(owner, q="python")
    assert len(results) == 3
    assert best_but_old.pk not in {p.pk for p in results}


def test_windows_widen_until_enough_candidates(owner, monkeypatch):
    monkeypatch.setattr(catalog, "RANK_CANDIDATES", 4)
    recent = [_posting("Python developer", days_ago=0.5) for _ in range(2)]
    older = [_posting("Python developer", days_ago=days) for days in (2, 20, 200)]
    results = _search(owner, q="python")
    assert {p.pk for p in results} == {p.pk for p in recent + older[:2]}


def test_a_full_first_window_is_enough(owner, monkeypatch):
    monkeypatch.setattr(catalog, "RANK_CANDIDATES", 2)
    recent = [_posting("Python developer", days_ago=0.1 * (i + 1)) for i in range(3)]
    _posting("Python developer, the best python role", days_ago=5)
    with CaptureQueriesContext(connection) as ctx:
        results = _search(owner, q="python")
    assert [p.pk for p in results] == [recent[0].pk, recent[1].pk]
    assert sum("array_to_tsvector" in q["sql"] for q in ctx.captured_queries) == 1


# --- Keyset pages -----------------------------------------------------------------------------------


def _fifty_five(now) -> list[JobPosting]:
    # Ties everywhere: 11 dates shared by 5 postings each, and identical texts.
    postings = []
    for i in range(55):
        postings.append(JobPosting(
            title="Python developer", company=f"Company {i}", description="Python every day.",
            posted_at=now - datetime.timedelta(hours=i // 5), source_url=f"https://example.com/{i}",
        ))
    return JobPosting.objects.bulk_create(postings)


@pytest.mark.parametrize("q", ["", "python"])
def test_pages_cover_everything_once_despite_ties(owner, q):
    postings = _fifty_five(NOW)
    pages = _walk(owner, CatalogFilters(q=q), page_size=20)
    assert [len(page) for page in pages] == [20, 20, 15]
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) == 55
    assert set(seen) == {str(p.pk) for p in postings}


def test_pages_follow_rank_then_date_then_id(owner):
    strong = [_posting("Python python developer", "Python.", days_ago=d) for d in (3, 1)]
    weak = [_posting("Office manager", "A bit of python.", days_ago=d) for d in (0.5, 2)]
    pages = _walk(owner, CatalogFilters(q="python"), page_size=1)
    assert [page[0] for page in pages] == [str(p.pk) for p in (strong[1], strong[0], weak[0], weak[1])]


def test_next_cursor_is_empty_on_the_last_page(owner):
    _posting()
    page = catalog.posting_search(user=owner, filters=CatalogFilters())
    assert page.next_cursor == ""
    assert page.is_first_page


def test_cursor_is_signed(owner):
    _fifty_five(NOW)
    page = catalog.posting_search(user=owner, filters=CatalogFilters(), page_size=20)
    payload = signing.loads(page.next_cursor, salt=catalog.CURSOR_SALT)
    payload["k"][1] = "2000-01-01T00:00:00+00:00"
    forged = signing.dumps(payload, salt="another salt", compress=True)
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=CatalogFilters(), cursor=forged)
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=CatalogFilters(), cursor=page.next_cursor[:-3] + "abc")
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=CatalogFilters(), cursor="garbage")


@pytest.mark.parametrize("payload", [
    {"f": "x", "k": [None, "2026-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000000"]},
    {"k": [None, "2026-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000000"]},
    {"f": None, "k": "not a list"},
    {"f": None, "k": [None, "2026-01-01T00:00:00", "00000000-0000-0000-0000-000000000000"]},
    {"f": None, "k": [None, "yesterday", "00000000-0000-0000-0000-000000000000"]},
    {"f": None, "k": [None, "2026-01-01T00:00:00+00:00", "not-a-uuid"]},
    {"f": None, "k": [1.5, "2026-01-01T00:00:00+00:00", "00000000-0000-0000-0000-000000000000"]},
    [1, 2, 3],
])
def test_well_signed_but_wrong_cursors_are_refused(owner, payload):
    filters = CatalogFilters()
    if isinstance(payload, dict) and payload.get("f") is None and "f" in payload:
        payload["f"] = filters.fingerprint()
    cursor = signing.dumps(payload, salt=catalog.CURSOR_SALT, compress=True)
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=filters, cursor=cursor)


def test_cursor_belongs_to_its_search(owner):
    _fifty_five(NOW)
    page = catalog.posting_search(user=owner, filters=CatalogFilters(q="python"), page_size=20)
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=CatalogFilters(q="java"), cursor=page.next_cursor)
    with pytest.raises(InvalidCursor):
        catalog.posting_search(user=owner, filters=CatalogFilters(), cursor=page.next_cursor)
    # Spacing and case of the words do not matter.
    catalog.posting_search(user=owner, filters=CatalogFilters(q="PYTHON"), cursor=page.next_cursor)


# --- Detail and visibility ----------------------------------------------------------------------------


def test_posting_get_for_user_sets_the_users_state(owner):
    posting = _posting()
    JobBookmarkFactory(user=owner, posting=posting)
    job = JobFactory(user=owner, posting=posting)
    got = catalog.posting_get_for_user(user=owner, posting_id=posting.pk)
    assert got.is_bookmarked is True
    assert got.tracked_job_id == job.pk


def test_closed_postings_are_visible_only_to_who_saved_or_tracks_them(owner, teammate, stranger):
    closed = _posting(is_active=False)
    JobBookmarkFactory(user=owner, posting=closed)
    JobFactory(user=teammate, posting=closed)
    assert catalog.posting_get_for_user(user=owner, posting_id=closed.pk) == closed
    assert catalog.posting_get_for_user(user=teammate, posting_id=closed.pk) == closed
    with pytest.raises(JobPosting.DoesNotExist):
        catalog.posting_get_for_user(user=stranger, posting_id=closed.pk)


# --- Query counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("filters", "most"), [
    (CatalogFilters(), 1),
    (CatalogFilters(saved_only=True), 1),
    (CatalogFilters(q="python"), 5),  # the words' index part, up to 3 windows, the page
    (CatalogFilters(q="python", saved_only=True), 2),
])
def test_query_count_does_not_grow_with_results(owner, filters, most, django_assert_max_num_queries):
    for i in range(30):
        posting = _posting("Python developer", days_ago=i)
        JobBookmark.objects.create(user=owner, posting=posting)
        Job.objects.create(user=owner, posting=posting, title="x", company="y")
    with django_assert_max_num_queries(most):
        page = catalog.posting_search(user=owner, filters=filters)
        for posting in page.postings:
            str(posting.title_html), str(posting.snippet_html), posting.is_bookmarked, posting.tracked_job_id
    assert len(page.postings) == 20
