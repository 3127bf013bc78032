"""A job's application and documents, and the user's resumes.

The application and document views answer htmx requests with the job page's
section that changed (jobs/partials/_job_applications.html, _job_documents.html)
and everything else with a redirect back to the job page, or a page of their own
when a form has errors — so all of it also works without JavaScript. Every lookup
goes through a selector scoped to request.user: another user's ids are 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.forms_records import ApplicationForm, DocumentUploadForm, ResumeRenameForm, ResumeUploadForm
from jobs.models import Application, Job, JobStatus
from jobs.selectors import records as selectors
from jobs.selectors.board import job_list_for_user
from jobs.services import applications as application_services
from jobs.services import documents as document_services
from jobs.services import resumes as resume_services

APPLICATIONS_SECTION = "jobs/partials/_job_applications.html"
DOCUMENTS_SECTION = "jobs/partials/_job_documents.html"
# Sent with a fragment when the job itself changed column, so the job page can refresh its header.
JOB_STATUS_EVENT = "job-status-changed"


# --- Shared -----------------------------------------------------------------------------------


def _job_or_404(request, job_id) -> Job:
    return get_object_or_404(job_list_for_user(user=request.user), pk=job_id)


def _job_page_url(job: Job, anchor: str) -> str:
    return f"{reverse('jobs:job_detail', args=[job.pk])}#{anchor}"


def _add_errors(form, error: ValidationError, *, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


def _file_response(field_file, *, filename: str, mime_type: str) -> FileResponse:
    """The file as a download: never rendered inline, never sniffed, never cached."""
    if not field_file:
        raise Http404("There is no file here.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    content_type = f"{mime_type}; charset=utf-8" if mime_type.startswith("text/") else mime_type
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    add_never_cache_headers(response)
    return response


# --- Applications -------------------------------------------------------------------------------


def _applications_section(request, job: Job, **context):
    job = selectors.job_get_with_records(user=request.user, job_id=job.pk)
    context = {"job": job, "resume_count": selectors.resume_count_for_user(user=request.user), **context}
    return render(request, APPLICATIONS_SECTION, context)


def _application_form_response(request, job: Job, form, *, application=None, existing=None):
    # Errors come back with status 200: htmx does not swap 4xx responses by default.
    if request.htmx:
        return _applications_section(
            request, job, application_form=form, application_editing=application, application_existing=existing
        )
    context = {"job": job, "form": form, "application": application, "existing": existing}
    return render(request, "jobs/application_form.html", context)


def _application_done(request, job: Job, notice: str, *, job_moved: bool = False):
    if job_moved:
        notice += " The job moved to “Applied” on your board."
    if request.htmx:
        response = _applications_section(request, job, application_notice=notice)
        if job_moved:
            response["HX-Trigger"] = JOB_STATUS_EVENT
        return response
    messages.success(request, notice)
    return redirect(_job_page_url(job, "job-applications"))


@login_required
@require_GET
def application_section(request, job_id):
    """The job page's application section; htmx asks for it when a form is cancelled."""
    job = _job_or_404(request, job_id)
    if not request.htmx:
        return redirect(_job_page_url(job, "job-applications"))
    return _applications_section(request, job)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, job_id):
    job = _job_or_404(request, job_id)
    existing = selectors.application_for_job(job=job)
    if existing and request.method == "GET":
        notice = "This job already has an application. You can edit it here."
        if request.htmx:
            form = ApplicationForm(instance=existing, user=request.user)
            return _applications_section(
                request, job, application_form=form, application_editing=existing, application_info=notice
            )
        messages.info(request, notice)
        return redirect("jobs:application_edit", application_id=existing.pk)
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        instance=Application(user=request.user, job=job),
        user=request.user,
    )
    if form.is_bound and form.is_valid():
        try:
            application = application_services.application_create(user=request.user, job=job, data=form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
            existing = (
                selectors.application_for_job(job=job) if getattr(e, "code", None) == "application_exists" else None
            )
        else:
            moved = job.status == JobStatus.INTERESTED and application.job.status == JobStatus.APPLIED
            return _application_done(request, job, "Application saved.", job_moved=moved)
    return _application_form_response(request, job, form, existing=existing)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, application_id):
    application = get_object_or_404(selectors.application_list_for_user(user=request.user), pk=application_id)
    job = application.job
    status_before = job.status
    form = ApplicationForm(request.POST if request.method == "POST" else None, instance=application, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            updated = application_services.application_update(
                application=application, data=form.cleaned_data, by=request.user
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            moved = status_before != updated.job.status
            return _application_done(request, job, "Application saved.", job_moved=moved)
    return _application_form_response(request, job, form, application=application)


@login_required
@require_http_methods(["GET", "POST"])
def application_delete(request, application_id):
    """GET asks for confirmation (the page people without JavaScript see); POST deletes."""
    application = get_object_or_404(selectors.application_list_for_user(user=request.user), pk=application_id)
    if request.method == "GET":
        return render(
            request, "jobs/application_confirm_delete.html", {"application": application, "job": application.job}
        )
    application_services.application_delete(application=application)
    return _application_done(request, application.job, "Application deleted.")


# --- Documents ----------------------------------------------------------------------------------


def _documents_section(request, job: Job, **context):
    job = selectors.job_get_with_records(user=request.user, job_id=job.pk)
    return render(request, DOCUMENTS_SECTION, {"job": job, **context})


def _document_done(request, job: Job, notice: str):
    if request.htmx:
        return _documents_section(request, job, document_notice=notice)
    messages.success(request, notice)
    return redirect(_job_page_url(job, "job-documents"))


@login_required
@require_GET
def document_section(request, job_id):
    """The job page's documents section; htmx asks for it when the upload form is cancelled."""
    job = _job_or_404(request, job_id)
    if not request.htmx:
        return redirect(_job_page_url(job, "job-documents"))
    return _documents_section(request, job)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request, job_id):
    job = _job_or_404(request, job_id)
    form = DocumentUploadForm(request.POST, request.FILES) if request.method == "POST" else DocumentUploadForm()
    if form.is_bound and form.is_valid():
        try:
            document = document_services.document_upload(
                user=request.user,
                job=job,
                upload=form.cleaned_data["file"],
                type=form.cleaned_data["type"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as e:
            _add_errors(form, e, default_field="file")
        else:
            if document.version > 1:
                notice = f"Uploaded version {document.version} of “{document.title}”."
            else:
                notice = f"Uploaded “{document.title}”."
            return _document_done(request, job, notice)
    if request.htmx:
        return _documents_section(request, job, document_form=form)
    job = selectors.job_get_with_records(user=request.user, job_id=job.pk)  # its titles, for versions
    return render(request, "jobs/document_form.html", {"job": job, "form": form})


@login_required
@require_GET
def document_download(request, document_id):
    document = get_object_or_404(selectors.document_list_for_user(user=request.user), pk=document_id)
    return _file_response(document.file, filename=document.original_name, mime_type=document.mime_type)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, document_id):
    """GET asks for confirmation (without JavaScript); POST deletes this version."""
    document = get_object_or_404(selectors.document_list_for_user(user=request.user), pk=document_id)
    if request.method == "GET":
        return render(request, "jobs/document_confirm_delete.html", {"document": document, "job": document.job})
    document_services.document_delete(document=document)
    return _document_done(request, document.job, f"Deleted “{document.title}” (version {document.version}).")


# --- Resumes ------------------------------------------------------------------------------------


def _resume_page(request, *, upload_form=None, notice: str = ""):
    resumes = list(selectors.resume_list_with_usage(user=request.user))
    context = {"resumes": resumes, "upload_form": upload_form or ResumeUploadForm(), "notice": notice}
    template = "jobs/resume_list.html#resume-panel" if request.htmx else "jobs/resume_list.html"
    return render(request, template, context)


def _resume_done(request, notice: str):
    if request.htmx:
        return _resume_page(request, notice=notice)
    messages.success(request, notice)
    return redirect("jobs:resume_list")


def _resume_or_404(request, resume_id):
    return get_object_or_404(selectors.resume_list_with_usage(user=request.user), pk=resume_id)


@login_required
@require_GET
def resume_list(request):
    return _resume_page(request)


@login_required
@require_POST
def resume_upload(request):
    form = ResumeUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            resume = resume_services.resume_upload(
                user=request.user, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as e:
            _add_errors(form, e, default_field="file")
        else:
            notice = f"Uploaded “{resume.title}”."
            if resume.is_primary:
                notice += " It is your primary resume."
            return _resume_done(request, notice)
    return _resume_page(request, upload_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def resume_rename(request, resume_id):
    """Inline rename: with htmx, GET swaps the row for a small form and POST swaps it back."""
    resume = _resume_or_404(request, resume_id)
    form = ResumeRenameForm(request.POST if request.method == "POST" else None, initial={"title": resume.title})
    if form.is_bound and form.is_valid():
        try:
            resume = resume_services.resume_rename(resume=resume, title=form.cleaned_data["title"])
        except ValidationError as e:
            _add_errors(form, e)
        else:
            notice = f"Renamed to “{resume.title}”."
            if request.htmx:
                return render(request, "jobs/resume_list.html#resume-row", {"resume": resume, "row_notice": notice})
            messages.success(request, notice)
            return redirect("jobs:resume_list")
    if request.htmx:
        return render(request, "jobs/resume_list.html#resume-row", {"resume": resume, "rename_form": form})
    return render(request, "jobs/resume_rename.html", {"resume": resume, "form": form})


@login_required
@require_GET
def resume_row(request, resume_id):
    """One row of the list as shown (htmx asks for it when a rename is cancelled)."""
    resume = _resume_or_404(request, resume_id)
    if not request.htmx:
        return redirect("jobs:resume_list")
    return render(request, "jobs/resume_list.html#resume-row", {"resume": resume})


@login_required
@require_POST
def resume_set_primary(request, resume_id):
    resume = _resume_or_404(request, resume_id)
    resume_services.resume_set_primary(resume=resume)
    return _resume_done(request, f"“{resume.title}” is now your primary resume.")


@login_required
@require_http_methods(["GET", "POST"])
def resume_delete(request, resume_id):
    """GET asks for confirmation (without JavaScript); POST deletes."""
    resume = _resume_or_404(request, resume_id)
    if request.method == "GET":
        return render(request, "jobs/resume_confirm_delete.html", {"resume": resume})
    successor = resume_services.resume_delete(resume=resume)
    notice = f"Deleted “{resume.title}”."
    if successor:
        notice += f" “{successor.title}” is now your primary resume."
    return _resume_done(request, notice)


@login_required
@require_GET
def resume_download(request, resume_id):
    resume = get_object_or_404(selectors.resume_list_for_user(user=request.user), pk=resume_id)
    return _file_response(resume.file, filename=resume.original_name or "resume", mime_type=resume.mime_type)


urlpatterns = [
    path("<uuid:job_id>/applications/", application_section, name="application_section"),
    path("<uuid:job_id>/applications/new/", application_create, name="application_create"),
    path("applications/<uuid:application_id>/edit/", application_edit, name="application_edit"),
    path("applications/<uuid:application_id>/delete/", application_delete, name="application_delete"),
    path("<uuid:job_id>/documents/", document_section, name="document_section"),
    path("<uuid:job_id>/documents/new/", document_upload, name="document_upload"),
    path("documents/<uuid:document_id>/download/", document_download, name="document_download"),
    path("documents/<uuid:document_id>/delete/", document_delete, name="document_delete"),
    path("resumes/", resume_list, name="resume_list"),
    path("resumes/upload/", resume_upload, name="resume_upload"),
    path("resumes/<uuid:resume_id>/row/", resume_row, name="resume_row"),
    path("resumes/<uuid:resume_id>/rename/", resume_rename, name="resume_rename"),
    path("resumes/<uuid:resume_id>/primary/", resume_set_primary, name="resume_set_primary"),
    path("resumes/<uuid:resume_id>/delete/", resume_delete, name="resume_delete"),
    path("resumes/<uuid:resume_id>/download/", resume_download, name="resume_download"),
]
