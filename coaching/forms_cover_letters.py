"""Input for the cover letter pages. Forms validate; coaching.services.cover_letters writes."""

from __future__ import annotations

from django import forms

from coaching.models import CoverLetter, ReviewRequest

_CONTENT_MAX = CoverLetter._meta.get_field("content").max_length


class CoverLetterCreateForm(forms.Form):
    job = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="— A job I paste below —",
        label="Tracked job",
        help_text="Pick one of your tracked jobs, or leave this empty and paste the job below.",
    )
    company_name = forms.CharField(label="Company", max_length=200, required=False)
    job_title = forms.CharField(label="Role", max_length=200, required=False)
    job_description = forms.CharField(
        label="Job description",
        max_length=CoverLetter._meta.get_field("job_description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste the posting: the coach matches its requirements to your skills.",
    )
    resume = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="My primary resume",
        help_text="The coach uses your profile and this resume — nothing else.",
    )
    tone = forms.ChoiceField(choices=CoverLetter.Tone.choices, initial=CoverLetter.Tone.PROFESSIONAL)

    def __init__(self, *args, jobs, resumes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["resume"].queryset = resumes

    def clean(self):
        data = super().clean()
        if not data.get("job") and not self.errors:
            if not (data.get("company_name") or "").strip():
                self.add_error("company_name", "Name the company, or pick one of your tracked jobs.")
            if not (data.get("job_title") or "").strip():
                self.add_error("job_title", "Name the role, or pick one of your tracked jobs.")
        return data


class CoverLetterEditForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Only you see this.")
    content = forms.CharField(
        label="Letter",
        max_length=_CONTENT_MAX,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "class": "letter-editor"}),
        help_text="Markdown: a blank line starts a new paragraph; **bold**, *italic* and “- ” lists work.",
    )
    status = forms.ChoiceField(
        choices=[(CoverLetter.Status.DRAFT, "Draft"), (CoverLetter.Status.COMPLETED, "Completed — ready to send")],
        widget=forms.RadioSelect,
    )


class CoverLetterAttachForm(forms.Form):
    application = forms.ModelChoiceField(queryset=None, required=False, empty_label="— Choose an application —")
    job = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="— Or a tracked job —",
        help_text="A job without an application gets a draft application with this letter.",
    )

    def __init__(self, *args, applications, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["job"].queryset = jobs

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("application")) == bool(data.get("job")):
            raise forms.ValidationError("Choose either an application or a job.")
        return data


class CoverLetterReviewForm(forms.Form):
    target_role = forms.CharField(
        label="Role you are aiming for",
        max_length=ReviewRequest._meta.get_field("target_role").max_length,
        required=False,
    )
    note = forms.CharField(
        label="Note for the mentor",
        max_length=ReviewRequest._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What would you like feedback on? The mentor sees this letter, your note and your first name.",
    )
