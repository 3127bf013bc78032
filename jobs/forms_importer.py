"""Forms of "import a job from a link or pasted text". Forms parse and validate; services write.

Step 1 is ImportSourceForm (a link, or pasted text). Step 2 is the board's own
JobCreateForm, pre-filled by ``confirm_initial`` from what the page said, for the user
to check before anything is saved.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError

from careercoach.lib.choices import JobType, WorkMode
from careercoach.lib.safe_fetch import MSG_INVALID
from jobs.forms import DESCRIPTION_MAX_LENGTH, JobCreateForm
from jobs.models import Job

URL_MAX_LENGTH = Job._meta.get_field("url").max_length
MISSING_LABELS = {
    "title": "the job title",
    "company": "the company",
    "location": "the location",
    "salary_min": "the salary",
    "employment_type": "the job type",
    "date_posted": "the date it was posted",
}


class ImportSourceForm(forms.Form):
    url = forms.URLField(
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        label="Link to the job posting",
        help_text="From the job board or the company's careers page.",
        error_messages={"invalid": MSG_INVALID},
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url", "inputmode": "url"}),
    )
    text = forms.CharField(
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        strip=True,
        label="Or paste the job description",
        help_text="For sites that need you to sign in. If you give a link too, it is saved with the job.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("url") and not cleaned.get("text"):
            raise ValidationError("Paste a link to the job posting, or the text of the posting.", code="required")
        return cleaned


def _cut(value: Any, field: str) -> str:
    limit = Job._meta.get_field(field).max_length
    return (value or "")[:limit].strip() if isinstance(value, str) else ""


def _source_name(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")[: Job._meta.get_field("source").max_length]


def confirm_initial(posting: dict[str, Any], *, url: str = "") -> dict[str, Any]:
    """The job form's initial values from a posting dict of jobs.services.url_import."""
    posted = posting.get("date_posted")
    return {
        "title": _cut(posting.get("title"), "title"),
        "company": _cut(posting.get("company"), "company"),
        "location": _cut(posting.get("location"), "location"),
        "url": url[:URL_MAX_LENGTH],
        "description": (posting.get("description") or "")[:DESCRIPTION_MAX_LENGTH],
        "salary_min": posting.get("salary_min"),
        "salary_max": posting.get("salary_max"),
        "currency": posting.get("currency") or "",
        "work_mode": WorkMode.REMOTE if posting.get("remote") else "",
        "job_type": posting.get("employment_type") if posting.get("employment_type") in JobType.values else "",
        "date_posted": datetime.date.fromisoformat(posted) if posted else None,
        "source": _source_name(url),
    }


def confirm_form(posting: dict[str, Any], *, url: str = "") -> JobCreateForm:
    """The board's job form filled in from ``posting``, with the keyboard focus on the
    first required field the page left empty (else the title), for checking."""
    initial = confirm_initial(posting, url=url)
    form = JobCreateForm(initial=initial)
    first_empty = next((name for name in ("title", "company") if not initial[name]), "title")
    form.fields[first_empty].widget.attrs["autofocus"] = True
    return form


def missing_fields(posting: dict[str, Any]) -> list[str]:
    """What the page did not tell us, in words, for "We couldn't find …"."""
    return [label for key, label in MISSING_LABELS.items() if posting.get(key) in (None, "")]
