"""What the coach's HTML views share: a service's ValidationError shown on a form, and
the redirect after a successful form that also works for htmx."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def htmx_redirect(request, url: str):
    """After a successful form: htmx loads the next page itself (a plain redirect would be
    followed inside the swapped fragment)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def row_or_none(rows: QuerySet, pk):
    """The row of ``rows`` (already scoped to the user) with this id, or None: also for a
    missing or malformed id, e.g. a hand-edited ``?job=`` that must not be a 500."""
    if not pk:
        return None
    try:
        return rows.filter(pk=pk).first()
    except (ValidationError, ValueError):
        return None
