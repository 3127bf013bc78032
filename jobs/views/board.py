"""The Kanban board: columns of tracked jobs, filters, quick add and moves.

Every action works as a plain form post that redirects back to the board; with
htmx the same URLs answer with the board fragment (and the result message swapped
into the page's live region), so a drop or a keyboard move never reloads the page.
Errors answer htmx with status 200 too, because htmx does not swap 4xx responses.
"""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from jobs.exceptions import JobMoveConflict
from jobs.forms import BoardFilterForm, JobCreateForm, JobMoveForm, add_service_errors, board_query
from jobs.models import JobStatus
from jobs.selectors.board import job_board_for_user, job_column_index, job_list_for_user
from jobs.services import tracking


def _board_context(request, *, filter_form: BoardFilterForm, focus_job=None, quick_form=None) -> dict:
    filters = filter_form.filters()
    columns = job_board_for_user(
        user=request.user, filters=filters, limit_per_column=settings.JOBS_BOARD_COLUMN_LIMIT
    )
    for column in columns:
        if column.hidden_count:
            column.expand_query = board_query(replace(filters, expanded=filters.expanded | {column.status}))
    today = timezone.localdate()
    query = board_query(filters)
    return {
        "columns": columns,
        "total": sum(column.count for column in columns),
        "filters": filters,
        "filter_form": filter_form,
        # Appended to the move and quick-add URLs, so the board that comes back keeps its filters.
        "filter_suffix": f"?{query}" if query else "",
        "status_choices": JobStatus.choices,
        "today": today,
        "deadline_soon": today + datetime.timedelta(days=settings.JOBS_DEADLINE_REMINDER_DAYS),
        "focus_job": focus_job,
        "quick_form": quick_form,
    }


def _board_response(request, *, focus_job=None, quick_form=None):
    """The board (fragment for htmx) for the filters in the query string."""
    context = _board_context(
        request, filter_form=BoardFilterForm(request.GET), focus_job=focus_job, quick_form=quick_form
    )
    return render(request, "jobs/board.html#board", context)


def _back_to_board(request, *, anchor: str = ""):
    """Where a plain (non-htmx) form post returns: ``next`` if safe, else the filtered board."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        query = request.GET.urlencode()
        target = reverse("jobs:board") + (f"?{query}" if query else "")
        if anchor:
            target += f"#{anchor}"
    return redirect(target)


@login_required
@require_GET
def job_board(request):
    filter_form = BoardFilterForm(request.GET)
    context = _board_context(request, filter_form=filter_form)
    # A history restore (back button after the cache was evicted) needs the whole page.
    fragment = request.htmx and not request.htmx.history_restore_request
    return render(request, "jobs/board.html#board" if fragment else "jobs/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request):
    """GET: the full "Add job" page. POST: from that page, or from a column's quick-add card."""
    quick = request.POST.get("form") == "quick"
    initial = {"status": request.GET.get("status")} if request.GET.get("status") in JobStatus.values else None
    form = JobCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            job = tracking.job_create(user=request.user, data=form.job_data(), status=form.cleaned_data["status"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            column = JobStatus(job.status).label
            messages.success(request, f"Added “{job.title}” to {column}.")
            if request.htmx and quick:
                return _board_response(request, focus_job=job.pk)
            if quick:
                return _back_to_board(request, anchor=f"job-{job.pk}")
            return redirect("jobs:job_detail", job_id=job.pk)
    if request.htmx and quick:
        messages.error(request, "The job was not added: please correct the highlighted fields.")
        return _board_response(request, quick_form=form)
    return render(request, "jobs/job_form.html", {"form": form, "job": None})


@login_required
@require_http_methods(["GET", "POST"])
def job_move(request, job_id):
    """GET: the move form (a card's "Move" menu loads it; a page without JavaScript).
    POST: move the card through tracking.job_move, then show the fresh board."""
    job = get_object_or_404(job_list_for_user(user=request.user), pk=job_id)
    if request.method == "GET":
        query = BoardFilterForm(request.GET)
        suffix = board_query(query.filters())
        context = {
            "job": job,
            "status_choices": JobStatus.choices,
            "column_label": JobStatus(job.status).label,
            "column_count": job_list_for_user(user=request.user).filter(status=job.status).count(),
            "index": job_column_index(job=job),
            "move_url": reverse("jobs:job_move", args=[job.pk]),
            "filter_suffix": f"?{suffix}" if suffix else "",
            "in_board": bool(request.htmx),
        }
        template = "jobs/partials/_job_move_form.html" if request.htmx else "jobs/job_move.html"
        return render(request, template, context)
    form = JobMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"That move could not be made: {form.error_text()}")
    else:
        index = job_column_index(job=job) if form.needs_index else None
        to_status = form.cleaned_data["status"]
        try:
            moved = tracking.job_move(
                job=job,
                to_status=to_status,
                position=form.position_for(index=index),
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except JobMoveConflict as e:
            messages.error(request, str(e))
        except ValidationError as e:
            messages.error(request, f"That move could not be made: {' '.join(e.messages)}")
        else:
            where = JobStatus(moved.status).label
            if moved.status == job.status:
                messages.success(request, f"Moved “{moved.title}” to position {moved.position + 1} in {where}.")
            else:
                messages.success(request, f"Moved “{moved.title}” to {where}.")
    if request.htmx:
        return _board_response(request, focus_job=job.pk)
    return _back_to_board(request, anchor=f"job-{job.pk}")


urlpatterns: list = [
    path("", job_board, name="board"),
    path("new/", job_create, name="job_create"),
    path("<uuid:job_id>/move/", job_move, name="job_move"),
]
