"""The catalog's search document: a posting's words plus its filter keys, one GIN index.

Text search alone is quick with the GIN index on ``search_vector``; what makes a
catalog search slow is the filters next to it ("python" + remote + posted this
month): PostgreSQL has to read every posting that contains the words and then
check the filters row by row. So the catalog also indexes a *search document*:
``search_vector`` plus a few made-up lexemes that stand for the filter values:

    xxremote                       remote postings
    xxlevelsenior, xxtypefulltime  experience level and job type
    xxday9456                      the UTC day it was posted (days since 2000-01-01)
    xxsaltop80, xxsalbottom120     its salary range reaches 80,000 / starts at or below
                                   120,000 (one key per threshold it passes)
    xxlocberlin, xxlocerlin, …     every ending of every word of its location

A search then asks one question of one index, e.g. ``python & xxremote &
(xxday9455 | xxday9456)``, and GIN intersects the lists itself: only postings that
match everything are read. Days and salary thresholds are coarser than the
filters, so the exact conditions are still applied to the rows found; the keys only
narrow the search, and each filter adds one key (or, for a short span of days, a
short OR): an OR of many frequent keys makes GIN merge every one of their lists,
which was measured to cost more than it saves.

Location is a substring filter ("icontains"). Text that occurs in a location is,
word by word, the start of an ending of one of its words: "erlin, Germ" is in
"Berlin, Germany" because "erlin" starts the ending "erlin" of Berlin and "germ"
starts "germany". So the location filter looks up ``xxlocerlin:* & xxlocgerm:*``
(prefix matches in GIN), which finds every posting the substring test would, and
then applies that test. The endings come from the SQL function
``jobs_location_keys`` (an immutable SQL function created by migration 0005):
PostgreSQL splits and lower-cases both the locations and the typed text
(LOCATION_WORDS_SQL), so the two always agree.

``PostingSearchDocument`` is the SQL expression (used both by the index in
``JobPosting.Meta`` and by the catalog's queries: PostgreSQL uses an expression
index only for the very same expression); the ``*_key(s)`` functions here write the
matching lexemes. Keep the two in step. The migrations build the index from this
class as it is when they run, so a change to the expression needs a new migration
that removes and re-adds the index (as 0005 does), or existing databases keep the
old index, which the queries then no longer use.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Func

DAY_ZERO = datetime.date(2000, 1, 1)
# A posting date may be this far ahead of now (a date typed in another time zone), no
# more: the day keys of a search reach this far ahead (services check it).
POSTED_AT_MAX_AHEAD = datetime.timedelta(days=1)
LOCATION_KEYS = "jobs_location_keys"
# How PostgreSQL splits typed text into words, the way jobs_location_keys splits locations.
LOCATION_WORDS_SQL = "array_remove(regexp_split_to_array(lower(%s), '[^[:alnum:]]+'), '')"
# Salary keys: a posting gets xxsaltop<k> for each threshold its range reaches and
# xxsalbottom<k> for each threshold its range starts at or below (k in thousands).
SALARY_THRESHOLDS = (
    20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000, 120_000, 140_000, 160_000,
    180_000, 200_000, 250_000, 300_000,
)


class PostingSearchDocument(Func):
    """``search_vector`` || the posting's filter keys, as a tsvector (immutable SQL)."""

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(
            F("search_vector"), F("is_remote"), F("experience_level"), F("job_type"), F("posted_at"),
            F("salary_min"), F("salary_max"), F("location"),
        )

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        vector, remote, level, job_type, posted_at, salary_min, salary_max, location = parts
        top, bottom = f"coalesce({salary_max}, {salary_min})", f"coalesce({salary_min}, {salary_max})"
        keys = ", ".join((
            f"CASE WHEN {remote} THEN 'xxremote' END",
            f"CASE WHEN {level} <> '' THEN 'xxlevel' || lower(replace({level}, '_', '')) END",
            f"CASE WHEN {job_type} <> '' THEN 'xxtype' || lower(replace({job_type}, '_', '')) END",
            f"'xxday' || ((({posted_at} AT TIME ZONE 'UTC')::date - DATE '{DAY_ZERO.isoformat()}'))::text",
            *(f"CASE WHEN {top} >= {t} THEN '{salary_top_key(t)}' END" for t in SALARY_THRESHOLDS),
            *(f"CASE WHEN {bottom} <= {t} THEN '{salary_bottom_key(t)}' END" for t in SALARY_THRESHOLDS),
        ))
        # array_to_tsvector refuses NULLs: a missing level, type or salary adds no key.
        return (
            f"({vector} || array_to_tsvector(array_remove(ARRAY[{keys}], NULL) || {LOCATION_KEYS}({location})))",
            params,
        )


def _squash(value: str) -> str:
    return value.lower().replace("_", "")


def remote_key() -> str:
    return "xxremote"


def level_key(level: str) -> str:
    return f"xxlevel{_squash(level)}"


def job_type_key(job_type: str) -> str:
    return f"xxtype{_squash(job_type)}"


def day_keys(since: datetime.datetime, now: datetime.datetime) -> list[str]:
    """The day keys from ``since`` to ``now`` (UTC days, both ends included)."""
    first = (since.astimezone(datetime.UTC).date() - DAY_ZERO).days
    last = (now.astimezone(datetime.UTC).date() - DAY_ZERO).days
    return [f"xxday{day}" for day in range(first, last + 1)]


def salary_top_key(threshold: int) -> str:
    return f"xxsaltop{threshold // 1000}"


def salary_bottom_key(threshold: int) -> str:
    return f"xxsalbottom{threshold // 1000}"


def salary_at_least_key(amount: int) -> str | None:
    """The key of postings that may reach ``amount`` (None: every posting may)."""
    passed = [t for t in SALARY_THRESHOLDS if t <= amount]
    return salary_top_key(passed[-1]) if passed else None


def salary_at_most_key(amount: int) -> str | None:
    """The key of postings that may start at or below ``amount`` (None: every posting may)."""
    above = [t for t in SALARY_THRESHOLDS if t >= amount]
    return salary_bottom_key(above[0]) if above else None


def location_query(words: list[str]) -> str:
    """The tsquery text that finds every location containing the typed text, given the
    typed text's words as PostgreSQL splits them (LOCATION_WORDS_SQL)."""
    return " & ".join(f"'xxloc{word}':*" for word in words)
