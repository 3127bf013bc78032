"""Industry insight benchmark: how long computing one insight takes on a big catalog.

Reuses the catalog benchmark's generated postings (bench/catalog_search.py builds them in
careercoach_bench with COPY), then computes every curated industry's insight with the
same function the refresh uses (coaching.offline.insight.insight_compute) and prints
the time of each, its sample size, and EXPLAIN ANALYZE of the counting query.

    .venv/bin/python bench/insights.py [--postings 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import BENCH_DATABASE, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database", default=BENCH_DATABASE)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    setup_django(args.database)
    from bench.catalog_search import ensure_postings

    ensure_postings(args.postings, args.seed, rebuild=args.rebuild)

    import datetime

    from django.db import connection

    from coaching.offline.insight import WINDOW_DAYS, _postings, industries, insight_compute

    now = datetime.datetime.now(datetime.UTC)
    print(f"{'industry':32} {'sample':>9} {'p50 s':>7} {'max s':>7}")
    for industry in industries():
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            numbers = insight_compute(industry=industry, now=now)
            timings.append(time.perf_counter() - started)
        print(f"{industry.name:32} {numbers.sample_size:>9,} {statistics.median(timings):>7.2f} {max(timings):>7.2f}")

    industry = industries()[0]
    sql, params = _postings(industry).filter(
        posted_at__gte=now - datetime.timedelta(days=WINDOW_DAYS)
    ).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) t", params)
        print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
