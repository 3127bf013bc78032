"""Structured request logging: one line per request with timing and status."""

from __future__ import annotations

import logging
import time
import zoneinfo
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import resolve_url
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

logger = logging.getLogger("careercoach.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if request.path.startswith("/static/"):
            return response
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": str(user.pk) if user is not None and user.is_authenticated else None,
            },
        )
        return response


class HtmxLoginRedirectMiddleware:
    """When a session has expired, an htmx request would get the login page swapped
    into a fragment. Tell htmx to navigate the whole page to the login URL instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            login_url = response["Location"]
            # Come back to the page the user was on, not to the fragment URL.
            current = request.htmx.current_url_abs_path
            if current:
                login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: current})}"
            return HttpResponseClientRedirect(login_url)
        return response


class ThrottledUserSessionsMiddleware:
    """allauth's per-device session tracking, at most once per interval per session.

    allauth's own middleware rewrites the device row on every request (five queries);
    "last seen" only needs minute precision, so we refresh it every few minutes.
    """

    SESSION_KEY = "_usersession_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            hasattr(request, "session")
            and request.session.session_key
            and hasattr(request, "user")
            and request.user.is_authenticated
        ):
            now = int(time.time())
            if now - request.session.get(self.SESSION_KEY, 0) >= settings.USERSESSIONS_TRACK_INTERVAL:
                from allauth.usersessions.models import UserSession

                UserSession.objects.create_from_request(request)
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class UserTimezoneMiddleware:
    """Show times in the logged-in user's own time zone (User.timezone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        tz_name = getattr(user, "timezone", None) if user is not None and user.is_authenticated else None
        try:
            zone = zoneinfo.ZoneInfo(tz_name) if tz_name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
