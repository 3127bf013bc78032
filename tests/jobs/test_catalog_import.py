"""Importing postings: the service (rows, batches, idempotency), the file reader
(JSON lines and CSV, line numbers) and `manage.py import_postings`."""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jobs.models import JobPosting
from jobs.services import catalog as services
from jobs.services.catalog import ImportFileError, RawRow, posting_rows_read, postings_import
from tests.jobs.factories import JobPostingFactory

pytestmark = pytest.mark.django_db


def _row(line: int = 1, **data) -> RawRow:
    return RawRow(line, {"title": "Python developer", "company": "Acme", **data})


def _import(*rows: RawRow, **kwargs) -> services.ImportReport:
    return postings_import(rows=rows, **kwargs)


def _read(text: str | bytes, filename: str = "postings.jsonl") -> list[RawRow]:
    data = text.encode() if isinstance(text, str) else text
    return list(posting_rows_read(stream=io.BytesIO(data), filename=filename))


def _jsonl(*objects) -> str:
    return "\n".join(obj if isinstance(obj, str) else json.dumps(obj) for obj in objects) + "\n"


# --- Row values -------------------------------------------------------------------------------------


def test_a_full_row_is_imported():
    report = _import(_row(
        title="  Senior Python Developer ", company="Acme", location="Berlin", remote="yes", description="Build.",
        requirements=["Python", " Django ", ""], salary_min="70,000", salary_max=90000.0, currency="eur",
        experience_level="Senior", job_type="full-time", posted_at="2026-01-15", source_url="https://example.com/1",
    ))
    assert (report.imported, report.updated, report.rejected) == (1, 0, 0)
    posting = JobPosting.objects.get()
    assert posting.title == "Senior Python Developer"
    assert posting.is_remote is True
    assert posting.requirements == ["Python", "Django"]
    assert (posting.salary_min, posting.salary_max, posting.currency) == (70_000, 90_000, "EUR")
    assert (posting.experience_level, posting.job_type) == ("SENIOR", "FULL_TIME")
    assert posting.posted_at == timezone.make_aware(datetime.datetime(2026, 1, 15))
    assert posting.source == JobPosting.Source.IMPORT
    assert posting.is_active is True


def test_defaults_for_missing_fields():
    before = timezone.now()
    _import(_row())
    posting = JobPosting.objects.get()
    assert posting.posted_at >= before
    assert (posting.is_remote, posting.currency, posting.source_url, posting.requirements) == (False, "USD", None, [])


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("FALSE", False), ("yes", True), ("No", False),
    ("1", True), ("0", False), (1, True), (0, False), ("", False),
])
def test_remote_values(value, expected):
    _import(_row(remote=value))
    assert JobPosting.objects.get().is_remote is expected


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("job_type", "FULL_TIME", "FULL_TIME"), ("job_type", "Full-time", "FULL_TIME"), ("job_type", "full time", "FULL_TIME"),
    ("job_type", "contract", "CONTRACT"), ("experience_level", "c-level", "C_LEVEL"),
    ("experience_level", "Entry level", "ENTRY"), ("experience_level", "mid", "MID"), ("job_type", "", ""),
])
def test_choices_by_value_or_label_any_case(field, value, expected):
    _import(_row(**{field: value}))
    assert getattr(JobPosting.objects.get(), field) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ('["Python", "SQL"]', ["Python", "SQL"]), ("Python; SQL ;", ["Python", "SQL"]), ("Python", ["Python"]),
    ("", []), (None, []),
])
def test_requirements_as_json_list_or_semicolons(value, expected):
    _import(_row(requirements=value))
    assert JobPosting.objects.get().requirements == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-03-01T09:30:00Z", datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)),
    ("2026-03-01T09:30:00+02:00", datetime.datetime(2026, 3, 1, 7, 30, tzinfo=datetime.UTC)),
])
def test_posted_at_with_time_and_zone(value, expected):
    _import(_row(posted_at=value))
    assert JobPosting.objects.get().posted_at == expected


