"""The jobs API (/api/v1/jobs, applications, interviews, postings): authentication and
scopes, ownership (others' ids are 404), filters, moves and conflicts, validation and
the error shape, and the OpenAPI document."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from accounts import services as account_services
from jobs.models import Application, Interview, Job, JobBookmark, JobPosting, JobStatus, StatusChange
from jobs.services import tracking
from tests.accounts.factories import UserFactory
from tests.jobs.factories import (
    ApplicationFactory,
    InterviewFactory,
    JobBookmarkFactory,
    JobPostingFactory,
    ResumeFactory,
)

pytestmark = pytest.mark.django_db

JOBS = "/api/v1/jobs/"
APPLICATIONS = "/api/v1/applications/"
INTERVIEWS = "/api/v1/interviews/"
POSTINGS = "/api/v1/postings/"


def _send(client, method: str, url: str, data=None, **kwargs):
    body = json.dumps(data) if data is not None else None
    return getattr(client, method)(url, body, content_type="application/json", **kwargs)


def _bearer(raw_key: str) -> dict:
    return {"headers": {"Authorization": f"Bearer {raw_key}"}}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"]
    return error


def _job(user, title="Engineer", status=JobStatus.INTERESTED, **data):
    return tracking.job_create(user=user, data={"title": title, "company": "Acme", **data}, status=status)


def _key(user, *scopes) -> str:
    return account_services.api_key_create(user=user, name="script", scopes=list(scopes))[1]


@pytest.fixture
def job(owner):
    return _job(owner)


@pytest.fixture
def application(job):
    return ApplicationFactory(job=job)


@pytest.fixture
def interview(job):
    return InterviewFactory(job=job)


@pytest.fixture
def posting():
    return JobPostingFactory(title="Backend engineer", company="Initech")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True))
    return client


# --- Authentication and scopes -----------------------------------------------------------------


def _routes(job, application, interview, posting) -> list[tuple[str, str, dict | None]]:
    """Every route and method: (method, url, body)."""
    return [
        ("get", JOBS, None),
        ("post", JOBS, {"title": "X", "company": "Y"}),
        ("get", f"{JOBS}{job.pk}/", None),
        ("patch", f"{JOBS}{job.pk}/", {"notes": "x"}),
        ("delete", f"{JOBS}{job.pk}/", None),
        ("post", f"{JOBS}{job.pk}/move/", {"status": "APPLIED"}),
        ("get", f"{JOBS}{job.pk}/history/", None),
        ("get", APPLICATIONS, None),
        ("post", APPLICATIONS, {"job": str(job.pk)}),
        ("get", f"{APPLICATIONS}{application.pk}/", None),
        ("patch", f"{APPLICATIONS}{application.pk}/", {"notes": "x"}),
        ("delete", f"{APPLICATIONS}{application.pk}/", None),
        ("get", INTERVIEWS, None),
        ("post", INTERVIEWS, {"job": str(job.pk), "scheduled_at": "2030-01-01T10:00:00Z"}),
        ("get", f"{INTERVIEWS}{interview.pk}/", None),
        ("patch", f"{INTERVIEWS}{interview.pk}/", {"feedback": "x"}),
        ("delete", f"{INTERVIEWS}{interview.pk}/", None),
        ("get", POSTINGS, None),
        ("post", POSTINGS, {"title": "X", "company": "Y"}),
        ("get", f"{POSTINGS}{posting.pk}/", None),
        ("put", f"{POSTINGS}{posting.pk}/bookmark/", None),
        ("delete", f"{POSTINGS}{posting.pk}/bookmark/", None),
    ]


def test_every_route_requires_credentials(client, job, application, interview, posting):
    for method, url, body in _routes(job, application, interview, posting):
        error = _error(_send(client, method, url, body), 401)
        assert error["code"] == "not_authenticated", (method, url)
    assert Job.objects.count() == 1 and Application.objects.count() == 1


def test_read_key_reads_but_cannot_write(client, owner, job, application, interview, posting):
    key = _key(owner, "jobs:read")
    for method, url, body in _routes(job, application, interview, posting):
        response = _send(client, method, url, body, **_bearer(key))
        if method == "get":
            assert response.status_code == 200, (url, response.content)
        else:
            error = _error(response, 403)
            assert "jobs:write" in error["message"], (method, url)
    assert Job.objects.get(pk=job.pk).notes == ""
    assert not JobBookmark.objects.exists()


def test_profile_key_cannot_use_the_jobs_api(client, owner, job, application, interview, posting):
    key = _key(owner, "profile:write")
    for method, url, body in _routes(job, application, interview, posting):
        error = _error(_send(client, method, url, body, **_bearer(key)), 403)
        assert "jobs:" in error["message"]


def test_write_key_can_write(client, owner, job):
    key = _key(owner, "jobs:write")
    response = _send(client, "post", f"{JOBS}{job.pk}/move/", {"status": "APPLIED"}, **_bearer(key))
    assert response.status_code == 200
    assert Job.objects.get(pk=job.pk).status == JobStatus.APPLIED


def test_session_auth_works(owner_client, job):
    response = owner_client.get(f"{JOBS}{job.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == str(job.pk)


def test_session_writes_need_csrf(owner, job):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    _error(_send(client, "patch", f"{JOBS}{job.pk}/", {"notes": "x"}), 403)


def test_strangers_get_404_on_every_object_route(stranger_client, job, application, interview):
    routes = [
        (m, url, body)
        for m, url, body in _routes(job, application, interview, JobPostingFactory())
        if str(job.pk) in url or str(application.pk) in url or str(interview.pk) in url
    ]
    routes = [r for r in routes if r[0] != "post" or "/move/" in r[1]]  # POST bodies naming a job: below
    assert len(routes) == 11
    for method, url, body in routes:
        error = _error(_send(stranger_client, method, url, body), 404)
        assert error["code"] == "not_found"
    job.refresh_from_db()
    assert (job.status, job.notes) == (JobStatus.INTERESTED, "")
    assert Application.objects.filter(pk=application.pk).exists()
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_strangers_cannot_attach_records_to_others_jobs(stranger_client, job):
    response = _send(stranger_client, "post", APPLICATIONS, {"job": str(job.pk)})
    assert "job" in _error(response, 400)["fields"]
    response = _send(stranger_client, "post", INTERVIEWS, {"job": str(job.pk), "scheduled_at": "2030-01-01T10:00:00Z"})
    assert "job" in _error(response, 400)["fields"]
    assert not Application.objects.exists() and not Interview.objects.exists()


def test_unknown_and_malformed_ids_are_404(owner_client):
    _error(owner_client.get(f"{JOBS}{uuid.uuid4()}/"), 404)
    _error(owner_client.get(f"{POSTINGS}{uuid.uuid4()}/"), 404)
    _error(_send(owner_client, "put", f"{POSTINGS}{uuid.uuid4()}/bookmark/"), 404)
    assert owner_client.get(f"{JOBS}12/").status_code == 404
    assert owner_client.get(f"{JOBS}12/").json()["error"]["status"] == 404


def test_wrong_method_is_405(owner_client, job):
    _error(_send(owner_client, "put", f"{JOBS}{job.pk}/", {"title": "x"}), 405)
    _error(owner_client.get(f"{JOBS}{job.pk}/move/"), 405)
    _error(_send(owner_client, "post", f"{JOBS}{job.pk}/history/", {}), 405)


# --- Jobs ----------------------------------------------------------------------------------------


def test_list_is_paginated_and_only_mine(owner_client, owner, stranger):
    for n in range(3):
        _job(owner, f"Mine {n}")
    _job(stranger, "Theirs")
    body = owner_client.get(JOBS, {"limit": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert [j["title"] for j in body["results"]] == ["Mine 2", "Mine 1"], "newest first"
    rest = owner_client.get(body["next"]).json()
    assert [j["title"] for j in rest["results"]] == ["Mine 0"]


def test_list_filters(owner_client, owner):
    a = _job(owner, "Python developer", work_mode="REMOTE", job_type="FULL_TIME")
    b = _job(owner, "Data analyst", status=JobStatus.APPLIED, location="Berlin", job_type="CONTRACT")
    c = _job(owner, "Designer", status=JobStatus.OFFER_RECEIVED, work_mode="ONSITE")
    InterviewFactory(job=c)
    InterviewFactory(job=b, scheduled_at=timezone.now() - datetime.timedelta(days=3))

    def titles(**params):
        response = owner_client.get(JOBS, params)
        assert response.status_code == 200, response.content
        return {j["title"] for j in response.json()["results"]}

    assert titles(status="APPLIED") == {b.title}
    assert titles(status=["APPLIED", "OFFER_RECEIVED"]) == {b.title, c.title}
    assert titles(q="berlin") == {b.title}
    assert titles(q="PYTHON") == {a.title}
    assert titles(work_mode="REMOTE") == {a.title}
    assert titles(job_type="CONTRACT") == {b.title}
    assert titles(has_upcoming_interview="true") == {c.title}
    assert titles() == {a.title, b.title, c.title}


@pytest.mark.parametrize(
    "params",
    [{"status": "HIRED"}, {"work_mode": "MARS"}, {"has_upcoming_interview": "maybe"}, {"limit": "x"}],
)
def test_list_rejects_bad_filters(owner_client, params):
    response = owner_client.get(JOBS, params)
    if "limit" in params:
        assert response.status_code == 200  # DRF falls back to the default page size
    else:
        assert set(_error(response, 400)["fields"]) == set(params)


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    _job(owner, "First")
    owner_client.get(JOBS)  # the session's first request records it (allauth usersessions)
    baseline = _query_count(owner_client, JOBS)
    for n in range(15):
        _job(owner, f"Job {n}") if n % 2 else tracking.job_track_posting(user=owner, posting=JobPostingFactory())
    with django_assert_max_num_queries(baseline):
        response = owner_client.get(JOBS)
    assert len(response.json()["results"]) == 16


def test_create_defaults_to_interested_and_records_history(owner_client, owner):
    response = _send(owner_client, "post", JOBS, {"title": "SRE", "company": "Globex", "salary_min": 100, "salary_max": 200})
    assert response.status_code == 201, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert (job.user, job.status, job.salary_max) == (owner, JobStatus.INTERESTED, 200)
    assert StatusChange.objects.get(job=job).to_status == JobStatus.INTERESTED
    assert response.json()["version"] == 1


def test_create_with_a_status(owner_client):
    response = _send(owner_client, "post", JOBS, {"title": "SRE", "company": "Globex", "status": "APPLIED"})
    assert response.status_code == 201
    assert response.json()["status"] == "APPLIED" and response.json()["applied_at"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"company": "Globex"}, {"title"}),
        ({"title": "", "company": "Globex"}, {"title"}),
        ({"title": "SRE", "company": "Globex", "status": "HIRED"}, {"status"}),
        ({"title": "SRE", "company": "Globex", "salary_min": -5}, {"salary_min"}),
        ({"title": "SRE", "company": "Globex", "salary_min": 200, "salary_max": 100}, {"salary_max"}),
        ({"title": "SRE", "company": "Globex", "salary_max": 10**12}, {"salary_max"}),
        ({"title": "SRE", "company": "Globex", "url": "not a url"}, {"url"}),
        ({"title": "SRE", "company": "Globex", "currency": "dollars"}, {"currency"}),
        ({"title": "SRE", "company": "Globex", "date_posted": "yesterday"}, {"date_posted"}),
        ({"title": "SRE\x00", "company": "Globex"}, {"title"}),
    ],
)
def test_create_validation_errors_name_fields_and_save_nothing(owner_client, body, fields):
    error = _error(_send(owner_client, "post", JOBS, body), 400)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == fields
    assert not Job.objects.exists() and not StatusChange.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "null", '"text"'])
def test_malformed_bodies_are_400_json(owner_client, raw):
    response = owner_client.post(JOBS, raw, content_type="application/json")
    _error(response, 400)
    assert not Job.objects.exists()


def test_non_json_content_type_is_415(owner_client):
    response = owner_client.post(JOBS, "title=x", content_type="application/x-www-form-urlencoded")
    _error(response, 415)


def test_patch_changes_editable_fields(owner_client, job):
    response = _send(owner_client, "patch", f"{JOBS}{job.pk}/", {"notes": "Call back", "salary_min": 90000})
    assert response.status_code == 200, response.content
    job.refresh_from_db()
    assert (job.notes, job.salary_min, job.version) == ("Call back", 90000, 2)


@pytest.mark.parametrize("field", ["status", "position"])
def test_patch_refuses_status_and_position(owner_client, job, field):
    error = _error(_send(owner_client, "patch", f"{JOBS}{job.pk}/", {field: "APPLIED" if field == "status" else 0}), 400)
    assert "/move/" in error["fields"][field][0]
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED and job.version == 1


def test_patch_checks_salary_against_the_stored_value(owner_client, owner):
    job = _job(owner, salary_min=100000)
    error = _error(_send(owner_client, "patch", f"{JOBS}{job.pk}/", {"salary_max": 50000}), 400)
    assert "salary_max" in error["fields"]
    job.refresh_from_db()
    assert job.salary_max is None


def test_delete_removes_the_job(owner_client, job):
    assert _send(owner_client, "delete", f"{JOBS}{job.pk}/").status_code == 204
    assert not Job.objects.filter(pk=job.pk).exists()


def test_move_writes_history_and_positions(owner_client, owner, job):
    first = _job(owner, "Already applied", status=JobStatus.APPLIED)
    response = _send(owner_client, "post", f"{JOBS}{job.pk}/move/", {"status": "APPLIED", "position": 0, "reason": "Sent"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["position"], body["version"]) == ("APPLIED", 0, 2)
    first.refresh_from_db()
    assert first.position == 1
    change = StatusChange.objects.filter(job=job).latest("created_at")
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        "INTERESTED", "APPLIED", "Sent", owner,
    )
    history = owner_client.get(f"{JOBS}{job.pk}/history/").json()
    assert [(h["from_status"], h["to_status"]) for h in history] == [("", "INTERESTED"), ("INTERESTED", "APPLIED")]
    assert set(history[0]) == {"from_status", "to_status", "reason", "changed_at"}


def test_move_with_a_stale_version_is_409_with_the_current_job(owner_client, job):
    tracking.job_move(job=job, to_status=JobStatus.APPLIED)  # from another tab: version 2
    response = _send(owner_client, "post", f"{JOBS}{job.pk}/move/", {"status": "REJECTED", "version": 1})
    error = _error(response, 409)
    assert error["code"] == "conflict"
    assert error["job"]["status"] == "APPLIED" and error["job"]["version"] == 2
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED
    assert not StatusChange.objects.filter(job=job, to_status=JobStatus.REJECTED).exists()


def test_move_with_the_current_version_works(owner_client, job):
    response = _send(owner_client, "post", f"{JOBS}{job.pk}/move/", {"status": "WITHDRAWN", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "HIRED"}, "status"), ({}, "status"), ({"status": "APPLIED", "position": -1}, "position"),
     ({"status": "APPLIED", "version": "x"}, "version")],
)
def test_move_validation(owner_client, job, body, field):
    error = _error(_send(owner_client, "post", f"{JOBS}{job.pk}/move/", body), 400)
    assert field in error["fields"]
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED and job.version == 1


# --- Applications ----------------------------------------------------------------------------------


def test_application_create_moves_the_job_to_applied(owner_client, owner, job):
    resume = ResumeFactory(user=owner)
    body = {"job": str(job.pk), "resume": str(resume.pk), "status": "SUBMITTED", "method": "REFERRAL"}
    response = _send(owner_client, "post", APPLICATIONS, body)
    assert response.status_code == 201, response.content
    application = Application.objects.get(pk=response.json()["id"])
    assert (application.user, application.job, application.resume) == (owner, job, resume)
    assert application.submitted_at is not None
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED


def test_application_resume_must_be_mine(owner_client, job, stranger):
    theirs = ResumeFactory(user=stranger)
    error = _error(_send(owner_client, "post", APPLICATIONS, {"job": str(job.pk), "resume": str(theirs.pk)}), 400)
    assert set(error["fields"]) == {"resume"}
    assert not Application.objects.exists()


def test_application_one_per_job(owner_client, application):
    error = _error(_send(owner_client, "post", APPLICATIONS, {"job": str(application.job_id)}), 400)
    assert "already has an application" in error["fields"]["job"][0]
    assert Application.objects.count() == 1


def test_application_list_filter_and_scope(owner_client, owner, application, stranger):
    other = ApplicationFactory(job=_job(owner, "Other"))
    ApplicationFactory(job=_job(stranger, "Theirs"))
    body = owner_client.get(APPLICATIONS).json()
    assert {a["id"] for a in body["results"]} == {str(application.pk), str(other.pk)}
    body = owner_client.get(APPLICATIONS, {"job": str(application.job_id)}).json()
    assert [a["id"] for a in body["results"]] == [str(application.pk)]
    _error(owner_client.get(APPLICATIONS, {"job": "nope"}), 400)


def test_application_patch(owner_client, owner, application):
    resume = ResumeFactory(user=owner)
    response = _send(owner_client, "patch", f"{APPLICATIONS}{application.pk}/",
                     {"status": "UNDER_REVIEW", "resume": str(resume.pk), "confirmation_number": "A-1"})
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert (application.status, application.resume, application.confirmation_number) == ("UNDER_REVIEW", resume, "A-1")


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "DRAFT"}, "status"), ({"job": str(uuid.uuid4())}, "job"), ({"resume": "x"}, "resume"),
     ({"method": "PIGEON"}, "method"), ({"response_at": "soon"}, "response_at")],
)
def test_application_patch_validation(owner_client, application, body, field):
    error = _error(_send(owner_client, "patch", f"{APPLICATIONS}{application.pk}/", body), 400)
    assert field in error["fields"]
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_application_delete(owner_client, application):
    assert _send(owner_client, "delete", f"{APPLICATIONS}{application.pk}/").status_code == 204
    assert not Application.objects.exists()


# --- Interviews ------------------------------------------------------------------------------------


def test_interview_create_moves_the_job(owner_client, owner, job):
    body = {"job": str(job.pk), "scheduled_at": "2030-05-01T09:30:00Z", "type": "TECHNICAL",
            "questions_asked": ["Why us?"], "duration_minutes": 90}
    response = _send(owner_client, "post", INTERVIEWS, body)
    assert response.status_code == 201, response.content
    interview = Interview.objects.get(pk=response.json()["id"])
    assert (interview.user, interview.type, interview.duration_minutes) == (owner, "TECHNICAL", 90)
    job.refresh_from_db()
    assert job.status == JobStatus.INTERVIEW_SCHEDULED


@pytest.mark.parametrize(
    ("body", "field"),
    [({"scheduled_at": "tomorrow"}, "scheduled_at"), ({"duration_minutes": 0}, "duration_minutes"),
     ({"type": "DUEL"}, "type"), ({"meeting_link": "javascript:alert(1)"}, "meeting_link"), ({}, "scheduled_at")],
)
def test_interview_create_validation(owner_client, job, body, field):
    payload = {"job": str(job.pk), "scheduled_at": "2030-05-01T09:30:00Z", **body}
    if not body:
        del payload["scheduled_at"]
    error = _error(_send(owner_client, "post", INTERVIEWS, payload), 400)
    assert field in error["fields"]
    assert not Interview.objects.exists()
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED


def test_interview_list_filters(owner_client, owner, stranger):
    now = timezone.now()
    a, b = _job(owner, "A"), _job(owner, "B")
    past = InterviewFactory(job=a, scheduled_at=now - datetime.timedelta(days=2))
    soon = InterviewFactory(job=a, scheduled_at=now + datetime.timedelta(days=1))
    later = InterviewFactory(job=b, scheduled_at=now + datetime.timedelta(days=5))
    InterviewFactory(job=_job(stranger, "C"))

    def ids(**params):
        response = owner_client.get(INTERVIEWS, params)
        assert response.status_code == 200, response.content
        return [i["id"] for i in response.json()["results"]]

    assert ids() == [str(past.pk), str(soon.pk), str(later.pk)]
    assert ids(upcoming="true") == [str(soon.pk), str(later.pk)]
    assert ids(job=str(a.pk)) == [str(past.pk), str(soon.pk)]
    assert ids(job=str(a.pk), upcoming="true") == [str(soon.pk)]


def test_interview_patch_and_delete(owner_client, interview):
    response = _send(owner_client, "patch", f"{INTERVIEWS}{interview.pk}/", {"outcome": "PASSED", "feedback": "Good"})
    assert response.status_code == 200, response.content
    interview.refresh_from_db()
    assert (interview.outcome, interview.feedback) == ("PASSED", "Good")
    _error(_send(owner_client, "patch", f"{INTERVIEWS}{interview.pk}/", {"job": str(interview.job_id)}), 400)
    assert _send(owner_client, "delete", f"{INTERVIEWS}{interview.pk}/").status_code == 204
    assert not Interview.objects.exists()


# --- Postings --------------------------------------------------------------------------------------


def test_posting_search_filters(owner_client):
    now = timezone.now()
    remote = JobPostingFactory(title="Python engineer", is_remote=True, location="Anywhere", job_type="FULL_TIME",
                               experience_level="SENIOR", salary_min=120000, salary_max=150000)
    berlin = JobPostingFactory(title="Data analyst", location="Berlin", job_type="CONTRACT",
                               experience_level="JUNIOR", salary_min=40000, salary_max=50000,
                               posted_at=now - datetime.timedelta(days=20))
    JobPostingFactory(title="Closed Python role", is_active=False)

    def titles(**params):
        response = owner_client.get(POSTINGS, params)
        assert response.status_code == 200, response.content
        return {p["title"] for p in response.json()["results"]}

    assert titles() == {remote.title, berlin.title}
    assert titles(q="python") == {remote.title}
    assert titles(location="berl") == {berlin.title}
    assert titles(remote="true") == {remote.title}
    assert titles(salary_min=100000) == {remote.title}
    assert titles(salary_max=60000) == {berlin.title}
    assert titles(experience_level="JUNIOR") == {berlin.title}
    assert titles(job_type="FULL_TIME") == {remote.title}
    assert titles(posted_within_days=7) == {remote.title}


def test_posting_search_keyset_pages(owner_client):
    now = timezone.now()
    for n in range(5):
        JobPostingFactory(title=f"Role {n}", posted_at=now - datetime.timedelta(hours=n))
    first = owner_client.get(POSTINGS, {"limit": 2}).json()
    assert [p["title"] for p in first["results"]] == ["Role 0", "Role 1"] and first["next"]
    JobPostingFactory(title="Newer", posted_at=now + datetime.timedelta(minutes=1))  # does not shift the pages
    second = owner_client.get(POSTINGS, {"limit": 2, "cursor": first["next"]}).json()
    third = owner_client.get(POSTINGS, {"limit": 2, "cursor": second["next"]}).json()
    assert [p["title"] for p in second["results"]] == ["Role 2", "Role 3"]
    assert [p["title"] for p in third["results"]] == ["Role 4"] and third["next"] is None
    assert "description" not in first["results"][0]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"cursor": "garbage"}, "cursor"), ({"salary_min": -1}, "salary_min"),
     ({"salary_min": 10, "salary_max": 5}, "salary_max"), ({"posted_within_days": 0}, "posted_within_days"),
     ({"job_type": "GIG"}, "job_type"), ({"limit": 1000}, "limit")],
)
def test_posting_search_validation(owner_client, params, field):
    assert field in _error(owner_client.get(POSTINGS, params), 400)["fields"]


def test_posting_cursor_belongs_to_its_search(owner_client):
    for n in range(3):
        JobPostingFactory(title=f"Python {n}")
    page = owner_client.get(POSTINGS, {"limit": 1}).json()
    _error(owner_client.get(POSTINGS, {"limit": 1, "cursor": page["next"], "remote": "true"}), 400)


def test_posting_search_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    JobBookmarkFactory(user=owner, posting=JobPostingFactory())
    owner_client.get(POSTINGS)  # the session's first request records it (allauth usersessions)
    baseline = _query_count(owner_client, POSTINGS)
    for n in range(12):
        posting = JobPostingFactory()
        if n % 2:
            JobBookmarkFactory(user=owner, posting=posting)
        else:
            tracking.job_track_posting(user=owner, posting=posting)
    with django_assert_max_num_queries(baseline):
        response = owner_client.get(POSTINGS)
    results = response.json()["results"]
    assert sum(p["bookmarked"] for p in results) == 7
    assert sum(bool(p["tracked_job"]) for p in results) == 6


def test_posting_detail_and_closed_postings(owner_client, owner, posting):
    body = owner_client.get(f"{POSTINGS}{posting.pk}/").json()
    assert body["title"] == "Backend engineer" and body["bookmarked"] is False and "description" in body
    closed = JobPostingFactory(is_active=False)
    _error(owner_client.get(f"{POSTINGS}{closed.pk}/"), 404)
    _error(_send(owner_client, "put", f"{POSTINGS}{closed.pk}/bookmark/"), 404)
    assert not JobBookmark.objects.exists()
    JobBookmarkFactory(user=owner, posting=closed)  # saved before it closed: still visible
    assert owner_client.get(f"{POSTINGS}{closed.pk}/").json()["bookmarked"] is True


def test_only_staff_create_postings(owner_client, owner):
    error = _error(_send(owner_client, "post", POSTINGS, {"title": "X", "company": "Y"}), 403)
    assert "staff" in error["message"]
    assert not JobPosting.objects.exists()


def test_staff_create_a_posting(staff_client):
    body = {"title": "Platform engineer", "company": "Hooli", "requirements": ["Go", "K8s"],
            "salary_min": 100, "salary_max": 200, "source_url": "https://hooli.example/jobs/1"}
    response = _send(staff_client, "post", POSTINGS, body)
    assert response.status_code == 201, response.content
    posting = JobPosting.objects.get(pk=response.json()["id"])
    assert (posting.source, posting.requirements) == ("API", ["Go", "K8s"])
    assert posting.posted_at is not None
    error = _error(_send(staff_client, "post", POSTINGS, body), 400)
    assert "source_url" in error["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"salary_min": -1}, "salary_min"), ({"salary_min": 5, "salary_max": 1}, "salary_max"),
     ({"title": ""}, "title"), ({"experience_level": "GURU"}, "experience_level")],
)
def test_staff_posting_validation(staff_client, body, field):
    error = _error(_send(staff_client, "post", POSTINGS, {"title": "X", "company": "Y", **body}), 400)
    assert field in error["fields"]
    assert not JobPosting.objects.exists()


def test_bookmark_put_is_idempotent_and_delete_removes(owner_client, owner, posting):
    url = f"{POSTINGS}{posting.pk}/bookmark/"
    for _ in range(2):
        response = _send(owner_client, "put", url)
        assert response.status_code == 200 and response.json() == {"bookmarked": True}
    assert JobBookmark.objects.filter(user=owner, posting=posting).count() == 1
    assert owner_client.get(f"{POSTINGS}{posting.pk}/").json()["bookmarked"] is True
    for _ in range(2):
        response = _send(owner_client, "delete", url)
        assert response.status_code == 200 and response.json() == {"bookmarked": False}
    assert not JobBookmark.objects.exists()


def test_bookmarks_are_per_user(stranger_client, owner, posting):
    JobBookmarkFactory(user=owner, posting=posting)
    assert stranger_client.get(f"{POSTINGS}{posting.pk}/").json()["bookmarked"] is False
    _send(stranger_client, "delete", f"{POSTINGS}{posting.pk}/bookmark/")
    assert JobBookmark.objects.filter(user=owner).exists()


# --- OpenAPI -----------------------------------------------------------------------------------------


def test_schema_documents_every_route_with_distinct_operation_ids(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    expected = {
        "/api/v1/jobs/": {"get", "post"},
        "/api/v1/jobs/{job_id}/": {"get", "patch", "delete"},
        "/api/v1/jobs/{job_id}/move/": {"post"},
        "/api/v1/jobs/{job_id}/history/": {"get"},
        "/api/v1/applications/": {"get", "post"},
        "/api/v1/applications/{application_id}/": {"get", "patch", "delete"},
        "/api/v1/interviews/": {"get", "post"},
        "/api/v1/interviews/{interview_id}/": {"get", "patch", "delete"},
        "/api/v1/postings/": {"get", "post"},
        "/api/v1/postings/{posting_id}/": {"get"},
        "/api/v1/postings/{posting_id}/bookmark/": {"put", "delete"},
    }
    operation_ids = []
    for path, methods in expected.items():
        assert path in schema["paths"], path
        documented = {m for m in schema["paths"][path] if m in {"get", "post", "put", "patch", "delete"}}
        assert documented == methods, path
        operation_ids += [schema["paths"][path][m]["operationId"] for m in methods]
    all_ids = [op["operationId"] for item in schema["paths"].values() for m, op in item.items() if isinstance(op, dict) and "operationId" in op]
    assert len(all_ids) == len(set(all_ids))
    move = schema["paths"]["/api/v1/jobs/{job_id}/move/"]["post"]["responses"]
    assert {"200", "400", "404", "409"} <= set(move)
    params = {p["name"] for p in schema["paths"]["/api/v1/postings/"]["get"]["parameters"]}
    assert {"q", "location", "remote", "salary_min", "salary_max", "experience_level", "job_type",
            "posted_within_days", "cursor"} <= params


def test_spectacular_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert "/api/v1/jobs/{job_id}/move/" in out.getvalue()
