"""Catalog search benchmark: full-text search over a million generated postings.

Builds (or reuses) N postings from jobs.postings_generator in its own database,
loaded with PostgreSQL COPY, then runs ~200 searches (a text query + two filters)
through the same selector the catalog page uses, and prints p50/p95/max, the same
searches done with ILIKE for comparison, and EXPLAIN ANALYZE of sample queries.

    .venv/bin/python bench/catalog_search.py [--postings 1000000] [--searches 200]

Runs in the database careercoach_bench (on the embedded server, or on the server of
DATABASE_URL), so development data is never touched. Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import BENCH_DATABASE, setup_django  # noqa: E402

COPY_COLUMNS = (
    "id", "created_at", "updated_at", "title", "company", "location", "is_remote", "description", "requirements",
    "salary_min", "salary_max", "currency", "experience_level", "job_type", "posted_at", "source", "source_url",
    "is_active",
)
TABLE = "jobs_jobposting"


def _conninfo() -> dict:
    from django.db import connection

    db = connection.settings_dict
    return {
        "dbname": db["NAME"], "user": db["USER"] or None, "password": db["PASSWORD"] or None,
        "host": db["HOST"] or None, "port": db["PORT"] or None,
    }


def _copy_worker(conninfo: dict, seed: int, start: int, count: int, now: datetime.datetime) -> None:
    """Generate postings start … start+count-1 and COPY them in (runs in its own process)."""
    import uuid

    import psycopg

    from jobs.postings_generator import postings_generate

    columns = ", ".join(COPY_COLUMNS)
    with psycopg.connect(**conninfo) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        with cur.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
            for row in postings_generate(count, seed=seed, start=start, now=now):
                copy.write_row((
                    uuid.uuid4(),
                    now, now, row["title"], row["company"], row["location"], row["is_remote"], row["description"],
                    row["requirements"], row["salary_min"], row["salary_max"], row["currency"],
                    row["experience_level"], row["job_type"], row["posted_at"], "IMPORT", row["source_url"],
                    row["is_active"],
                ))


def _run_sql_in_parallel(conninfo: dict, statements: list[str]) -> None:
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for sql in statements:
            conn.execute(sql)


def ensure_postings(n: int, seed: int, *, rebuild: bool) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE}")
        have = cur.fetchone()[0]
    if have == n and not rebuild:
        print(f"reusing {have:,} postings already in database {connection.settings_dict['NAME']}")
        return
    print(f"building {n:,} postings (had {have:,}) …", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cur:
        # Bench data only: jobs tracked from postings in this database go with them.
        cur.execute(f"TRUNCATE {TABLE} CASCADE")
        # Loading without secondary indexes and building them afterwards is several
        # times faster than maintaining them (the GIN one above all) row by row.
        cur.execute(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s
               AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""",
            [TABLE, TABLE],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    connection.close()  # forked workers must not share this connection

    conninfo = _conninfo()
    now = datetime.datetime.now(datetime.UTC)
    workers = max(2, min(4, multiprocessing.cpu_count()))
    share = -(-n // workers)
    processes = [
        multiprocessing.Process(target=_copy_worker, args=(conninfo, seed, i * share, min(share, n - i * share), now))
        for i in range(workers) if i * share < n
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
        if p.exitcode:
            raise SystemExit(f"a COPY worker failed (exit code {p.exitcode})")
    print(f"  copied in {time.perf_counter() - started:.0f} s; ordering by date and building {len(indexes)} indexes …",
          flush=True)

    # A live catalog's table holds postings in the order they arrived, oldest first;
    # rows generated in parallel land in any order, so put them in that order once.
    by_date = [sql for _, sql in indexes if sql.rstrip().endswith("USING btree (posted_at)")]
    rest = [sql for _, sql in indexes if sql not in by_date]
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for sql in by_date:
            conn.execute(sql)
        if by_date:
            name = by_date[0].split(" ON ")[0].split()[-1]
            conn.execute(f"CLUSTER {TABLE} USING {name}")
    # The rest in two connections at once (two cores): the GIN indexes are the slow ones.
    halves = ([], [])
    for i, sql in enumerate(sorted(rest, key=lambda sql: "gin" not in sql.lower())):
        halves[i % 2].append(sql)
    builders = [multiprocessing.Process(target=_run_sql_in_parallel, args=(conninfo, half)) for half in halves]
    for p in builders:
        p.start()
    for p in builders:
        p.join()
        if p.exitcode:
            raise SystemExit("building an index failed")
    import psycopg

    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f"VACUUM (ANALYZE) {TABLE}")
    print(f"  ready in {time.perf_counter() - started:.0f} s", flush=True)


def build_searches(count: int, seed: int):
    from jobs.postings_generator import search_terms
    from jobs.selectors.catalog import CatalogFilters

    rng = random.Random(seed)
    terms = search_terms()
    phrases = ['"data engineer"', "python -java", "react typescript", "senior python", "kubernetes aws",
               '"product manager"', "sql -excel", "machine learning", "remote engineer", "java or kotlin"]
    combos = (
        lambda: {"remote_only": True, "posted_within_days": 30},
        lambda: {"salary_min": rng.choice((60_000, 80_000, 100_000, 120_000, 150_000)), "posted_within_days": 14},
        lambda: {"experience_level": rng.choice(("MID", "SENIOR", "JUNIOR", "LEAD")), "remote_only": True},
        lambda: {"job_type": rng.choice(("FULL_TIME", "CONTRACT")), "posted_within_days": rng.choice((3, 7))},
        lambda: {"salary_min": 90_000, "salary_max": 160_000, "remote_only": True},
    )
    searches = []
    for i in range(count):
        q = rng.choice(phrases) if i % 5 == 4 else rng.choice(terms)
        searches.append(CatalogFilters(q=q, **rng.choice(combos)()))
    return searches


def _condensed(plan: str) -> str:
    """The plan with the search document's long SQL expression written as search_document(…)."""
    start_mark, end_mark = "(search_vector || array_to_tsvector(", "jobs_location_keys((location)::text))))"
    while (start := plan.find(start_mark)) != -1 and (end := plan.find(end_mark, start)) != -1:
        plan = plan[:start] + "search_document(…)" + plan[end + len(end_mark):]
    return plan


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(name: str, timings: list[float]) -> str:
    return (f"{name}: {len(timings)} searches, p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 95):.1f} ms, max {max(timings):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--ilike-searches", type=int, default=40, help="ILIKE is slow: compare on fewer searches")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", default=BENCH_DATABASE)
    parser.add_argument("--rebuild", action="store_true", help="generate the postings again even if the count matches")
    args = parser.parse_args()
    setup_django(args.database)
    ensure_postings(args.postings, args.seed, rebuild=args.rebuild)

    from django.db import connection
    from django.db.models import Q

    from accounts.models import User
    from jobs.models import JobBookmark, JobPosting
    from jobs.selectors import catalog

    user = User.objects.filter(email="bench-catalog@example.com").first() or User.objects.create_user(
        email="bench-catalog@example.com"
    )
    if not JobBookmark.objects.filter(user=user).exists():
        sample = JobPosting.objects.filter(is_active=True).order_by("-posted_at")[:200:4]
        JobBookmark.objects.bulk_create([JobBookmark(user=user, posting=p) for p in sample], ignore_conflicts=True)

    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    newest = JobPosting.objects.order_by("-posted_at").values_list("posted_at", flat=True).first()
    print(f"PostgreSQL shared_buffers {shared_buffers}; newest posting {newest:%Y-%m-%d %H:%M} UTC; "
          f"ranking the newest {catalog.RANK_CANDIDATES} matches of each search")

    # Warm up as a running site is warm: the table read once (into the OS cache), then
    # searches other than the measured ones (another seed) for the indexes.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE length(title) >= 0")
    for filters in build_searches(60, args.seed + 1):
        catalog.posting_search(user=user, filters=filters)
    print(f"warmed up in {time.perf_counter() - started:.0f} s")

    searches = build_searches(args.searches, args.seed)

    timings, empty = [], 0
    for filters in searches:
        started = time.perf_counter()
        page = catalog.posting_search(user=user, filters=filters)
        timings.append((time.perf_counter() - started) * 1000)
        empty += not page.postings
    print(summary("full-text search (page 1, 20 rows, via the page's selector)", timings))
    print(f"  {empty} of {len(searches)} searches found nothing")
    slowest = sorted(zip(timings, searches, strict=True), key=lambda pair: pair[0])[-3:]
    for ms, filters in reversed(slowest):
        print(f"  slow: {ms:.1f} ms  {filters}")

    # The same searches with ILIKE on title/description (single words only: ILIKE has
    # no syntax), newest first like the page without ranking.
    now = datetime.datetime.now(datetime.UTC)
    single = [f for f in searches if " " not in f.q and '"' not in f.q][: args.ilike_searches]
    fts_single, ilike = [], []
    for filters in single:
        started = time.perf_counter()
        catalog.posting_search(user=user, filters=filters)
        fts_single.append((time.perf_counter() - started) * 1000)
        rows = catalog._filtered(user=user, filters=filters, now=now).filter(
            Q(title__icontains=filters.q) | Q(description__icontains=filters.q)
        ).order_by("-posted_at", "-id").defer("description", "search_vector")
        started = time.perf_counter()
        list(rows[:21])
        ilike.append((time.perf_counter() - started) * 1000)
    print(summary("ILIKE on title/description (same filters, newest first)", ilike))
    print(summary("full-text search on those same searches", fts_single))
    print(f"  ILIKE / full-text: p50 ×{statistics.median(ilike) / statistics.median(fts_single):.1f}, "
          f"p95 ×{percentile(ilike, 95) / percentile(fts_single, 95):.1f}")

    # Location is a substring filter (icontains) that no index serves without pg_trgm:
    # measured on its own, not in the figures above.
    located = [catalog.CatalogFilters(q=f.q, location=place, job_type="FULL_TIME")
               for f, place in zip(searches[:40], ("Berlin", "London", "New York", "Lisbon") * 10, strict=True)]
    located_ms = []
    for filters in located:
        started = time.perf_counter()
        catalog.posting_search(user=user, filters=filters)
        located_ms.append((time.perf_counter() - started) * 1000)
    print(summary("for comparison, text + location (substring) + job type", located_ms))

    now = datetime.datetime.now(datetime.UTC)
    for title, filters, days in (
        ("a common word: the first window (last day) is enough",
         catalog.CatalogFilters(q="python", remote_only=True, posted_within_days=30), 1),
        ("a rarer word: no window, all matches",
         catalog.CatalogFilters(q="dovetail", remote_only=True, posted_within_days=30), None),
    ):
        since = now - datetime.timedelta(days=days) if days else None
        qs = catalog.posting_candidates_queryset(user=user, filters=filters, now=now, since=since)
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) — {title}: {filters.q!r} + remote + posted within 30 days")
        print(_condensed(qs.explain(analyze=True, buffers=True)))
    connection.close()


if __name__ == "__main__":
    main()
