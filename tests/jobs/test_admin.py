"""Back office for the job search: every jobs model has a working admin page; saves
and actions go through the services; the postings import page."""

from __future__ import annotations

import datetime
import io

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs.models import (
    Application,
    AtsReport,
    CalendarFeed,
    Interview,
    Job,
    JobPosting,
    JobStatus,
    Resume,
    StatusChange,
)
from jobs.services import catalog as catalog_services
from jobs.services import tracking
from tests.accounts.factories import UserFactory
from tests.jobs.factories import (
    ApplicationFactory,
    CalendarFeedFactory,
    DocumentFactory,
    InterviewFactory,
    JobBookmarkFactory,
    JobFactory,
    JobPostingFactory,
    ResumeFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

POSTING_CHANGELIST = reverse("admin:jobs_jobposting_changelist")
IMPORT_URL = reverse("admin:jobs_jobposting_import")


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True, role=User.Role.ADMIN)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    client.get(reverse("admin:index"))  # the session's first request writes to it
    return client


MAKERS = {
    "jobs.jobposting": lambda: JobPostingFactory(),
    "jobs.jobbookmark": lambda: JobBookmarkFactory(),
    "jobs.job": lambda: JobFactory(posting=JobPostingFactory()),
    "jobs.statuschange": lambda: StatusChangeFactory(),
    "jobs.application": lambda: ApplicationFactory(resume=None),
    "jobs.interview": lambda: InterviewFactory(),
    "jobs.document": lambda: DocumentFactory(),
    "jobs.resume": lambda: ResumeFactory(),
    "jobs.calendarfeed": lambda: CalendarFeedFactory(),
    "jobs.atsreport": lambda: _ats_report(),
}
# Rows that only the app makes: uploads (checked by their services), history, ATS checks.
NO_ADD_PAGE = {"jobs.document", "jobs.resume", "jobs.statuschange", "jobs.atsreport"}


def _ats_report() -> AtsReport:
    resume = ResumeFactory()
    return AtsReport.objects.create(user=resume.user, resume=resume, job_title="Engineer", score=70, feedback={})