@pytest.mark.parametrize(("data", "reason"), [
    ({"title": ""}, "title:"),
    ({"company": "   "}, "company:"),
    ({"title": None}, "title:"),
    ({"salary_min": -1}, "salary_min: Cannot be negative."),
    ({"salary_max": "-5"}, "salary_max: Cannot be negative."),
    ({"salary_min": "lots"}, "salary_min: “lots” is not a whole number."),
    ({"salary_min": 1.5}, "salary_min:"),
    ({"salary_min": True}, "salary_min:"),
    ({"salary_min": 90_000, "salary_max": 80_000}, "salary_max: Is less than salary_min"),
    ({"salary_min": 10**12}, "salary_min: Is too large."),
    ({"remote": "maybe"}, "is_remote:"),
    ({"job_type": "gig"}, "job_type: “gig” is not one of: Full-time"),
    ({"experience_level": "guru"}, "experience_level:"),
    ({"posted_at": "yesterday"}, "posted_at: “yesterday” is not an ISO date"),
    ({"posted_at": "2999-01-01"}, "posted_at: A posting cannot be dated in the future."),
    ({"source_url": "not a url"}, "source_url:"),
    ({"requirements": '["Python", '}, "requirements: Starts like a JSON list"),
    ({"requirements": {"a": 1}}, "requirements:"),
    ({"currency": "EURO"}, "currency:"),
    ({"title": "x" * 301}, "title:"),
])
def test_bad_rows_are_rejected_with_their_reason(data, reason):
    report = _import(_row(line=7, **data))
    assert (report.imported, report.rejected) == (0, 1)
    assert report.rejections[0].line == 7
    assert reason in report.rejections[0].reason
    assert not JobPosting.objects.exists()


def test_unknown_columns_are_ignored():
    _import(_row(id="123", notes="internal"))
    assert JobPosting.objects.count() == 1


# --- Idempotency and batches ----------------------------------------------------------------------------


def test_same_source_url_updates_instead_of_duplicating():
    first = _import(_row(source_url="https://example.com/1", salary_min=50_000))
    second = _import(_row(source_url="https://example.com/1", salary_min=60_000, title="Renamed"))
    assert (first.imported, first.updated) == (1, 0)
    assert (second.imported, second.updated) == (0, 1)
    posting = JobPosting.objects.get()
    assert (posting.title, posting.salary_min) == ("Renamed", 60_000)


def test_an_update_changes_only_the_fields_the_row_has():
    existing = JobPostingFactory(source_url="https://example.com/1", location="Berlin", description="Keep me.",
                                 source=JobPosting.Source.ADMIN, is_active=False)
    report = _import(RawRow(3, {"title": "New title", "company": "Acme", "source_url": "https://example.com/1"}))
    assert report.updated == 1
    existing.refresh_from_db()
    assert (existing.title, existing.location, existing.description) == ("New title", "Berlin", "Keep me.")
    assert existing.source == JobPosting.Source.ADMIN
    assert existing.is_active is False


def test_an_update_is_checked_against_the_stored_values():
    JobPostingFactory(source_url="https://example.com/1", salary_min=50_000, salary_max=60_000)
    report = _import(RawRow(2, {"title": "T", "company": "C", "source_url": "https://example.com/1",
                                "salary_min": 70_000}))
    assert report.rejected == 1
    assert "salary_max" in report.rejections[0].reason
    assert JobPosting.objects.get().salary_min == 50_000


def test_reimporting_unchanged_rows_writes_nothing():
    _import(_row(source_url="https://example.com/1", salary_min=50_000))
    before = JobPosting.objects.get().updated_at
    report = _import(_row(source_url="https://example.com/1", salary_min=50_000))
    assert report.updated == 1
    assert JobPosting.objects.get().updated_at == before
    _import(_row(source_url="https://example.com/1", salary_min=55_000))
    posting = JobPosting.objects.get()
    assert (posting.salary_min, posting.updated_at > before) == (55_000, True)


def test_rows_without_source_url_are_always_added():
    _import(_row(), _row(line=2))
    _import(_row())
    assert JobPosting.objects.count() == 3


def test_repeated_url_in_one_file_imports_then_updates():
    report = _import(_row(1, source_url="https://example.com/1", title="First"),
                     _row(2, source_url="https://example.com/1", title="Second"))
    assert (report.imported, report.updated) == (1, 1)
    assert JobPosting.objects.get().title == "Second"


def test_a_rejected_repeat_keeps_the_earlier_version():
    report = _import(_row(1, source_url="https://example.com/1", title="Good"),
                     _row(2, source_url="https://example.com/1", salary_min=-1))
    assert (report.imported, report.rejected) == (1, 1)
    assert JobPosting.objects.get().title == "Good"


def test_bad_rows_never_stop_the_others_across_batches():
    rows = [_row(i, source_url=f"https://example.com/{i}", salary_min=-1 if i % 3 == 0 else 10) for i in range(1, 11)]
    report = _import(*rows, batch_size=4)
    assert (report.imported, report.rejected) == (7, 3)
    assert [r.line for r in report.rejections] == [3, 6, 9]
    assert JobPosting.objects.count() == 7


