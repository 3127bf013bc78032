"""Project-level pages: landing, dashboard, health check and error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connections
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import selectors as account_selectors
from careercoach.lib import health
from jobs.selectors.stats import search_chart, search_stats_for_user


@require_GET
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@login_required
@require_GET
def dashboard(request):
    profile = account_selectors.profile_get_for_user(user=request.user)
    search = search_stats_for_user(user=request.user)
    return render(
        request,
        "dashboard.html",
        {"profile": profile, "search": search, "search_chart": search_chart(search) if search.has_jobs else None},
    )


@never_cache
@require_GET
def healthz(request):
    db_ok, db_detail = health.check_database(connections["default"].settings_dict)
    redis_ok, redis_detail = health.check_redis(settings.REDIS_URL)
    ok = db_ok and redis_ok
    body = {
        "status": "ok" if ok else "unavailable",
        "checks": {"database": db_detail, "redis": redis_detail},
    }
    return JsonResponse(body, status=200 if ok else 503)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _error(request, status: int, message: str, template: str):
    if _wants_json(request):
        return JsonResponse({"error": {"status": status, "message": message}}, status=status)
    return render(request, template, {"message": message}, status=status)


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found.", "errors/404.html")


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"error": {"status": 500, "message": "Server error."}}, status=500)
    # Rendered without a request context: the error may have come from it.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def permission_denied(request, exception=None):
    return _error(request, 403, "You do not have access to this page.", "errors/403.html")


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request.", "errors/400.html")
