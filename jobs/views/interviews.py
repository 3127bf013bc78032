"""Interviews: schedule/edit/delete from a job's page, the upcoming list, the month
calendar, .ics downloads, the private calendar feed and reminder settings.

Views that change something answer htmx requests with the fragment that changed and
everything else with a redirect (or the full page when a form has errors), so every
page also works without JavaScript.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from accounts import services as account_services
from careercoach.lib.calendar import IcsEvent, ics_calendar, parse_month
from jobs.forms_interviews import InterviewForm, ReminderSettingsForm
from jobs.models import CalendarFeed, Interview, Job, JobStatus
from jobs.selectors import interviews as selectors
from jobs.selectors.board import job_list_for_user
from jobs.services import interviews as services

SECTION_TEMPLATE = "jobs/partials/_job_interviews.html"
ICS_PRODID = f"-//{settings.SITE_NAME}//Interviews//EN"
ICS_ALARM = datetime.timedelta(hours=1)
FEED_REFRESH = datetime.timedelta(hours=1)


# --- Helpers ------------------------------------------------------------------------------------


def _job_or_404(request, job_id) -> Job:
    return get_object_or_404(job_list_for_user(user=request.user), pk=job_id)


def _interview_or_404(request, interview_id) -> Interview:
    return get_object_or_404(
        selectors.interview_list_for_user(user=request.user).select_related("job"), pk=interview_id
    )


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            if field == "scheduled_at":
                field = "date"
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _job_path(job_id) -> str:
    return reverse("jobs:job_detail", args=[job_id])


def _next_or(request, default: str) -> str:
    """Where to go after saving: a local ``next`` (e.g. the interviews list) or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _section(request, job_id, *, form=None, editing=None, notice: str = ""):
    """The interviews section of a job's page (the fragment htmx swaps)."""
    job = selectors.job_with_interviews_for_user(user=request.user, job_id=job_id)
    context = {"job": job, "interview_form": form, "interview_editing": editing, "interview_notice": notice}
    return render(request, SECTION_TEMPLATE, context)


def _form_response(request, job: Job, form, interview: Interview | None = None):
    # Errors come back with status 200: htmx does not swap 4xx responses by default.
    if request.htmx:
        return _section(request, job.pk, form=form, editing=interview.pk if interview else "new")
    context = {"job": job, "form": form, "interview": interview, "next": _next_or(request, "")}
    return render(request, "jobs/interview_form.html", context)


def _done(request, job_id, notice: str, *, reload: bool = False):
    if request.htmx:
        if reload:
            # The job changed column too: reload the page so its status shows it.
            messages.success(request, notice)
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return _section(request, job_id, notice=notice)
    messages.success(request, notice)
    return redirect(_next_or(request, _job_path(job_id)))


# --- Schedule, edit, delete ------------------------------------------------------------------------


@login_required
@require_GET
def interview_section(request, job_id):
    """The interviews section of a job's page; htmx asks for it when a form is cancelled."""
    job = _job_or_404(request, job_id)
    if not request.htmx:
        return redirect(_job_path(job.pk) + "#job-interviews")
    return _section(request, job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interview_create(request, job_id):
    job = _job_or_404(request, job_id)
    form = InterviewForm(request.POST if request.method == "POST" else None, tz=request.user.timezone)
    if form.is_bound and form.is_valid():
        try:
            services.interview_schedule(user=request.user, job=job, data=form.service_data())
        except ValidationError as e:
            _add_errors(form, e)
        else:
            moved = job.status in (JobStatus.INTERESTED, JobStatus.APPLIED)
            notice = "Interview scheduled." + (" The job moved to “Interview scheduled”." if moved else "")
            return _done(request, job.pk, notice, reload=moved)
    return _form_response(request, job, form)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, interview_id):
    interview = _interview_or_404(request, interview_id)
    form = InterviewForm(
        request.POST if request.method == "POST" else None, instance=interview, tz=request.user.timezone
    )
    if form.is_bound and form.is_valid():
        try:
            services.interview_update(interview=interview, data=form.service_data())
        except ValidationError as e:
            _add_errors(form, e)
        else:
            return _done(request, interview.job_id, "Interview saved.")
    return _form_response(request, interview.job, form, interview)


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request, interview_id):
    """GET asks for confirmation (the page people without JavaScript see); POST deletes."""
    interview = _interview_or_404(request, interview_id)
    if request.method == "GET":
        context = {"interview": interview, "next": _next_or(request, "")}
        return render(request, "jobs/interview_confirm_delete.html", context)
    services.interview_delete(interview=interview)
    return _done(request, interview.job_id, "Interview deleted.")


# --- Upcoming list and settings -------------------------------------------------------------------


def _feed_urls(feed: CalendarFeed) -> dict[str, str]:
    https = f"{settings.SITE_URL}{reverse('jobs:calendar_feed', args=[feed.token])}"
    return {"feed_url": https, "feed_webcal_url": "webcal://" + https.split("://", 1)[1]}


def _settings_context(request, *, form=None, notice: str = "") -> dict:
    feed = services.calendar_feed_ensure(user=request.user)
    form = form or ReminderSettingsForm(current=request.user.interview_reminder_hours)
    return {"reminder_form": form, "feed": feed, "settings_notice": notice, **_feed_urls(feed)}


