"""Forms of the quiz pages: asking for a quiz, and answering one."""

from __future__ import annotations

from django import forms

from coaching.models import Assessment


class QuizCreateForm(forms.Form):
    category = forms.CharField(
        max_length=100, label="Category or skill",
        help_text="Pick one of the suggestions or type a skill from your profile.",
        widget=forms.TextInput(attrs={"list": "quiz-categories", "autocomplete": "off"}),
    )
    difficulty = forms.ChoiceField(choices=Assessment.Difficulty.choices, initial=Assessment.Difficulty.MEDIUM)
    question_count = forms.IntegerField(label="Number of questions", min_value=3, max_value=20, initial=5)

    def clean_category(self) -> str:
        value = " ".join(self.cleaned_data["category"].split())
        if not value:
            raise forms.ValidationError("Choose a category or type a skill.")
        return value


class QuizAnswerForm(forms.Form):
    """One required radio group per question, named q0..qN (values: option indexes)."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.TypedChoiceField(
                label=question["question"], coerce=int, widget=forms.RadioSelect,
                choices=[(i, option) for i, option in enumerate(question["options"])],
                error_messages={"required": "Choose an answer to this question."},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{i}"] for i in range(len(self.fields))]
