"""The shared job catalog: search, a posting's page, bookmarks and "track this job".

The search form is a plain GET form; with htmx it swaps only the results and puts
the clean search address in the location bar, so back/forward and shared links
work with and without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from jobs.forms_catalog import BookmarkForm, CatalogSearchForm, catalog_query
from jobs.models import JobPosting
from jobs.selectors import catalog as selectors
from jobs.services import catalog as services
from jobs.services.tracking import job_track_posting

BAD_CURSOR_NOTICE = "That page link was out of date or damaged, so here is the first page of results."


def _posting_or_404(request, posting_id) -> JobPosting:
    try:
        return selectors.posting_get_for_user(user=request.user, posting_id=posting_id)
    except JobPosting.DoesNotExist:
        raise Http404("No such job posting.") from None


def _next_url(request, candidate: str, fallback: str) -> str:
    """Where a form without JavaScript returns to: ``candidate`` if it is one of our pages."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _wants_fragment(request) -> bool:
    # A history restore (back button after the cache expired) needs the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _links(filters: selectors.CatalogFilters, page: selectors.CatalogPage | None) -> dict[str, str]:
    return {
        "next_url": f"?{catalog_query(filters, after=page.next_cursor)}" if page and page.next_cursor else "",
        "first_url": f"?{catalog_query(filters)}",
        "all_url": f"?{catalog_query(filters, saved=False)}",
        "saved_url": f"?{catalog_query(filters, saved=True)}",
    }


def _search(request, form) -> tuple[selectors.CatalogPage | None, str, str]:
    """(page, notice, cursor used): a bad cursor gives the first page and says so."""
    if not form.is_valid():
        return None, "", ""
    cursor = request.GET.get("after", "")
    try:
        return selectors.posting_search(user=request.user, filters=form.filters(), cursor=cursor), "", cursor
    except selectors.InvalidCursor:
        return selectors.posting_search(user=request.user, filters=form.filters()), BAD_CURSOR_NOTICE, ""


@login_required
@require_GET
def catalog(request):
    form = CatalogSearchForm(request.GET)
    page, notice, cursor = _search(request, form)
    filters = page.filters if page else selectors.CatalogFilters(saved_only=request.GET.get("saved") == "1")
    context = {"form": form, "page": page, "notice": notice, "filters": filters, "here": request.get_full_path(),
               "rank_candidates": selectors.RANK_CANDIDATES, **_links(filters, page)}
    if not _wants_fragment(request):
        return render(request, "jobs/catalog.html", context)
    # The address bar gets the tidy address of this search, so reloading or sharing it
    # shows the same results.
    address = f"{request.path}?{catalog_query(filters, after=cursor)}" if page else request.get_full_path()
    return push_url(render(request, "jobs/catalog.html#results", context), address)


@login_required
@require_GET
def posting_detail(request, posting_id):
    posting = _posting_or_404(request, posting_id)
    return render(request, "jobs/posting_detail.html", {"posting": posting, "here": request.get_full_path()})


@login_required
@require_POST
def posting_bookmark(request, posting_id):
    posting = _posting_or_404(request, posting_id)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Say “1” to save or “0” to remove.")
    wanted = form.cleaned_data["saved"]
    if wanted is None:
        saved = services.bookmark_toggle(user=request.user, posting=posting)
    else:
        saved = services.bookmark_set(user=request.user, posting=posting, saved=wanted)
    back = _next_url(request, form.cleaned_data["next"], reverse("jobs:posting_detail", args=[posting.pk]))
    if request.htmx:
        posting.is_bookmarked = saved
        return render(request, "jobs/posting_actions.html#bookmark-button", {"posting": posting, "here": back})
    messages.success(request, f"Saved “{posting.title}”." if saved else f"Removed “{posting.title}” from your saved jobs.")
    return redirect(back)


@login_required
@require_POST
def posting_track(request, posting_id):
    posting = _posting_or_404(request, posting_id)
    back = _next_url(request, request.POST.get("next", ""), reverse("jobs:posting_detail", args=[posting.pk]))
    try:
        job, created = job_track_posting(user=request.user, posting=posting)
    except ValidationError as e:
        job, created, level = None, False, messages.ERROR
        notice = f"This posting could not be added to your board: {' '.join(e.messages)}"
    else:
        posting.tracked_job_id = job.pk
        level = messages.SUCCESS if created else messages.INFO
        notice = "Added to your board." if created else "This job is already on your board."
    if request.htmx:
        context = {"posting": posting, "here": back, "track_notice": notice, "track_failed": job is None}
        return render(request, "jobs/posting_actions.html#track-button", context)
    messages.add_message(request, level, notice)
    return redirect(back)


urlpatterns: list = [
    path("catalog/", catalog, name="catalog"),
    path("catalog/<uuid:posting_id>/", posting_detail, name="posting_detail"),
    path("catalog/<uuid:posting_id>/bookmark/", posting_bookmark, name="posting_bookmark"),
    path("catalog/<uuid:posting_id>/track/", posting_track, name="posting_track"),
]
