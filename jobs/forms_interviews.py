"""Forms for interviews and reminder settings. Forms parse and validate; services write."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError

from accounts.forms import AutofocusMixin, DateInput, ListField
from careercoach.lib.calendar import NonexistentLocalTime, local_to_utc
from jobs.models import Interview


class TimeInput(forms.TimeInput):
    """The browser's time picker, which sends 24-hour HH:MM whatever the locale."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class InterviewForm(AutofocusMixin, forms.ModelForm):
    """An interview, with its start typed as a date and a time on the user's own clock.

    ``cleaned_data["scheduled_at"]`` is the aware UTC instant; ``service_data()`` is what
    the interview services take.
    """

    date = forms.DateField(label="Date", widget=DateInput)
    time = forms.TimeField(label="Start time", widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)",
        min_value=5,
        max_value=24 * 60,
        initial=60,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    meeting_link = forms.URLField(
        label="Meeting link",
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text="Zoom, Meet or Teams link, if any.",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    questions_asked = ListField(
        lines=True,
        item_max_length=500,
        max_items=100,
        label="Questions asked",
        help_text="One per line: what they asked you, for next time.",
    )

    class Meta:
        model = Interview
        fields = [
            "type",
            "date",
            "time",
            "duration_minutes",
            "location",
            "meeting_link",
            "interviewer",
            "outcome",
            "prep_notes",
            "questions_asked",
            "feedback",
        ]
        labels = {"type": "Kind of interview", "prep_notes": "Prep notes"}
        help_texts = {
            "location": "An address or a room, if you meet in person.",
            "interviewer": "Who you meet: names and roles.",
            "feedback": "How it went, and anything they told you afterwards.",
        }
        widgets = {
            "prep_notes": forms.Textarea(attrs={"rows": 4}),
            "feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, tz: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = zoneinfo.ZoneInfo(tz)
        self.fields["time"].help_text = f"Your time zone: {tz.replace('_', ' ')}."
        if self.instance.scheduled_at:
            local = self.instance.scheduled_at.astimezone(self.tz)
            self.initial.setdefault("date", local.date())
            self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day is not None and time is not None:
            try:
                cleaned["scheduled_at"] = local_to_utc(day, time, self.tz)
            except NonexistentLocalTime:
                self.add_error(
                    "time",
                    ValidationError(
                        "The clocks change that night, so this time does not exist. Choose a time an hour later.",
                        code="nonexistent",
                    ),
                )
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("date", "time")}
        data["scheduled_at"] = self.cleaned_data["scheduled_at"]
        return data


REMINDER_CHOICES = [
    (0, "Off"),
    (1, "1 hour before"),
    (2, "2 hours before"),
    (6, "6 hours before"),
    (12, "12 hours before"),
    (24, "1 day before"),
    (48, "2 days before"),
    (72, "3 days before"),
]


class ReminderSettingsForm(forms.Form):
    interview_reminder_hours = forms.TypedChoiceField(
        label="Email me a reminder",
        choices=REMINDER_CHOICES,
        coerce=int,
        help_text="Before each interview, to the address you sign in with.",
    )

    def __init__(self, *args, current: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["interview_reminder_hours"]
        # A value set elsewhere (admin, API) stays selectable rather than silently changing.
        if current is not None and current not in dict(REMINDER_CHOICES):
            field.choices = sorted([*REMINDER_CHOICES, (current, f"{current} hours before")])
        if current is not None:
            self.initial.setdefault("interview_reminder_hours", current)
