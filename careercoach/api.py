"""DRF glue: every API error is JSON of one shape.

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _flatten(detail) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{k}: {_flatten(v)}" for k, v in detail.items())
    if isinstance(detail, list):
        return " ".join(_flatten(v) for v in detail)
    return str(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; answer it like a serializer error.
        if hasattr(exc, "error_dict"):
            detail = {(NON_FIELD if k == NON_FIELD_ERRORS else k): v for k, v in exc.message_dict.items()}
        else:
            detail = {NON_FIELD: exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    body: dict = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        if isinstance(exc.detail, dict):
            fields = [name for name in exc.detail if name != NON_FIELD]
            # Errors about the request as a whole are the message; field errors are listed.
            parts = [_flatten(exc.detail[NON_FIELD])] if NON_FIELD in exc.detail else []
            if fields:
                parts.append("Some fields are invalid: " + ", ".join(fields) + ".")
            body["message"] = " ".join(parts) or "Invalid input."
            body["fields"] = exc.detail
        else:
            body["message"] = _flatten(exc.detail)
    else:
        codes = exc.get_codes()
        body["code"] = codes if isinstance(codes, str) else "error"
        body["message"] = _flatten(exc.detail)
    response.data = {"error": body}
    return response
