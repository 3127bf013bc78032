"""Reads for the shared job catalog: full-text search with filters and keyset pages.

Text is matched against the stored ``search_vector`` column (title A, company B,
description C) with ``websearch_to_tsquery``, so people can type ``python -java`` or
``"data engineer"``, and ranked with ``ts_rank``. Postings are found through the
search-document GIN index (jobs/search.py), which answers the words and the filters
in one index scan; only the newest RANK_CANDIDATES matches are ranked, looked for in
the last day first (see _ranked_candidates). Measured by bench/catalog_search.py.

Pages are keyset pages: the cursor carries the sort key of the last row shown,
signed so it cannot be forged, and bound to the filters it was made for.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from dataclasses import astuple, dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core import signing
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    DateTimeField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    UUIDField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from jobs import search
from jobs.models import Job, JobBookmark, JobPosting

PAGE_SIZE = 20
POSTED_WITHIN_DAYS = (1, 3, 7, 14, 30)
# A text search ranks at most this many matches: the newest ones. Ranking every match
# of a common word ("engineer" is in a third of a million-row catalog) means reading
# and scoring each of their rows: seconds instead of milliseconds. 25 pages of 20 is
# more than people read; the page says so. (bench/catalog_search.py measures this:
# p95 ≈ 45-50 ms at 500 on a 2-core box, ≈ 65-75 ms at 1,000.)
RANK_CANDIDATES = 500
# Candidates are looked for in the last day, then the last 3 days, then everywhere.
SHORT_WINDOWS_DAYS = (1, 3)
DAY_KEYS_MAX_DAYS = 3
CURSOR_SALT = "jobs.catalog.cursor"
SEARCH_CONFIG = "english"

# ts_headline inserts these around matched words; we escape the text, then turn them
# into <mark>. Private-use characters, so a description cannot smuggle in markup.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


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
    sort: str = "relevance"  # or "match": best match with the primary resume first

    @property
    def narrowed(self) -> bool:
        """Whether anything narrows the search (the saved-only view and the order aside)."""
        return any(value not in ("", None, False) for value in astuple(self)[:-2])

    @property
    def by_match(self) -> bool:
        return self.sort == "match"

    @property
    def keyed_by_score(self) -> bool:
        """Pages ordered by a score (relevance or match) before date: the cursor carries it."""
        return bool(self.q.strip()) or self.by_match

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
    match_unavailable: bool = False  # sorting by match was asked without a read primary resume
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
    return _with_user_state(posting_list_visible_to(user=user), user=user).defer("search_vector").get(pk=posting_id)


def _with_user_state(postings: QuerySet[JobPosting], *, user: User) -> QuerySet[JobPosting]:
    """Each posting with ``is_bookmarked`` and ``tracked_job_id`` (the user's job tracking
    it, or None), in the same query: PostgreSQL works them out only for the rows returned."""
    return postings.annotate(
        is_bookmarked=Exists(JobBookmark.objects.filter(user=user, posting=OuterRef("pk"))),
        tracked_job_id=Subquery(Job.objects.filter(user=user, posting=OuterRef("pk")).values("pk")[:1]),
    )


def posting_source_url_taken(*, url: str | None, exclude_pk=None) -> bool:
    """Whether another posting already has this source URL (they are unique)."""
    return bool(url) and JobPosting.objects.filter(source_url=url).exclude(pk=exclude_pk).exists()


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
    since = _since(filters, now=now, since=since)
    if since is not None:
        postings = postings.filter(posted_at__gte=since)
    return postings


def _since(filters: CatalogFilters, *, now: datetime.datetime, since: datetime.datetime | None):
    """The earliest posting date wanted: the "posted within" filter or ``since``, the later."""
    if not filters.posted_within_days:
        return since
    within = now - datetime.timedelta(days=filters.posted_within_days)
    return max(since, within) if since else within


def _keys_query(
    filters: CatalogFilters, *, since: datetime.datetime | None, now: datetime.datetime, lookup: _Lookup
) -> str:
    """The filter keys (see jobs.search) every candidate must have, as a tsquery text."""
    terms = [search.location_query(list(lookup.location_words))] if lookup.location_words else []
    if filters.remote_only:
        terms.append(search.remote_key())
    if filters.experience_level:
        terms.append(search.level_key(filters.experience_level))
    if filters.job_type:
        terms.append(search.job_type_key(filters.job_type))
    if filters.salary_min is not None:
        terms.append(search.salary_at_least_key(filters.salary_min))
    if filters.salary_max is not None:
        terms.append(search.salary_at_most_key(filters.salary_max))
    since = _since(filters, now=now, since=since)
    # Only short spans: an OR of many days' keys costs more than it saves (jobs/search.py).
    if since is not None and now - since <= datetime.timedelta(days=DAY_KEYS_MAX_DAYS):
        days = search.day_keys(since, now + search.POSTED_AT_MAX_AHEAD)
        terms.append(f"({' | '.join(days)})")
    return " & ".join(term for term in terms if term)


class _TsQuery(SearchQuery):
    """A tsquery written out already (``'python' & xxremote``): cast, not parsed again by a
    configuration, so its lexemes stay exactly as PostgreSQL wrote them."""

    def as_sql(self, compiler, connection, **extra_context):
        return "%s::tsquery", [self.source_expressions[0].value]


@dataclass(frozen=True)
class _Lookup:
    """What the search-document index can look up for a search (see jobs.search)."""

    words: str | None  # the query's words as tsquery text; None: nothing to look up
    location_words: tuple[str, ...] = ()


def _lookup(filters: CatalogFilters) -> _Lookup:
    """One round trip: PostgreSQL's own reading of the typed words and location.

    querytree() keeps what an index can look up of the query: it drops negated words
    ("python -java" → 'python'); phrases become plain ANDs here ("data engineer" →
    'data' & 'engin'). The exact query is still checked on each row found, against
    the stored vector; looked up this way, the index answers exactly and never
    re-reads the rows' search document. Nothing to look up: only stop words, or only
    negated words."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT querytree(websearch_to_tsquery(%s::regconfig, %s)), {search.LOCATION_WORDS_SQL}",
            [SEARCH_CONFIG, filters.q.strip(), filters.location],
        )
        tree, location_words = cursor.fetchone()
    words = None if tree in ("", "T") else re.sub(r"<\d*->|<\d+>", "&", tree)
    return _Lookup(words=words, location_words=tuple(location_words or ()))


