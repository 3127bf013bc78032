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
    print(f"  copied in {time.perf_counter() - started:.0f} s; building {len(indexes)} indexes …", flush=True)

    gin = [sql for name, sql in indexes if "gin" in sql.lower()]
    others = [sql for name, sql in indexes if "gin" not in sql.lower()]
    builders = [multiprocessing.Process(target=_run_sql_in_parallel, args=(conninfo, batch)) for batch in (gin, others)]
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
        lambda: {"job_type": "FULL_TIME", "location": rng.choice(("Berlin", "London", "New York", "Lisbon", "Remote"))},
        lambda: {"salary_min": 90_000, "salary_max": 160_000, "remote_only": True},
    )
    searches = []
    for i in range(count):
        q = rng.choice(phrases) if i % 5 == 4 else rng.choice(terms)
        searches.append(CatalogFilters(q=q, **rng.choice(combos)()))
    return searches


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

    searches = build_searches(args.searches, args.seed)
    for filters in searches[:20]:  # warm the cache the way a running site has it warm
        catalog.posting_search(user=user, filters=filters)

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

    for title, filters in (
        ("a rare word (GIN bitmap scan)", catalog.CatalogFilters(q="dovetail", remote_only=True, posted_within_days=30)),
        ("a common word (newest-first index walk)", catalog.CatalogFilters(q="python", remote_only=True, posted_within_days=30)),
    ):
        qs = catalog.posting_search_queryset(user=user, filters=filters)[: catalog.PAGE_SIZE + 1]
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) — {title}: {filters.q!r} + remote + posted within 30 days")
        print(qs.explain(analyze=True, buffers=True))
    connection.close()


if __name__ == "__main__":
    main()
