"""CSV export and import of tracked jobs: content, formula escaping, the preview with
per-row errors, confirm, the round trip between accounts, and files we refuse."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, Job, JobStatus, StatusChange
from jobs.services import tracking, transfer
from tests.jobs.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("jobs:jobs_export")
IMPORT = reverse("jobs:jobs_import_csv")
CONFIRM = reverse("jobs:jobs_import_csv_confirm")
HEADER = (
    "title,company,location,url,status,salary_min,salary_max,currency,work_mode,job_type,date_posted,"
    "application_deadline,applied_at,source,referral,notes,application_status,application_method,submitted_at,"
    "response_at,confirmation_number"
)


def _job(user, title="Engineer", status=JobStatus.INTERESTED, **data):
    return tracking.job_create(user=user, data={"title": title, "company": "Acme", **data}, status=status)


def _export(client) -> tuple[StreamingHttpResponse, bytes]:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _upload(client, content: str | bytes, name: str = "jobs.csv", **kwargs):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, content_type="text/csv")}, **kwargs)


def _token(response) -> str:
    form = response.context["confirm_form"]
    assert form is not None, "nothing to confirm"
    return form.initial["token"]


# --- Export --------------------------------------------------------------------------------------


def test_export_requires_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_export_wrong_method_is_405(owner_client):
    assert owner_client.post(EXPORT).status_code == 405


def test_export_streams_utf8_with_bom_and_the_columns(owner_client, owner, stranger):
    _job(owner, "Zürich engineer", location="Zürich", salary_min=100000, salary_max=120000, currency="CHF",
         work_mode="HYBRID", job_type="FULL_TIME", date_posted=datetime.date(2025, 1, 2), notes="Line 1\nLine 2")
    _job(stranger, "Not mine")
    response, content = _export(owner_client)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="careercoach-jobs-')
    assert "no-store" in response["Cache-Control"]
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    rows = _rows(content)
    assert len(rows) == 1
    row = rows[0]
    assert (row["title"], row["location"], row["salary_min"], row["currency"], row["status"]) == (
        "Zürich engineer", "Zürich", "100000", "CHF", "INTERESTED",
    )
    assert (row["work_mode"], row["date_posted"], row["notes"]) == ("HYBRID", "2025-01-02", "Line 1\nLine 2")
    assert row["application_status"] == ""


def test_export_has_one_row_per_job_with_application_columns(owner_client, owner):
    owner.timezone = "Europe/Berlin"
    owner.save(update_fields=["timezone"])
    job = _job(owner, "With application", status=JobStatus.APPLIED)
    _job(owner, "Without")
    ApplicationFactory(job=job, method="REFERRAL", confirmation_number="ABC-1",
                       submitted_at=datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC),
                       response_at=datetime.date(2025, 3, 10))
    rows = _rows(_export(owner_client)[1])
    assert [r["title"] for r in rows] == ["With application", "Without"]
    first = rows[0]
    assert (first["application_status"], first["application_method"], first["confirmation_number"]) == (
        "SUBMITTED", "REFERRAL", "ABC-1",
    )
    assert first["submitted_at"] == "2025-03-01T10:00:00+01:00", "in the user's time zone"
    assert first["response_at"] == "2025-03-10"
    assert first["applied_at"]
    assert rows[1]["application_status"] == rows[1]["submitted_at"] == ""


def test_export_escapes_formulas(owner_client, owner):
    _job(owner, "=HYPERLINK(\"http://evil\",\"x\")", notes="+1 555", source="@mention", referral="-2+3")
    _job(owner, "'=already quoted")
    rows = _rows(_export(owner_client)[1])
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert (rows[0]["notes"], rows[0]["source"], rows[0]["referral"]) == ("'+1 555", "'@mention", "'-2+3")
    assert rows[1]["title"] == "''=already quoted"


@pytest.mark.parametrize("value", ["=1+1", "+x", "-x", "@x", "\tx", "'=x", "''-x", "plain", "", "'quoted'", "a=b"])
def test_cell_escape_round_trips(value):
    escaped = transfer.cell_escape(value)
    assert not escaped.startswith(("=", "+", "-", "@", "\t"))
    assert transfer.cell_unescape(escaped) == value


def test_export_query_count_does_not_grow(owner_client, owner, django_assert_max_num_queries):
    ApplicationFactory(job=_job(owner, "First"))
    owner_client.get(reverse("dashboard"))  # the session's first request records it (allauth usersessions)
    with CaptureQueriesContext(connection) as baseline:
        _export(owner_client)
    for n in range(30):
        job = _job(owner, f"Job {n}")
        if n % 3 == 0:
            ApplicationFactory(job=job)
    with django_assert_max_num_queries(len(baseline)):
        rows = _rows(_export(owner_client)[1])
    assert len(rows) == 31


# --- Import: the page and the preview ------------------------------------------------------------


def test_import_requires_login(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.post(CONFIRM, {"token": "x" * 20}).status_code == 302
    assert not Job.objects.exists()


def test_import_wrong_methods_are_405(owner_client):
    assert owner_client.put(IMPORT).status_code == 405
    assert owner_client.get(CONFIRM).status_code == 405


def test_import_page_renders(owner_client):
    response = owner_client.get(IMPORT)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-layout="careercoach"' in body
    assert 'enctype="multipart/form-data"' in body
    assert EXPORT in body


BAD_FILE = (
    HEADER + "\n"
    "Good one,Acme,Berlin,,Applied,50000,60000,EUR,Remote,Full-time,2025-01-01,,,LinkedIn,,,,,,,\n"
    ",No title Inc,,,,,,,,,,,,,,,,,,,\n"
    "Bad status,Acme,,,Hired,,,,,,,,,,,,,,,,\n"
    "Bad salary,Acme,,,,lots,,,,,,,,,,,,,,,\n"
    "Negative,Acme,,,,-5,,,,,,,,,,,,,,,\n"
    "Inverted,Acme,,,,90000,80000,,,,,,,,,,,,,,\n"
    "Bad dates,Acme,,,,,,,,,31/02/2025,tomorrow,not a time,,,,,,,,\n"
    "Good two,Globex,,,interview scheduled,,,,,,,,,,,,Submitted,Referral,2025-02-01T10:00:00Z,2025-02-05,C-9\n"
)


def test_preview_lists_errors_per_row_and_writes_nothing(owner_client):
    response = _upload(owner_client, BAD_FILE)
    assert response.status_code == 200
    results = {r.values["title"] or "(none)": r for r in response.context["results"]}
    assert (response.context["total"], response.context["valid"], response.context["invalid"]) == (8, 2, 6)
    assert results["Good one"].is_valid and results["Good two"].is_valid
    assert set(results["(none)"].errors) == {"title"}
    assert set(results["Bad status"].errors) == {"status"}
    assert "Hired" in results["Bad status"].errors["status"][0]
    assert set(results["Bad salary"].errors) == {"salary_min"}
    assert "negative" in results["Negative"].errors["salary_min"][0]
    assert set(results["Inverted"].errors) == {"salary_max"}
    assert set(results["Bad dates"].errors) == {"date_posted", "application_deadline", "applied_at"}
    assert results["Bad dates"].line == 8
    body = response.content.decode()
    assert "Import 2 jobs" in body and "6 with problems" in body
    assert "Hired" in body
    assert not Job.objects.exists() and not StatusChange.objects.exists()


def test_preview_through_htmx_returns_the_fragment(owner_client):
    response = _upload(owner_client, BAD_FILE, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="import-panel"')
    assert "<html" not in body and "site-header" not in body


def test_confirm_imports_only_valid_rows_with_applications(owner_client, owner):
    token = _token(_upload(owner_client, BAD_FILE))
    response = owner_client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:board")
    jobs = {j.title: j for j in Job.objects.filter(user=owner)}
    assert set(jobs) == {"Good one", "Good two"}
    one, two = jobs["Good one"], jobs["Good two"]
    assert (one.status, one.salary_min, one.currency, one.work_mode, one.job_type, one.source) == (
        JobStatus.APPLIED, 50000, "EUR", "REMOTE", "FULL_TIME", "LinkedIn",
    )
    assert two.status == JobStatus.INTERVIEW_SCHEDULED
    application = Application.objects.get(job=two)
    assert (application.user, application.status, application.method, application.confirmation_number) == (
        owner, "SUBMITTED", "REFERRAL", "C-9",
    )
    assert application.submitted_at == datetime.datetime(2025, 2, 1, 10, 0, tzinfo=datetime.UTC)
    assert application.response_at == datetime.date(2025, 2, 5)
    assert StatusChange.objects.filter(job__user=owner).count() == 2
    assert not Application.objects.filter(job=one).exists()


def test_confirm_twice_imports_once(owner_client, owner):
    token = _token(_upload(owner_client, BAD_FILE))
    owner_client.post(CONFIRM, {"token": token})
    response = owner_client.post(CONFIRM, {"token": token}, follow=True)
    assert "expired or was already imported" in response.content.decode()
    assert Job.objects.filter(user=owner).count() == 2


def test_confirm_through_htmx_answers_with_the_fragment(owner_client, owner):
    token = _token(_upload(owner_client, BAD_FILE))
    response = owner_client.post(CONFIRM, {"token": token}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Imported 2 jobs. 6 rows with errors skipped." in body
    assert "<html" not in body


def test_another_users_token_imports_nothing(owner_client, client, stranger):
    token = _token(_upload(owner_client, BAD_FILE))
    client.force_login(stranger)
    response = client.post(CONFIRM, {"token": token}, headers={"HX-Request": "true"})
    assert "expired" in response.content.decode()
    assert not Job.objects.exists()


def test_a_new_upload_replaces_the_pending_preview(owner_client, owner):
    old = _token(_upload(owner_client, BAD_FILE))
    new = _token(_upload(owner_client, "title,company\nOnly,Me\n"))
    owner_client.post(CONFIRM, {"token": old})
    assert not Job.objects.exists()
    owner_client.post(CONFIRM, {"token": new})
    assert list(Job.objects.values_list("title", flat=True)) == ["Only"]


def test_preview_expires(owner_client, owner):
    token = _token(_upload(owner_client, BAD_FILE))
    cache.delete(f"jobs:csv-import:{owner.pk}")
    owner_client.post(CONFIRM, {"token": token})
    assert not Job.objects.exists()


def test_import_is_all_or_nothing(owner):
    good = transfer.csv_row_check({"line": 2, "title": "Good", "company": "Acme"}, tz=datetime.UTC)
    broken = transfer.csv_row_check({"line": 3, "title": "Broken", "company": "Acme"}, tz=datetime.UTC)
    broken.status = "HIRED"  # what a service refuses even though the row looked fine
    with pytest.raises(ValidationError):
        transfer.jobs_import(user=owner, results=[good, broken])
    assert not Job.objects.exists()


def test_headers_are_matched_loosely_and_extra_columns_ignored(owner_client, owner):
    content = "\ufeffTitle;Company;Salary Min;Favourite colour\nAnalyst;Initech;\"45,000\";blue\n"
    response = _upload(owner_client, content.encode("utf-8"))
    assert response.context["valid"] == 1
    owner_client.post(CONFIRM, {"token": _token(response)})
    job = Job.objects.get(user=owner)
    assert (job.title, job.company, job.salary_min) == ("Analyst", "Initech", 45000)


def test_quoted_formulas_are_unescaped_on_import(owner_client, owner):
    content = "title,company,notes\n'=SUM(A1),Acme,'-note\n"
    owner_client.post(CONFIRM, {"token": _token(_upload(owner_client, content))})
    job = Job.objects.get(user=owner)
    assert (job.title, job.notes) == ("=SUM(A1)", "-note")


# --- Round trip ----------------------------------------------------------------------------------


def test_export_then_import_into_another_account_reproduces_the_jobs(owner_client, owner, client, stranger):
    applied = _job(owner, "Backend", status=JobStatus.INTERESTED, location="Remote", url="https://jobs.example.com/1",
                   salary_min=90000, salary_max=110000, currency="EUR", work_mode="REMOTE", job_type="CONTRACT",
                   date_posted=datetime.date(2025, 1, 5), application_deadline=datetime.date(2025, 2, 1),
                   source="=cmd|' /C calc'!A0", referral="Ann", notes="Multi\nline, with \"quotes\"")
    applied = tracking.job_move(job=applied, to_status=JobStatus.APPLIED)
    ApplicationFactory(job=applied, method="REFERRAL", confirmation_number="X-1",
                       submitted_at=timezone.now() - datetime.timedelta(days=3), response_at=datetime.date(2025, 3, 1))
    _job(owner, "Designer", status=JobStatus.OFFER_RECEIVED)
    _job(owner, "Plain")
    _, exported = _export(owner_client)

    client.force_login(stranger)
    response = _upload(client, exported, name="careercoach-jobs.csv")
    assert (response.context["valid"], response.context["invalid"]) == (3, 0)
    client.post(CONFIRM, {"token": _token(response)})
    _, reexported = _export(client)
    assert _rows(reexported) == _rows(exported)
    assert Job.objects.filter(user=stranger).count() == 3
    assert Job.objects.filter(user=owner).count() == 3


# --- Files we refuse -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("title,company\nCafé,Crème\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
        (b"name,employer\nx,y\n", "title"),
        (b"title,company\n", "no jobs"),
        (b"title,company\n" + b"x,y\n" * 1 + b"a" * (2 * 1024 * 1024), "limit"),
    ],
)
def test_refuses_files_that_are_not_csv_text(owner_client, content, message):
    response = _upload(owner_client, content, name="jobs.csv")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert message in " ".join(errors)
    assert response.context.get("results") is None
    assert not Job.objects.exists()


def test_too_many_rows(owner_client, monkeypatch):
    monkeypatch.setattr(transfer, "MAX_ROWS", 3)
    response = _upload(owner_client, "title,company\n" + "a,b\n" * 4)
    assert "more than 3 jobs" in " ".join(response.context["form"].errors["file"])


def test_missing_file_is_a_field_error(owner_client):
    response = owner_client.post(IMPORT, {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