def test_keep_rejections_limits_the_list_not_the_count():
    report = _import(*[_row(i, title="") for i in range(1, 6)], keep_rejections=2)
    assert report.rejected == 5
    assert len(report.rejections) == 2


@pytest.mark.django_db(transaction=True)
def test_a_url_inserted_meanwhile_by_someone_else_becomes_an_update(monkeypatch):
    # Another import commits the same source_url between our look-up and our insert:
    # our batch is refused as a whole (IntegrityError), retried, and updates that row.
    import psycopg
    from django.db import connection
    from django.db.models.manager import BaseManager

    real_bulk_create = BaseManager.from_queryset(type(JobPosting.objects.all())).bulk_create
    raced = {"done": False}

    def bulk_create_after_a_race(self, objs, *args, **kwargs):
        if self.model is JobPosting and not raced["done"]:
            raced["done"] = True
            db = connection.settings_dict
            with psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"],
                                 autocommit=True) as other:
                other.execute(
                    "INSERT INTO jobs_jobposting (id, created_at, updated_at, title, company, location, is_remote,"
                    " description, requirements, currency, experience_level, job_type, posted_at, source,"
                    " source_url, is_active) VALUES (gen_random_uuid(), now(), now(), 'Theirs', 'Other', '', false,"
                    " '', '{}', 'USD', '', '', now(), 'IMPORT', 'https://example.com/race', true)"
                )
        return real_bulk_create(self, objs, *args, **kwargs)

    monkeypatch.setattr(type(JobPosting.objects), "bulk_create", bulk_create_after_a_race)
    report = _import(_row(1, source_url="https://example.com/race", title="Ours"),
                     _row(2, source_url="https://example.com/ok"))
    assert raced["done"]
    assert (report.imported, report.updated, report.rejected) == (1, 1, 0)
    assert JobPosting.objects.get(source_url="https://example.com/race").title == "Ours"
    assert JobPosting.objects.count() == 2


def test_a_row_the_database_refuses_is_rejected_alone(monkeypatch):
    # When even the retry fails, rows are written one by one and only the culprit is rejected.
    from django.db import IntegrityError

    original = services._apply_batch

    def refuse_line_2(parsed, **kwargs):
        if any(line == 2 for line, _ in parsed):
            raise IntegrityError("simulated: new row violates check constraint")
        return original(parsed, **kwargs)

    monkeypatch.setattr(services, "_apply_batch", refuse_line_2)
    report = _import(_row(1), _row(2), _row(3))
    assert (report.imported, report.rejected) == (2, 1)
    assert report.rejections[0].line == 2
    assert "The database refused it: simulated" in report.rejections[0].reason
    assert JobPosting.objects.count() == 2


def test_summary_text():
    report = _import(_row(1), _row(2, title=""))
    assert report.summary == "1 imported, 0 updated, 1 rejected"
    assert str(report.rejections[0]).startswith("line 2: title:")


# --- Reading files -----------------------------------------------------------------------------------


def test_jsonl_lines_numbers_and_errors():
    rows = _read(_jsonl({"title": "A", "company": "B"}, "", "not json", "[1, 2]", {"title": "C", "company": "D"}))
    assert [(r.line, bool(r.data), r.error[:14]) for r in rows] == [
        (1, True, ""), (3, False, "Not valid JSON"), (4, False, "Each line must"), (5, True, ""),
    ]


def test_jsonl_with_a_bad_utf8_line_rejects_only_that_line():
    data = b'{"title": "A", "company": "B"}\n{"title": "\xff", "company": "B"}\n'
    rows = _read(data)
    assert rows[1].error == "Not valid UTF-8 text."


def test_csv_header_aliases_and_line_numbers_with_multiline_values():
    text = (
        "Title,Company,Remote,Salary Min,Type,Level,Posted At,URL,Requirements\r\n"
        '"Multi\nline",Acme,yes,"50,000",Contract,mid level,2026-01-02,https://example.com/1,React;CSS\r\n'
        "\r\n"
        "Second,Beta,no,,,,,,\r\n"
        "Too,many,values,1,2,3,4,5,6,7\r\n"
    )
    rows = _read(text, "postings.csv")
    assert [r.line for r in rows] == [2, 5, 6]
    assert rows[0].data["Title"] == "Multi\nline"
    assert rows[2].error == "Has 10 values but the header has 9 columns."
    report = postings_import(rows=rows)
    assert (report.imported, report.rejected) == (2, 1)
    posting = JobPosting.objects.get(source_url="https://example.com/1")
    assert (posting.job_type, posting.experience_level, posting.salary_min) == ("CONTRACT", "MID", 50_000)
    assert posting.requirements == ["React", "CSS"]


