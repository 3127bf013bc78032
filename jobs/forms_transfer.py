"""Forms of the CSV import: the upload, and the confirmation of a preview."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

from jobs.services import transfer


class CsvUploadForm(forms.Form):
    """Takes an upload and reads it as CSV; ``cleaned_data["rows"]`` holds its rows.

    The file is judged by its content, not its name or the type the browser sent:
    it must be UTF-8 text (with or without a BOM) with a header line naming the columns.
    """

    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"UTF-8 CSV with a header line, up to {filesizeformat(transfer.MAX_UPLOAD_BYTES)} and "
            f"{transfer.MAX_ROWS} jobs. Only “title” and “company” are required."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > transfer.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"That file is {filesizeformat(upload.size)}; the limit is {filesizeformat(transfer.MAX_UPLOAD_BYTES)}.",
                code="too_large",
            )
        upload.seek(0)
        data = upload.read(transfer.MAX_UPLOAD_BYTES + 1)
        try:
            columns, rows = transfer.csv_read(data)
        except transfer.CsvFileError as e:
            raise forms.ValidationError(str(e), code="unreadable") from None
        if not rows:
            raise forms.ValidationError("The file has a header line but no jobs under it.", code="empty")
        self.cleaned_data["columns"] = columns
        self.cleaned_data["rows"] = rows
        return upload


class CsvConfirmForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
