"""Forms of the resume builder. They validate; jobs/services/builder.py writes."""

from __future__ import annotations

from django import forms

from accounts.forms import AutofocusMixin
from jobs.builder.templates import DEFAULT_TEMPLATE, TEMPLATES, template_choices
from jobs.services.builder import CONTENT_MAX_BYTES


def _template_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Template",
        choices=template_choices(),
        initial=DEFAULT_TEMPLATE,
        widget=forms.RadioSelect,
        help_text=" ".join(f"{t.label}: {t.description}" for t in TEMPLATES.values()),
    )


class ResumeBuilderNewForm(AutofocusMixin, forms.Form):
    START_CHOICES = [("profile", "Start from my profile"), ("blank", "Start from a blank outline")]

    title = forms.CharField(max_length=200, label="Resume name", initial="My resume")
    start = forms.ChoiceField(
        choices=START_CHOICES,
        initial="profile",
        widget=forms.RadioSelect,
        label="Start with",
        help_text="From your profile: your name, contact links, experience, education, "
        "skills and certifications as you entered them.",
    )
    template = _template_field()


class ResumeContentForm(forms.Form):
    title = forms.CharField(max_length=200, label="Resume name")
    template = _template_field()
    content = forms.CharField(
        required=False,
        label="Resume (markdown)",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "true", "class": "mono"}),
        help_text="# Your name, ## Section, ### Role — Company, - bullet, **bold**, *italic*, [link](https://…).",
    )

    def clean_content(self) -> str:
        content = self.cleaned_data["content"]
        if len(content.encode("utf-8")) > CONTENT_MAX_BYTES:
            raise forms.ValidationError(f"The resume is too long: keep it under {CONTENT_MAX_BYTES // 1024} KB.")
        return content


class ResumeCompareForm(forms.Form):
    a = forms.UUIDField(label="Left")
    b = forms.UUIDField(label="Right")
