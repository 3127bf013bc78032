"""Forms for goals: parse and validate; the services write."""

from __future__ import annotations

from django import forms

from coaching.models import Goal
from coaching.services.goals import MAX_MILESTONES, TRANSITIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.Form):
    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"placeholder": "e.g. Apply to 5 jobs this week"}))
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    period = forms.ChoiceField(
        choices=[("", "No period"), *Goal.Period.choices], required=False,
        help_text="Optional: how often this kind of goal comes round.",
    )
    start_date = forms.DateField(required=False, widget=DATE)
    target_date = forms.DateField(
        required=False, widget=DATE, help_text="You get a reminder a few days before, once.",
    )
    priority = forms.TypedChoiceField(
        choices=Goal.Priority.choices, coerce=int, initial=Goal.Priority.MEDIUM,
        help_text="Completing a goal earns 10 points × priority (low 10, medium 20, high 30).",
    )
    progress = forms.IntegerField(
        min_value=0, max_value=100, required=False, initial=0, label="Progress (%)",
        help_text="Set by hand while the goal has no milestones; with milestones it follows them.",
    )
    milestones = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"One per line (at most {MAX_MILESTONES}). Ticking them drives the progress.",
    )

    def __init__(self, *args, goal: Goal | None = None, has_milestones: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if goal is not None:
            del self.fields["milestones"]  # edited on the goal's page
        if has_milestones:
            del self.fields["progress"]

    def clean_milestones(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data.get("milestones", "").splitlines()]
        lines = [line[:200] for line in lines if line]
        if len(lines) > MAX_MILESTONES:
            raise forms.ValidationError(f"At most {MAX_MILESTONES} milestones.")
        return lines

    def clean(self):
        data = super().clean()
        start, target = data.get("start_date"), data.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", "The target date cannot be before the start date.")
        return data

    def goal_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "milestones"}


class GoalFilterForm(forms.Form):
    period = forms.ChoiceField(
        choices=[("all", "All periods"), ("", "No period"), *Goal.Period.choices], required=False, initial="all"
    )
    status = forms.ChoiceField(
        choices=[("", "All open"), (Goal.Status.NOT_STARTED, "Not started"), (Goal.Status.IN_PROGRESS, "In progress")],
        required=False,
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {"period": None, "status": None}
        period = self.cleaned_data.get("period")
        return {
            "period": None if period in (None, "all") or "period" not in self.data else period,
            "status": self.cleaned_data.get("status") or None,
        }


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label="New milestone",
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Send applications 1 and 2"}))


class GoalStatusForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in TRANSITIONS])