def test_csv_with_bom_and_tabs():
    rows = _read("\ufefftitle\tcompany\nA\tB\n".encode(), "postings.tsv")
    assert rows[0].data == {"title": "A", "company": "B"}


@pytest.mark.parametrize(("text", "filename", "fmt"), [
    ('{"title": "A", "company": "B"}\n', "export.txt", "jsonl"),
    ("title,company\nA,B\n", "export.txt", "csv"),
    ('{"title": "A", "company": "B"}\n', "export", "jsonl"),
])
def test_format_is_guessed_from_content_without_a_known_extension(text, filename, fmt):
    rows = _read(text, filename)
    assert rows[0].data["title"] == "A"


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "a.jsonl", "empty"),
    (b"\n\n  \n", "a.csv", "empty"),
    (b"%PDF-1.7\x00\x00binary", "a.csv", "not a text file"),
    (b'[{"title": "A"}]', "a.json", "JSON array"),
    (b"name,employer\nA,B\n", "a.csv", "no “title” or “company” column"),
    (b"title,location\nA,B\n", "a.csv", "no “company” column"),
])
def test_unusable_files(data, filename, message):
    with pytest.raises(ImportFileError, match=message):
        posting_rows_read(stream=io.BytesIO(data), filename=filename)


# --- The command -------------------------------------------------------------------------------------


def _command(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_postings", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_jsonl_and_reports(tmp_path):
    path = tmp_path / "postings.jsonl"
    path.write_text(_jsonl(
        {"title": "Python developer", "company": "Acme", "source_url": "https://example.com/1", "remote": "yes"},
        {"title": "", "company": "Acme"},
        "{oops",
        {"title": "Go developer", "company": "Beta", "salary_min": 100, "salary_max": 50},
        {"title": "Data engineer", "company": "Gamma", "source_url": "https://example.com/2"},
    ))
    out, _ = _command(path)
    assert "2 imported, 0 updated, 3 rejected" in out
    assert "Rejected line 2: title:" in out
    assert "Rejected line 3: Not valid JSON" in out
    assert "Rejected line 4: salary_max: Is less than salary_min (50 < 100)." in out
    assert JobPosting.objects.count() == 2

    out, _ = _command(path)  # again: updates, no duplicates
    assert "0 imported, 2 updated, 3 rejected" in out
    assert JobPosting.objects.count() == 2


def test_command_imports_csv(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_text(
        "title,company,location,remote,salary_min,salary_max,job_type,experience_level,posted_at,source_url\n"
        "Python developer,Acme,Berlin,true,60000,80000,Full-time,Senior,2026-02-01,https://example.com/a\n"
        "Bad,Acme,,perhaps,,,,,,\n"
        "Designer,Beta,Lisbon,0,,,,,,https://example.com/b\n"
    )
    out, _ = _command(path)
    assert "2 imported, 0 updated, 1 rejected" in out
    assert "Rejected line 3: is_remote:" in out
    posting = JobPosting.objects.get(source_url="https://example.com/a")
    assert (posting.location, posting.is_remote, posting.job_type) == ("Berlin", True, "FULL_TIME")
    out, _ = _command(path)
    assert "0 imported, 2 updated, 1 rejected" in out


def test_command_missing_file_exits_1(tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as excinfo:
        _command(tmp_path / "missing.jsonl")
    assert excinfo.value.returncode == 1


def test_command_unreadable_file_exits_1(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CommandError, match="not a text file"):
        _command(path)


def test_command_header_only_file_exits_1(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_text("title,company\n")
    with pytest.raises(CommandError, match="no postings"):
        _command(path)


def test_command_help_explains_rows_without_source_url():
    from jobs.management.commands.import_postings import Command

    assert "WITHOUT a source_url" in Command.help
    assert "always added" in Command.help


def test_command_exit_code_from_the_shell(tmp_path):
    # manage.py in a real process: exit status 1 and a message (no traceback) for a file
    # that cannot be read. It touches no database.
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="careercoach.settings.test")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_postings", str(tmp_path / "missing.csv")],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2], timeout=120,
    )
    assert result.returncode == 1
    assert "Cannot read" in result.stderr
    assert "Traceback" not in result.stderr
