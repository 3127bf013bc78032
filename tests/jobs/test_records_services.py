"""Services and selectors for applications, documents and resumes, against the real database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jobs.models import Application, Document, Job, JobStatus, Resume, StatusChange
from jobs.selectors import records as selectors
from jobs.services import applications as application_services
from jobs.services import documents as document_services
from jobs.services import resumes as resume_services
from jobs.services.tracking import job_create
from tests.accounts.factories import UserFactory
from tests.jobs.factories import ApplicationFactory, DocumentFactory, ResumeFactory
from tests.test_uploads import EXE_BYTES, docx_bytes, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

Status = Application.Status


def _job(user, status=JobStatus.INTERESTED) -> Job:
    return job_create(user=user, data={"title": "Data Engineer", "company": "Acme"}, status=status)


def _stored_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- Applications ----------------------------------------------------------------------------------


def test_create_draft_does_not_touch_the_job(owner):
    job = _job(owner)
    application = application_services.application_create(user=owner, job=job, data={"status": Status.DRAFT})
    assert application.submitted_at is None
    job.refresh_from_db()
    assert job.status == JobStatus.INTERESTED
    assert StatusChange.objects.filter(job=job).count() == 1  # only "Added"


def test_create_submitted_moves_an_interested_job_to_applied_with_history(owner):
    job = _job(owner)
    resume = ResumeFactory(user=owner)
    application = application_services.application_create(
        user=owner, job=job, data={"status": Status.SUBMITTED, "resume": resume, "cover_letter": "Dear team"}
    )
    assert application.submitted_at is not None
    assert application.resume == resume
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED and job.applied_at is not None
    change = StatusChange.objects.filter(job=job).latest("created_at")
    assert (change.from_status, change.to_status, change.changed_by) == (JobStatus.INTERESTED, JobStatus.APPLIED, owner)
    assert change.reason == "Application submitted"


def test_create_submitted_leaves_a_job_further_along_where_it_is(owner):
    job = _job(owner, status=JobStatus.INTERVIEW_SCHEDULED)
    application_services.application_create(user=owner, job=job, data={"status": Status.SUBMITTED})
    job.refresh_from_db()
    assert job.status == JobStatus.INTERVIEW_SCHEDULED


def test_second_application_for_a_job_is_refused_with_a_clear_message(owner):
    job = _job(owner)
    application_services.application_create(user=owner, job=job, data={})
    with pytest.raises(ValidationError) as exc:
        application_services.application_create(user=owner, job=job, data={"status": Status.SUBMITTED})
    assert exc.value.code == "application_exists"
    assert "already have an application" in exc.value.messages[0]
    assert Application.objects.filter(job=job).count() == 1


def test_create_refuses_another_users_resume_and_job(owner, stranger):
    job = _job(owner)
    with pytest.raises(ValidationError) as exc:
        application_services.application_create(user=owner, job=job, data={"resume": ResumeFactory(user=stranger)})
    assert "resume" in exc.value.message_dict
    with pytest.raises(ValidationError):
        application_services.application_create(user=stranger, job=job, data={})
    assert not Application.objects.exists()


def test_create_refuses_fields_outside_the_form(owner):
    with pytest.raises(ValidationError):
        application_services.application_create(user=owner, job=_job(owner), data={"submitted_at": None})


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (None, ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "REJECTED", "ACCEPTED"]),
        ("DRAFT", ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "REJECTED", "ACCEPTED"]),
        ("SUBMITTED", ["SUBMITTED", "UNDER_REVIEW", "REJECTED", "ACCEPTED"]),
        ("UNDER_REVIEW", ["UNDER_REVIEW", "REJECTED", "ACCEPTED"]),
        ("ACCEPTED", ["ACCEPTED"]),
        ("REJECTED", ["REJECTED"]),
    ],
)
def test_status_choices_only_move_forward(current, allowed):
    assert [value for value, _ in application_services.application_status_choices(current)] == allowed


def test_update_draft_to_submitted_stamps_and_moves_the_job(owner):
    job = _job(owner)
    application = application_services.application_create(user=owner, job=job, data={})
    updated = application_services.application_update(
        application=application, data={"status": Status.SUBMITTED, "confirmation_number": "ABC-1"}, by=owner
    )
    assert updated.submitted_at is not None and updated.confirmation_number == "ABC-1"
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.APPLIED, changed_by=owner).count() == 1


def test_update_keeps_the_first_submission_time(owner):
    application = application_services.application_create(
        user=owner, job=_job(owner), data={"status": Status.SUBMITTED}
    )
    first = application.submitted_at
    updated = application_services.application_update(application=application, data={"status": Status.UNDER_REVIEW})
    assert updated.submitted_at == first


def test_update_refuses_going_back(owner):
    application = application_services.application_create(user=owner, job=_job(owner), data={"status": Status.REJECTED})
    with pytest.raises(ValidationError) as exc:
        application_services.application_update(application=application, data={"status": Status.UNDER_REVIEW})
    assert exc.value.message_dict["status"] == ["An application that is rejected cannot go back to under review."]
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_update_checks_against_the_stored_status_not_the_callers_copy(owner):
    # A bound ModelForm writes the new values onto its instance before the service runs.
    application = application_services.application_create(user=owner, job=_job(owner), data={"status": Status.ACCEPTED})
    application.status = Status.DRAFT
    with pytest.raises(ValidationError):
        application_services.application_update(application=application, data={"status": Status.DRAFT})


def test_update_refuses_another_users_resume(owner, stranger):
    application = application_services.application_create(user=owner, job=_job(owner), data={})
    with pytest.raises(ValidationError):
        application_services.application_update(application=application, data={"resume": ResumeFactory(user=stranger)})


def test_delete_application_keeps_the_job(owner):
    application = ApplicationFactory(job=_job(owner))
    application_services.application_delete(application=application)
    assert not Application.objects.exists() and Job.objects.filter(user=owner).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_for_one_job_give_one_application_and_one_clear_refusal():
    user = UserFactory()
    job = _job(user)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def create():
        try:
            barrier.wait()
            application_services.application_create(user=user, job=job, data={"status": Status.SUBMITTED})
            results.append("ok")
        except ValidationError as e:
            results.append(e.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["application_exists", "ok"]
    assert Application.objects.filter(job=job).count() == 1
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.APPLIED).count() == 1


# --- Documents -------------------------------------------------------------------------------------


def test_upload_stores_sniffed_type_size_and_safe_name(owner, settings):
    job = _job(owner)
    data = pdf_bytes()
    document = document_services.document_upload(
        user=owner, job=job, upload=upload("../Offer letter.pdf", data, "text/html"), type=Document.Type.OFFER, title=""
    )
    document.refresh_from_db()
    assert document.mime_type == "application/pdf"  # from the bytes, not the browser's claim
    assert document.size == len(data)
    assert document.original_name == "Offer letter.pdf"
    assert document.title == "Offer letter"
    assert document.version == 1
    assert document.file.name.startswith(f"documents/{owner.pk}/")
    with document.file.open("rb") as handle:
        assert handle.read() == data


def test_same_type_and_title_makes_a_new_version_and_keeps_the_old(owner):
    job = _job(owner)
    first = document_services.document_upload(
        user=owner, job=job, upload=upload("a.txt", b"one"), type=Document.Type.COVER_LETTER, title="Cover letter"
    )
    second = document_services.document_upload(
        user=owner, job=job, upload=upload("b.md", b"# two"), type=Document.Type.COVER_LETTER, title="  cover   LETTER "
    )
    assert (second.version, second.title, second.mime_type) == (2, "Cover letter", "text/markdown")
    other_type = document_services.document_upload(
        user=owner, job=job, upload=upload("c.txt", b"three"), type=Document.Type.OTHER, title="Cover letter"
    )
    assert other_type.version == 1
    assert list(
        Document.objects.filter(job=job, type=Document.Type.COVER_LETTER).values_list("version", flat=True)
    ) == [2, 1]
    assert Document.objects.filter(pk=first.pk).exists()


def test_versions_count_per_job(owner):
    for job in (_job(owner), _job(owner)):
        document = document_services.document_upload(
            user=owner, job=job, upload=upload("a.txt", b"x"), type=Document.Type.OTHER, title="Notes"
        )
        assert document.version == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [("setup.pdf", EXE_BYTES), ("page.txt", b"<html><body>hi</body></html>"), ("empty.txt", b"")],
)
def test_refused_document_writes_nothing(owner, settings, name, data):
    with pytest.raises(ValidationError):
        document_services.document_upload(
            user=owner, job=_job(owner), upload=upload(name, data), type=Document.Type.OTHER, title="x"
        )
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_document_over_the_size_limit_writes_nothing(owner, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        document_services.document_upload(
            user=owner, job=_job(owner), upload=upload("a.txt", b"x" * 11), type=Document.Type.OTHER
        )
    assert exc.value.code == "too_large"
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_a_failure_after_the_file_is_stored_removes_the_file(owner, settings):
    job = _job(owner)
    Job.objects.filter(pk=job.pk).delete()  # deleted in another tab: the row cannot be saved
    with pytest.raises(ValidationError):
        document_services.document_upload(
            user=owner, job=job, upload=upload("a.png", image_bytes()), type=Document.Type.PORTFOLIO, title="Shot"
        )
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_upload_refuses_another_users_job_and_unknown_type(owner, stranger, settings):
    job = _job(owner)
    with pytest.raises(ValidationError):
        document_services.document_upload(user=stranger, job=job, upload=upload("a.txt", b"x"), type="OTHER")
    with pytest.raises(ValidationError):
        document_services.document_upload(user=owner, job=job, upload=upload("a.txt", b"x"), type="SECRET")
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_delete_document_removes_the_file_after_commit(owner, settings, django_capture_on_commit_callbacks):
    document = document_services.document_upload(
        user=owner, job=_job(owner), upload=upload("a.txt", b"x"), type=Document.Type.OTHER
    )
    assert len(_stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_delete(document=document)
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


# --- Resumes ---------------------------------------------------------------------------------------


def test_first_resume_becomes_primary_and_the_next_does_not(owner):
    first = resume_services.resume_upload(user=owner, upload=upload("Jane_CV.pdf", pdf_bytes(2)))
    second = resume_services.resume_upload(user=owner, upload=upload("cv.docx", docx_bytes()), title=" Tech  CV ")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (True, False)
    assert (first.title, first.mime_type, first.original_name) == ("Jane CV", "application/pdf", "Jane_CV.pdf")
    assert second.title == "Tech CV"
    assert second.mime_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert first.file.name.startswith(f"resumes/{owner.pk}/")


def test_primary_is_per_user(owner, stranger):
    resume_services.resume_upload(user=owner, upload=upload("a.pdf", pdf_bytes()))
    theirs = resume_services.resume_upload(user=stranger, upload=upload("b.pdf", pdf_bytes()))
    assert theirs.is_primary


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (pdf_bytes(password="pw"), "encrypted_pdf"),
        (b"%PDF-1.4 broken", "invalid_pdf"),
        (EXE_BYTES, "unsupported_type"),
        (image_bytes(), "unsupported_type"),
    ],
)
def test_refused_resume_writes_nothing(owner, settings, data, code):
    with pytest.raises(ValidationError) as exc:
        resume_services.resume_upload(user=owner, upload=upload("cv.pdf", data))
    assert exc.value.code == code
    assert not Resume.objects.exists() and _stored_files(settings) == []


def test_resume_with_too_many_pages_is_refused(owner, settings):
    settings.RESUME_MAX_PAGES = 3
    with pytest.raises(ValidationError) as exc:
        resume_services.resume_upload(user=owner, upload=upload("cv.pdf", pdf_bytes(4)))
    assert exc.value.code == "too_many_pages"
    assert not Resume.objects.exists()


def test_set_primary_switches_in_one_step(owner):
    a = resume_services.resume_upload(user=owner, upload=upload("a.pdf", pdf_bytes()))
    b = resume_services.resume_upload(user=owner, upload=upload("b.pdf", pdf_bytes()))
    resume_services.resume_set_primary(resume=b)
    assert list(Resume.objects.filter(user=owner, is_primary=True)) == [b]
    resume_services.resume_set_primary(resume=b)  # already primary: nothing changes
    resume_services.resume_set_primary(resume=a)
    assert list(Resume.objects.filter(user=owner, is_primary=True)) == [a]


def test_rename_resume(owner):
    resume = ResumeFactory(user=owner, title="Old")
    assert resume_services.resume_rename(resume=resume, title="  New   name ").title == "New name"
    with pytest.raises(ValidationError):
        resume_services.resume_rename(resume=resume, title="   ")
    resume.refresh_from_db()
    assert resume.title == "New name"


def test_deleting_a_resume_keeps_applications_without_it(owner, settings, django_capture_on_commit_callbacks):
    resume = resume_services.resume_upload(user=owner, upload=upload("a.pdf", pdf_bytes()))
    application = ApplicationFactory(job=_job(owner), resume=resume)
    with django_capture_on_commit_callbacks(execute=True):
        successor = resume_services.resume_delete(resume=resume)
    assert successor is None
    application.refresh_from_db()
    assert application.resume is None
    assert _stored_files(settings) == []


def test_deleting_the_primary_promotes_the_most_recent_other(owner):
    primary = ResumeFactory(user=owner, is_primary=True)
    older = ResumeFactory(user=owner)
    newer = ResumeFactory(user=owner)
    Resume.objects.filter(pk=older.pk).update(updated_at=newer.updated_at.replace(year=2000))
    successor = resume_services.resume_delete(resume=primary)
    assert successor == newer
    assert list(Resume.objects.filter(user=owner, is_primary=True)) == [newer]


def test_after_deleting_the_only_primary_the_next_upload_is_primary(owner):
    resume_services.resume_delete(resume=resume_services.resume_upload(user=owner, upload=upload("a.pdf", pdf_bytes())))
    assert resume_services.resume_upload(user=owner, upload=upload("b.pdf", pdf_bytes())).is_primary


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_uploads_make_exactly_one_primary():
    user = UserFactory()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def upload_one(name):
        try:
            barrier.wait()
            resume_services.resume_upload(user=user, upload=upload(name, pdf_bytes()))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload_one, args=(f"{n}.pdf",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Resume.objects.filter(user=user).count() == 2
    assert Resume.objects.filter(user=user, is_primary=True).count() == 1


# --- Selectors -------------------------------------------------------------------------------------


def test_selectors_are_scoped_to_the_user(owner, stranger):
    mine, theirs = _job(owner), _job(stranger)
    ApplicationFactory(job=mine)
    ApplicationFactory(job=theirs)
    DocumentFactory(job=mine)
    DocumentFactory(job=theirs)
    ResumeFactory(user=owner)
    ResumeFactory(user=stranger)
    assert {a.job for a in selectors.application_list_for_user(user=owner)} == {mine}
    assert {d.job for d in selectors.document_list_for_user(user=owner)} == {mine}
    assert {r.user for r in selectors.resume_list_for_user(user=owner)} == {owner}
    assert selectors.resume_count_for_user(user=owner) == 1
    with pytest.raises(Job.DoesNotExist):
        selectors.job_get_with_records(user=owner, job_id=theirs.pk)


def test_job_with_records_loads_in_three_queries(owner, django_assert_num_queries):
    job = _job(owner)
    ApplicationFactory(job=job, resume=ResumeFactory(user=owner))
    for _ in range(5):
        DocumentFactory(job=job)
    with django_assert_num_queries(3):
        loaded = selectors.job_get_with_records(user=owner, job_id=job.pk)
        assert [a.resume.title for a in loaded.applications.all()]
        assert len(loaded.documents.all()) == 5


def test_resume_list_with_usage_counts_applications(owner, django_assert_num_queries):
    used = ResumeFactory(user=owner, is_primary=True)
    ResumeFactory(user=owner)
    for _ in range(2):
        ApplicationFactory(job=_job(owner), resume=used)
    with django_assert_num_queries(1):
        resumes = list(selectors.resume_list_with_usage(user=owner))
    assert [(r.pk == used.pk, r.application_count) for r in resumes] == [(True, 2), (False, 0)]
