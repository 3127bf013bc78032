"""Forms for mock interviews: the setup and one answer. They parse and validate; the
services in coaching/services/interviews.py write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from coaching.models import MockInterview
from coaching.selectors.interviews import interview_job_choices
from coaching.services.interviews import MAX_ANSWER_CHARS, MAX_QUESTIONS, MIN_QUESTIONS


class JobChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} — {obj.company}" if obj.company else obj.title


class InterviewStartForm(forms.Form):
    job = JobChoiceField(
        queryset=None, required=False, empty_label="No job: set the role below",
        help_text="Questions then cover the job's requirements.",
    )
    target_role = forms.CharField(label="Role", max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "e.g. Backend engineer"}))
    target_company = forms.CharField(label="Company", max_length=200, required=False)
    interview_type = forms.ChoiceField(label="Type", choices=MockInterview.Type.choices,
                                       initial=MockInterview.Type.BEHAVIORAL)
    difficulty = forms.ChoiceField(choices=MockInterview.Difficulty.choices, initial=MockInterview.Difficulty.MEDIUM)
    question_count = forms.IntegerField(label="Questions", min_value=MIN_QUESTIONS, max_value=MAX_QUESTIONS, initial=5)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = interview_job_choices(user=user)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("job") and not (cleaned.get("target_role") or "").strip():
            raise ValidationError("Pick one of your jobs or type the role you are practising for.")
        return cleaned


class InterviewAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer", max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text="Answer as you would speak it: about one to two minutes (60–250 words).",
        error_messages={"required": "Write your answer first."},
    )
    turn = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
