"""Reading uploaded resumes: upload → task → PARSED/FAILED, with real PDF and Word files
generated here (fpdf2, python-docx). The task runs eagerly in tests; on-commit callbacks
are executed with django_capture_on_commit_callbacks."""

from __future__ import annotations

import io
import logging
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs import tasks
from jobs.models import Resume
from jobs.services import resume_intel
from jobs.services.resumes import resume_upload
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db

Status = Resume.Status

RESUME_LINES = [
    "Jane Doe",
    "jane.doe@example.com | (512) 555-0142 | Austin, TX",
    "linkedin.com/in/janedoe",
    "",
    "SUMMARY",
    "Backend engineer with eight years of experience building APIs.",
    "",
    "EXPERIENCE",
    "Senior Software Engineer",
    "Acme Corp, Austin, TX",
    "Jan 2020 - Present",
    "- Led the migration to Python 3, cutting latency by 30%",
    "Software Engineer",
    "Globex, Dallas, TX",
    "Mar 2016 - Dec 2019",
    "- Built the billing service used by 2 million customers",
    "",
    "EDUCATION",
    "University of Texas at Austin",
    "B.S. Computer Science, 2012 - 2016",
    "",
    "SKILLS",
    "Python, Django, PostgreSQL, AWS",
]


def make_pdf(lines=RESUME_LINES) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_docx(lines=RESUME_LINES) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_image_only_pdf() -> bytes:
    """A "scanned" resume: one page holding only a picture of text."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(RESUME_LINES[:10]):
        draw.text((40, 40 + 24 * i), line, fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def upload(user, data: bytes, name: str = "resume.pdf", content_type: str = "application/pdf") -> Resume:
    return resume_upload(user=user, upload=SimpleUploadedFile(name, data, content_type=content_type))


def upload_and_read(user, data: bytes, capture, **kwargs) -> Resume:
    with capture(execute=True):
        resume = upload(user, data, **kwargs)
    resume.refresh_from_db()
    return resume


# --- The flow ------------------------------------------------------------------------------


def test_upload_enqueues_reading_after_commit(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resume = upload(owner, make_pdf())
    assert resume.status == Status.UPLOADED
    assert len(callbacks) == 1  # the read is enqueued on commit, not before


def test_generated_pdf_ends_parsed_with_name_and_email(owner, django_capture_on_commit_callbacks):
    resume = upload_and_read(owner, make_pdf(), django_capture_on_commit_callbacks)
    assert resume.status == Status.PARSED, resume.status_message
    assert resume.status_message == ""
    assert resume.parsed_data["name"] == "Jane Doe"
    assert resume.parsed_data["email"] == "jane.doe@example.com"
    assert "Acme Corp" in resume.raw_text
    assert resume.page_count == 1
    assert resume.extracted_at is not None
    assert set(resume.layout) >= {"multi_column", "tables", "images_only", "has_header_footer"}
    assert Resume.objects.filter(raw_text__icontains="Globex").get() == resume  # searchable


def test_generated_docx_ends_parsed(owner, django_capture_on_commit_callbacks):
    resume = upload_and_read(
        owner, make_docx(), django_capture_on_commit_callbacks, name="cv.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert resume.status == Status.PARSED, resume.status_message
    assert resume.parsed_data["name"] == "Jane Doe"
    assert resume.parsed_data["email"] == "jane.doe@example.com"


def test_image_only_pdf_fails_with_the_ocr_message_and_nothing_invented(owner, django_capture_on_commit_callbacks):
    resume = upload_and_read(owner, make_image_only_pdf(), django_capture_on_commit_callbacks)
    assert resume.status == Status.FAILED
    assert "OCR is not available" in resume.status_message
    assert resume.raw_text == ""
    assert resume.parsed_data == {}
    assert resume.extracted_at is not None


def test_an_unexpected_error_leaves_the_resume_failed_and_the_task_does_not_raise(
    owner, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    import jobs.parsing.parse

    def broken(text, *, links=()):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(jobs.parsing.parse, "parse_resume_text", broken)
    with caplog.at_level(logging.ERROR):
        resume = upload_and_read(owner, make_pdf(), django_capture_on_commit_callbacks)
    assert resume.status == Status.FAILED
    assert resume.status_message == resume_intel.UNEXPECTED_MESSAGE
    assert resume.status_message.startswith("Something went wrong while reading")
    assert resume.raw_text == "" and resume.parsed_data == {}
    assert "parser bug" in caplog.text  # logged with its traceback


def test_the_task_survives_errors_outside_the_read(owner, monkeypatch, caplog):
    resume = ResumeFactory(user=owner, file="resumes/x/missing.pdf")

    def broken(*, resume_id):
        resume_intel.resume_extract_claim(resume_id=resume_id)
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(resume_intel, "resume_extract", broken)
    with caplog.at_level(logging.ERROR):
        assert tasks.resume_extract_task(resume.pk) == Status.FAILED
    resume.refresh_from_db()
    assert resume.status == Status.FAILED
    assert resume.status_message == resume_intel.UNEXPECTED_MESSAGE
    assert "database hiccup" in caplog.text


def test_task_for_a_deleted_resume_does_nothing():
    assert tasks.resume_extract_task("00000000-0000-0000-0000-000000000000") is None


def test_a_missing_file_fails_with_a_message(owner):
    resume = ResumeFactory(user=owner, file="resumes/nowhere/gone.pdf")
    resume = resume_intel.resume_extract(resume_id=resume.pk)
    assert resume.status == Status.FAILED
    assert resume.status_message == resume_intel.MISSING_FILE_MESSAGE


def test_a_resume_without_a_file_fails_once(owner):
    resume = ResumeFactory(user=owner)
    resume = resume_intel.resume_extract(resume_id=resume.pk)
    assert resume.status == Status.FAILED
    assert resume.status_message == resume_intel.NO_FILE_MESSAGE


def test_nul_characters_are_dropped_before_storing():
    assert resume_intel._clean_json({"a\x00": ["x\x00y", {"k": "v\x00"}], "n": 1}) == {"a": ["xy", {"k": "v"}], "n": 1}


# --- Claiming: safe to run twice ------------------------------------------------------------


def test_claim_lets_only_one_worker_read(owner):
    resume = upload(owner, make_pdf())
    assert resume_intel.resume_extract_claim(resume_id=resume.pk) is True
    assert resume_intel.resume_extract_claim(resume_id=resume.pk) is False


def test_a_resume_being_read_is_not_read_again(owner):
    resume = upload(owner, make_pdf())
    assert resume_intel.resume_extract_claim(resume_id=resume.pk)
    again = resume_intel.resume_extract(resume_id=resume.pk)
    assert again.status == Status.EXTRACTING
    assert again.raw_text == "" and again.parsed_data == {}


def test_a_stale_claim_is_taken_over(owner):
    resume = upload(owner, make_pdf())
    Resume.objects.filter(pk=resume.pk).update(status=Status.EXTRACTING, updated_at=timezone.now() - timedelta(hours=1))
    assert resume_intel.resume_extract_claim(resume_id=resume.pk) is True


def test_running_twice_changes_nothing_the_second_time(owner):
    resume = upload(owner, make_pdf())
    first = resume_intel.resume_extract(resume_id=resume.pk)
    assert first.status == Status.PARSED, first.status_message
    second = resume_intel.resume_extract(resume_id=resume.pk)
    assert second.status == Status.PARSED
    assert second.extracted_at == first.extracted_at
    assert second.parsed_data == first.parsed_data


def test_retry_reads_a_failed_resume_again(owner, django_capture_on_commit_callbacks, monkeypatch):
    import jobs.parsing.parse

    real = jobs.parsing.parse.parse_resume_text
    monkeypatch.setattr(jobs.parsing.parse, "parse_resume_text", lambda text, *, links=(): 1 / 0)
    resume = upload_and_read(owner, make_pdf(), django_capture_on_commit_callbacks)
    assert resume.status == Status.FAILED
    monkeypatch.setattr(jobs.parsing.parse, "parse_resume_text", real)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resume = resume_intel.resume_extract_retry(resume=resume)
    assert resume.status == Status.UPLOADED and resume.status_message == ""
    callbacks[0]()
    resume.refresh_from_db()
    assert resume.status == Status.PARSED
    assert resume.parsed_data["name"] == "Jane Doe"


def test_retry_refuses_a_read_resume(owner):
    from django.core.exceptions import ValidationError

    resume = upload(owner, make_pdf())
    resume_intel.resume_extract(resume_id=resume.pk)
    resume.refresh_from_db()
    with pytest.raises(ValidationError, match="already been read"):
        resume_intel.resume_extract_retry(resume=resume)


def test_a_parsed_primary_resume_refreshes_match_scores(owner, monkeypatch, django_capture_on_commit_callbacks):
    sent = []

    class Recorder:
        @staticmethod
        def delay(resume_id):
            sent.append(resume_id)

    monkeypatch.setattr(tasks, "resume_matches_refresh_task", Recorder, raising=False)
    resume = upload_and_read(owner, make_pdf(), django_capture_on_commit_callbacks)
    assert resume.is_primary and resume.status == Status.PARSED
    assert sent == [resume.pk]
    other = upload_and_read(owner, make_pdf(), django_capture_on_commit_callbacks)
    assert not other.is_primary
    assert sent == [resume.pk]  # only the primary resume's change matters


# --- A real worker --------------------------------------------------------------------------


@pytest.fixture
def worker_sees_our_files(settings, monkeypatch):
    # The worker is another process: it finds the uploaded file through the environment.
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(settings.PRIVATE_MEDIA_ROOT))
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def test_a_real_worker_reads_the_upload(worker_sees_our_files, celery_worker, owner, client):
    client.force_login(owner)
    from django.urls import reverse

    response = client.post(
        reverse("jobs:resume_upload"),
        {"file": SimpleUploadedFile("resume.pdf", make_pdf(), content_type="application/pdf"), "title": ""},
    )
    assert response.status_code == 302
    resume = Resume.objects.get(user=owner)
    deadline = time.monotonic() + 30
    while resume.status in (Status.UPLOADED, Status.EXTRACTING) and time.monotonic() < deadline:
        time.sleep(0.2)
        resume.refresh_from_db()
    assert resume.status == Status.PARSED, resume.status_message
    assert resume.parsed_data["email"] == "jane.doe@example.com"