def _list_page(request, *, form=None):
    now = timezone.now()
    context = {
        "now": now,
        "upcoming": selectors.interview_upcoming_for_user(user=request.user, now=now),
        "recent": selectors.interview_recent_for_user(user=request.user, now=now),
        **_settings_context(request, form=form),
    }
    template = "jobs/interview_list.html#interview-lists" if request.htmx else "jobs/interview_list.html"
    return render(request, template, context)


def _settings_done(request, notice: str):
    if request.htmx:
        return render(request, "jobs/interview_list.html#interview-settings", _settings_context(request, notice=notice))
    messages.success(request, notice)
    return redirect(reverse("jobs:interview_list") + "#interview-settings")


@login_required
@require_GET
def interview_list(request):
    return _list_page(request)


@login_required
@require_POST
def interview_reminder_settings(request):
    form = ReminderSettingsForm(request.POST, current=request.user.interview_reminder_hours)
    if form.is_valid():
        try:
            account_services.user_preferences_update(user=request.user, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            request.user.refresh_from_db(fields=["interview_reminder_hours"])
            hours = form.cleaned_data["interview_reminder_hours"]
            label = dict(form.fields["interview_reminder_hours"].choices)[hours]
            notice = (
                "Interview reminders are off." if hours == 0 else f"We will email you {label.lower()} each interview."
            )
            return _settings_done(request, notice)
    if request.htmx:
        return render(request, "jobs/interview_list.html#interview-settings", _settings_context(request, form=form))
    return _list_page(request, form=form)


@login_required
@require_POST
def calendar_feed_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    return _settings_done(
        request, "Your calendar feed has a new address. Calendars using the old one no longer update."
    )


# --- Month calendar ---------------------------------------------------------------------------------


@login_required
@require_GET
def interview_calendar(request):
    # No month, or one we cannot read: the current month on the user's calendar.
    year, month = parse_month(request.GET.get("month")) or (None, None)
    month = selectors.interview_month_for_user(user=request.user, year=year, month=month)
    template = "jobs/interview_calendar.html#calendar-month" if request.htmx else "jobs/interview_calendar.html"
    return render(request, template, {"cal": month})


# --- iCalendar -----------------------------------------------------------------------------------------


def _ics_event(interview: Interview) -> IcsEvent:
    job = interview.job
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    job_url = f"{settings.SITE_URL}{_job_path(job.pk)}"
    lines = []
    if interview.interviewer:
        lines.append(f"Interviewer: {interview.interviewer}")
    if interview.meeting_link:
        lines.append(f"Meeting link: {interview.meeting_link}")
    if interview.prep_notes:
        lines += ["", "Prep notes:", interview.prep_notes]
    lines += ["", f"The job: {job_url}"]
    return IcsEvent(
        uid=f"interview-{interview.pk}@{host}",
        start=interview.scheduled_at,
        end=interview.scheduled_at + datetime.timedelta(minutes=interview.duration_minutes),
        summary=f"{interview.get_type_display()} interview — {job.title} at {job.company}",
        description="\n".join(lines).strip(),
        location=interview.location or interview.meeting_link,
        url=interview.meeting_link,
        last_modified=interview.updated_at,
        alarms=(ICS_ALARM,),
        alarm_text=f"Interview with {job.company} in one hour",
    )


def _ics_response(body: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response


@login_required
@require_GET
def interview_ics(request, interview_id):
    interview = _interview_or_404(request, interview_id)
    body = ics_calendar(name=f"{settings.SITE_NAME} interviews", events=[_ics_event(interview)], prodid=ICS_PRODID)
    filename = f"interview-{slugify(interview.job.company) or 'job'}-{interview.scheduled_at:%Y%m%d}.ics"
    return _ics_response(body, filename=filename, attachment=True)


@require_safe
def calendar_feed(request, token):
    """The subscribed calendar. No session: the secret token in the address is the key."""
    try:
        feed = selectors.calendar_feed_get_by_token(token=token)
    except CalendarFeed.DoesNotExist:
        raise Http404("No calendar here.") from None
    events = [_ics_event(interview) for interview in selectors.interview_list_for_feed(user=feed.user)]
    body = ics_calendar(name=f"{settings.SITE_NAME} interviews", events=events, prodid=ICS_PRODID, refresh=FEED_REFRESH)
    response = _ics_response(body, filename="interviews.ics", attachment=False)
    response["Cache-Control"] = "private, max-age=300"
    # The address is a secret: keep it out of search engines and Referer headers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


urlpatterns: list = [
    path("interviews/", interview_list, name="interview_list"),
    path("interviews/calendar/", interview_calendar, name="interview_calendar"),
    path("interviews/reminders/", interview_reminder_settings, name="interview_reminder_settings"),
    path("interviews/feed/regenerate/", calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("<uuid:job_id>/interviews/", interview_section, name="interview_section"),
    path("<uuid:job_id>/interviews/new/", interview_create, name="interview_create"),
    path("interviews/<uuid:interview_id>/edit/", interview_edit, name="interview_edit"),
    path("interviews/<uuid:interview_id>/delete/", interview_delete, name="interview_delete"),
    path("interviews/<uuid:interview_id>/ics/", interview_ics, name="interview_ics"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", calendar_feed, name="calendar_feed"),
]
