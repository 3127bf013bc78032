"""The resume builder: new drafts, the editor with its live preview, PDF/DOCX export,
versions (duplicate, compare) and marking primary.

The editor is one form. With htmx, typing posts it to the preview endpoint and only
the preview is swapped; without JavaScript its "Preview" button posts the same form
to the editor page, which shows the preview of the unsaved text. Every lookup is
scoped to request.user: another user's resume is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.builder.compare import line_diff, resume_text
from jobs.builder.docx import resume_docx
from jobs.builder.pdf import resume_pdf
from jobs.builder.render import render_preview
from jobs.builder.templates import TEMPLATES, template_get
from jobs.forms_builder import ResumeBuilderNewForm, ResumeCompareForm, ResumeContentForm
from jobs.selectors.builder import resume_builder_list_for_user, resume_for_compare
from jobs.services import builder as builder_services
from jobs.services import resumes as resume_services

EDIT_TEMPLATE = "jobs/builder_edit.html"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft_or_404(request, resume_id):
    return get_object_or_404(resume_builder_list_for_user(user=request.user), pk=resume_id)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _preview_of(form, resume):
    """The preview of the form's text when it is valid, else of the saved text."""
    if form.is_bound and form.is_valid():
        return render_preview(form.cleaned_data["content"], template_key=form.cleaned_data["template"])
    return render_preview(resume.content, template_key=resume.template)


def _editor(request, resume, form, *, template=EDIT_TEMPLATE, notice: str = ""):
    context = {
        "resume": resume,
        "form": form,
        "preview": _preview_of(form, resume),
        "templates": TEMPLATES.values(),
        "notice": notice,
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def resume_builder_new(request):
    form = ResumeBuilderNewForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            resume = builder_services.resume_builder_create(
                user=request.user,
                title=form.cleaned_data["title"],
                template=form.cleaned_data["template"],
                from_profile=form.cleaned_data["start"] == "profile",
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, f"Created “{resume.title}”. Edit it below; the preview follows as you type.")
            return redirect("jobs:resume_builder", resume_id=resume.pk)
    return render(request, "jobs/builder_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def resume_builder(request, resume_id):
    """GET shows the editor; POST saves (or, with action=preview, only previews)."""
    resume = _draft_or_404(request, resume_id)
    if request.method == "GET":
        initial = {"title": resume.title, "template": template_get(resume.template).key, "content": resume.content}
        return _editor(request, resume, ResumeContentForm(initial=initial))
    form = ResumeContentForm(request.POST)
    if request.POST.get("action") == "preview":
        form.is_valid()
        return _editor(request, resume, form, notice="Preview of your unsaved changes. Save to keep them.")
    if form.is_valid():
        try:
            builder_services.resume_content_save(
                resume=resume,
                content=form.cleaned_data["content"],
                template=form.cleaned_data["template"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            if request.htmx:
                return _editor(request, resume, form, template=f"{EDIT_TEMPLATE}#save-status", notice="Saved.")
            messages.success(request, f"Saved “{resume.title}”.")
            return redirect("jobs:resume_builder", resume_id=resume.pk)
    if request.htmx:
        return _editor(request, resume, form, template=f"{EDIT_TEMPLATE}#save-status")
    return _editor(request, resume, form)


@login_required
@require_POST
def resume_builder_preview(request, resume_id):
    """The preview of the posted (unsaved) text in the chosen template; nothing is saved."""
    resume = _draft_or_404(request, resume_id)
    form = ResumeContentForm(request.POST)
    form.is_valid()
    template = f"{EDIT_TEMPLATE}#preview" if request.htmx else EDIT_TEMPLATE
    return _editor(request, resume, form, template=template)


def _download(data: bytes, *, resume, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    filename = f"{slugify(resume.title) or 'resume'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def resume_export_pdf(request, resume_id):
    resume = _draft_or_404(request, resume_id)
    data = resume_pdf(
        resume.content, template_key=resume.template, title=resume.title, author=request.user.get_full_name()
    )
    return _download(data, resume=resume, extension="pdf", content_type="application/pdf")


@login_required
@require_GET
def resume_export_docx(request, resume_id):
    resume = _draft_or_404(request, resume_id)
    data = resume_docx(
        resume.content, template_key=resume.template, title=resume.title, author=request.user.get_full_name()
    )
    return _download(data, resume=resume, extension="docx", content_type=DOCX_MIME)


@login_required
@require_POST
def resume_duplicate(request, resume_id):
    """A new version of any of the user's resumes, opened in the builder."""
    resume = get_object_or_404(resume_for_compare(user=request.user), pk=resume_id)
    copy = builder_services.resume_duplicate(resume=resume)
    messages.success(request, f"Created “{copy.title}” (version {copy.version}).")
    return redirect("jobs:resume_builder", resume_id=copy.pk)


@login_required
@require_POST
def resume_builder_primary(request, resume_id):
    resume = _draft_or_404(request, resume_id)
    resume_services.resume_set_primary(resume=resume)
    messages.success(request, f"“{resume.title}” is now your primary resume.")
    return redirect("jobs:resume_builder", resume_id=resume.pk)


@login_required
@require_GET
def resume_compare(request):
    """Two of the user's resumes side by side (?a=<id>&b=<id>); either one of another user is 404."""
    resumes = list(resume_for_compare(user=request.user).order_by("-created_at"))
    form = ResumeCompareForm(request.GET or None)
    context = {"form": form, "resumes": resumes, "rows": None}
    if form.is_bound and form.is_valid():
        by_id = {resume.pk: resume for resume in resumes}
        left, right = by_id.get(form.cleaned_data["a"]), by_id.get(form.cleaned_data["b"])
        if left is None or right is None:
            raise Http404("No such resume.")
        rows = line_diff(resume_text(left), resume_text(right))
        context.update(left=left, right=right, rows=rows, changes=sum(1 for row in rows if row.kind != "equal"))
    return render(request, "jobs/builder_compare.html", context)


urlpatterns = [
    path("resumes/new/", resume_builder_new, name="resume_builder_new"),
    path("resumes/compare/", resume_compare, name="resume_compare"),
    path("resumes/<uuid:resume_id>/builder/", resume_builder, name="resume_builder"),
    path("resumes/<uuid:resume_id>/builder/preview/", resume_builder_preview, name="resume_builder_preview"),
    path("resumes/<uuid:resume_id>/builder/primary/", resume_builder_primary, name="resume_builder_primary"),
    path("resumes/<uuid:resume_id>/duplicate/", resume_duplicate, name="resume_duplicate"),
    path("resumes/<uuid:resume_id>/export.pdf", resume_export_pdf, name="resume_export_pdf"),
    path("resumes/<uuid:resume_id>/export.docx", resume_export_docx, name="resume_export_docx"),
]
