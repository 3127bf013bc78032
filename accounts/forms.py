"""Forms for accounts. Forms parse and validate; services write."""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Iterator

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BoundField
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField

from accounts import scopes as scope_registry
from accounts.models import (
    PROFILE_FIELD_GROUPS,
    PROFILE_USER_FIELDS,
    Certification,
    Education,
    Experience,
    Profile,
    Skill,
)
from careercoach.lib.choices import ExperienceLevel, JobType


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    first_name = forms.CharField(max_length=150, required=False, label="First name")
    last_name = forms.CharField(max_length=150, required=False, label="Last name")

    def signup(self, request, user) -> None:
        # allauth calls this before saving the user; the adapter creates the profile.
        user.first_name = self.cleaned_data.get("first_name", "")
        user.last_name = self.cleaned_data.get("last_name", "")


# --- Shared fields ----------------------------------------------------------------------


class DateInput(forms.DateInput):
    """The browser's date picker. It only understands ISO dates, whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ListField(forms.Field):
    """A list of short strings typed as one text: comma-separated, or one per line.

    Blank entries are dropped and repeats (ignoring case) kept once, so what the
    user typed round-trips into an ArrayField without surprises.
    """

    def __init__(self, *, lines: bool = False, item_max_length: int = 100, max_items: int = 50, **kwargs):
        self.lines = lines
        self.item_max_length = item_max_length
        self.max_items = max_items
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}) if lines else forms.TextInput)
        kwargs.setdefault("help_text", "One per line." if lines else "Separate entries with commas.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ("\n" if self.lines else ", ").join(value)
        return value

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, list | tuple):
            value = "\n".join(value)
        parts = str(value).splitlines() if self.lines else re.split(r"[,\n]", str(value))
        items: list[str] = []
        seen: set[str] = set()
        for part in parts:
            item = " ".join(part.split())
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                items.append(item)
        return items

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for item in value:
            if len(item) > self.item_max_length:
                raise ValidationError(
                    "“%(item)s…” is too long: keep each entry to %(max)d characters.",
                    code="item_too_long",
                    params={"item": item[:30], "max": self.item_max_length},
                )
        if len(value) > self.max_items:
            raise ValidationError(
                "That is %(count)d entries; the limit is %(max)d.",
                code="too_many_items",
                params={"count": len(value), "max": self.max_items},
            )


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def _formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    # People type "github.com/me"; read it as https:// (Django 6's default) rather than http://.
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class AutofocusMixin:
    """Puts ``autofocus`` on the first field with an error (or, with ``autofocus_first``,
    on the first field). htmx focuses it after swapping a form in, and browsers do on
    page load, so keyboard and screen-reader users land where they need to be."""

    autofocus_first = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.autofocus_first and self.fields:
            self._set_autofocus(next(iter(self.fields)))

    def full_clean(self) -> None:
        super().full_clean()
        first_invalid = next((name for name in self.fields if name in self.errors), None)
        if first_invalid:
            self._set_autofocus(first_invalid)

    def _set_autofocus(self, name: str) -> None:
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        self.fields[name].widget.attrs["autofocus"] = True


class FieldsetsMixin:
    """Lets a template draw a long form as titled groups: ``fieldsets = [(legend, [names])]``."""

    fieldsets: list[tuple[str, list[str]]] = []

    def grouped_fields(self) -> Iterator[tuple[str, list[BoundField]]]:
        for legend, names in self.fieldsets:
            yield legend, [self[name] for name in names]


# --- Profile --------------------------------------------------------------------------------


PROFILE_FIELDSETS = [
    ("Personal details", list(PROFILE_USER_FIELDS)),
    *[(legend, list(names)) for legend, names in PROFILE_FIELD_GROUPS],
]


class ProfileForm(AutofocusMixin, FieldsetsMixin, forms.ModelForm):
    """Every editable profile field plus the user's own details (PROFILE_USER_FIELDS,
    plain form fields here), on one page."""

    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    phone_number = PhoneNumberField(
        required=False, help_text="With the country code, for example +44 20 7946 0958. Never shown publicly."
    )
    experience_level = forms.ChoiceField(choices=[("", "—")] + ExperienceLevel.choices, required=False)
    timezone = forms.ChoiceField(choices=_timezone_choices, label="Time zone")
    preferred_language = forms.ChoiceField(choices=global_settings.LANGUAGES, label="Preferred language")
    desired_job_types = forms.MultipleChoiceField(
        choices=JobType.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Job types"
    )
    preferred_locations = ListField(label="Preferred locations")
    current_skills = ListField(label="Current skills")
    target_skills = ListField(label="Skills you want to build")

    fieldsets = PROFILE_FIELDSETS

    class Meta:
        model = Profile
        formfield_callback = _formfield
        fields = [name for _, names in PROFILE_FIELDSETS for name in names if name not in PROFILE_USER_FIELDS]
        labels = {
            "desired_salary_min": "Desired salary from",
            "desired_salary_max": "Desired salary up to",
            "salary_currency": "Currency",
            "desired_work_mode": "Work mode",
            "willing_to_relocate": "I am willing to relocate",
            "available_start_date": "Available from",
            "years_of_experience": "Years of experience",
        }
        help_texts = {
            "salary_currency": "Three-letter code, for example USD, EUR or GBP.",
            "headline": "One line that sums you up, for example “Backend engineer who loves data”.",
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "available_start_date": DateInput,
            "salary_currency": forms.TextInput(attrs={"size": 3, "autocapitalize": "characters"}),
        }

    def __init__(self, *args, user, **kwargs):
        initial = {name: getattr(user, name) for name in PROFILE_USER_FIELDS}
        initial.update(kwargs.pop("initial", None) or {})
        super().__init__(*args, initial=initial, **kwargs)

    def clean_phone_number(self):
        # Stored as NULL when empty: the column is unique and many users have no number.
        return self.cleaned_data["phone_number"] or None

    def clean_salary_currency(self) -> str:
        currency = self.cleaned_data["salary_currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError("Enter a three-letter currency code such as USD.", code="invalid")
        return currency


class AvatarForm(AutofocusMixin, forms.Form):
    # A FileField, not an ImageField: the service checks the content with Pillow
    # (and re-encodes it), so the form only makes sure a file arrived.
    avatar = forms.FileField(
        label="Profile picture",
        help_text="A JPEG, PNG, GIF or WebP picture. It is cropped to a square.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )


class ProfileVisibilityForm(forms.Form):
    is_public = forms.BooleanField(required=False)


# --- Profile items ------------------------------------------------------------------------------


class ProfileItemForm(AutofocusMixin, forms.ModelForm):
    """Base of the experience/education/skill/certification forms, which only appear on request."""

    autofocus_first = True

    class Meta:
        formfield_callback = _formfield


class ExperienceForm(ProfileItemForm):
    achievements = ListField(lines=True, item_max_length=500, label="Achievements")
    technologies = ListField(label="Technologies")

    class Meta(ProfileItemForm.Meta):
        model = Experience
        fields = list(Experience.EDITABLE_FIELDS)
        widgets = {"start_date": DateInput, "end_date": DateInput, "description": forms.Textarea(attrs={"rows": 4})}


class EducationForm(ProfileItemForm):
    achievements = ListField(lines=True, item_max_length=500, label="Achievements")
    coursework = ListField(item_max_length=200, label="Coursework")

    class Meta(ProfileItemForm.Meta):
        model = Education
        fields = list(Education.EDITABLE_FIELDS)
        widgets = {"start_date": DateInput, "end_date": DateInput}


class SkillForm(ProfileItemForm):
    class Meta(ProfileItemForm.Meta):
        model = Skill
        fields = list(Skill.EDITABLE_FIELDS)
        labels = {"years_of_experience": "Years of experience"}


class CertificationForm(ProfileItemForm):
    class Meta(ProfileItemForm.Meta):
        model = Certification
        fields = list(Certification.EDITABLE_FIELDS)
        labels = {"credential_id": "Credential ID", "credential_url": "Credential URL"}
        widgets = {"issue_date": DateInput, "expiry_date": DateInput}


class ItemMoveForm(forms.Form):
    OFFSETS = {"up": -1, "down": 1}

    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])

    @property
    def offset(self) -> int:
        return self.OFFSETS[self.cleaned_data["direction"]]


# --- API keys ---------------------------------------------------------------------------------------


class ApiKeyCreateForm(AutofocusMixin, forms.Form):
    name = forms.CharField(max_length=100, help_text="For example the script or tool that uses it.")
    scopes = forms.MultipleChoiceField(
        choices=scope_registry.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one scope."},
    )
    expires_at = forms.DateField(
        required=False,
        label="Expires on",
        widget=DateInput,
        help_text="Optional. The key stops working at the end of this day (your time zone).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = zoneinfo.ZoneInfo(user.timezone)

    def clean_expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data["expires_at"]
        if day is None:
            return None
        if day < timezone.now().astimezone(self.tz).date():
            raise ValidationError("Choose today or a later day.", code="past")
        return datetime.datetime.combine(day, datetime.time.max, tzinfo=self.tz)
