"""Form of the "check against a job" ATS check. Validates only; the view calls the service."""

from __future__ import annotations

from django import forms

from jobs.models import Job
from jobs.services.matching import DESCRIPTION_MAX


class AtsCheckForm(forms.Form):
    SOURCE_JOB, SOURCE_POSTING, SOURCE_TEXT = "job", "posting", "description"
    source = forms.ChoiceField(
        label="Check against",
        choices=[(SOURCE_JOB, "A job on my board"), (SOURCE_POSTING, "A catalog posting"), (SOURCE_TEXT, "A pasted job description")],
        widget=forms.RadioSelect,
        initial=SOURCE_JOB,
    )
    job = forms.ModelChoiceField(queryset=Job.objects.none(), required=False, label="Job on your board", empty_label="Choose a job…")
    posting = forms.UUIDField(required=False, widget=forms.HiddenInput)
    job_title = forms.CharField(label="Job title", max_length=300, required=False, help_text="Optional: helps judge seniority fit.")
    description = forms.CharField(
        label="Job description", required=False, max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 10}), help_text="Paste the whole posting: requirements, nice-to-haves and all.",
    )

    def __init__(self, *args, jobs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs if jobs is not None else Job.objects.none()
        self.fields["job"].label_from_instance = lambda job: f"{job.title} — {job.company}" if job.company else job.title

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == self.SOURCE_JOB and not data.get("job"):
            self.add_error("job", "Choose one of your jobs.")
        elif source == self.SOURCE_POSTING and not data.get("posting"):
            self.add_error(None, "Open a posting in the catalog and choose “Check my resume” there.")
        elif source == self.SOURCE_TEXT and not (data.get("description") or "").strip():
            self.add_error("description", "Paste the job description.")
        return data
