"""Board benchmark: a job seeker with 1,000 tracked jobs (with interviews and history).

Prints the SQL query count of the board page at 10 and at 1,000 jobs (they must be
equal, at most 10) and the median server time of the page over repeated requests.

    .venv/bin/python bench/board.py [--jobs 1000] [--runs 30]

Runs in its own database (careercoach_bench on the embedded server, or the server
of DATABASE_URL), so development data is never touched.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import setup_django  # noqa: E402


def build(user, n_jobs: int) -> None:
    from django.utils import timezone

    from jobs.models import Interview, Job, JobStatus, StatusChange

    Job.objects.filter(user=user).delete()
    statuses = JobStatus.values
    now = timezone.now()
    jobs = [
        Job(
            user=user, title=f"Engineer {i}", company=f"Company {i % 97}", location=["Berlin", "Remote", "Lisbon"][i % 3],
            status=statuses[i % len(statuses)], position=i // len(statuses), salary_min=50_000 + i, salary_max=90_000 + i,
            work_mode=["REMOTE", "HYBRID", "ONSITE"][i % 3], job_type="FULL_TIME",
            application_deadline=(now + datetime.timedelta(days=i % 40)).date(),
        )
        for i in range(n_jobs)
    ]
    Job.objects.bulk_create(jobs, batch_size=1000)
    history = []
    for job in jobs:
        history.append(StatusChange(job=job, from_status="", to_status="INTERESTED", changed_by=user))
        if job.status != "INTERESTED":
            history.append(StatusChange(job=job, from_status="INTERESTED", to_status=job.status, changed_by=user))
    StatusChange.objects.bulk_create(history, batch_size=2000)
    interviews = [
        Interview(user=user, job=job, scheduled_at=now + datetime.timedelta(days=(i % 30) - 10, hours=i % 8))
        for i, job in enumerate(jobs) if i % 2 == 0
    ]
    Interview.objects.bulk_create(interviews, batch_size=2000)


def measure(client, runs: int) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/jobs/")
    assert response.status_code == 200, response.status_code
    queries = len(ctx.captured_queries)  # read now: the next request resets the query log
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/jobs/")
        timings.append((time.perf_counter() - started) * 1000)
    return queries, statistics.median(timings), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from accounts import services
    from accounts.models import User

    user = User.objects.filter(email="bench-board@example.com").first() or services.user_create(
        email="bench-board@example.com", password=None
    )
    client = Client()
    client.force_login(user)
    results = {}
    for n in (10, args.jobs):
        build(user, n)
        client.get("/jobs/")  # warm caches and templates
        results[n] = measure(client, args.runs)
        queries, median_ms, size = results[n]
        print(f"board with {n:>5} jobs: {queries} SQL queries, median server time {median_ms:.1f} ms "
              f"over {args.runs} requests ({size / 1024:.0f} KiB of HTML)")
    small, large = results[10][0], results[args.jobs][0]
    print(f"queries equal at 10 and {args.jobs} jobs: {'yes' if small == large else 'NO'}; "
          f"at most 10: {'yes' if large <= 10 else 'NO'}; "
          f"median ≤ 150 ms: {'yes' if results[args.jobs][1] <= 150 else 'NO'}")


if __name__ == "__main__":
    main()
