"""Structured request logging: one line per request with timing and status."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import resolve_url
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
