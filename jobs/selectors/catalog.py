"""Reads for the shared job catalog: full-text search with filters and keyset pages.

Search uses the stored ``search_vector`` column (title A, company B, description C;
GIN indexed) with ``websearch_to_tsquery``, so people can type ``python -java`` or
``"data engineer"``. Pages are keyset pages: the cursor carries the sort key of the
last row shown, signed so it cannot be forged, and bound to the filters it was
made for.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import uuid
from dataclasses import astuple, dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core import signing
from django.db.models import (
    BooleanField,
    DateTimeField,
    DecimalField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    UUIDField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from jobs.models import Job, JobBookmark, JobPosting

PAGE_SIZE = 20
POSTED_WITHIN_DAYS = (1, 3, 7, 14, 30)
# A text search ranks at most this many matches: the newest ones. Ranking every match
# of a common word ("engineer" hits a third of a million-row catalog) means reading
# and scoring each of their vectors, seconds instead of milliseconds; the newest
# thousand are found by walking the (posted_at, id) index and cost the same whatever
# the word. 50 pages of 20 is far more than anyone reads; the page says so.
RANK_CANDIDATES = 1000
# Candidates are looked for in windows of time growing from a day to this, then in all.
FIRST_WINDOW_DAYS = 1
WIDEST_WINDOW_DAYS = 90
CURSOR_SALT = "jobs.catalog.cursor"
SEARCH_CONFIG = "english"

# ts_headline inserts these around matched words; we escape the text, then turn them
# into <mark>. Private-use characters, so a description cannot smuggle in markup.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
# ts_rank is a float4; rounded to a fixed-point number it compares exactly in a cursor.
_RANK_FIELD = DecimalField(max_digits=14, decimal_places=6)


class InvalidCursor(ValueError):
    """A page cursor that was altered, expired with a schema change, or made for other filters."""


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    location: str = ""
    remote_only: bool = False
    salary_min: int | None = None
    salary_max: int | None = None
    experience_level: str = ""
    job_type: str = ""
    posted_within_days: int | None = None
    saved_only: bool = False

    @property
    def narrowed(self) -> bool:
        """Whether anything narrows the search (the saved-only view aside)."""
        return any(value not in ("", None, False) for value in astuple(self)[:-1])

    def fingerprint(self) -> str:
        """Short digest of the filters; a cursor only continues the search it came from."""
        normalised = astuple(self)[1:]  # the text is compared separately, case-folded
        return hashlib.sha256(repr((self.q.strip().casefold(), normalised)).encode()).hexdigest()[:16]


@dataclass
class CatalogPage:
    postings: list[JobPosting]
    next_cursor: str = ""
    is_first_page: bool = True
    ranked: bool = False  # ordered by relevance (a text query), else by date
    filters: CatalogFilters = field(default_factory=CatalogFilters)


# --- Visibility -------------------------------------------------------------------------------


def posting_list_visible_to(*, user: User) -> QuerySet[JobPosting]:
    """Postings ``user`` may open: every active one, plus closed ones they saved or track."""
    return JobPosting.objects.filter(
        Q(is_active=True)
        | Exists(JobBookmark.objects.filter(user=user, posting=OuterRef("pk")))
        | Exists(Job.objects.filter(user=user, posting=OuterRef("pk")))
    )


def posting_get_for_user(*, user: User, posting_id) -> JobPosting:
    """A posting for its detail page, with ``is_bookmarked`` and ``tracked_job_id`` set.

    Raises JobPosting.DoesNotExist for unknown postings and for closed ones the user
    has not saved or tracked."""
    posting = posting_list_visible_to(user=user).defer("search_vector").get(pk=posting_id)
    _annotate_user_state([posting], user=user)
    return posting


def posting_user_state(*, user: User, posting: JobPosting) -> JobPosting:
    """Refresh ``is_bookmarked`` / ``tracked_job_id`` on one posting (after a change)."""
    _annotate_user_state([posting], user=user)
    return posting


def bookmark_list_for_user(*, user: User) -> QuerySet[JobBookmark]:
    return JobBookmark.objects.filter(user=user)


# --- Search -----------------------------------------------------------------------------------


class _RowBefore(Func):
    """``(a, b, …) < (x, y, …)`` as one row comparison: PostgreSQL walks a composite
    index with it, which it would not do for the equivalent chain of ORs."""

    output_field = BooleanField()

    def __init__(self, columns: list, values: list):
        assert len(columns) == len(values)
        self.width = len(columns)
        super().__init__(*columns, *values)

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        left, right = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"(({left}) < ({right}))", params


def _search_query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def _filtered(
    *, user: User, filters: CatalogFilters, now: datetime.datetime, since: datetime.datetime | None = None
) -> QuerySet[JobPosting]:
    if filters.saved_only:
        # Saved postings stay listed after they close, so people can still find them.
        postings = JobPosting.objects.filter(Exists(JobBookmark.objects.filter(user=user, posting=OuterRef("pk"))))
    else:
        postings = JobPosting.objects.filter(is_active=True)
    if filters.location:
        postings = postings.filter(location__icontains=filters.location)
    if filters.remote_only:
        postings = postings.filter(is_remote=True)
    # Salary: the posting's range overlaps the wanted one. A posting that gives only one
    # end counts as that single figure; one that gives none is left out.
    if filters.salary_min is not None:
        postings = postings.alias(salary_top=Coalesce("salary_max", "salary_min")).filter(
            salary_top__gte=filters.salary_min
        )
    if filters.salary_max is not None:
        postings = postings.alias(salary_bottom=Coalesce("salary_min", "salary_max")).filter(
            salary_bottom__lte=filters.salary_max
        )
    if filters.experience_level:
        postings = postings.filter(experience_level=filters.experience_level)
    if filters.job_type:
        postings = postings.filter(job_type=filters.job_type)
    if filters.posted_within_days:
        within = now - datetime.timedelta(days=filters.posted_within_days)
        since = max(since, within) if since else within
    if since is not None:
        postings = postings.filter(posted_at__gte=since)
    return postings


def posting_candidates_queryset(
    *, user: User, filters: CatalogFilters, now: datetime.datetime, since: datetime.datetime | None = None
) -> QuerySet:
    """(id, posted_at, rank) of the newest RANK_CANDIDATES postings matching the text
    and filters, posted since ``since`` (the benchmark EXPLAINs this)."""
    query = _search_query(filters.q.strip())
    return (
        _filtered(user=user, filters=filters, now=now, since=since)
        .filter(search_vector=query)
        .annotate(rank=Cast(SearchRank(F("search_vector"), query), _RANK_FIELD))
        .order_by("-posted_at", "-id")
        .values_list("pk", "posted_at", "rank")[:RANK_CANDIDATES]
    )


def _ranked_candidates(*, user: User, filters: CatalogFilters, now: datetime.datetime) -> list[tuple]:
    """The newest RANK_CANDIDATES matches, looked for in growing windows of time.

    Each window is one query that PostgreSQL answers from the GIN index and the
    posted_at index together (a BitmapAnd), so it reads only the postings of that
    window that contain the words. A common word fills the first window (a day) and
    costs a few thousand rows instead of every match in the catalog; a rare one
    quickly widens to everything, which is cheap because there are few matches."""
    limit = filters.posted_within_days
    window = FIRST_WINDOW_DAYS
    while True:
        final = window is None or (limit is not None and window >= limit)
        since = None if window is None else now - datetime.timedelta(days=window)
        rows = list(posting_candidates_queryset(user=user, filters=filters, now=now, since=since))
        if final or len(rows) >= RANK_CANDIDATES:
            return rows
        # Widen by how far short we are (at least 4×); past the widest window, take all.
        growth = max(4, math.ceil(RANK_CANDIDATES / max(len(rows), 1) * 1.5))
        window = window * growth if window * growth <= WIDEST_WINDOW_DAYS else None


def posting_search(
    *, user: User, filters: CatalogFilters, cursor: str = "", page_size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
) -> CatalogPage:
    """One page of the catalog for ``user``. Raises InvalidCursor for a cursor that was
    tampered with or made for other filters.

    Without text: newest first (then id), read from the partial (posted_at, id) index,
    one query. With text: relevance first (``ts_rank`` rounded to 6 decimals so a
    cursor compares exactly), then newest, then id, among the newest RANK_CANDIDATES
    matches: one to a few queries for the candidates, one for the page's rows and
    highlights. Then one query each for bookmark state (none in the saved view) and
    board state of the page's postings, whatever their number.
    """
    now = now or timezone.now()
    key = _cursor_decode(cursor, filters) if cursor else None
    if filters.q.strip():
        rows, has_next = _ranked_page(user=user, filters=filters, key=key, page_size=page_size, now=now)
    else:
        rows = _filtered(user=user, filters=filters, now=now).annotate(excerpt=Substr("description", 1, 320))
        if key is not None:
            rows = rows.filter(_RowBefore(
                [F("posted_at"), F("pk")], [Value(key[1], DateTimeField()), Value(key[2], UUIDField())]
            ))
        rows = list(rows.order_by("-posted_at", "-id").defer("description", "search_vector")[: page_size + 1])
        has_next = len(rows) > page_size
        rows = rows[:page_size]
        for posting in rows:
            posting.title_html = escape(posting.title)
            posting.snippet_html = escape(_shorten(posting.excerpt, 260))
    _annotate_user_state(rows, user=user, all_bookmarked=filters.saved_only)
    return CatalogPage(
        postings=rows,
        next_cursor=_cursor_encode(rows[-1], filters) if has_next else "",
        is_first_page=key is None,
        ranked=bool(filters.q.strip()),
        filters=filters,
    )


def _ranked_page(
    *, user: User, filters: CatalogFilters, key: tuple | None, page_size: int, now: datetime.datetime
) -> tuple[list[JobPosting], bool]:
    # Order the candidates here: (rank, posted_at, id) descending, exactly as a cursor
    # compares them, so no row can appear on two pages or fall between them.
    candidates = sorted(
        ((rank, posted_at, posting_id) for posting_id, posted_at, rank in _ranked_candidates(
            user=user, filters=filters, now=now)),
        reverse=True,
    )
    if key is not None:
        candidates = [candidate for candidate in candidates if candidate < key]
    page = candidates[: page_size + 1]
    query = _search_query(filters.q.strip())
    by_id = JobPosting.objects.filter(pk__in=[posting_id for _, _, posting_id in page[:page_size]]).annotate(
        title_headline=SearchHeadline(
            "title", query, config=SEARCH_CONFIG, highlight_all=True, start_sel=_MARK_START, stop_sel=_MARK_STOP
        ),
        snippet=SearchHeadline(
            "description", query, config=SEARCH_CONFIG, start_sel=_MARK_START, stop_sel=_MARK_STOP,
            max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
        ),
    ).defer("description", "search_vector").in_bulk() if page else {}
    rows = []
    for rank, _, posting_id in page[:page_size]:
        posting = by_id.get(posting_id)
        if posting is None:  # deleted between the two queries
            continue
        posting.rank = rank
        posting.title_html = _highlight(posting.title_headline)
        posting.snippet_html = _highlight(posting.snippet)
        rows.append(posting)
    return rows, len(page) > page_size


def _annotate_user_state(postings: list[JobPosting], *, user: User, all_bookmarked: bool = False) -> None:
    """Set ``is_bookmarked`` and ``tracked_job_id`` on each posting: two queries for the
    whole page (one when every posting is known to be saved), never one per row."""
    ids = [posting.pk for posting in postings]
    if not ids:
        return
    if all_bookmarked:
        bookmarked = set(ids)
    else:
        bookmarked = set(
            JobBookmark.objects.filter(user=user, posting_id__in=ids).values_list("posting_id", flat=True)
        )
    tracked = dict(Job.objects.filter(user=user, posting_id__in=ids).values_list("posting_id", "pk"))
    for posting in postings:
        posting.is_bookmarked = posting.pk in bookmarked
        posting.tracked_job_id = tracked.get(posting.pk)


def _highlight(headline: str) -> SafeString:
    """ts_headline output as safe HTML: everything escaped, matches in <mark>."""
    return mark_safe(  # noqa: S308 - escaped just before; only our own <mark> tags are added
        escape(headline or "").replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )


def _shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# --- Cursors ------------------------------------------------------------------------------------


def _cursor_encode(posting: JobPosting, filters: CatalogFilters) -> str:
    rank = str(posting.rank) if filters.q.strip() else None
    payload = {"f": filters.fingerprint(), "k": [rank, posting.posted_at.isoformat(), str(posting.pk)]}
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def _cursor_decode(cursor: str, filters: CatalogFilters) -> tuple[Decimal | None, datetime.datetime, uuid.UUID]:
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
        if payload["f"] != filters.fingerprint():
            raise InvalidCursor("The cursor belongs to another search.")
        rank, posted_at, posting_id = payload["k"]
        ranked = bool(filters.q.strip())
        if ranked != (rank is not None):
            raise InvalidCursor("The cursor belongs to another search.")
        parsed_rank = Decimal(rank) if ranked else None
        parsed_at = datetime.datetime.fromisoformat(posted_at)
        if timezone.is_naive(parsed_at):
            raise InvalidCursor("The cursor has no time zone.")
        return parsed_rank, parsed_at, uuid.UUID(posting_id)
    except InvalidCursor:
        raise
    except (signing.BadSignature, KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as e:
        raise InvalidCursor("The page link is damaged.") from e
