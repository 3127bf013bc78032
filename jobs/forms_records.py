"""Forms for a job's application and documents, and for resumes. They parse and validate; services write.

Uploaded files are only required here: what a file really is (and whether it is
accepted) is decided by the services from its content, so the API gets the same checks.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from accounts.forms import AutofocusMixin, DateInput
from careercoach.lib import uploads
from jobs.models import Application, Document, Resume
from jobs.selectors.records import resume_list_for_user
from jobs.services.applications import application_status_choices


class ResumeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resume) -> str:
        return f"{obj.title} (primary)" if obj.is_primary else obj.title


class ApplicationForm(AutofocusMixin, forms.ModelForm):
    """Add or edit the application of a job. Resumes offered are the user's own; a new
    application starts with the primary one; an existing one only offers the statuses
    it may still move to."""

    class Meta:
        model = Application
        fields = ["status", "method", "resume", "confirmation_number", "response_at", "cover_letter", "notes"]
        field_classes = {"resume": ResumeChoiceField}
        labels = {"resume": "Resume sent", "method": "How you applied", "response_at": "Response received on"}
        help_texts = {
            "status": "Draft until it is sent. Once submitted, the job moves to “Applied” on your board.",
            "confirmation_number": "A reference the employer gave you, if any.",
        }
        widgets = {
            "response_at": DateInput,
            "cover_letter": forms.Textarea(attrs={"rows": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        resumes = resume_list_for_user(user=user)
        field = self.fields["resume"]
        field.queryset = resumes
        field.empty_label = "No resume"
        adding = self.instance._state.adding
        if adding and not self.is_bound and self.instance.resume_id is None:
            # Form-level initial: ModelForm has already put the instance's (empty) resume there.
            self.initial["resume"] = next((resume.pk for resume in resumes if resume.is_primary), None)
        if not resumes:
            field.help_text = "You have no resumes yet: upload one from the Resumes page."
        self.fields["status"].choices = application_status_choices(None if adding else self.instance.status)


class DocumentUploadForm(AutofocusMixin, forms.Form):
    file = forms.FileField(label="File", widget=forms.FileInput(attrs={"accept": uploads.DOCUMENT_ACCEPT}))
    type = forms.ChoiceField(choices=Document.Type.choices, initial=Document.Type.OTHER)
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="Blank: the file name. The same type and title as an existing document adds a new version of it.",
        widget=forms.TextInput(attrs={"list": "document-titles", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.DOCUMENT_MAX_BYTES)
        self.fields["file"].help_text = f"{uploads.DOCUMENT_FORMATS_TEXT}, up to {limit}."


class ResumeUploadForm(AutofocusMixin, forms.Form):
    file = forms.FileField(label="Resume file", widget=forms.FileInput(attrs={"accept": uploads.RESUME_ACCEPT}))
    title = forms.CharField(max_length=200, required=False, help_text="Blank: the file name.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit, pages = filesizeformat(settings.RESUME_MAX_BYTES), settings.RESUME_MAX_PAGES
        self.fields["file"].help_text = f"{uploads.RESUME_FORMATS_TEXT}, up to {limit} and {pages} pages."


class ResumeRenameForm(AutofocusMixin, forms.Form):
    autofocus_first = True

    title = forms.CharField(max_length=200, label="Resume name")