def posting_candidates_queryset(
    *, user: User, filters: CatalogFilters, now: datetime.datetime, since: datetime.datetime | None = None,
    lookup: _Lookup | None = None,
) -> QuerySet:
    """(id as text, posted_at in µs, rank in millionths) of the newest RANK_CANDIDATES
    postings matching the text and filters, posted since ``since`` (the benchmark
    EXPLAINs this). ``lookup``: _lookup(filters), made when not given."""
    q = filters.q.strip()
    query = _search_query(q)
    postings = _filtered(user=user, filters=filters, now=now, since=since).filter(search_vector=query)
    if not filters.saved_only:  # (a few saved postings, open or closed, need no index)
        lookup = lookup or _lookup(filters)
        if lookup.words is None:
            return JobPosting.objects.none().values_list("pk", "posted_at", "pk")
        keys = _keys_query(filters, since=since, now=now, lookup=lookup)
        document_query = f"({lookup.words}) & {keys}" if keys else lookup.words
        postings = postings.alias(document=search.PostingSearchDocument()).filter(
            document=_TsQuery(document_query)
        )
    return (
        postings.annotate(
            # Integers and text: Python turns a thousand of them into objects much faster
            # than timestamps with a time zone, decimals or UUIDs, and they compare
            # exactly (ts_rank is a float4; its millionths are what the order uses).
            rank=Cast(SearchRank(F("search_vector"), query) * 1_000_000, BigIntegerField()),
            # (Extract() would convert to the site's time zone first; epoch needs none.)
            posted_us=Cast(
                Func(F("posted_at"), template="EXTRACT(EPOCH FROM %(expressions)s)") * 1_000_000, BigIntegerField()
            ),
            # The text of a UUID sorts like the UUID itself.
            id_text=Cast("pk", TextField()),
        )
        .order_by("-posted_at", "-id")
        .values_list("id_text", "posted_us", "rank")[:RANK_CANDIDATES]
    )


