"""ATS checks of a resume against a job, and their reports.

``resume_ats`` shows the check form and the resume's report history (newest first);
a POST stores a new report and shows it (htmx: the panel fragment; otherwise a
redirect to the report page). Every lookup is scoped to request.user: other users'
resumes and reports are 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from jobs.forms_ats import AtsCheckForm
from jobs.models import JobPosting
from jobs.selectors import ats as selectors
from jobs.selectors.records import resume_list_for_user
from jobs.services import matching

RESUME_PAGE = "jobs/ats_resume.html"


def _initial(request) -> dict:
    initial = {}
    if request.GET.get("posting"):
        initial = {"source": AtsCheckForm.SOURCE_POSTING, "posting": request.GET["posting"]}
    elif request.GET.get("job"):
        initial = {"source": AtsCheckForm.SOURCE_JOB, "job": request.GET["job"]}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def resume_ats(request, resume_id):
    resume = get_object_or_404(resume_list_for_user(user=request.user), pk=resume_id)
    jobs = selectors.ats_job_choices(user=request.user)
    form = AtsCheckForm(request.POST or None, jobs=jobs, initial=_initial(request))
    report = None
    posting = None
    posting_id = form["posting"].value()
    if posting_id:
        try:
            posting = selectors.ats_posting_get(posting_id=posting_id)
        except (JobPosting.DoesNotExist, ValidationError):
            if form.is_bound:
                form.add_error(None, "That catalog posting is no longer available.")
    if form.is_bound and form.is_valid():
        source = form.cleaned_data["source"]
        try:
            report = matching.ats_report_create(
                resume=resume,
                job=form.cleaned_data["job"] if source == form.SOURCE_JOB else None,
                posting=posting if source == form.SOURCE_POSTING else None,
                description=form.cleaned_data["description"] if source == form.SOURCE_TEXT else "",
                job_title=form.cleaned_data["job_title"] if source == form.SOURCE_TEXT else "",
            )
        except ValidationError as e:
            for field, errors in getattr(e, "error_dict", {None: e.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if not request.htmx:
                return redirect("jobs:ats_report", report_id=report.pk)
            form = AtsCheckForm(jobs=jobs)
    context = {
        "resume": resume, "form": form, "report": report, "posting": posting,
        "reports": selectors.ats_report_list_for_resume(user=request.user, resume=resume),
    }
    return render(request, f"{RESUME_PAGE}#ats-panel" if request.htmx else RESUME_PAGE, context)


@login_required
@require_GET
def ats_report(request, report_id):
    report = get_object_or_404(selectors.ats_report_list_for_user(user=request.user).select_related("resume", "job", "posting"), pk=report_id)
    return render(request, "jobs/ats_report.html", {"report": report, "resume": report.resume, "feedback": report.feedback})


urlpatterns = [
    path("resumes/<uuid:resume_id>/ats/", resume_ats, name="resume_ats"),
    path("ats/<uuid:report_id>/", ats_report, name="ats_report"),
]
