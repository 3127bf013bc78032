"""A resume's own page: reading progress (htmx polling), what was read, "Try again",
and filling the profile from it.

While the worker reads the file, the page's status section asks for itself every two
seconds (``hx-trigger="every 2s"``); the answer for a finished resume carries no
trigger, so the polling stops and the result appears without a reload. Every lookup
goes through the owner-scoped resume selector: another user's resume is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.selectors import profile_get_for_user
from accounts.services import profile_ensure
from jobs.forms_autofill import AutofillForms
from jobs.models import Resume
from jobs.selectors.records import resume_list_for_user
from jobs.services import autofill as autofill_services
from jobs.services import resume_intel

STATUS_FRAGMENT = "jobs/partials/_resume_status.html"


def _resume_or_404(request, resume_id) -> Resume:
    # The page shows the extracted text and parsed data: load what the list defers.
    return get_object_or_404(resume_list_for_user(user=request.user).defer(None), pk=resume_id)


def _optional_url(name: str, *args) -> str:
    """A link to a page another part of the app may not provide (yet): "" when it doesn't."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _status_context(resume: Resume, **extra) -> dict:
    parsed = resume.parsed_data or {}
    return {
        "resume": resume,
        "parsed": parsed,
        "in_progress": resume.status in (Resume.Status.UPLOADED, Resume.Status.EXTRACTING),
        "stale": resume_intel.resume_is_stale(resume=resume),
        "layout_warnings": _layout_warnings(resume.layout or {}),
        "has_contact": any(parsed.get(k) for k in ("name", "email", "phone", "location", "links")),
        **extra,
    }


LAYOUT_WARNINGS = {
    "multi_column": "Two or more columns: many applicant tracking systems read across the columns and mix lines up.",
    "tables": "Tables: some applicant tracking systems skip text inside tables.",
    "images_only": "The pages are images: applicant tracking systems cannot read them.",
    "has_header_footer": "Text in the page header or footer: some systems ignore it, so keep contact details in the body.",
}


def _layout_warnings(layout: dict) -> list[str]:
    return [text for key, text in LAYOUT_WARNINGS.items() if layout.get(key)]


@login_required
@require_GET
def resume_detail(request, resume_id):
    resume = _resume_or_404(request, resume_id)
    context = _status_context(
        resume,
        ats_url=_optional_url("jobs:resume_ats", resume.pk),
        builder_url=_optional_url("jobs:resume_builder", resume.pk),
    )
    return render(request, "jobs/resume_detail.html", context)


@login_required
@require_GET
def resume_status(request, resume_id):
    """The status section on its own: what the page polls while the resume is read."""
    resume = _resume_or_404(request, resume_id)
    if not request.htmx:
        return redirect("jobs:resume_detail", resume_id=resume.pk)
    return render(request, STATUS_FRAGMENT, _status_context(resume))


@login_required
@require_POST
def resume_retry(request, resume_id):
    """Read the file again ("Try again" on a resume that could not be read)."""
    resume = _resume_or_404(request, resume_id)
    try:
        resume = resume_intel.resume_extract_retry(resume=resume)
    except ValidationError as e:
        error = " ".join(e.messages)
        if request.htmx:
            return render(request, STATUS_FRAGMENT, _status_context(resume, error=error))
        messages.error(request, error)
    else:
        if request.htmx:
            return render(request, STATUS_FRAGMENT, _status_context(resume))
        messages.success(request, "Reading your resume again.")
    return redirect("jobs:resume_detail", resume_id=resume.pk)


@login_required
@require_http_methods(["GET", "POST"])
def resume_autofill(request, resume_id):
    """Review what was read next to the profile, tick and edit, then save it to the profile."""
    resume = _resume_or_404(request, resume_id)
    if resume.status != Resume.Status.PARSED:
        messages.info(request, "This resume has not been read yet, so there is nothing to fill your profile with.")
        return redirect("jobs:resume_detail", resume_id=resume.pk)
    profile_ensure(user=request.user)
    profile = profile_get_for_user(user=request.user)
    plan = autofill_services.autofill_plan(parsed=resume.parsed_data or {}, profile=profile)
    forms = AutofillForms(plan, data=request.POST if request.method == "POST" else None)
    if forms.is_bound and forms.is_valid():
        try:
            result = autofill_services.autofill_apply(user=request.user, selection=forms.selection())
        except autofill_services.AutofillError as e:
            forms.add_service_error(e)
        else:
            messages.success(request, result.summary())
            return redirect("accounts:profile")
    return render(request, "jobs/resume_autofill.html", {"resume": resume, "forms": forms, "profile": profile})


urlpatterns = [
    path("resumes/<uuid:resume_id>/", resume_detail, name="resume_detail"),
    path("resumes/<uuid:resume_id>/status/", resume_status, name="resume_status"),
    path("resumes/<uuid:resume_id>/read-again/", resume_retry, name="resume_retry"),
    path("resumes/<uuid:resume_id>/autofill/", resume_autofill, name="resume_autofill"),
]
