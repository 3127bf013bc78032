"""Forms of the coach chat. Job and resume choices are the user's own rows only: another
user's id (or junk) is a field error, never a 404 or a 500."""

from __future__ import annotations

from django import forms

from coaching.services.chat import MESSAGE_MAX_LENGTH, TITLE_MAX_LENGTH
from jobs.selectors.board import job_list_for_user
from jobs.selectors.records import resume_list_for_user


class _JobChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, job) -> str:
        return f"{job.title} — {job.company} ({job.get_status_display()})"


class _ContextFields(forms.Form):
    job = _JobChoiceField(
        queryset=None, required=False, empty_label="No job",
        help_text="The coach reads this job's description, requirements and match analysis.",
        error_messages={"invalid_choice": "Choose one of your tracked jobs."},
    )
    resume = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No resume",
        error_messages={"invalid_choice": "Choose one of your resumes."},
    )
    include_profile = forms.BooleanField(label="My profile", required=False, initial=True)
    include_goals = forms.BooleanField(label="My goals", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = (
            job_list_for_user(user=user).only("id", "title", "company", "status").order_by("-created_at", "id")
        )
        self.fields["resume"].queryset = resume_list_for_user(user=user).only("id", "title", "is_primary")


class ChatStartForm(_ContextFields):
    message = forms.CharField(
        label="Your question", max_length=MESSAGE_MAX_LENGTH, strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "For example: What should I do next?"}),
    )
    field_order = ["message", "job", "resume", "include_profile", "include_goals"]


class ChatContextForm(_ContextFields):
    pass


class ChatMessageForm(forms.Form):
    message = forms.CharField(
        label="Message", max_length=MESSAGE_MAX_LENGTH, strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Ask the coach…"}),
    )


class ChatRenameForm(forms.Form):
    title = forms.CharField(label="Title", max_length=TITLE_MAX_LENGTH, strip=True)
