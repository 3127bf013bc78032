"""The dashboard's "Job search" section: empty state, numbers, the Sankey chart and the
next interviews, in a bounded number of queries."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobStatus
from jobs.services import tracking
from tests.jobs.factories import InterviewFactory

pytestmark = pytest.mark.django_db
URL = "/dashboard/"


def _job(user, title, *moves):
    job = tracking.job_create(user=user, data={"title": title, "company": "Acme"})
    for status in moves:
        job = tracking.job_move(job=job, to_status=status, by=user)
    return job


def _section(body: str) -> str:
    match = re.search(r'<section id="job-search".*?</section>\s*</div>', body, re.S)
    assert match, "the job search section is missing"
    return match.group(0)


def test_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_wrong_method_is_405(owner_client):
    assert owner_client.post(URL).status_code == 405


def test_without_jobs_shows_an_empty_state(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    section = _section(response.content.decode())
    assert "not tracking any jobs yet" in section
    assert reverse("jobs:job_create") in section
    assert reverse("jobs:jobs_import_csv") in section
    assert "<svg" not in section
    # What was there before stays.
    assert "Profile completeness" in response.content.decode()


def test_with_jobs_shows_numbers_chart_and_accessible_table(owner_client, owner, stranger):
    _job(owner, "Saved only")
    _job(owner, "Waiting", JobStatus.APPLIED)
    _job(owner, "Offer", JobStatus.APPLIED, JobStatus.INTERVIEW_SCHEDULED, JobStatus.OFFER_RECEIVED)
    _job(owner, "No", JobStatus.APPLIED, JobStatus.REJECTED)
    _job(stranger, "Not mine", JobStatus.APPLIED)
    body = owner_client.get(URL).content.decode()
    section = _section(body)
    assert "Response rate" in section
    assert "67%" in section  # 2 of 3 applied-to jobs heard back
    assert "2 of the 3 jobs you applied to" in section
    svg = re.search(r"<svg.*?</svg>", section, re.S).group(0)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    labels = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Saved 4", "Applied 3", "Interview 1", "Offer 1", "Rejected 1"} <= labels
    table = re.search(r'<table class="sr-only">.*?</table>', section, re.S).group(0)
    assert "Saved → Applied" in table
    assert "search-stats.css" in body
    assert "Not mine" not in body


def test_next_interviews_in_the_users_time_zone(owner_client, owner):
    owner.timezone = "Asia/Tokyo"
    owner.save(update_fields=["timezone"])
    job = _job(owner, "Platform engineer", JobStatus.APPLIED)
    at = (timezone.now() + datetime.timedelta(days=2)).replace(minute=30, second=0, microsecond=0)
    InterviewFactory(job=job, scheduled_at=at)
    section = _section(owner_client.get(URL).content.decode())
    local = at.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert local.strftime("%H:%M") in section
    assert "Platform engineer" in section
    assert reverse("jobs:job_detail", args=[job.pk]) in section
    assert "Times in Asia/Tokyo" in section


def test_query_count_does_not_grow_with_jobs(owner_client, owner, django_assert_max_num_queries):
    for n in range(3):
        job = _job(owner, f"Job {n}", JobStatus.APPLIED)
        InterviewFactory(job=job)
    owner_client.get(URL)  # the session's first request records it (allauth usersessions)
    with CaptureQueriesContext(connection) as baseline:
        owner_client.get(URL)
    for n in range(20):
        job = _job(owner, f"More {n}", JobStatus.APPLIED, JobStatus.INTERVIEW_SCHEDULED)
        InterviewFactory(job=job)
    with django_assert_max_num_queries(len(baseline)):
        response = owner_client.get(URL)
    assert response.status_code == 200