def _ranked_candidates(*, user: User, filters: CatalogFilters, now: datetime.datetime) -> list[tuple]:
    """The newest RANK_CANDIDATES matches.

    A common word matches far more postings than we rank, and reading all of them is
    what costs; so look in the last day first, then the last three days (the day
    keys of the search document let GIN hand over just those postings), and only
    then in everything, which is cheap precisely when the first windows came up short.
    """
    if filters.saved_only:
        return list(posting_candidates_queryset(user=user, filters=filters, now=now))
    lookup = _lookup(filters)
    if lookup.words is None:
        return []
    within = filters.posted_within_days
    previous_days, found = 0, 0
    for days in SHORT_WINDOWS_DAYS:
        if within is not None and within <= days:
            break  # the filter itself is this short: the last query does it
        if previous_days and found * days / previous_days < RANK_CANDIDATES:
            break  # at this rate the wider window would come up short too
        rows = list(posting_candidates_queryset(
            user=user, filters=filters, now=now, since=now - datetime.timedelta(days=days), lookup=lookup
        ))
        if len(rows) >= RANK_CANDIDATES:
            return rows
        previous_days, found = days, len(rows)
    return list(posting_candidates_queryset(user=user, filters=filters, now=now, lookup=lookup))


def posting_search(
    *, user: User, filters: CatalogFilters, cursor: str = "", page_size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
) -> CatalogPage:
    """One page of the catalog for ``user``. Raises InvalidCursor for a cursor that was
    tampered with or made for other filters.

    Without text: newest first (then id), read from the partial (posted_at, id) index,
    one query. With text: relevance first (``ts_rank`` in whole millionths, so a
    cursor compares exactly), then newest, then id, among the newest RANK_CANDIDATES
    matches: one query to read the words, one to three for the candidates, one for the
    page's rows and highlights. Each posting carries ``is_bookmarked`` and
    ``tracked_job_id`` for ``user`` (from the same query), ``title_html`` and
    ``snippet_html`` (safe HTML, matches in <mark>). The number of queries never
    depends on the number of results.
    """
    now = now or timezone.now()
    key = _cursor_decode(cursor, filters) if cursor else None
    match_unavailable = False
    if filters.by_match:
        rows, has_next, match_unavailable = _match_page(
            user=user, filters=filters, key=key, page_size=page_size, now=now
        )
    elif filters.q.strip():
        rows, has_next = _ranked_page(user=user, filters=filters, key=key, page_size=page_size, now=now)
    else:
        rows = _with_user_state(_filtered(user=user, filters=filters, now=now), user=user).annotate(
            excerpt=Substr("description", 1, 320)
        )
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
    return CatalogPage(
        postings=rows,
        next_cursor=_cursor_encode(rows[-1], filters) if has_next else "",
        is_first_page=key is None,
        ranked=bool(filters.q.strip()) and not filters.by_match,
        match_unavailable=match_unavailable,
        filters=filters,
    )


