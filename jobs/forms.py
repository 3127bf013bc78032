"""Forms of the job board and a job's page. Forms parse and validate; services write."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.http import QueryDict

from accounts.forms import AutofocusMixin, DateInput, FieldsetsMixin
from careercoach.lib.choices import JobType, WorkMode
from jobs.models import Job, JobStatus
from jobs.selectors.board import BoardFilters
from jobs.services.tracking import JOB_EDITABLE_FIELDS

DESCRIPTION_MAX_LENGTH = 50_000
NOTES_MAX_LENGTH = 20_000


def _formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    # People paste "boards.example.com/job/1"; read it as https://, not http://.
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Adding and editing a job -----------------------------------------------------------------

JOB_FIELDSETS = [
    ("The job", ["title", "company", "location", "url", "work_mode", "job_type", "description"]),
    ("Salary", ["salary_min", "salary_max", "currency"]),
    ("Dates", ["date_posted", "application_deadline"]),
    ("How you found it", ["source", "referral", "contact_name", "contact_email"]),
    ("Your notes", ["notes"]),
]


class JobForm(AutofocusMixin, FieldsetsMixin, forms.ModelForm):
    """Every field a user edits on a job (status and position move only through job_move)."""

    fieldsets = JOB_FIELDSETS

    class Meta:
        model = Job
        formfield_callback = _formfield
        fields = list(JOB_EDITABLE_FIELDS)
        labels = {
            "title": "Job title",
            "url": "Link to the posting",
            "salary_min": "Salary from",
            "salary_max": "Salary up to",
            "date_posted": "Date posted",
            "application_deadline": "Apply by",
            "contact_name": "Contact person",
            "contact_email": "Contact email",
        }
        help_texts = {
            "currency": "Three-letter code, for example USD, EUR or GBP.",
            "salary_min": "Yearly, in whole units of the currency.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "date_posted": DateInput,
            "application_deadline": DateInput,
            "currency": forms.TextInput(attrs={"size": 3, "maxlength": 3, "autocapitalize": "characters"}),
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
            "salary_max": forms.NumberInput(attrs={"min": 0, "step": 1000, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].required = False  # empty means the default, USD
        for name in ("work_mode", "job_type"):
            self.fields[name].choices = [("", "Not specified"), *self.fields[name].choices[1:]]
        for name, limit in (("description", DESCRIPTION_MAX_LENGTH), ("notes", NOTES_MAX_LENGTH)):
            self.fields[name].validators.append(MaxLengthValidator(limit))
            self.fields[name].widget.attrs["maxlength"] = limit

    def clean_currency(self) -> str:
        currency = (self.cleaned_data.get("currency") or "").strip().upper()
        if not currency:
            return Job._meta.get_field("currency").default
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError("Enter a three-letter currency code such as USD.", code="invalid")
        return currency

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "salary_max", ValidationError("The upper end cannot be below the lower end.", code="salary_range")
            )
        return cleaned


class JobCreateForm(JobForm):
    """The full "Add job" page, and the quick-add card (title, company and column only)."""

    status = forms.ChoiceField(choices=JobStatus.choices, initial=JobStatus.INTERESTED, label="Column")

    fieldsets = [("The job", ["title", "company", "status", *JOB_FIELDSETS[0][1][2:]]), *JOB_FIELDSETS[1:]]

    def job_data(self) -> dict:
        """What job_create takes as ``data`` (the status is passed on its own)."""
        return {name: self.cleaned_data[name] for name in JOB_EDITABLE_FIELDS}


# --- Moving a card --------------------------------------------------------------------------------


class JobMoveForm(forms.Form):
    """A move from the board (drag and drop sends ``position``; the keyboard form sends
    ``placement``) or from the job's page (with a ``reason``)."""

    PLACEMENTS = [("bottom", "At the bottom"), ("top", "At the top"), ("up", "One up"), ("down", "One down")]

    status = forms.ChoiceField(choices=JobStatus.choices, label="Column")
    position = forms.IntegerField(required=False, min_value=0, max_value=1_000_000)
    placement = forms.ChoiceField(choices=PLACEMENTS, required=False, label="Place it")
    version = forms.IntegerField(required=False, min_value=1)
    reason = forms.CharField(required=False, max_length=500, label="Why (optional)")

    def position_for(self, *, index: int | None) -> int | None:
        """The index in the target column the service takes (None: the bottom).

        ``index`` is the card's current index in its own column; only "up" and "down"
        need it.
        """
        data = self.cleaned_data
        if data.get("position") is not None:
            return data["position"]
        placement = data.get("placement") or "bottom"
        if placement == "top":
            return 0
        if placement in ("up", "down") and index is not None:
            return max(index - 1, 0) if placement == "up" else index + 1
        return None

    @property
    def needs_index(self) -> bool:
        return self.cleaned_data.get("position") is None and self.cleaned_data.get("placement") in ("up", "down")

    def error_text(self) -> str:
        return " ".join(str(message) for errors in self.errors.values() for message in errors)


# --- Board filters ---------------------------------------------------------------------------------


class BoardFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Title, company or location", "autocomplete": "off"}
        ),
    )
    work_mode = forms.ChoiceField(choices=[("", "Any work mode"), *WorkMode.choices], required=False, label="Work mode")
    job_type = forms.ChoiceField(choices=[("", "Any job type"), *JobType.choices], required=False, label="Job type")
    interview = forms.BooleanField(required=False, label="Has an upcoming interview")
    expand = forms.MultipleChoiceField(choices=JobStatus.choices, required=False, widget=forms.MultipleHiddenInput)

    def filters(self) -> BoardFilters:
        """The filters the board applies; a value that does not validate is ignored."""
        if not self.is_bound:
            return BoardFilters()
        self.is_valid()
        data = self.cleaned_data
        return BoardFilters(
            q=" ".join((data.get("q") or "").split()),
            work_mode=data.get("work_mode") or "",
            job_type=data.get("job_type") or "",
            has_upcoming_interview=bool(data.get("interview")),
            expanded=frozenset(data.get("expand") or ()),
        )


def board_query(filters: BoardFilters) -> str:
    """The board's query string for ``filters`` (empty when none are active)."""
    query = QueryDict(mutable=True)
    if filters.q:
        query["q"] = filters.q
    if filters.work_mode:
        query["work_mode"] = filters.work_mode
    if filters.job_type:
        query["job_type"] = filters.job_type
    if filters.has_upcoming_interview:
        query["interview"] = "on"
    if filters.expanded:
        query.setlist("expand", sorted(filters.expanded))
    return query.urlencode()


# --- A job's notes --------------------------------------------------------------------------------


class JobNotesForm(AutofocusMixin, forms.Form):
    autofocus_first = True

    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX_LENGTH,
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Anything worth remembering: people you talked to, questions to ask, next steps.",
    )
