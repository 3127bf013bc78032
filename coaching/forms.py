"""Input for coaching pages. Forms validate; the services write."""

from __future__ import annotations

from django import forms

from coaching.models import MentorProfile, ReviewComment, ReviewRequest
from coaching.selectors import review_section_labels


class ReviewRequestForm(forms.Form):
    resume = forms.ModelChoiceField(
        queryset=None, empty_label=None, help_text="The mentor sees this resume and nothing else of your account."
    )
    target_role = forms.CharField(
        label="Role you are aiming for",
        max_length=200,
        required=False,
        help_text="For example “Senior data analyst”. Helps the mentor judge what matters.",
    )
    note = forms.CharField(
        label="Note for the mentor",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What would you like feedback on? Optional.",
    )

    def __init__(self, *args, resumes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resume"].queryset = resumes


class ReviewRatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How helpful was this review?",
        choices=[(i, f"{i} star{'s' if i > 1 else ''}") for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment for the mentor", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewFeedbackForm(forms.Form):
    overall_feedback = forms.CharField(
        label="Overall feedback",
        max_length=ReviewRequest._meta.get_field("overall_feedback").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What works, what to change first, and how it reads for the target role.",
    )


class ReviewCommentForm(forms.Form):
    section = forms.ChoiceField(choices=ReviewComment.Section.choices)
    text = forms.CharField(
        label="Comment",
        max_length=ReviewComment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind: str = ReviewRequest.Kind.RESUME, **kwargs):
        super().__init__(*args, **kwargs)
        # A cover letter's review offers the sections a letter has (see selectors).
        self.fields["section"].choices = list(review_section_labels(kind=kind).items())


class MentorProfileForm(forms.ModelForm):
    expertise = forms.CharField(
        max_length=1000,
        required=False,
        help_text="Comma-separated, for example “Data science, Interviewing, Career change”.",
    )

    class Meta:
        model = MentorProfile
        fields = ["headline", "bio", "expertise", "years_of_experience"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        labels = {"years_of_experience": "Years of experience"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.expertise and not self.is_bound:
            self.initial["expertise"] = ", ".join(self.instance.expertise)

    def clean_expertise(self) -> list[str]:
        items: list[str] = []
        for raw in self.cleaned_data["expertise"].split(","):
            item = " ".join(raw.split())
            if not item:
                continue
            if len(item) > 100:
                raise forms.ValidationError("Each area of expertise can be at most 100 characters.")
            if item.lower() not in {i.lower() for i in items}:
                items.append(item)
        if len(items) > 20:
            raise forms.ValidationError("List at most 20 areas of expertise.")
        return items

    def clean_years_of_experience(self):
        years = self.cleaned_data["years_of_experience"]
        if years is not None and years > 70:
            raise forms.ValidationError("Enter at most 70 years.")
        return years
