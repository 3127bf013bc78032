"""CSV export and import of the user's tracked jobs.

Import is upload → preview (every row checked, errors shown per row, nothing
written) → confirm (the valid rows are imported, all or nothing). The preview's
rows wait in the cache under a token between the two steps.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.forms_transfer import CsvConfirmForm, CsvUploadForm
from jobs.services import transfer

# The preview table shows this many rows at most; the counts cover the whole file.
PREVIEW_ROWS = 300


@login_required
@require_GET
def jobs_export(request):
    """All the user's jobs as CSV, streamed (one query, read in chunks)."""
    filename = f"careercoach-jobs-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(
        transfer.export_csv_chunks(user=request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def _import_response(request, context: dict, *, status: int = 200):
    template = "jobs/transfer_import.html#import-panel" if request.htmx else "jobs/transfer_import.html"
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def jobs_import_csv(request):
    """GET: the upload form. POST: read the file and show the preview."""
    form = CsvUploadForm(request.POST, request.FILES) if request.method == "POST" else CsvUploadForm()
    context: dict = {"form": form, "columns": transfer.COLUMNS}
    if form.is_bound and form.is_valid():
        rows = form.cleaned_data["rows"]
        results = transfer.csv_rows_check(user=request.user, rows=rows)
        filename = form.cleaned_data["file"].name
        valid = sum(1 for row in results if row.is_valid)
        context.update(
            results=results[:PREVIEW_ROWS],
            truncated=len(results) > PREVIEW_ROWS,
            total=len(results),
            valid=valid,
            invalid=len(results) - valid,
            filename=filename,
            known_columns=form.cleaned_data["columns"],
            confirm_form=CsvConfirmForm(
                initial={"token": transfer.import_stash(user=request.user, filename=filename, rows=rows)}
            ) if valid else None,
        )
    return _import_response(request, context)


@login_required
@require_POST
def jobs_import_csv_confirm(request):
    form = CsvConfirmForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            result = transfer.jobs_import_confirm(user=request.user, token=form.cleaned_data["token"])
        except transfer.ImportExpired as e:
            error = str(e)
        except ValidationError as e:
            error = "Nothing was imported: " + " ".join(e.messages)
        else:
            notice = f"Imported {len(result.created)} job{'s' if len(result.created) != 1 else ''}."
            if result.skipped:
                notice += f" {result.skipped} row{'s' if result.skipped != 1 else ''} with errors skipped."
            if request.htmx:
                return _import_response(request, {"form": CsvUploadForm(), "columns": transfer.COLUMNS,
                                                  "imported": result, "notice": notice})
            messages.success(request, notice)
            return redirect("jobs:board")
    else:
        error = "This preview is no longer valid. Upload the file again."
    if not request.htmx:
        messages.error(request, error)
        return redirect("jobs:jobs_import_csv")
    return _import_response(request, {"form": CsvUploadForm(), "columns": transfer.COLUMNS, "error": error})


urlpatterns: list = [
    path("export.csv", jobs_export, name="jobs_export"),
    path("import-csv/", jobs_import_csv, name="jobs_import_csv"),
    path("import-csv/confirm/", jobs_import_csv_confirm, name="jobs_import_csv_confirm"),
]

