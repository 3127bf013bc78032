"""Forms of the job catalog: the search filters, the bookmark button, the admin import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat

from careercoach.lib.choices import ExperienceLevel, JobType
from jobs.selectors.catalog import POSTED_WITHIN_DAYS, CatalogFilters

SALARY_LIMIT = 10_000_000
POSTED_WITHIN_LABELS = {1: "Past 24 hours", 3: "Past 3 days", 7: "Past week", 14: "Past 2 weeks", 30: "Past month"}


class CatalogSearchForm(forms.Form):
    """The catalog's filters, read from the query string (GET)."""

    q = forms.CharField(
        required=False, max_length=200, label="Search",
        help_text='Try <kbd>python -java</kbd> or <kbd>"data engineer"</kbd>.',
        widget=forms.TextInput(attrs={
            "type": "search", "placeholder": "Job title, skill or company", "autocomplete": "off",
            "enterkeyhint": "search",
        }),
    )
    location = forms.CharField(
        required=False, max_length=100, label="Location",
        widget=forms.TextInput(attrs={"placeholder": "City or country", "autocomplete": "off"}),
    )
    remote = forms.BooleanField(required=False, label="Remote only")
    salary_min = forms.IntegerField(
        required=False, min_value=0, max_value=SALARY_LIMIT, label="From",
        error_messages={"min_value": "The salary cannot be negative."},
        widget=forms.NumberInput(attrs={"placeholder": "60000", "step": 1000, "inputmode": "numeric"}),
    )
    salary_max = forms.IntegerField(
        required=False, min_value=0, max_value=SALARY_LIMIT, label="Up to",
        error_messages={"min_value": "The salary cannot be negative."},
        widget=forms.NumberInput(attrs={"placeholder": "120000", "step": 1000, "inputmode": "numeric"}),
    )
    level = forms.ChoiceField(
        choices=[("", "Any level"), *ExperienceLevel.choices], required=False, label="Experience level"
    )
    job_type = forms.ChoiceField(choices=[("", "Any job type"), *JobType.choices], required=False, label="Job type")
    posted_within = forms.TypedChoiceField(
        choices=[("", "Any time"), *((str(days), POSTED_WITHIN_LABELS[days]) for days in POSTED_WITHIN_DAYS)],
        coerce=int, empty_value=None, required=False, label="Posted",
    )
    saved = forms.BooleanField(required=False, label="Saved jobs only", widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        choices=[("relevance", "Best match for the search"), ("match", "Best match for my resume")],
        required=False, label="Sort by",
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", "The “up to” salary must be at least the “from” salary.")
        return cleaned

    def filters(self) -> CatalogFilters:
        """The filters to search with; only call once the form is valid."""
        data = self.cleaned_data
        return CatalogFilters(
            q=" ".join((data.get("q") or "").split()),
            location=(data.get("location") or "").strip(),
            remote_only=bool(data.get("remote")),
            salary_min=data.get("salary_min"),
            salary_max=data.get("salary_max"),
            experience_level=data.get("level") or "",
            job_type=data.get("job_type") or "",
            posted_within_days=data.get("posted_within"),
            saved_only=bool(data.get("saved")),
            sort=data.get("sort") or "relevance",
        )


def catalog_query(filters: CatalogFilters, *, after: str = "", saved: bool | None = None) -> str:
    """The query string of the catalog for ``filters`` (``after``: a page cursor;
    ``saved`` overrides the saved-only switch)."""
    query = QueryDict(mutable=True)
    pairs = (
        ("q", filters.q), ("location", filters.location), ("remote", "on" if filters.remote_only else ""),
        ("salary_min", filters.salary_min), ("salary_max", filters.salary_max),
        ("level", filters.experience_level), ("job_type", filters.job_type),
        ("posted_within", filters.posted_within_days),
        ("saved", "1" if (filters.saved_only if saved is None else saved) else ""),
        ("sort", "match" if filters.by_match else ""), ("after", after),
    )
    for name, value in pairs:
        if value not in ("", None):
            query[name] = str(value)
    return query.urlencode()


class BookmarkForm(forms.Form):
    """The bookmark button. It says which state it wants ("1" save, "0" remove), so a
    double submit or a retried request lands in the same state instead of flipping
    back; without it the bookmark toggles."""

    saved = forms.TypedChoiceField(
        choices=[("1", "Save"), ("0", "Remove")], coerce=lambda value: value == "1", empty_value=None, required=False
    )
    # Where to go back to without JavaScript (checked against our own host by the view).
    next = forms.CharField(required=False, max_length=2000)


class PostingImportForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label="File",
        help_text=(
            "JSON lines (.jsonl: one posting object per line) or CSV with a header row (.csv). "
            "Columns: title and company (required), location, remote, description, requirements "
            "(a JSON list or texts separated by “;”), salary_min, salary_max, currency, experience_level, "
            "job_type, posted_at (ISO date), source_url. A row whose source_url is already in the catalog "
            "updates that posting; rows without one are always added."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl,.ndjson,.json,.csv,.tsv,text/csv,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(
                f"This file is {filesizeformat(upload.size)}; the upload takes up to {filesizeformat(self.MAX_BYTES)}. "
                "Import bigger files with “python manage.py import_postings FILE”."
            )
        return upload
