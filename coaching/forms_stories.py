"""Form of the growth stories page: which period to write the story of."""

from __future__ import annotations

from django import forms

from coaching.models import Story


class StoryGenerateForm(forms.Form):
    period_kind = forms.ChoiceField(label="Period", choices=Story.PeriodKind.choices)
    which = forms.ChoiceField(label="Which one", choices=[("current", "This one"), ("previous", "The previous one")])