def _ranked_page(
    *, user: User, filters: CatalogFilters, key: tuple | None, page_size: int, now: datetime.datetime
) -> tuple[list[JobPosting], bool]:
    # Order the candidates here: (rank, posted_at, id) descending, exactly as a cursor
    # compares them, so no row can appear on two pages or fall between them.
    candidates = sorted(
        ((rank, posted_us, posting_id) for posting_id, posted_us, rank in _ranked_candidates(
            user=user, filters=filters, now=now)),
        reverse=True,
    )
    if key is not None:
        after = (key[0], _microseconds(key[1]), str(key[2]))
        candidates = [candidate for candidate in candidates if candidate < after]
    page = candidates[: page_size + 1]
    query = _search_query(filters.q.strip())
    ids = [posting_id for _, _, posting_id in page[:page_size]]
    found = _with_user_state(JobPosting.objects.filter(pk__in=ids), user=user).annotate(
        title_headline=SearchHeadline(
            "title", query, config=SEARCH_CONFIG, highlight_all=True, start_sel=_MARK_START, stop_sel=_MARK_STOP
        ),
        snippet=SearchHeadline(
            "description", query, config=SEARCH_CONFIG, start_sel=_MARK_START, stop_sel=_MARK_STOP,
            max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ",
        ),
    ).defer("description", "search_vector") if page else []
    by_id = {str(posting.pk): posting for posting in found}
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


def _match_page(
    *, user: User, filters: CatalogFilters, key: tuple | None, page_size: int, now: datetime.datetime
) -> tuple[list[JobPosting], bool, bool]:
    """Best match with the user's primary resume first, among the same RANK_CANDIDATES
    postings a relevance search ranks (or the newest ones without text). Each posting
    carries ``match_score``; without a read primary resume the order is by date and the
    third value returned is True."""
    from jobs.selectors.ats import posting_match_scores

    if filters.q.strip():
        ids = [posting_id for posting_id, _, _ in _ranked_candidates(user=user, filters=filters, now=now)]
    else:
        ids = [
            str(pk) for pk in _filtered(user=user, filters=filters, now=now)
            .order_by("-posted_at", "-id").values_list("pk", flat=True)[:RANK_CANDIDATES]
        ]
    postings = list(
        _with_user_state(JobPosting.objects.filter(pk__in=ids), user=user)
        .annotate(excerpt=Substr("description", 1, 320))
        .defer("search_vector")
    )
    scores = posting_match_scores(user=user, postings=postings)
    ordered = sorted(
        ((scores.get(posting.pk, 0), _microseconds(posting.posted_at), str(posting.pk), posting) for posting in postings),
        key=lambda row: row[:3],
        reverse=True,
    )
    if key is not None:
        after = (key[0], _microseconds(key[1]), str(key[2]))
        ordered = [row for row in ordered if row[:3] < after]
    rows = []
    for score, _, _, posting in ordered[:page_size]:
        posting.rank = score
        posting.match_score = score if scores else None
        posting.title_html = escape(posting.title)
        posting.snippet_html = escape(_shorten(posting.excerpt, 260))
        rows.append(posting)
    return rows, len(ordered) > page_size, not scores


def _microseconds(moment: datetime.datetime) -> int:
    return (moment - _EPOCH) // datetime.timedelta(microseconds=1)


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
    rank = posting.rank if filters.keyed_by_score else None
    payload = {"f": filters.fingerprint(), "k": [rank, posting.posted_at.isoformat(), str(posting.pk)]}
    return signing.dumps(payload, salt=CURSOR_SALT, compress=True)


def _cursor_decode(cursor: str, filters: CatalogFilters) -> tuple[int | None, datetime.datetime, uuid.UUID]:
    try:
        payload = signing.loads(cursor, salt=CURSOR_SALT)
        if payload["f"] != filters.fingerprint():
            raise InvalidCursor("The cursor belongs to another search.")
        rank, posted_at, posting_id = payload["k"]
        ranked = filters.keyed_by_score
        if ranked != (rank is not None):
            raise InvalidCursor("The cursor belongs to another search.")
        if ranked and (type(rank) is not int):
            raise InvalidCursor("The page link is damaged.")
        parsed_at = datetime.datetime.fromisoformat(posted_at)
        if timezone.is_naive(parsed_at):
            raise InvalidCursor("The cursor has no time zone.")
        return rank, parsed_at, uuid.UUID(posting_id)
    except InvalidCursor:
        raise
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as e:
        raise InvalidCursor("The page link is damaged.") from e
