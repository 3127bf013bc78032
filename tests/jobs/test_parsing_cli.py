"""`manage.py parse_resume FILE [FILE ...] --json`: the batch contract."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from docx import Document

KEYS = ["file", "name", "email", "phone", "location", "links", "summary", "experience", "education", "skills",
        "certifications"]


@pytest.fixture
def resume_docx(tmp_path) -> Path:
    doc = Document()
    doc.add_paragraph("JANE DOE, CPA")
    doc.add_paragraph("Chicago, IL | jane@example.com | 312-443-7210")
    doc.add_paragraph("Career History")
    doc.add_paragraph("Staff Accountant, Globex Inc.  2018 – 2020")
    doc.add_paragraph("Closed the books monthly", style="List Bullet")
    doc.add_paragraph("Education")
    doc.add_paragraph("B.S. in Accounting, Ohio State University, 2017")
    path = tmp_path / "jane.docx"
    doc.save(path)
    return path


def _run(*args) -> list[dict]:
    out = io.StringIO()
    call_command("parse_resume", *map(str, args), "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_json_line_has_exactly_the_contract_keys(resume_docx):
    [row] = _run(resume_docx)
    assert list(row) == KEYS
    assert row["file"] == str(resume_docx)
    assert (row["name"], row["email"], row["phone"], row["location"]) == (
        "Jane Doe", "jane@example.com", "312-443-7210", "Chicago, IL")
    assert row["experience"] == [{
        "company": "Globex Inc.", "title": "Staff Accountant", "start": "2018-01", "end": "2020-12",
        "current": False, "location": "", "bullets": ["Closed the books monthly"],
    }]
    assert row["education"] == [{
        "institution": "Ohio State University", "degree": "B.S.", "field": "Accounting", "start": None,
        "end": "2017-12", "gpa": None,
    }]
    assert row["skills"] == [] and row["certifications"] == [] and row["links"] == [] and row["summary"] == ""


def test_unreadable_file_prints_error_and_continues(resume_docx, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    rows = _run(bad, tmp_path / "missing.pdf", empty, resume_docx)
    assert [list(r) for r in rows[:3]] == [["file", "error"]] * 3
    assert "damaged" in rows[0]["error"]
    assert "Cannot read" in rows[1]["error"]
    assert "empty" in rows[2]["error"]
    assert rows[3]["name"] == "Jane Doe"


def test_all_files_failing_exits_with_status_1(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    with pytest.raises(CommandError) as exc:
        _run(bad)
    assert exc.value.returncode == 1


def test_exit_status_from_the_shell(resume_docx, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    # Same environment as this test run, so the child attaches to the running embedded servers.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careercoach.settings.test"}
    manage = Path(settings.BASE_DIR) / "manage.py"
    ok = subprocess.run([sys.executable, manage, "parse_resume", bad, resume_docx, "--json"],
                        capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.splitlines()) == 2
    failed = subprocess.run([sys.executable, manage, "parse_resume", bad, "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert failed.returncode == 1
    assert json.loads(failed.stdout.splitlines()[0])["error"]


def test_readable_summary_without_json(resume_docx):
    out = io.StringIO()
    call_command("parse_resume", str(resume_docx), stdout=out)
    text = out.getvalue()
    assert "Jane Doe" in text and "Staff Accountant @ Globex Inc." in text and "2018-01 – 2020-12" in text
