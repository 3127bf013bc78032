"""The "Fill my profile from this resume" review screen: one small form for the profile
fields and one formset per section, each item with a "keep" checkbox. Only kept items
are validated (an unticked item may stay incomplete)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from jobs.services.autofill import (
    SECTIONS,
    URL_FIELDS,
    AutofillError,
    ItemPlan,
    month_date,
    parse_gpa,
)

MONTH_HELP = "Month and year, e.g. 2021-03."


def _month_input(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", **attrs})


class _ItemForm(forms.Form):
    """A parsed item: ``include`` ticks it; fields are checked only when it is kept."""

    include = forms.BooleanField(required=False, label="Keep")
    required_when_kept: dict[str, str] = {}
    month_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        for name, message in self.required_when_kept.items():
            if not (data.get(name) or "").strip():
                self.add_error(name, message)
        for name in self.month_fields:
            raw = (data.get(name) or "").strip()
            if not raw:
                data[name] = None
                continue
            value = month_date(raw)
            if value is None:
                self.add_error(name, f"Use a month and year, e.g. 2021-03 (got “{raw}”).")
            data[name] = value
        return data

    def to_model_data(self) -> dict:
        raise NotImplementedError


def _strip_lines(text: str) -> list[str]:
    return [line.strip().lstrip("•-*·▪◦ ").strip()[:500] for line in (text or "").splitlines() if line.strip()]


class ExperienceItemForm(_ItemForm):
    company = forms.CharField(max_length=200, required=False)
    title = forms.CharField(label="Job title", max_length=200, required=False)
    location = forms.CharField(max_length=200, required=False)
    start_date = forms.CharField(label="Started", required=False, widget=_month_input(), help_text=MONTH_HELP)
    end_date = forms.CharField(label="Ended", required=False, widget=_month_input())
    is_current = forms.BooleanField(label="I work here now", required=False)
    achievements = forms.CharField(
        label="Highlights", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One per line."
    )
    required_when_kept = {
        "company": "Add the company.",
        "title": "Add the job title.",
        "start_date": "Add the month you started (e.g. 2021-03) to save this position.",
    }
    month_fields = ("start_date", "end_date")

    def clean(self):
        data = super().clean()
        if not data.get("include") or self.errors:
            return data
        if data.get("is_current"):
            data["end_date"] = None
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end cannot be before the start.")
        return data

    def to_model_data(self) -> dict:
        d = self.cleaned_data
        return {
            "company": d["company"].strip(),
            "title": d["title"].strip(),
            "location": d["location"].strip(),
            "start_date": d["start_date"],
            "end_date": None if d["is_current"] else d["end_date"],
            "is_current": bool(d["is_current"]),
            "achievements": _strip_lines(d["achievements"]),
        }


class EducationItemForm(_ItemForm):
    institution = forms.CharField(max_length=200, required=False)
    degree = forms.CharField(max_length=200, required=False)
    field_of_study = forms.CharField(label="Field of study", max_length=200, required=False)
    start_date = forms.CharField(label="Started", required=False, widget=_month_input())
    end_date = forms.CharField(label="Finished", required=False, widget=_month_input())
    gpa = forms.CharField(label="GPA", max_length=20, required=False)
    required_when_kept = {"institution": "Add the school or university.", "degree": "Add the degree."}
    month_fields = ("start_date", "end_date")

    def clean(self):
        data = super().clean()
        if not data.get("include") or self.errors:
            return data
        raw_gpa = (data.get("gpa") or "").strip()
        data["gpa"] = parse_gpa(raw_gpa) if raw_gpa else None
        if raw_gpa and data["gpa"] is None:
            self.add_error("gpa", "Use a number between 0 and 10, e.g. 3.8.")
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end cannot be before the start.")
        return data

    def to_model_data(self) -> dict:
        d = self.cleaned_data
        return {
            "institution": d["institution"].strip(),
            "degree": d["degree"].strip(),
            "field_of_study": d["field_of_study"].strip(),
            "start_date": d["start_date"],
            "end_date": d["end_date"],
            "gpa": d["gpa"],
        }


class SkillItemForm(_ItemForm):
    name = forms.CharField(label="Skill", max_length=100, required=False)
    required_when_kept = {"name": "Add the skill's name."}

    def to_model_data(self) -> dict:
        return {"name": self.cleaned_data["name"].strip()}


class CertificationItemForm(_ItemForm):
    name = forms.CharField(max_length=200, required=False)
    issuing_organization = forms.CharField(label="Issued by", max_length=200, required=False)
    issue_date = forms.CharField(label="Issued", required=False, widget=_month_input())
    required_when_kept = {
        "name": "Add the certification's name.",
        "issuing_organization": "Add who issued it to save this certification.",
    }
    month_fields = ("issue_date",)

    def to_model_data(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"].strip(), "issuing_organization": d["issuing_organization"].strip(),
                "issue_date": d["issue_date"]}


ITEM_FORMS = {
    "experience": ExperienceItemForm,
    "education": EducationItemForm,
    "skills": SkillItemForm,
    "certifications": CertificationItemForm,
}


def _initial(item: ItemPlan) -> dict:
    data = dict(item.data)
    if "achievements" in data:
        data["achievements"] = "\n".join(data["achievements"])
    return {"include": item.include, **data}


class ProfileFieldsForm(forms.Form):
    """One "keep" checkbox and one input per profile field the resume can fill."""

    def __init__(self, plan: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        for item in plan:
            self.fields[f"include_{item.name}"] = forms.BooleanField(
                required=False, initial=item.include, label=f"Use for {item.label.lower()}"
            )
            widget = forms.Textarea(attrs={"rows": 4}) if item.name == "bio" else forms.TextInput()
            self.fields[item.name] = forms.CharField(
                label=item.label, required=False, initial=item.value, widget=widget,
                max_length=5000 if item.name == "bio" else 200,
            )

    def rows(self):
        return [(item, self[f"include_{item.name}"], self[item.name]) for item in self.plan]

    def clean(self):
        data = super().clean()
        for item in self.plan:
            if not data.get(f"include_{item.name}"):
                continue
            value = (data.get(item.name) or "").strip()
            if item.name in URL_FIELDS and value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError:
                    self.add_error(item.name, "Enter a full web address, e.g. https://example.com/you.")
        return data

    def to_model_data(self) -> dict:
        return {
            item.name: (self.cleaned_data.get(item.name) or "").strip()
            for item in self.plan
            if self.cleaned_data.get(f"include_{item.name}")
        }


class AutofillForms:
    """The profile form and the four section formsets, validated and read together."""

    def __init__(self, plan: dict[str, list], data=None):
        self.plan = plan
        self.is_bound = data is not None
        self.profile_form = ProfileFieldsForm(plan["profile"], data, prefix="profile")
        self.formsets = {}
        for section in SECTIONS:
            items = plan[section]
            formset_class = forms.formset_factory(
                ITEM_FORMS[section], extra=0, max_num=len(items), absolute_max=len(items), validate_max=True
            )
            self.formsets[section] = formset_class(data, prefix=section, initial=[_initial(i) for i in items])

    def sections(self):
        """(section, formset, [(form, plan item)]) in display order."""
        for section in SECTIONS:
            formset = self.formsets[section]
            yield section, formset, list(zip(formset.forms, self.plan[section], strict=False))

    def is_valid(self) -> bool:
        valid = self.profile_form.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    @property
    def has_errors(self) -> bool:
        return self.is_bound and (
            bool(self.profile_form.errors) or any(fs.total_error_count() for fs in self.formsets.values())
        )

    def selection(self) -> dict:
        selection: dict = {"profile": self.profile_form.to_model_data()}
        for section, formset in self.formsets.items():
            selection[section] = [
                (index, form.to_model_data())
                for index, form in enumerate(formset.forms)
                if form.cleaned_data.get("include")
            ]
        return selection

    def add_service_error(self, exc: AutofillError) -> None:
        form = self.profile_form if exc.section == "profile" else self.formsets[exc.section].forms[exc.index]
        error = exc.error
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)