def _url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _post_data(form, **changes) -> dict:
    """What a browser would post back for ``form`` as rendered, with ``changes``."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        value = field.prepare_value(form[name].value())
        if isinstance(field.widget, forms.MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{i}"] = "" if part is None else part.isoformat()
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)
    for inline in getattr(form, "_inline_formsets", []):
        data.update(inline)
    data.update(changes)
    return data


def _change_form(client, url, **changes) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    data = _post_data(response.context["adminform"].form, **changes)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_post_data(formset.management_form))
        for form in formset.initial_forms:
            data.update(_post_data(form))
    return data


# --- Registration and smoke tests --------------------------------------------------------------------


def test_every_jobs_model_is_registered():
    models = list(apps.get_app_config("jobs").get_models())
    assert {m._meta.label_lower for m in models} == set(MAKERS)
    for model in models:
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_renders(superuser_client, label):
    MAKERS[label]()
    response = superuser_client.get(_url(label, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 1


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_search_renders(superuser_client, label):
    MAKERS[label]()
    assert superuser_client.get(_url(label, "changelist"), {"q": "example"}).status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_change_page_renders(superuser_client, label):
    obj = MAKERS[label]()
    assert superuser_client.get(_url(label, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("label", sorted(set(MAKERS) - NO_ADD_PAGE))
def test_add_page_renders(superuser_client, label):
    assert superuser_client.get(_url(label, "add")).status_code == 200


@pytest.mark.parametrize("label", sorted(NO_ADD_PAGE))
def test_add_is_refused(superuser_client, label):
    response = superuser_client.get(_url(label, "changelist"))
    assert response.context["has_add_permission"] is False
    assert superuser_client.get(_url(label, "add")).status_code == 403


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, label):
    MAKERS[label]()
    with CaptureQueriesContext(connection) as one_row:
        assert superuser_client.get(_url(label, "changelist")).status_code == 200
    for _ in range(10):
        MAKERS[label]()
    with CaptureQueriesContext(connection) as many_rows:
        assert superuser_client.get(_url(label, "changelist")).status_code == 200
    assert len(many_rows) == len(one_row)


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_query_count_is_bounded(superuser_client, label, django_assert_max_num_queries):
    for _ in range(15):
        MAKERS[label]()
    with django_assert_max_num_queries(12):
        assert superuser_client.get(_url(label, "changelist")).status_code == 200


def test_non_staff_user_cannot_reach_the_import_page(owner_client):
    response = owner_client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Postings ------------------------------------------------------------------------------------------


def _posting_add_data(**changes) -> dict:
    now = timezone.localtime()
    data = {
        "title": "Python developer", "company": "Acme", "location": "Berlin", "is_remote": "on",
        "description": "Build things.", "requirements": "Python\n\nDjango\n", "salary_min": "60000",
        "salary_max": "80000", "currency": "EUR", "experience_level": "SENIOR", "job_type": "FULL_TIME",
        "posted_at_0": now.date().isoformat(), "posted_at_1": "09:00:00", "source_url": "https://example.com/1",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_add_posting_goes_through_the_service(superuser_client, monkeypatch):
    calls = []
    original = catalog_services.posting_create
    monkeypatch.setattr(catalog_services, "posting_create", lambda **kw: calls.append(kw) or original(**kw))
    response = superuser_client.post(_url("jobs.jobposting", "add"), _posting_add_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    posting = JobPosting.objects.get()
    assert calls and calls[0]["source"] == JobPosting.Source.ADMIN
    assert posting.source == JobPosting.Source.ADMIN
    assert posting.requirements == ["Python", "Django"]
    assert (posting.salary_min, posting.currency, posting.is_remote) == (60_000, "EUR", True)
    assert response["Location"] == POSTING_CHANGELIST


@pytest.mark.parametrize(("changes", "field"), [
    ({"salary_min": "90000", "salary_max": "50000"}, None),
    ({"salary_min": "-1"}, "salary_min"),
    ({"title": ""}, "title"),
    ({"posted_at_0": "2999-01-01"}, "posted_at"),
    ({"source_url": "https://example.com/taken"}, "source_url"),
])
def test_add_posting_rejects_bad_input(superuser_client, changes, field):
    JobPostingFactory(source_url="https://example.com/taken")
    response = superuser_client.post(_url("jobs.jobposting", "add"), _posting_add_data(**changes))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert (field in errors) if field else errors
    assert JobPosting.objects.count() == 1


def test_change_posting_goes_through_the_service(superuser_client):
    posting = JobPostingFactory(requirements=["A"])
    url = _url("jobs.jobposting", "change", posting.pk)
    response = superuser_client.post(url, _change_form(superuser_client, url, title="Renamed", requirements="A\nB"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    posting.refresh_from_db()
    assert (posting.title, posting.requirements) == ("Renamed", ["A", "B"])


def test_a_refused_save_writes_nothing_and_says_why(superuser_client, monkeypatch):
    posting = JobPostingFactory(title="Before")
    url = _url("jobs.jobposting", "change", posting.pk)
    data = _change_form(superuser_client, url, title="After")

    def refuse(**kwargs):
        raise ValidationError("Someone changed it meanwhile.")

    monkeypatch.setattr(catalog_services, "posting_update", refuse)
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == url
    assert "Nothing was saved: Someone changed it meanwhile." in _messages(response)
    posting.refresh_from_db()
    assert posting.title == "Before"


def test_deactivate_and_activate_actions(superuser_client):
    open_one, open_two = JobPostingFactory(), JobPostingFactory()
    closed = JobPostingFactory(is_active=False)
    response = superuser_client.post(
        POSTING_CHANGELIST, {"action": "deactivate", "_selected_action": [open_one.pk, closed.pk]}, follow=True
    )
    assert "Deactivated 1 job posting. 1 already deactivated." in _messages(response)
    open_one.refresh_from_db()
    open_two.refresh_from_db()
    assert (open_one.is_active, open_two.is_active) == (False, True)
    response = superuser_client.post(
        POSTING_CHANGELIST, {"action": "activate", "_selected_action": [open_one.pk, closed.pk]}, follow=True
    )
    assert "Activated 2 job postings." in _messages(response)
    assert JobPosting.objects.filter(is_active=True).count() == 3


def test_posting_changelist_filters(superuser_client):
    JobPostingFactory(title="Remote one", is_remote=True, salary_min=None, salary_max=None)
    JobPostingFactory(title="Office one", is_remote=False)
    response = superuser_client.get(POSTING_CHANGELIST, {"is_remote__exact": "1"})
    assert [p.title for p in response.context["cl"].result_list] == ["Remote one"]
    response = superuser_client.get(POSTING_CHANGELIST, {"salary": "no"})
    assert [p.title for p in response.context["cl"].result_list] == ["Remote one"]
    response = superuser_client.get(POSTING_CHANGELIST, {"q": "office"})
    assert [p.title for p in response.context["cl"].result_list] == ["Office one"]


def test_posting_changelist_shows_salary_and_the_import_link(superuser_client):
    JobPostingFactory(salary_min=60_000, salary_max=90_000, currency="EUR")
    html = superuser_client.get(POSTING_CHANGELIST).content.decode()
    assert "EUR 60,000–90,000" in html
    assert f'href="{IMPORT_URL}"' in html


# --- Import page ----------------------------------------------------------------------------------------


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")


def test_import_page_renders(superuser_client):
    response = superuser_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_import_page_imports_and_reports(superuser_client):
    text = (
        '{"title": "Python developer", "company": "Acme", "source_url": "https://example.com/1"}\n'
        '{"title": "", "company": "Acme"}\n'
        '{"title": "Go developer", "company": "Beta", "remote": "maybe"}\n'
    )
    response = superuser_client.post(IMPORT_URL, {"file": _upload("postings.jsonl", text)}, follow=True)
    assert response.redirect_chain[-1][0] == POSTING_CHANGELIST
    messages = _messages(response)
    assert "postings.jsonl: 1 imported, 0 updated, 2 rejected." in messages
    assert any(m.startswith("Rejected line 2: title:") for m in messages)
    assert any(m.startswith("Rejected line 3: is_remote:") for m in messages)
    assert JobPosting.objects.get().source == JobPosting.Source.IMPORT

    response = superuser_client.post(IMPORT_URL, {"file": _upload("postings.jsonl", text)}, follow=True)
    assert "postings.jsonl: 0 imported, 1 updated, 2 rejected." in _messages(response)
    assert JobPosting.objects.count() == 1


def test_import_page_reads_csv(superuser_client):
    text = "title,company,remote\nPython developer,Acme,yes\nDesigner,Beta,no\n"
    response = superuser_client.post(IMPORT_URL, {"file": _upload("postings.csv", text)}, follow=True)
    assert "postings.csv: 2 imported, 0 updated, 0 rejected." in _messages(response)
    assert JobPosting.objects.filter(is_remote=True).count() == 1


def test_import_page_lists_only_the_first_rejections(superuser_client):
    text = "title,company\n" + "\n".join(",Acme" for _ in range(30)) + "\n"
    response = superuser_client.post(IMPORT_URL, {"file": _upload("postings.csv", text)}, follow=True)
    messages = _messages(response)
    assert sum(m.startswith("Rejected line") for m in messages) == 20
    assert any("… and 10 more rejected rows" in m for m in messages)


@pytest.mark.parametrize(("name", "content", "error"), [
    ("postings.csv", "name,employer\nA,B\n", "no “title” or “company” column"),
    ("postings.jsonl", "", "The submitted file is empty."),
    ("postings.jsonl", "\n\n", "The file is empty."),
])
def test_import_page_unusable_file(superuser_client, name, content, error):
    response = superuser_client.post(IMPORT_URL, {"file": _upload(name, content)})
    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors["file"])
    assert not JobPosting.objects.exists()


def test_import_page_without_a_file(superuser_client):
    response = superuser_client.post(IMPORT_URL, {})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_import_page_refuses_a_huge_file(superuser_client, monkeypatch):
    from jobs.forms_catalog import PostingImportForm

    monkeypatch.setattr(PostingImportForm, "MAX_BYTES", 10)
    response = superuser_client.post(IMPORT_URL, {"file": _upload("p.csv", "title,company\nA,B\n")})
    assert "import_postings" in " ".join(response.context["form"].errors["file"])


def test_import_page_needs_add_permission(client):
    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_jobposting"))
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    html = client.get(POSTING_CHANGELIST).content.decode()
    assert IMPORT_URL not in html


def test_import_page_wrong_method(superuser_client):
    assert superuser_client.put(IMPORT_URL).status_code == 200  # shown again, nothing imported
    assert not JobPosting.objects.exists()


# --- Jobs ------------------------------------------------------------------------------------------------


def test_add_job_goes_through_job_create(superuser_client, owner):
    posting = JobPostingFactory()
    response = superuser_client.post(_url("jobs.job", "add"), {
        "user": owner.pk, "posting": posting.pk, "status": JobStatus.APPLIED, "title": "Engineer", "company": "Acme",
        "currency": "USD",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    job = Job.objects.get(user=owner)
    assert (job.status, job.posting, job.position) == (JobStatus.APPLIED, posting, 0)
    assert job.applied_at is not None
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.APPLIED).exists()


def test_add_job_for_a_posting_tracked_already_is_a_form_error(superuser_client, owner):
    posting = JobPostingFactory()
    JobFactory(user=owner, posting=posting)
    response = superuser_client.post(_url("jobs.job", "add"), {
        "user": owner.pk, "posting": posting.pk, "status": JobStatus.INTERESTED, "title": "E", "company": "A",
        "currency": "USD",
    })
    assert response.status_code == 200
    assert "posting" in response.context["adminform"].form.errors
    assert Job.objects.filter(user=owner).count() == 1


def test_change_job_uses_job_update_and_keeps_the_column(superuser_client, owner):
    job = tracking.job_create(user=owner, data={"title": "Engineer", "company": "Acme"})
    url = _url("jobs.job", "change", job.pk)
    data = _change_form(superuser_client, url, title="Senior engineer", status=JobStatus.OFFER_RECEIVED)
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert (job.title, job.status, job.version) == ("Senior engineer", JobStatus.INTERESTED, 2)


def test_status_history_is_read_only(superuser_client):
    change = StatusChangeFactory()
    url = _url("jobs.statuschange", "change", change.pk)
    response = superuser_client.get(url)
    assert response.context["has_change_permission"] is False
    superuser_client.post(url, {"reason": "rewritten"})
    change.refresh_from_db()
    assert change.reason == ""
    assert superuser_client.post(_url("jobs.statuschange", "delete", change.pk), {"post": "yes"}).status_code == 403


def test_job_change_page_shows_its_history(superuser_client, owner):
    job = tracking.job_create(user=owner, data={"title": "Engineer", "company": "Acme"})
    tracking.job_move(job=job, to_status=JobStatus.APPLIED, reason="Sent it", by=owner)
    html = superuser_client.get(_url("jobs.job", "change", job.pk)).content.decode()
    assert "Sent it" in html


# --- Applications and interviews --------------------------------------------------------------------------


def test_add_application_for_another_users_job_is_refused(superuser_client, owner, stranger):
    job = JobFactory(user=stranger)
    response = superuser_client.post(_url("jobs.application", "add"), {
        "user": owner.pk, "job": job.pk, "method": "MANUAL", "status": "DRAFT",
    })
    assert response.status_code == 200
    assert "job" in response.context["adminform"].form.errors
    assert not Application.objects.exists()


def test_add_application_goes_through_the_service(superuser_client, owner):
    job = tracking.job_create(user=owner, data={"title": "Engineer", "company": "Acme"})
    response = superuser_client.post(_url("jobs.application", "add"), {
        "user": owner.pk, "job": job.pk, "method": "MANUAL", "status": "SUBMITTED",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    application = Application.objects.get()
    assert application.submitted_at is not None
    job.refresh_from_db()
    assert job.status == JobStatus.APPLIED  # moved by the service, with history
    assert StatusChange.objects.filter(job=job, to_status=JobStatus.APPLIED).exists()


def test_application_status_cannot_go_back(superuser_client):
    application = ApplicationFactory(resume=None, status=Application.Status.UNDER_REVIEW)
    url = _url("jobs.application", "change", application.pk)
    response = superuser_client.post(url, _change_form(superuser_client, url, status="DRAFT"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW


def test_application_resume_of_someone_else_is_refused(superuser_client, stranger):
    application = ApplicationFactory(resume=None)
    url = _url("jobs.application", "change", application.pk)
    other_resume = ResumeFactory(user=stranger)
    response = superuser_client.post(url, _change_form(superuser_client, url, resume=other_resume.pk))
    assert response.status_code == 200
    assert "resume" in response.context["adminform"].form.errors


def test_add_interview_goes_through_the_service(superuser_client, owner):
    job = tracking.job_create(user=owner, data={"title": "Engineer", "company": "Acme"})
    when = timezone.localtime() + datetime.timedelta(days=2)
    response = superuser_client.post(_url("jobs.interview", "add"), {
        "user": owner.pk, "job": job.pk, "type": "VIDEO", "scheduled_at_0": when.date().isoformat(),
        "scheduled_at_1": "10:00:00", "duration_minutes": "45", "outcome": "PENDING",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Interview.objects.filter(job=job).count() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.INTERVIEW_SCHEDULED


def test_interview_change_resets_the_reminder_for_a_new_time(superuser_client):
    interview = InterviewFactory(reminder_sent_at=timezone.now())
    url = _url("jobs.interview", "change", interview.pk)
    new_day = (timezone.localtime(interview.scheduled_at) + datetime.timedelta(days=1)).date().isoformat()
    response = superuser_client.post(url, _change_form(superuser_client, url, scheduled_at_0=new_day))
    assert response.status_code == 302, response.context["adminform"].form.errors
    interview.refresh_from_db()
    assert interview.reminder_sent_at is None


def test_interview_filters(superuser_client):
    InterviewFactory(type=Interview.Type.PHONE, outcome=Interview.Outcome.PASSED)
    InterviewFactory(type=Interview.Type.ONSITE)
    response = superuser_client.get(_url("jobs.interview", "changelist"), {"type__exact": "PHONE",
                                                                          "outcome__exact": "PASSED"})
    assert [i.type for i in response.context["cl"].result_list] == ["PHONE"]


# --- Files and feeds -----------------------------------------------------------------------------------------


def test_resume_file_is_never_editable(superuser_client):
    resume = ResumeFactory()
    response = superuser_client.get(_url("jobs.resume", "change", resume.pk))
    form = response.context["adminform"].form
    assert "file" not in form.fields
    assert "is_primary" not in form.fields
    assert 'type="file"' not in response.content.decode()


def test_resume_title_can_be_corrected(superuser_client):
    resume = ResumeFactory(title="Old")
    url = _url("jobs.resume", "change", resume.pk)
    response = superuser_client.post(url, _change_form(superuser_client, url, title="New"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    resume.refresh_from_db()
    assert resume.title == "New"


def test_make_primary_action(superuser_client, owner):
    old_primary = ResumeFactory(user=owner, is_primary=True)
    newer = ResumeFactory(user=owner)
    response = superuser_client.post(
        _url("jobs.resume", "changelist"), {"action": "make_primary", "_selected_action": [newer.pk]}, follow=True
    )
    assert "Made 1 resume primary." in _messages(response)
    old_primary.refresh_from_db()
    newer.refresh_from_db()
    assert (old_primary.is_primary, newer.is_primary) == (False, True)


def test_make_primary_keeps_one_per_person(superuser_client, owner):
    first, second = ResumeFactory(user=owner), ResumeFactory(user=owner)
    response = superuser_client.post(
        _url("jobs.resume", "changelist"), {"action": "make_primary", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "Skipped 1: one primary resume per person." in " ".join(_messages(response))
    assert Resume.objects.filter(user=owner, is_primary=True).count() == 1


def test_document_file_is_not_editable(superuser_client):
    document = DocumentFactory()
    form = superuser_client.get(_url("jobs.document", "change", document.pk)).context["adminform"].form
    assert "file" not in form.fields
    assert "title" in form.fields


def test_calendar_feed_token_is_read_only_and_can_be_regenerated(superuser_client, owner):
    feed = CalendarFeedFactory(user=owner)
    old_token = feed.token
    url = _url("jobs.calendarfeed", "change", feed.pk)
    response = superuser_client.get(url)
    assert "token" not in response.context["adminform"].form.fields
    assert old_token in response.content.decode()  # shown, read-only
    response = superuser_client.post(
        _url("jobs.calendarfeed", "changelist"), {"action": "regenerate", "_selected_action": [feed.pk]}, follow=True
    )
    assert "Gave 1 calendar feed a new address; the old ones stop working." in _messages(response)
    feed.refresh_from_db()
    assert feed.token != old_token


def test_add_calendar_feed_makes_a_token(superuser_client, owner):
    response = superuser_client.post(_url("jobs.calendarfeed", "add"), {"user": owner.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert len(CalendarFeed.objects.get(user=owner).token) >= 32


def test_import_command_and_page_share_the_service():
    # Both read with posting_rows_read and write with postings_import (no second importer).
    from jobs.admin import JobPostingAdmin
    from jobs.management.commands import import_postings

    assert "posting_file_import" in JobPostingAdmin.import_view.__code__.co_names
    assert import_postings.postings_import is catalog_services.postings_import
    assert io  # (io is used by the helpers above for uploads)
