"""A job's own page: every field, its status history, inline notes, edit and delete.

Applications, interviews and documents are drawn by their own partials (owned by
their modules) from the job that job_get_for_user loads with everything prefetched.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from jobs.forms import JobForm, JobNotesForm, add_service_errors
from jobs.models import Job, JobStatus
from jobs.selectors import records
from jobs.selectors.board import job_get_for_user, job_list_for_user
from jobs.services import tracking


def _job_page_or_404(request, job_id) -> Job:
    try:
        return job_get_for_user(user=request.user, job_id=job_id)
    except Job.DoesNotExist:
        raise Http404("No such job.") from None


def _job_or_404(request, job_id) -> Job:
    return get_object_or_404(job_list_for_user(user=request.user), pk=job_id)


# Book-keeping in Job.ai_analysis that is not for reading (jobs.services.matching).
_ANALYSIS_INTERNAL = {"resume_id", "computed_at", "score_details"}
_ANALYSIS_LABELS = {"matched": "Skills you have", "missing": "Skills to add or show"}


def _analysis_items(analysis) -> list[tuple[str, str, list[str]]]:
    """The AI analysis as (label, text, entries) for a plain definition list; nested
    objects are left out (whoever writes them draws them)."""
    if not isinstance(analysis, dict):
        return []
    items = []
    for key, value in analysis.items():
        if key in _ANALYSIS_INTERNAL or value in (None, "", [], {}) or isinstance(value, dict):
            continue
        label = _ANALYSIS_LABELS.get(key) or str(key).replace("_", " ").capitalize()
        if isinstance(value, list | tuple):
            entries = [str(v) for v in value if not isinstance(v, dict | list)]
            if entries:
                items.append((label, "", entries))
        else:
            items.append((label, str(value), []))
    return items


def _page_context(job: Job, **extra) -> dict:
    return {
        "job": job,
        "status_choices": JobStatus.choices,
        "analysis": _analysis_items(job.ai_analysis),
        "resume_count": records.resume_count_for_user(user=job.user),
        **extra,
    }


@login_required
@require_GET
def job_detail(request, job_id):
    job = _job_page_or_404(request, job_id)
    return render(request, "jobs/job_detail.html", _page_context(job))


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request, job_id):
    job = _job_or_404(request, job_id)
    # The form validates a copy: the page around it keeps showing the saved job.
    form = JobForm(request.POST if request.method == "POST" else None, instance=copy.copy(job))
    if form.is_bound and form.is_valid():
        try:
            job = tracking.job_update(job=job, data={name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, f"Saved “{job.title}”.")
            return redirect("jobs:job_detail", job_id=job.pk)
    # Errors come back as a page with status 200 (the form re-drawn with them).
    return render(request, "jobs/job_form.html", {"form": form, "job": job})


@login_required
@require_http_methods(["GET", "POST"])
def job_notes(request, job_id):
    """Inline notes on the job's page. htmx: GET swaps the editor in (``?view`` swaps the
    notes back), POST saves and answers with the notes. Without JavaScript: its own page."""
    job = _job_or_404(request, job_id)
    if request.method == "GET":
        if request.htmx and "view" in request.GET:
            return render(request, "jobs/job_detail.html#notes", {"job": job, "focus_edit": True})
        form = JobNotesForm(initial={"notes": job.notes})
    else:
        form = JobNotesForm(request.POST)
        if form.is_valid():
            try:
                tracking.job_update(job=job, data={"notes": form.cleaned_data["notes"]})
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                if request.htmx:
                    # The save bumps the job's version: the status form on the page gets the new one.
                    job = _job_page_or_404(request, job_id)
                    return render(
                        request, "jobs/job_detail.html#notes-saved", _page_context(job, notice="Notes saved.")
                    )
                messages.success(request, "Notes saved.")
                return redirect(reverse("jobs:job_detail", kwargs={"job_id": job.pk}) + "#notes")
    if request.htmx:
        return render(request, "jobs/job_detail.html#notes-form", {"job": job, "form": form})
    return render(request, "jobs/job_notes.html", {"job": job, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def job_delete(request, job_id):
    """GET asks for confirmation; POST deletes and goes back to the board."""
    job = _job_or_404(request, job_id)
    if request.method == "GET":
        return render(request, "jobs/job_confirm_delete.html", {"job": job})
    tracking.job_delete(job=job)
    messages.success(request, f"Deleted “{job.title}” from your board.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("jobs:board"))
    return redirect("jobs:board")


urlpatterns: list = [
    path("<uuid:job_id>/", job_detail, name="job_detail"),
    path("<uuid:job_id>/edit/", job_edit, name="job_edit"),
    path("<uuid:job_id>/notes/", job_notes, name="job_notes"),
    path("<uuid:job_id>/delete/", job_delete, name="job_delete"),
]
