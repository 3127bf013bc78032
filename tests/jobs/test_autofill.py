"""Fill my profile from a resume: the review screen, creating rows, and re-running safely."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Certification, Education, Experience, Skill
from accounts.selectors import profile_get_for_user
from jobs.forms_autofill import AutofillForms
from jobs.models import Resume
from jobs.services.autofill import autofill_apply, autofill_plan, month_date, parse_gpa
from tests.jobs.test_resume_intel_views import PARSED, parsed_resume

pytestmark = pytest.mark.django_db


def _url(resume) -> str:
    return reverse("jobs:resume_autofill", args=[resume.pk])


def form_data(resume, user, **edits) -> dict:
    """The review form as a browser would submit it untouched, with ``edits`` applied
    (a value of None leaves the field out: an unticked checkbox)."""
    plan = autofill_plan(parsed=resume.parsed_data, profile=profile_get_for_user(user=user))
    forms = AutofillForms(plan)
    data: dict = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, django_forms.BooleanField):
                if value:
                    data[key] = "on"
            else:
                data[key] = "" if value is None else str(value)

    add(forms.profile_form)
    for _, formset, rows in forms.sections():
        add(formset.management_form)
        for form, _item in rows:
            add(form)
    for key, value in edits.items():
        key = key.replace("__", "-")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _counts(user) -> tuple[int, int, int, int]:
    profile = user.profile
    return (
        Experience.objects.filter(profile=profile).count(),
        Education.objects.filter(profile=profile).count(),
        Skill.objects.filter(profile=profile).count(),
        Certification.objects.filter(profile=profile).count(),
    )


def test_review_shows_parsed_values_next_to_the_profile(owner_client, owner):
    account_services.profile_update(profile=owner.profile, data={"location": "Berlin"})
    resume = parsed_resume(owner)
    response = owner_client.get(_url(resume))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ("Jane", "Doe", "Austin, TX", "Berlin", "Senior Software Engineer", "Acme Corp", "2020-01",
                 "University of Texas", "Python", "AWS Certified Developer", "Amazon Web Services"):
        assert text in content, text
    form = response.context["forms"]
    assert form.profile_form["include_bio"].value() is True  # empty in the profile: ticked
    assert form.profile_form["include_location"].value() is False  # would replace "Berlin": unticked
    assert form.profile_form["include_first_name"].value() is False  # would replace "Olivia"
    assert _counts(owner) == (0, 0, 0, 0)  # looking writes nothing


def test_confirming_creates_the_rows_and_fills_the_profile(owner_client, owner):
    resume = parsed_resume(owner)
    data = form_data(resume, owner, profile__include_first_name="on", profile__include_last_name="on")
    response = owner_client.post(_url(resume), data)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert _counts(owner) == (1, 1, 2, 1)
    job = Experience.objects.get(profile=owner.profile)
    assert (job.company, job.title, job.location) == ("Acme Corp", "Senior Software Engineer", "Austin, TX")
    assert job.start_date == datetime.date(2020, 1, 1)  # YYYY-MM → the first of the month
    assert job.is_current and job.end_date is None
    assert job.achievements == ["Cut latency by 30%"]
    school = Education.objects.get(profile=owner.profile)
    assert (school.degree, school.field_of_study, school.gpa) == ("B.S.", "Computer Science", Decimal("3.80"))
    assert (school.start_date, school.end_date) == (datetime.date(2012, 9, 1), datetime.date(2016, 5, 1))
    cert = Certification.objects.get(profile=owner.profile)
    assert (cert.issuing_organization, cert.issue_date) == ("Amazon Web Services", datetime.date(2021, 6, 1))
    assert sorted(Skill.objects.filter(profile=owner.profile).values_list("name", flat=True)) == ["Django", "Python"]
    owner.refresh_from_db()
    owner.profile.refresh_from_db()
    assert (owner.first_name, owner.last_name) == ("Jane", "Doe")
    assert str(owner.phone_number) == "+15125550142"
    assert owner.profile.location == "Austin, TX"
    assert owner.profile.bio == "Backend engineer building APIs."
    assert owner.profile.linkedin_url == "https://linkedin.com/in/janedoe"
    assert owner.profile.current_company == "Acme Corp"


def test_running_it_again_creates_nothing(owner_client, owner):
    resume = parsed_resume(owner)
    first = form_data(resume, owner)
    owner_client.post(_url(resume), first)
    counts = _counts(owner)
    # The review now shows everything as already there, unticked…
    again = owner_client.get(_url(resume)).context["forms"]
    assert all(not item.include and item.existing for _, _, rows in again.sections() for _, item in rows)
    owner_client.post(_url(resume), form_data(resume, owner))
    assert _counts(owner) == counts
    # …and even re-submitting the first form, all ticked, duplicates nothing.
    response = owner_client.post(_url(resume), first)
    assert response.status_code == 302
    assert _counts(owner) == counts


def test_an_edited_value_updates_the_existing_row(owner_client, owner):
    resume = parsed_resume(owner)
    owner_client.post(_url(resume), form_data(resume, owner))
    job = Experience.objects.get(profile=owner.profile)
    data = form_data(resume, owner, experience__0__include="on", experience__0__location="Remote",
                     experience__0__is_current=None, experience__0__end_date="2024-02")
    response = owner_client.post(_url(resume), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.location == "Remote"
    assert (job.is_current, job.end_date) == (False, datetime.date(2024, 2, 1))
    assert _counts(owner) == (1, 1, 2, 1)


def test_matching_ignores_case_and_spacing(owner_client, owner):
    profile = owner.profile
    account_services.profile_item_create(profile=profile, model=Skill, data={"name": "python"})
    account_services.profile_item_create(
        profile=profile, model=Experience,
        data={"company": "ACME  corp", "title": "senior software engineer", "start_date": datetime.date(2020, 1, 1),
              "is_current": True},
    )
    resume = parsed_resume(owner)
    plan = autofill_plan(parsed=resume.parsed_data, profile=profile_get_for_user(user=owner))
    assert [i.include for i in plan["skills"]] == [False, True]
    assert plan["experience"][0].existing is not None
    owner_client.post(_url(resume), form_data(resume, owner, skills__0__include="on"))
    assert Skill.objects.filter(profile=profile).count() == 2
    assert Experience.objects.filter(profile=profile).count() == 1


def test_a_position_without_start_date_asks_for_it_and_nothing_is_saved(owner_client, owner):
    parsed = {**PARSED, "experience": [{**PARSED["experience"][0], "start": None}]}
    resume = parsed_resume(owner, parsed_data=parsed)
    page = owner_client.get(_url(resume)).content.decode()
    assert "add the month you started" in page
    response = owner_client.post(_url(resume), form_data(resume, owner))
    assert response.status_code == 200
    assert "Add the month you started" in response.content.decode()
    assert response.context["forms"].formsets["experience"].forms[0].errors["start_date"]
    assert _counts(owner) == (0, 0, 0, 0)
    owner.refresh_from_db()
    assert owner.first_name == "Olivia"  # not saved half-way
    response = owner_client.post(_url(resume), form_data(resume, owner, experience__0__start_date="2019-11"))
    assert response.status_code == 302
    assert Experience.objects.get(profile=owner.profile).start_date == datetime.date(2019, 11, 1)


def test_unticked_items_are_left_out(owner_client, owner):
    resume = parsed_resume(owner)
    data = form_data(resume, owner, skills__0__include=None, skills__1__include=None, profile__include_bio=None,
                     profile__include_last_name="on")
    owner_client.post(_url(resume), data)
    assert _counts(owner) == (1, 1, 0, 1)
    owner.refresh_from_db()
    owner.profile.refresh_from_db()
    assert (owner.first_name, owner.last_name) == ("Olivia", "Doe")
    assert owner.profile.bio == "" and owner.profile.location == "Austin, TX"


def test_an_invalid_link_is_a_field_error(owner_client, owner):
    resume = parsed_resume(owner)
    response = owner_client.post(_url(resume), form_data(resume, owner, profile__linkedin_url="not a link"))
    assert response.status_code == 200
    assert response.context["forms"].profile_form.errors["linkedin_url"]
    assert _counts(owner) == (0, 0, 0, 0)


def test_a_phone_without_country_code_is_not_ticked(owner):
    resume = parsed_resume(owner, parsed_data={**PARSED, "phone": "(512) 555-0142"})
    plan = autofill_plan(parsed=resume.parsed_data, profile=profile_get_for_user(user=owner))
    phone = next(item for item in plan["profile"] if item.name == "phone_number")
    assert phone.include is False and "country code" in phone.note


def test_a_phone_the_profile_refuses_is_shown_on_its_field(owner_client, owner, stranger):
    account_services.profile_update(profile=stranger.profile, data={"phone_number": "+15125550142"})
    resume = parsed_resume(owner)
    response = owner_client.post(_url(resume), form_data(resume, owner))
    assert response.status_code == 200
    assert response.context["forms"].profile_form.errors["phone_number"]
    assert _counts(owner) == (0, 0, 0, 0)


def test_a_resume_not_read_yet_goes_back_to_its_page(owner_client, owner):
    resume = parsed_resume(owner, status=Resume.Status.EXTRACTING, parsed_data={})
    for response in (owner_client.get(_url(resume)), owner_client.post(_url(resume), {})):
        assert response.status_code == 302
        assert response.url == reverse("jobs:resume_detail", args=[resume.pk])


def test_apply_turns_a_finished_position_current(owner):
    profile = owner.profile
    job = account_services.profile_item_create(
        profile=profile, model=Experience,
        data={"company": "Acme", "title": "Dev", "start_date": datetime.date(2020, 1, 1),
              "end_date": datetime.date(2021, 1, 1)},
    )
    data = {"company": "Acme", "title": "Dev", "location": "", "start_date": datetime.date(2020, 1, 1),
            "end_date": None, "is_current": True, "achievements": []}
    result = autofill_apply(user=owner, selection={"experience": [(0, data)]})
    job.refresh_from_db()
    assert (job.is_current, job.end_date) == (True, None)
    assert result.updated["experience"] == 1 and "Updated 1 position" in result.summary()
    again = autofill_apply(user=owner, selection={"experience": [(0, data)]})
    assert again.unchanged == 1 and "nothing changed" in again.summary()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2020-03", datetime.date(2020, 3, 1)), ("2020", datetime.date(2020, 1, 1)), ("2020-03-15", datetime.date(2020, 3, 1)),
     ("", None), (None, None), ("March", None), ("2020-13", None)],
)
def test_month_date(raw, expected):
    assert month_date(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [("3.8", Decimal("3.80")), ("3.8/4.0", Decimal("3.80")),
                                               ("3,5", Decimal("3.50")), ("98", None), ("", None)])
def test_parse_gpa(raw, expected):
    assert parse_gpa(raw) == expected
