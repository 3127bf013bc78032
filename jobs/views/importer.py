"""Import a job from a link or pasted text: read it, let the user check it, then add it.

Step 1 (job_import) reads the posting and answers with the board's job form filled
in; nothing is saved. Step 2 (job_import_confirm) saves what the user confirmed.
Fetching happens inside the request: JOBS_URL_IMPORT_TIMEOUT bounds it, and an
htmx indicator shows it is working. With htmx each step swaps #import-panel; without
JavaScript the same URLs answer with whole pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from jobs.exceptions import ImportFailed, UnsafeUrl
from jobs.forms import JobCreateForm, add_service_errors
from jobs.forms_importer import ImportSourceForm, confirm_form, missing_fields
from jobs.models import JobStatus
from jobs.selectors.board import job_get_by_url_for_user
from jobs.services import tracking, url_import

MSG_TOO_MANY = (
    "You've imported a lot of links in a short time. Wait a few minutes, or paste the posting's text instead."
)


def _confirm_response(request, form: JobCreateForm, **extra):
    context = {"form": form, "existing": job_get_by_url_for_user(user=request.user, url=form["url"].value() or ""), **extra}
    template = "jobs/import_confirm.html#import-panel" if request.htmx else "jobs/import_confirm.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def job_import(request):
    """GET: the form (``?url=`` pre-fills it, for the bookmarklet). POST: read the posting."""
    if request.method == "GET":
        form = ImportSourceForm(initial={"url": request.GET.get("url", "")[:2000]})
    else:
        form = ImportSourceForm(request.POST)
        if form.is_valid():
            url, text = form.cleaned_data["url"], form.cleaned_data["text"]
            try:
                if text:
                    posting = url_import.job_data_from_text(text=text)
                elif url_import.url_fetch_allowed(user=request.user):
                    posting = url_import.job_import_from_url(url=url)
                else:
                    raise ImportFailed(MSG_TOO_MANY)
            except (UnsafeUrl, ImportFailed) as e:
                form.add_error("text" if text else "url", str(e))
            else:
                form = confirm_form(posting, url=url)
                return _confirm_response(request, form, missing=missing_fields(posting), from_text=bool(text))
    template = "jobs/import.html#import-panel" if request.htmx else "jobs/import.html"
    return render(request, template, {"form": form})


@login_required
@require_POST
def job_import_confirm(request):
    form = JobCreateForm(request.POST)
    if form.is_valid():
        try:
            job = tracking.job_create(user=request.user, data=form.job_data(), status=form.cleaned_data["status"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, f"Added “{job.title}” to {JobStatus(job.status).label}.")
            target = reverse("jobs:job_detail", kwargs={"job_id": job.pk})
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    return _confirm_response(request, form)


urlpatterns: list = [
    path("import/", job_import, name="job_import"),
    path("import/confirm/", job_import_confirm, name="job_import_confirm"),
]
