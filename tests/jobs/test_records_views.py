"""HTML views for a job's application and documents, and for resumes."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from jobs.models import Application, Document, Job, JobStatus, Resume, StatusChange
from jobs.selectors.board import job_get_for_user
from jobs.services import documents as document_services
from jobs.services import resumes as resume_services
from jobs.services.tracking import job_create
from jobs.views import records as views
from tests.jobs.factories import ApplicationFactory, DocumentFactory, ResumeFactory
from tests.test_uploads import EXE_BYTES, HTML_BYTES, docx_bytes, image_bytes, pdf_bytes, plain_zip_bytes, upload

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LOGIN_URL = reverse("account_login")
SOME_ID = uuid.uuid4()


def _job(user, status=JobStatus.INTERESTED) -> Job:
    return job_create(user=user, data={"title": "Platform Engineer", "company": "Initech"}, status=status)


def _fragment(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    return content


def _page(response) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content
    return content


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _resume(user, name="cv.pdf", **kwargs) -> Resume:
    return resume_services.resume_upload(user=user, upload=upload(name, pdf_bytes()), **kwargs)


def _document(user, job, name="notes.txt", data=b"hello", **kwargs) -> Document:
    kwargs.setdefault("type", Document.Type.OTHER)
    return document_services.document_upload(user=user, job=job, upload=upload(name, data), **kwargs)


def _application_data(**overrides) -> dict:
    data = {
        "status": "DRAFT",
        "method": "MANUAL",
        "resume": "",
        "confirmation_number": "",
        "response_at": "",
        "cover_letter": "",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- Every URL: log-in, methods, other users' objects -----------------------------------------------

PROTECTED = [
    ("get", "jobs:application_section", {"job_id": SOME_ID}),
    ("get", "jobs:application_create", {"job_id": SOME_ID}),
    ("post", "jobs:application_create", {"job_id": SOME_ID}),
    ("get", "jobs:application_edit", {"application_id": SOME_ID}),
    ("post", "jobs:application_edit", {"application_id": SOME_ID}),
    ("get", "jobs:application_delete", {"application_id": SOME_ID}),
    ("post", "jobs:application_delete", {"application_id": SOME_ID}),
    ("get", "jobs:document_section", {"job_id": SOME_ID}),
    ("get", "jobs:document_upload", {"job_id": SOME_ID}),
    ("post", "jobs:document_upload", {"job_id": SOME_ID}),
    ("get", "jobs:document_download", {"document_id": SOME_ID}),
    ("get", "jobs:document_delete", {"document_id": SOME_ID}),
    ("post", "jobs:document_delete", {"document_id": SOME_ID}),
    ("get", "jobs:resume_list", {}),
    ("post", "jobs:resume_upload", {}),
    ("get", "jobs:resume_row", {"resume_id": SOME_ID}),
    ("get", "jobs:resume_rename", {"resume_id": SOME_ID}),
    ("post", "jobs:resume_rename", {"resume_id": SOME_ID}),
    ("post", "jobs:resume_set_primary", {"resume_id": SOME_ID}),
    ("get", "jobs:resume_delete", {"resume_id": SOME_ID}),
    ("post", "jobs:resume_delete", {"resume_id": SOME_ID}),
    ("get", "jobs:resume_download", {"resume_id": SOME_ID}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PROTECTED)
def test_requires_login(client, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_htmx_request_without_a_session_navigates_to_login(client):
    response = client.get(reverse("jobs:application_section", kwargs={"job_id": SOME_ID}), **HTMX)
    assert response.headers["HX-Redirect"].startswith(LOGIN_URL)


WRONG_METHOD = [
    ("post", "jobs:application_section", {"job_id": SOME_ID}),
    ("put", "jobs:application_create", {"job_id": SOME_ID}),
    ("put", "jobs:application_edit", {"application_id": SOME_ID}),
    ("delete", "jobs:application_delete", {"application_id": SOME_ID}),
    ("post", "jobs:document_section", {"job_id": SOME_ID}),
    ("put", "jobs:document_upload", {"job_id": SOME_ID}),
    ("post", "jobs:document_download", {"document_id": SOME_ID}),
    ("delete", "jobs:document_delete", {"document_id": SOME_ID}),
    ("post", "jobs:resume_list", {}),
    ("get", "jobs:resume_upload", {}),
    ("post", "jobs:resume_row", {"resume_id": SOME_ID}),
    ("put", "jobs:resume_rename", {"resume_id": SOME_ID}),
    ("get", "jobs:resume_set_primary", {"resume_id": SOME_ID}),
    ("delete", "jobs:resume_delete", {"resume_id": SOME_ID}),
    ("post", "jobs:resume_download", {"resume_id": SOME_ID}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), WRONG_METHOD)
def test_wrong_method_is_405(owner_client, method, name, kwargs):
    response = getattr(owner_client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 405


@pytest.fixture
def strangers_things(stranger):
    job = _job(stranger)
    resume = _resume(stranger)
    return {
        "job_id": job.pk,
        "application_id": ApplicationFactory(job=job, resume=resume).pk,
        "document_id": _document(stranger, job).pk,
        "resume_id": resume.pk,
    }


OTHERS = [
    ("get", "jobs:application_section", "job_id"),
    ("get", "jobs:application_create", "job_id"),
    ("post", "jobs:application_create", "job_id"),
    ("get", "jobs:application_edit", "application_id"),
    ("post", "jobs:application_edit", "application_id"),
    ("get", "jobs:application_delete", "application_id"),
    ("post", "jobs:application_delete", "application_id"),
    ("get", "jobs:document_section", "job_id"),
    ("get", "jobs:document_upload", "job_id"),
    ("post", "jobs:document_upload", "job_id"),
    ("get", "jobs:document_download", "document_id"),
    ("get", "jobs:document_delete", "document_id"),
    ("post", "jobs:document_delete", "document_id"),
    ("get", "jobs:resume_row", "resume_id"),
    ("get", "jobs:resume_rename", "resume_id"),
    ("post", "jobs:resume_rename", "resume_id"),
    ("post", "jobs:resume_set_primary", "resume_id"),
    ("get", "jobs:resume_delete", "resume_id"),
    ("post", "jobs:resume_delete", "resume_id"),
    ("get", "jobs:resume_download", "resume_id"),
]


@pytest.mark.parametrize(("method", "name", "key"), OTHERS)
def test_other_users_objects_are_404(owner_client, strangers_things, method, name, key):
    data = {"title": "Mine now", **_application_data(status="SUBMITTED")} if method == "post" else None
    response = getattr(owner_client, method)(reverse(name, kwargs={key: strangers_things[key]}), data)
    assert response.status_code == 404
    # Nothing of theirs changed.
    assert Application.objects.filter(pk=strangers_things["application_id"], status="SUBMITTED").exists()
    assert Document.objects.filter(pk=strangers_things["document_id"]).exists()
    resume = Resume.objects.get(pk=strangers_things["resume_id"])
    assert resume.title != "Mine now" and resume.is_primary


# --- The job page's sections ---------------------------------------------------------------------------


def test_sections_render_from_the_job_page_context_without_queries(owner, django_assert_num_queries):
    """The job page includes both partials with the job from board.job_get_for_user."""
    job = _job(owner)
    ApplicationFactory(job=job, resume=_resume(owner, title="Main CV"), cover_letter="Dear Initech")
    _document(owner, job, title="Cover letter", type=Document.Type.COVER_LETTER)
    _document(owner, job, title="Cover letter", type=Document.Type.COVER_LETTER)
    request = RequestFactory().get("/")
    request.user = owner
    job = job_get_for_user(user=owner, job_id=job.pk)
    with django_assert_num_queries(0):
        applications = render_to_string("jobs/partials/_job_applications.html", {"job": job}, request=request)
        documents = render_to_string("jobs/partials/_job_documents.html", {"job": job}, request=request)
    assert 'id="job-applications"' in applications and "Main CV" in applications and "Dear Initech" in applications
    assert reverse("jobs:resume_list") in applications
    assert 'id="job-documents"' in documents and "Version 2" in documents and "Earlier versions (1)" in documents


@pytest.mark.parametrize(
    ("name", "anchor"), [("jobs:application_section", "job-applications"), ("jobs:document_section", "job-documents")]
)
def test_section_without_htmx_goes_to_the_job_page(owner_client, owner, name, anchor):
    job = _job(owner)
    response = owner_client.get(reverse(name, args=[job.pk]))
    assert response.status_code == 302
    assert response.url == reverse("jobs:job_detail", args=[job.pk]) + f"#{anchor}"


def test_application_section_fragment_shows_resume_count(owner_client, owner, django_assert_max_num_queries):
    job = _job(owner)
    _resume(owner)
    _resume(owner, name="b.pdf")
    ApplicationFactory(job=job)
    owner_client.get(reverse("jobs:resume_list"))  # allauth records the session on the first request
    with django_assert_max_num_queries(12):
        response = owner_client.get(reverse("jobs:application_section", args=[job.pk]), **HTMX)
    content = _fragment(response)
    assert 'id="job-applications"' in content and "You have 2 resumes." in content


def test_document_section_query_count_does_not_grow(owner_client, owner, django_assert_max_num_queries):
    job = _job(owner)
    for n in range(8):
        _document(owner, job, title=f"Doc {n % 3}")
    owner_client.get(reverse("jobs:resume_list"))
    with django_assert_max_num_queries(11):
        response = owner_client.get(reverse("jobs:document_section", args=[job.pk]), **HTMX)
    assert 'id="job-documents"' in _fragment(response)


# --- Applications ---------------------------------------------------------------------------------------


def test_create_form_page_preselects_the_primary_resume(owner_client, owner):
    _resume(owner, title="Primary one")
    other = _resume(owner, name="other.pdf", title="Other one")
    job = _job(owner)
    content = _page(owner_client.get(reverse("jobs:application_create", args=[job.pk])))
    primary = Resume.objects.get(user=owner, is_primary=True)
    assert f'<option value="{primary.pk}" selected>Primary one (primary)</option>' in content
    assert f'<option value="{other.pk}">Other one</option>' in content


def test_create_form_htmx_is_the_section_with_the_form(owner_client, owner):
    job = _job(owner)
    content = _fragment(owner_client.get(reverse("jobs:application_create", args=[job.pk]), **HTMX))
    assert 'id="job-applications"' in content and 'name="cover_letter"' in content
    assert 'hx-target="#job-applications"' in content


def test_create_without_js_saves_and_redirects_to_the_job(owner_client, owner):
    job = _job(owner)
    resume = _resume(owner)
    data = _application_data(status="DRAFT", resume=str(resume.pk), cover_letter="Hello", notes="Follow up Monday")
    response = owner_client.post(reverse("jobs:application_create", args=[job.pk]), data)
    assert response.status_code == 302
    assert response.url == views._job_page_url(job, "job-applications")
    application = Application.objects.get(job=job)
    assert (application.user, application.resume, application.status) == (owner, resume, "DRAFT")
    assert (application.cover_letter, application.notes, application.submitted_at) == (
        "Hello",
        "Follow up Monday",
        None,
    )


def test_create_submitted_with_htmx_moves_the_job_and_signals_it(owner_client, owner):
    job = _job(owner)
    response = owner_client.post(
        reverse("jobs:application_create", args=[job.pk]), _application_data(status="SUBMITTED"), **HTMX
    )
    content = _fragment(response)
    assert "Application saved. The job moved to “Applied” on your board." in content
    assert response.headers["HX-Trigger"] == views.JOB_STATUS_EVENT
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED
    assert StatusChange.objects.filter(job=job, from_status="INTERESTED", to_status="APPLIED").count() == 1
    assert Application.objects.get(job=job).submitted_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_application_data(status="HIRED"), "status"),
        (_application_data(method="CARRIER_PIGEON"), "method"),
        (_application_data(response_at="not a date"), "response_at"),
    ],
)
def test_create_with_invalid_input_shows_field_errors_and_writes_nothing(owner_client, owner, data, field):
    job = _job(owner)
    content = _fragment(owner_client.post(reverse("jobs:application_create", args=[job.pk]), data, **HTMX))
    assert f'id="id_{field}_error"' in content
    assert not Application.objects.exists()
    content = _page(owner_client.post(reverse("jobs:application_create", args=[job.pk]), data))
    assert f'id="id_{field}_error"' in content
    assert not Application.objects.exists()


def test_create_refuses_a_strangers_resume_as_a_field_error(owner_client, owner, stranger):
    job = _job(owner)
    theirs = _resume(stranger)
    content = _page(
        owner_client.post(reverse("jobs:application_create", args=[job.pk]), _application_data(resume=str(theirs.pk)))
    )
    assert 'id="id_resume_error"' in content and "Select a valid choice" in content
    assert not Application.objects.exists()


def test_second_application_post_gets_a_message_pointing_to_the_first(owner_client, owner):
    job = _job(owner)
    existing = ApplicationFactory(job=job)
    for extra in ({}, HTMX):
        response = owner_client.post(reverse("jobs:application_create", args=[job.pk]), _application_data(), **extra)
        assert response.status_code == 200
        content = response.content.decode()
        assert "You already have an application for this job" in content
        assert reverse("jobs:application_edit", args=[existing.pk]) in content
    assert Application.objects.filter(job=job).count() == 1


def test_second_application_get_goes_to_the_existing_one(owner_client, owner):
    job = _job(owner)
    existing = ApplicationFactory(job=job, confirmation_number="REF-42")
    response = owner_client.get(reverse("jobs:application_create", args=[job.pk]))
    assert response.status_code == 302
    assert response.url == reverse("jobs:application_edit", args=[existing.pk])
    content = _fragment(owner_client.get(reverse("jobs:application_create", args=[job.pk]), **HTMX))
    assert "already has an application" in content
    assert reverse("jobs:application_edit", args=[existing.pk]) in content and "REF-42" in content


def test_edit_form_offers_only_forward_statuses(owner_client, owner):
    application = ApplicationFactory(job=_job(owner), status="UNDER_REVIEW")
    content = _page(owner_client.get(reverse("jobs:application_edit", args=[application.pk])))
    assert 'value="ACCEPTED"' in content and 'value="REJECTED"' in content
    assert 'value="DRAFT"' not in content and 'value="SUBMITTED"' not in content


def test_edit_with_htmx_swaps_the_section(owner_client, owner):
    job = _job(owner, status=JobStatus.APPLIED)
    application = ApplicationFactory(job=job, status="SUBMITTED")
    url = reverse("jobs:application_edit", args=[application.pk])
    assert 'name="confirmation_number"' in _fragment(owner_client.get(url, **HTMX))
    response = owner_client.post(
        url, _application_data(status="ACCEPTED", confirmation_number="XYZ", response_at="2030-02-03"), **HTMX
    )
    content = _fragment(response)
    assert "Application saved." in content and "XYZ" in content and "HX-Trigger" not in response.headers
    application.refresh_from_db()
    assert (application.status, application.confirmation_number, str(application.response_at)) == (
        "ACCEPTED",
        "XYZ",
        "2030-02-03",
    )


def test_edit_draft_to_submitted_moves_the_job(owner_client, owner):
    job = _job(owner)
    application = ApplicationFactory(job=job, status="DRAFT", submitted_at=None)
    response = owner_client.post(
        reverse("jobs:application_edit", args=[application.pk]), _application_data(status="SUBMITTED")
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED


def test_edit_backwards_is_a_field_error_and_changes_nothing(owner_client, owner):
    application = ApplicationFactory(job=_job(owner), status="REJECTED")
    response = owner_client.post(
        reverse("jobs:application_edit", args=[application.pk]), _application_data(status="DRAFT", notes="x"), **HTMX
    )
    content = _fragment(response)
    assert 'id="id_status_error"' in content
    application.refresh_from_db()
    assert (application.status, application.notes) == ("REJECTED", "")


def test_delete_application_confirm_then_delete(owner_client, owner):
    job = _job(owner)
    application = ApplicationFactory(job=job)
    url = reverse("jobs:application_delete", args=[application.pk])
    assert "Delete this application?" in _page(owner_client.get(url))
    response = owner_client.post(url)
    assert response.status_code == 302 and response.url == views._job_page_url(job, "job-applications")
    assert not Application.objects.exists() and Job.objects.filter(pk=job.pk).exists()


def test_delete_application_with_htmx_returns_the_section(owner_client, owner):
    job = _job(owner)
    application = ApplicationFactory(job=job)
    content = _fragment(owner_client.post(reverse("jobs:application_delete", args=[application.pk]), **HTMX))
    assert "Application deleted." in content and "Record application" in content
    assert not Application.objects.exists()


# --- Documents -------------------------------------------------------------------------------------------


def test_upload_form_page_and_fragment(owner_client, owner):
    job = _job(owner)
    _document(owner, job, title="Portfolio")
    url = reverse("jobs:document_upload", args=[job.pk])
    page = _page(owner_client.get(url))
    assert 'enctype="multipart/form-data"' in page and '<option value="Portfolio">' in page
    fragment = _fragment(owner_client.get(url, **HTMX))
    assert 'id="job-documents"' in fragment and 'hx-encoding="multipart/form-data"' in fragment


def test_upload_without_js_saves_and_redirects(owner_client, owner):
    job = _job(owner)
    data = docx_bytes()
    response = owner_client.post(
        reverse("jobs:document_upload", args=[job.pk]),
        {"type": "COVER_LETTER", "title": "Cover letter", "file": upload("letter.docx", data)},
    )
    assert response.status_code == 302 and response.url == views._job_page_url(job, "job-documents")
    document = Document.objects.get(job=job)
    assert (document.type, document.title, document.version, document.size) == (
        "COVER_LETTER",
        "Cover letter",
        1,
        len(data),
    )
    assert document.mime_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_upload_same_title_with_htmx_adds_a_version(owner_client, owner):
    job = _job(owner)
    _document(owner, job, title="Cover letter", type=Document.Type.COVER_LETTER)
    response = owner_client.post(
        reverse("jobs:document_upload", args=[job.pk]),
        {"type": "COVER_LETTER", "title": "cover letter", "file": upload("v2.pdf", pdf_bytes())},
        **HTMX,
    )
    content = _fragment(response)
    assert "Uploaded version 2 of “Cover letter”." in content and "Earlier versions (1)" in content
    assert list(Document.objects.filter(job=job).values_list("version", flat=True)) == [2, 1]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("offer.pdf", EXE_BYTES, "program"),
        ("offer.pdf", HTML_BYTES, "web page"),
        ("offer.txt", HTML_BYTES, "web page"),
        ("bundle.docx", plain_zip_bytes(), "zip archive"),
    ],
)
def test_upload_refuses_by_content_as_a_file_error(owner_client, owner, settings, name, data, message):
    job = _job(owner)
    for extra, check in (({}, _page), (HTMX, _fragment)):
        response = owner_client.post(
            reverse("jobs:document_upload", args=[job.pk]),
            {"type": "OTHER", "title": "", "file": upload(name, data)},
            **extra,
        )
        content = check(response)
        assert 'id="id_file_error"' in content and message in content
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_upload_too_large_is_refused(owner_client, owner, settings):
    settings.DOCUMENT_MAX_BYTES = 50
    job = _job(owner)
    response = owner_client.post(
        reverse("jobs:document_upload", args=[job.pk]), {"type": "OTHER", "file": upload("a.txt", b"x" * 51)}, **HTMX
    )
    assert "the limit is 50\xa0bytes" in _fragment(response)
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_upload_without_a_file_or_with_bad_type_is_a_field_error(owner_client, owner):
    job = _job(owner)
    url = reverse("jobs:document_upload", args=[job.pk])
    assert 'id="id_file_error"' in _fragment(owner_client.post(url, {"type": "OTHER"}, **HTMX))
    content = _fragment(owner_client.post(url, {"type": "SECRET", "file": upload("a.txt", b"x")}, **HTMX))
    assert 'id="id_type_error"' in content
    assert not Document.objects.exists()


def test_download_document_as_an_attachment(owner_client, owner):
    job = _job(owner)
    document = _document(owner, job, name='../My "notes".md', data=b"# Notes\n")
    response = owner_client.get(reverse("jobs:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"# Notes\n"
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="My _notes_.md"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_download_non_ascii_name_is_encoded(owner_client, owner):
    document = _document(owner, _job(owner), name="Lettre de motivation é.png", data=image_bytes())
    response = owner_client.get(reverse("jobs:document_download", args=[document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Lettre%20de%20motivation%20%C3%A9.png"


def test_download_of_a_missing_file_is_404_not_500(owner_client, owner):
    document = _document(owner, _job(owner))
    document.file.storage.delete(document.file.name)
    assert owner_client.get(reverse("jobs:document_download", args=[document.pk])).status_code == 404


def test_delete_document_confirm_then_delete(owner_client, owner, settings, django_capture_on_commit_callbacks):
    job = _job(owner)
    document = _document(owner, job, title="Offer")
    url = reverse("jobs:document_delete", args=[document.pk])
    assert "Delete “Offer” (version 1)?" in _page(owner_client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)
    assert response.status_code == 302 and response.url == views._job_page_url(job, "job-documents")
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_delete_one_version_with_htmx_keeps_the_others(owner_client, owner):
    job = _job(owner)
    first = _document(owner, job, title="CV")
    second = _document(owner, job, title="CV")
    content = _fragment(owner_client.post(reverse("jobs:document_delete", args=[second.pk]), **HTMX))
    assert "Deleted “CV” (version 2)." in content
    assert list(Document.objects.values_list("pk", flat=True)) == [first.pk]


# --- Resumes -----------------------------------------------------------------------------------------------


def test_resume_list_shows_resumes_with_usage(owner_client, owner, stranger, django_assert_max_num_queries):
    primary = _resume(owner, title="Main CV")
    for n in range(5):
        _resume(owner, name=f"{n}.pdf")
    ApplicationFactory(job=_job(owner), resume=primary)
    _resume(stranger, title="Not yours")
    owner_client.get(reverse("jobs:resume_list"))
    with django_assert_max_num_queries(9):
        response = owner_client.get(reverse("jobs:resume_list"))
    content = _page(response)
    assert "Main CV" in content and "Primary" in content and "used in 1 application" in content
    assert "Not yours" not in content
    rows = [
        content.index(f'id="resume-{resume.pk}"')
        for resume in Resume.objects.filter(user=owner).order_by("-created_at")
    ]
    assert min(rows) == content.index(f'id="resume-{primary.pk}"'), "the primary resume comes first"
    assert rows[:-1] == sorted(rows[:-1]), "then the newest uploads"


def test_resume_list_htmx_is_the_panel(owner_client, owner):
    content = _fragment(owner_client.get(reverse("jobs:resume_list"), **HTMX))
    assert 'id="resume-panel"' in content and "No resumes yet" in content


def test_upload_resume_without_js(owner_client, owner):
    response = owner_client.post(
        reverse("jobs:resume_upload"), {"title": "", "file": upload("Jane CV.pdf", pdf_bytes(2))}
    )
    assert response.status_code == 302 and response.url == reverse("jobs:resume_list")
    resume = Resume.objects.get(user=owner)
    assert (resume.title, resume.is_primary, resume.mime_type) == ("Jane CV", True, "application/pdf")


def test_upload_resume_with_htmx_returns_the_panel(owner_client, owner):
    _resume(owner)
    response = owner_client.post(
        reverse("jobs:resume_upload"), {"title": "Word CV", "file": upload("cv.docx", docx_bytes())}, **HTMX
    )
    content = _fragment(response)
    assert "Uploaded “Word CV”." in content and 'id="resume-panel"' in content
    assert Resume.objects.get(title="Word CV").is_primary is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pdf_bytes(password="pw"), "encrypted"),
        (b"%PDF-1.4 nope", "damaged"),
        (EXE_BYTES, "program"),
        (image_bytes(), "PNG image"),
    ],
)
def test_upload_resume_refusals_are_file_errors(owner_client, owner, settings, data, message):
    for extra, check in (({}, _page), (HTMX, _fragment)):
        content = check(owner_client.post(reverse("jobs:resume_upload"), {"file": upload("cv.pdf", data)}, **extra))
        assert 'id="id_file_error"' in content and message in content
    assert not Resume.objects.exists() and _stored_files(settings) == []


def test_upload_resume_with_too_many_pages_or_bytes(owner_client, owner, settings):
    settings.RESUME_MAX_PAGES = 1
    content = _fragment(
        owner_client.post(reverse("jobs:resume_upload"), {"file": upload("cv.pdf", pdf_bytes(2))}, **HTMX)
    )
    assert "That PDF has 2 pages; a resume can have at most 1." in content
    settings.RESUME_MAX_BYTES = 100
    content = _fragment(
        owner_client.post(reverse("jobs:resume_upload"), {"file": upload("cv.pdf", pdf_bytes(1))}, **HTMX)
    )
    assert "the limit is 100\xa0bytes" in content
    assert not Resume.objects.exists()


def test_upload_resume_without_a_file(owner_client):
    content = _page(owner_client.post(reverse("jobs:resume_upload"), {"title": "x"}))
    assert 'id="id_file_error"' in content
    assert not Resume.objects.exists()


def test_rename_inline_with_htmx(owner_client, owner):
    resume = _resume(owner, title="Old")
    url = reverse("jobs:resume_rename", args=[resume.pk])
    content = _fragment(owner_client.get(url, **HTMX))
    assert f'id="resume-{resume.pk}"' in content and 'name="title"' in content and 'value="Old"' in content
    content = _fragment(owner_client.post(url, {"title": "New name"}, **HTMX))
    assert "Renamed to “New name”." in content and 'name="title"' not in content
    resume.refresh_from_db()
    assert resume.title == "New name"


def test_rename_blank_is_a_field_error(owner_client, owner):
    resume = _resume(owner, title="Keep")
    content = _fragment(owner_client.post(reverse("jobs:resume_rename", args=[resume.pk]), {"title": "   "}, **HTMX))
    assert 'id="id_title_error"' in content
    resume.refresh_from_db()
    assert resume.title == "Keep"


def test_rename_without_js(owner_client, owner):
    resume = _resume(owner, title="Old")
    url = reverse("jobs:resume_rename", args=[resume.pk])
    assert "Rename “Old”" in _page(owner_client.get(url))
    response = owner_client.post(url, {"title": "New"})
    assert response.status_code == 302 and response.url == reverse("jobs:resume_list")
    resume.refresh_from_db()
    assert resume.title == "New"


def test_resume_row_for_cancel(owner_client, owner):
    resume = _resume(owner, title="Row")
    url = reverse("jobs:resume_row", args=[resume.pk])
    assert "Row" in _fragment(owner_client.get(url, **HTMX))
    response = owner_client.get(url)
    assert response.status_code == 302 and response.url == reverse("jobs:resume_list")


def test_make_primary_switches(owner_client, owner):
    first = _resume(owner)
    second = _resume(owner, name="b.pdf", title="Second")
    content = _fragment(owner_client.post(reverse("jobs:resume_set_primary", args=[second.pk]), **HTMX))
    assert "“Second” is now your primary resume." in content
    assert list(Resume.objects.filter(user=owner, is_primary=True)) == [second]
    response = owner_client.post(reverse("jobs:resume_set_primary", args=[first.pk]))
    assert response.status_code == 302
    assert list(Resume.objects.filter(user=owner, is_primary=True)) == [first]


def test_delete_resume_keeps_applications(owner_client, owner):
    resume = _resume(owner, title="Gone")
    other = _resume(owner, name="b.pdf", title="Stays")
    application = ApplicationFactory(job=_job(owner), resume=resume)
    url = reverse("jobs:resume_delete", args=[resume.pk])
    assert "The 1 application that used it keeps their record" in _page(owner_client.get(url))
    content = _fragment(owner_client.post(url, **HTMX))
    assert "Deleted “Gone”. “Stays” is now your primary resume." in content
    application.refresh_from_db()
    assert application.resume is None
    other.refresh_from_db()
    assert other.is_primary
    # The job page's section still renders the application, without a resume.
    section = _fragment(owner_client.get(reverse("jobs:application_section", args=[application.job_id]), **HTMX))
    assert "Gone" not in section and "You have 1 resume." in section


def test_delete_resume_without_js(owner_client, owner):
    resume = _resume(owner)
    response = owner_client.post(reverse("jobs:resume_delete", args=[resume.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:resume_list")
    assert not Resume.objects.exists()


def test_download_resume(owner_client, owner):
    data = pdf_bytes()
    resume = resume_services.resume_upload(user=owner, upload=upload("Jane Doe.pdf", data))
    response = owner_client.get(reverse("jobs:resume_download", args=[resume.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Jane Doe.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_resume_without_a_file_is_404(owner_client, owner):
    resume = ResumeFactory(user=owner)  # e.g. built in the editor: no file
    assert owner_client.get(reverse("jobs:resume_download", args=[resume.pk])).status_code == 404


def test_resume_pages_use_only_the_owners_data(owner_client, owner, stranger):
    DocumentFactory(job=_job(stranger))
    content = _page(owner_client.get(reverse("jobs:resume_list")))
    assert "No resumes yet" in content


def test_job_page_shows_both_sections(owner_client, owner):
    job = _job(owner)
    ApplicationFactory(job=job, resume=_resume(owner, title="Main CV"), confirmation_number="REF-7")
    _document(owner, job, title="Portfolio")
    content = _page(owner_client.get(reverse("jobs:job_detail", args=[job.pk])))
    assert 'id="job-applications"' in content and "REF-7" in content and "Main CV" in content
    assert 'id="job-documents"' in content and "Portfolio" in content
    assert reverse("jobs:resume_list") in content
