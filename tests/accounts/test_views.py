"""HTML views of accounts: profile and its parts, public page, settings, API keys, notifications."""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import uuid
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import ApiKey, Certification, Education, Experience, Notification, Profile, Skill
from tests.accounts.factories import (
    ApiKeyFactory,
    CertificationFactory,
    EducationFactory,
    ExperienceFactory,
    NotificationFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LOGIN_URL = reverse("account_login")
PROFILE_URL = reverse("accounts:profile")

FACTORIES = {
    "experience": ExperienceFactory,
    "education": EducationFactory,
    "skill": SkillFactory,
    "certification": CertificationFactory,
}
MODELS = {"experience": Experience, "education": Education, "skill": Skill, "certification": Certification}
KINDS = list(FACTORIES)

# Valid form data per kind, and the field a test edits.
VALID_DATA = {
    "experience": {
        "title": "Staff Engineer",
        "company": "Initech",
        "location": "Berlin",
        "work_mode": "HYBRID",
        "start_date": "2021-02-01",
        "end_date": "",
        "is_current": "on",
        "description": "Built things.",
        "achievements": "Cut costs by 30%, roughly\nMentored five engineers",
        "technologies": "Python, Django, python",
    },
    "education": {
        "institution": "Open University",
        "degree": "MSc",
        "field_of_study": "Data Science",
        "start_date": "2015-09-01",
        "end_date": "2017-06-30",
        "gpa": "3.80",
        "achievements": "Dean's list",
        "coursework": "Statistics, Machine learning",
    },
    "skill": {"name": "Kubernetes", "category": "DevOps", "level": "EXPERT", "years_of_experience": "4"},
    "certification": {
        "name": "CKA",
        "issuing_organization": "CNCF",
        "issue_date": "2022-01-10",
        "expiry_date": "2025-01-10",
        "credential_id": "ABC-123",
        "credential_url": "https://example.com/cka",
    },
}
EDIT_FIELD = {"experience": "title", "education": "degree", "skill": "name", "certification": "name"}
REQUIRED_FIELD = {"experience": "company", "education": "institution", "skill": "name", "certification": "name"}


def _png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _item_for(user, kind, **kwargs):
    return FACTORIES[kind](profile=user.profile, **kwargs)


def _assert_fragment(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    return content


# --- Every URL: log-in required, methods -------------------------------------------------------

SOME_ID = uuid.uuid4()
PROTECTED = [
    ("get", "accounts:profile", {}),
    ("get", "accounts:profile_edit", {}),
    ("post", "accounts:profile_edit", {}),
    ("post", "accounts:profile_avatar", {}),
    ("post", "accounts:profile_avatar_remove", {}),
    ("post", "accounts:profile_visibility", {}),
    ("post", "accounts:profile_public_link_regenerate", {}),
    ("get", "accounts:profile_section", {"kind": "skill"}),
    ("get", "accounts:profile_item_add", {"kind": "skill"}),
    ("post", "accounts:profile_item_add", {"kind": "skill"}),
    ("get", "accounts:profile_item_edit", {"kind": "skill", "item_id": SOME_ID}),
    ("post", "accounts:profile_item_edit", {"kind": "skill", "item_id": SOME_ID}),
    ("get", "accounts:profile_item_delete", {"kind": "skill", "item_id": SOME_ID}),
    ("post", "accounts:profile_item_delete", {"kind": "skill", "item_id": SOME_ID}),
    ("post", "accounts:profile_item_move", {"kind": "skill", "item_id": SOME_ID}),
    ("get", "accounts:settings", {}),
    ("get", "accounts:api_keys", {}),
    ("post", "accounts:api_keys", {}),
    ("get", "accounts:api_key_revoke", {"key_id": SOME_ID}),
    ("post", "accounts:api_key_revoke", {"key_id": SOME_ID}),
    ("get", "accounts:notifications", {}),
    ("post", "accounts:notifications_mark_all_read", {}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), PROTECTED)
def test_requires_login(client, method, name, kwargs):
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


WRONG_METHOD = [
    ("post", "accounts:profile", {}),
    ("put", "accounts:profile_edit", {}),
    ("get", "accounts:profile_avatar", {}),
    ("get", "accounts:profile_avatar_remove", {}),
    ("get", "accounts:profile_visibility", {}),
    ("get", "accounts:profile_public_link_regenerate", {}),
    ("post", "accounts:profile_section", {"kind": "skill"}),
    ("put", "accounts:profile_item_add", {"kind": "skill"}),
    ("put", "accounts:profile_item_edit", {"kind": "skill", "item_id": SOME_ID}),
    ("delete", "accounts:profile_item_delete", {"kind": "skill", "item_id": SOME_ID}),
    ("get", "accounts:profile_item_move", {"kind": "skill", "item_id": SOME_ID}),
    ("post", "accounts:profile_public", {"slug": "whatever"}),
    ("post", "accounts:settings", {}),
    ("put", "accounts:api_keys", {}),
    ("delete", "accounts:api_key_revoke", {"key_id": SOME_ID}),
    ("post", "accounts:notifications", {}),
    ("get", "accounts:notifications_mark_all_read", {}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), WRONG_METHOD)
def test_wrong_method_is_405(owner_client, method, name, kwargs):
    response = getattr(owner_client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == 405


# --- Profile page -------------------------------------------------------------------------------


def test_profile_shows_fields_and_items(owner_client, owner):
    profile = owner.profile
    profile.headline = "Data wrangler"
    profile.city = "Lisbon"
    profile.desired_salary_min, profile.desired_salary_max, profile.salary_currency = 90000, 120000, "EUR"
    profile.desired_job_types = ["FULL_TIME", "CONTRACT"]
    profile.target_skills = ["Rust", "Go"]
    profile.save()
    ExperienceFactory(profile=profile, title="Lead Analyst", company="Acme")
    EducationFactory(profile=profile, institution="Uni Porto")
    SkillFactory(profile=profile, name="SQL")
    CertificationFactory(profile=profile, name="PMP")

    response = owner_client.get(PROFILE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Data wrangler",
        "Lisbon",
        "90,000 – 120,000 EUR",
        "Full-time, Contract",
        "Rust, Go",
        "Lead Analyst",
        "Uni Porto",
        "SQL",
        "PMP",
        'id="section-experience"',
        'id="section-certification"',
    ):
        assert text in content


def test_profile_page_query_count_does_not_grow_with_items(owner_client, owner, django_assert_max_num_queries):
    for kind in KINDS:
        FACTORIES[kind].create_batch(5, profile=owner.profile)
    owner_client.get(PROFILE_URL)  # allauth records the device session on the first request
    # 7 for the request (session, user, allauth's user-session activity tracking with its
    # savepoints), then 5 for the page: profile with user, one prefetch per item kind.
    # An N+1 over the 20 items would blow well past this.
    with django_assert_max_num_queries(12):
        response = owner_client.get(PROFILE_URL)
    assert response.status_code == 200


def test_profile_page_creates_a_missing_profile(client):
    user = UserFactory(with_profile=False)
    client.force_login(user)
    response = client.get(PROFILE_URL)
    assert response.status_code == 200
    assert Profile.objects.filter(user=user).exists()


# --- Profile edit ------------------------------------------------------------------------------------

EDIT_URL = reverse("accounts:profile_edit")


def _profile_post(**overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "+44 20 7946 0958",
        "experience_level": "SENIOR",
        "timezone": "Europe/London",
        "preferred_language": "fr",
        "headline": "Analytical engine whisperer",
        "bio": "Notes on the engine.",
        "industry": "Computing",
        "location": "",
        "city": "London",
        "state": "",
        "country": "UK",
        "zip_code": "W1",
        "linkedin_url": "https://linkedin.com/in/ada",
        "github_url": "",
        "portfolio_url": "",
        "website_url": "",
        "current_title": "Mathematician",
        "current_company": "Babbage & Co",
        "years_of_experience": "12",
        "desired_title": "Chief Scientist",
        "desired_salary_min": "100000",
        "desired_salary_max": "150000",
        "salary_currency": "gbp",
        "desired_work_mode": "REMOTE",
        "desired_job_types": ["FULL_TIME", "CONTRACT"],
        "willing_to_relocate": "on",
        "preferred_locations": "London, Paris, , london",
        "available_start_date": "2030-01-15",
        "current_skills": "Maths, Poetry",
        "target_skills": "Rust",
    }
    data.update(overrides)
    return data


def test_profile_edit_shows_current_values(owner_client, owner):
    owner.profile.target_skills = ["Rust", "Go"]
    owner.profile.save()
    response = owner_client.get(EDIT_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Olivia"' in content
    assert 'value="Rust, Go"' in content
    assert '<option value="Europe/Berlin">' in content


def test_profile_edit_saves_profile_and_user_fields(owner_client, owner):
    response = owner_client.post(EDIT_URL, _profile_post())

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    owner.refresh_from_db()
    profile = Profile.objects.get(user=owner)
    assert (owner.first_name, owner.last_name, owner.timezone) == ("Ada", "Lovelace", "Europe/London")
    assert owner.phone_number.as_e164 == "+442079460958"
    assert (owner.experience_level, owner.preferred_language) == ("SENIOR", "fr")
    assert profile.headline == "Analytical engine whisperer"
    assert (profile.desired_salary_min, profile.desired_salary_max, profile.salary_currency) == (100000, 150000, "GBP")
    assert profile.desired_job_types == ["FULL_TIME", "CONTRACT"]
    assert profile.preferred_locations == ["London", "Paris"]
    assert profile.willing_to_relocate is True
    assert profile.available_start_date == datetime.date(2030, 1, 15)


def test_profile_edit_empty_phone_is_stored_as_null(owner_client, owner):
    owner_client.post(EDIT_URL, _profile_post(phone_number=""))
    owner.refresh_from_db()
    assert owner.phone_number is None


def test_profile_edit_rejects_salary_max_below_min(owner_client, owner):
    response = owner_client.post(EDIT_URL, _profile_post(desired_salary_min="90000", desired_salary_max="50000"))

    assert response.status_code == 200
    assert "The maximum salary must be at least the minimum." in response.context["form"].errors["desired_salary_max"]
    assert 'id="id_desired_salary_max_error"' in response.content.decode()
    owner.refresh_from_db()
    assert owner.first_name == "Olivia"
    assert Profile.objects.get(user=owner).headline == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone_number", "not a phone"),
        ("timezone", "Mars/Olympus_Mons"),
        ("desired_job_types", ["FULL_TIME", "SLAVERY"]),
        ("salary_currency", "dollars"),
        ("linkedin_url", "not a url"),
        ("years_of_experience", "-1"),
    ],
)
def test_profile_edit_shows_field_errors_and_saves_nothing(owner_client, owner, field, value):
    response = owner_client.post(EDIT_URL, _profile_post(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.first_name == "Olivia"
    assert Profile.objects.get(user=owner).headline == ""


def test_profile_edit_rejects_a_phone_number_someone_else_has(owner_client, owner, stranger):
    stranger.phone_number = "+442079460958"
    stranger.save()

    response = owner_client.post(EDIT_URL, _profile_post())

    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors
    owner.refresh_from_db()
    assert (owner.first_name, owner.phone_number) == ("Olivia", None)
    assert Profile.objects.get(user=owner).headline == ""


# --- Profile items (every kind) -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_item_add_form_page_without_js(owner_client, kind):
    response = owner_client.get(reverse("accounts:profile_item_add", args=[kind]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert f'action="{reverse("accounts:profile_item_add", args=[kind])}"' in content


@pytest.mark.parametrize("kind", KINDS)
def test_item_add_form_htmx_returns_section_fragment(owner_client, kind):
    response = owner_client.get(reverse("accounts:profile_item_add", args=[kind]), headers=HTMX)
    content = _assert_fragment(response)
    assert f'id="section-{kind}"' in content
    assert f'hx-post="{reverse("accounts:profile_item_add", args=[kind])}"' in content


@pytest.mark.parametrize("kind", KINDS)
def test_item_add_creates_row_at_the_end_and_redirects(owner_client, owner, kind):
    existing = _item_for(owner, kind, sort_order=0)

    response = owner_client.post(reverse("accounts:profile_item_add", args=[kind]), VALID_DATA[kind])

    assert response.status_code == 302
    assert response.url == f"{PROFILE_URL}#section-{kind}"
    items = list(MODELS[kind].objects.filter(profile=owner.profile).order_by("sort_order"))
    assert [i.pk for i in items][0] == existing.pk
    assert len(items) == 2
    assert items[1].sort_order == 1


@pytest.mark.parametrize("kind", KINDS)
def test_item_add_htmx_returns_section_with_new_item(owner_client, owner, kind):
    response = owner_client.post(reverse("accounts:profile_item_add", args=[kind]), VALID_DATA[kind], headers=HTMX)

    content = _assert_fragment(response)
    assert f'id="section-{kind}"' in content
    assert VALID_DATA[kind][EDIT_FIELD[kind]] in content
    assert '<form method="post" action="' + reverse("accounts:profile_item_add", args=[kind]) not in content
    assert MODELS[kind].objects.filter(profile=owner.profile).count() == 1


def test_item_add_parses_list_fields(owner_client, owner):
    owner_client.post(reverse("accounts:profile_item_add", args=["experience"]), VALID_DATA["experience"])
    experience = Experience.objects.get(profile=owner.profile)
    assert experience.achievements == ["Cut costs by 30%, roughly", "Mentored five engineers"]
    assert experience.technologies == ["Python", "Django"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("htmx", [False, True])
def test_item_add_invalid_shows_field_error_and_writes_nothing(owner_client, owner, kind, htmx):
    data = {**VALID_DATA[kind], REQUIRED_FIELD[kind]: ""}

    response = owner_client.post(reverse("accounts:profile_item_add", args=[kind]), data, headers=HTMX if htmx else {})

    assert response.status_code == 200
    content = response.content.decode()
    assert ("<html" in content) is not htmx
    assert f'id="id_{REQUIRED_FIELD[kind]}_error"' in content
    assert "This field is required." in content
    assert not MODELS[kind].objects.filter(profile=owner.profile).exists()


def test_experience_end_before_start_is_a_field_error(owner_client, owner):
    data = {**VALID_DATA["experience"], "is_current": "", "start_date": "2022-01-01", "end_date": "2021-01-01"}
    response = owner_client.post(reverse("accounts:profile_item_add", args=["experience"]), data)
    assert "The end date cannot be before the start date." in response.context["form"].errors["end_date"]
    assert not Experience.objects.exists()


def test_skill_name_must_be_unique_per_profile(owner_client, owner):
    SkillFactory(profile=owner.profile, name="kubernetes")
    response = owner_client.post(reverse("accounts:profile_item_add", args=["skill"]), VALID_DATA["skill"])
    assert "You already have the skill" in response.context["form"].errors["name"][0]
    assert Skill.objects.filter(profile=owner.profile).count() == 1


def test_same_skill_name_is_fine_for_another_user(owner_client, owner, stranger):
    SkillFactory(profile=stranger.profile, name="Kubernetes")
    owner_client.post(reverse("accounts:profile_item_add", args=["skill"]), VALID_DATA["skill"])
    assert Skill.objects.filter(profile=owner.profile, name="Kubernetes").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_item_edit_form_shows_current_values(owner_client, owner, kind):
    item = _item_for(owner, kind)
    response = owner_client.get(reverse("accounts:profile_item_edit", args=[kind, item.pk]))
    assert response.status_code == 200
    assert f'value="{getattr(item, EDIT_FIELD[kind])}"' in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_item_edit_htmx_get_opens_form_in_section(owner_client, owner, kind):
    item = _item_for(owner, kind)
    response = owner_client.get(reverse("accounts:profile_item_edit", args=[kind, item.pk]), headers=HTMX)
    content = _assert_fragment(response)
    assert f'id="section-{kind}"' in content
    assert f'hx-post="{reverse("accounts:profile_item_edit", args=[kind, item.pk])}"' in content


@pytest.mark.parametrize("kind", KINDS)
def test_item_edit_saves_and_redirects(owner_client, owner, kind):
    item = _item_for(owner, kind)

    response = owner_client.post(reverse("accounts:profile_item_edit", args=[kind, item.pk]), VALID_DATA[kind])

    assert response.status_code == 302
    item.refresh_from_db()
    assert getattr(item, EDIT_FIELD[kind]) == VALID_DATA[kind][EDIT_FIELD[kind]]


@pytest.mark.parametrize("kind", KINDS)
def test_item_edit_htmx_returns_section_fragment(owner_client, owner, kind):
    item = _item_for(owner, kind)
    url = reverse("accounts:profile_item_edit", args=[kind, item.pk])

    response = owner_client.post(url, VALID_DATA[kind], headers=HTMX)

    content = _assert_fragment(response)
    assert VALID_DATA[kind][EDIT_FIELD[kind]] in content
    assert f'hx-post="{url}"' not in content  # the form is closed again
    item.refresh_from_db()
    assert getattr(item, EDIT_FIELD[kind]) == VALID_DATA[kind][EDIT_FIELD[kind]]


@pytest.mark.parametrize("kind", KINDS)
def test_item_edit_invalid_keeps_row_unchanged(owner_client, owner, kind):
    item = _item_for(owner, kind)
    before = getattr(item, EDIT_FIELD[kind])
    data = {**VALID_DATA[kind], REQUIRED_FIELD[kind]: ""}

    response = owner_client.post(reverse("accounts:profile_item_edit", args=[kind, item.pk]), data, headers=HTMX)

    content = _assert_fragment(response)
    assert f'id="id_{REQUIRED_FIELD[kind]}_error"' in content
    item.refresh_from_db()
    assert getattr(item, EDIT_FIELD[kind]) == before


@pytest.mark.parametrize("kind", KINDS)
def test_item_delete_get_asks_for_confirmation(owner_client, owner, kind):
    item = _item_for(owner, kind)
    response = owner_client.get(reverse("accounts:profile_item_delete", args=[kind, item.pk]))
    assert response.status_code == 200
    assert "This cannot be undone." in response.content.decode()
    assert MODELS[kind].objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_item_delete_removes_row(owner_client, owner, kind):
    item = _item_for(owner, kind)
    response = owner_client.post(reverse("accounts:profile_item_delete", args=[kind, item.pk]))
    assert response.status_code == 302
    assert response.url == f"{PROFILE_URL}#section-{kind}"
    assert not MODELS[kind].objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_item_delete_htmx_returns_section_fragment(owner_client, owner, kind):
    item = _item_for(owner, kind)
    response = owner_client.post(reverse("accounts:profile_item_delete", args=[kind, item.pk]), headers=HTMX)
    content = _assert_fragment(response)
    assert f'id="section-{kind}"' in content
    assert str(item.pk) not in content
    assert not MODELS[kind].objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_item_move_up_reorders(owner_client, owner, kind):
    first, second, third = (_item_for(owner, kind, sort_order=n) for n in range(3))

    response = owner_client.post(reverse("accounts:profile_item_move", args=[kind, third.pk]), {"direction": "up"})

    assert response.status_code == 302
    order = list(MODELS[kind].objects.filter(profile=owner.profile).order_by("sort_order").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]


@pytest.mark.parametrize("kind", KINDS)
def test_item_move_down_htmx_returns_reordered_fragment(owner_client, owner, kind):
    first, second = (_item_for(owner, kind, sort_order=n) for n in range(2))

    response = owner_client.post(
        reverse("accounts:profile_item_move", args=[kind, first.pk]), {"direction": "down"}, headers=HTMX
    )

    content = _assert_fragment(response)
    assert content.index(f'id="{kind}-{second.pk}"') < content.index(f'id="{kind}-{first.pk}"')
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.sort_order, first.sort_order) == (0, 1)


def test_item_move_htmx_keeps_focus_on_a_move_button(owner_client, owner):
    first, second = (_item_for(owner, "skill", sort_order=n) for n in range(2))
    url = reverse("accounts:profile_item_move", args=["skill", second.pk])

    content = _assert_fragment(owner_client.post(url, {"direction": "up"}, headers=HTMX))

    # At the top its "up" button is disabled, so focus goes to "down", ready for the next key press.
    assert re.search(rf'id="move-down-{second.pk}"\s+autofocus', content)
    assert content.count("autofocus") == 1


def test_item_move_rejects_unknown_direction(owner_client, owner):
    item = _item_for(owner, "skill")
    response = owner_client.post(
        reverse("accounts:profile_item_move", args=["skill", item.pk]), {"direction": "sideways"}
    )
    assert response.status_code == 400


def test_move_buttons_are_disabled_at_the_ends(owner_client, owner):
    first, last = (_item_for(owner, "skill", sort_order=n) for n in range(2))
    content = owner_client.get(PROFILE_URL).content.decode()
    assert f'id="move-up-{first.pk}" disabled' in content
    assert f'id="move-down-{last.pk}" disabled' in content
    assert f'id="move-down-{first.pk}" disabled' not in content


@pytest.mark.parametrize("kind", KINDS)
def test_section_fragment_for_htmx_and_redirect_without(owner_client, owner, kind):
    _item_for(owner, kind)
    url = reverse("accounts:profile_section", args=[kind])
    assert f'id="section-{kind}"' in _assert_fragment(owner_client.get(url, headers=HTMX))
    response = owner_client.get(url)
    assert response.status_code == 302
    assert response.url == f"{PROFILE_URL}#section-{kind}"


ITEM_URLS = [
    ("get", "accounts:profile_item_edit"),
    ("post", "accounts:profile_item_edit"),
    ("get", "accounts:profile_item_delete"),
    ("post", "accounts:profile_item_delete"),
    ("post", "accounts:profile_item_move"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("method", "name"), ITEM_URLS)
def test_rejects_other_users_item(owner_client, stranger, kind, method, name):
    item = _item_for(stranger, kind)
    before = getattr(item, EDIT_FIELD[kind])
    data = {**VALID_DATA[kind], "direction": "up"}

    response = getattr(owner_client, method)(reverse(name, args=[kind, item.pk]), data)

    assert response.status_code == 404
    item.refresh_from_db()  # still there, unchanged
    assert getattr(item, EDIT_FIELD[kind]) == before


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "accounts:profile_section", ["widgets"]),
        ("get", "accounts:profile_item_add", ["widgets"]),
        ("post", "accounts:profile_item_add", ["widgets"]),
        ("get", "accounts:profile_item_edit", ["widgets", SOME_ID]),
        ("post", "accounts:profile_item_delete", ["widgets", SOME_ID]),
        ("post", "accounts:profile_item_move", ["widgets", SOME_ID]),
    ],
)
def test_unknown_kind_is_404(owner_client, method, name, args):
    assert getattr(owner_client, method)(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_missing_item_is_404(owner_client, kind):
    assert owner_client.get(reverse("accounts:profile_item_edit", args=[kind, uuid.uuid4()])).status_code == 404


# --- Avatar ---------------------------------------------------------------------------------------------

AVATAR_URL = reverse("accounts:profile_avatar")


def test_avatar_upload_stores_png_as_webp(owner_client, owner):
    upload = SimpleUploadedFile("me.png", _png(), content_type="image/png")

    response = owner_client.post(AVATAR_URL, {"avatar": upload})

    assert response.status_code == 302
    profile = Profile.objects.get(user=owner)
    assert profile.avatar.name.endswith(".webp")
    with Image.open(profile.avatar.path) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (512, 512)


def test_avatar_upload_htmx_returns_header_fragment(owner_client, owner):
    upload = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    response = owner_client.post(AVATAR_URL, {"avatar": upload}, headers=HTMX)
    content = _assert_fragment(response)
    assert 'id="avatar"' in content
    assert "Profile picture updated." in content
    assert Profile.objects.get(user=owner).avatar.name.endswith(".webp")


@pytest.fixture
def owner_with_avatar(owner):
    owner.profile.avatar = "avatars/existing.webp"
    owner.profile.save()
    return owner


def _assert_avatar_unchanged(owner):
    assert Profile.objects.get(user=owner).avatar.name == "avatars/existing.webp"


def test_avatar_rejects_text_file_named_png(owner_client, owner_with_avatar):
    upload = SimpleUploadedFile("me.png", b"definitely not a picture\n" * 20, content_type="image/png")

    response = owner_client.post(AVATAR_URL, {"avatar": upload})

    assert response.status_code == 200
    assert "That file is not an image we can read." in response.content.decode()
    _assert_avatar_unchanged(owner_with_avatar)


def test_avatar_rejects_truncated_image(owner_client, owner_with_avatar):
    data = _png((300, 300))
    upload = SimpleUploadedFile("me.png", data[: len(data) // 2], content_type="image/png")

    response = owner_client.post(AVATAR_URL, {"avatar": upload}, headers=HTMX)

    content = _assert_fragment(response)
    assert 'id="id_avatar_error"' in content
    assert "cannot be used" in content or "not an image we can read" in content
    _assert_avatar_unchanged(owner_with_avatar)


def test_avatar_rejects_oversized_file(owner_client, owner_with_avatar, settings):
    settings.AVATAR_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.png", _png((200, 200)), content_type="image/png")

    response = owner_client.post(AVATAR_URL, {"avatar": upload})

    assert "the limit is" in response.context["avatar_form"].errors["avatar"][0]
    _assert_avatar_unchanged(owner_with_avatar)


def test_avatar_requires_a_file(owner_client, owner_with_avatar):
    response = owner_client.post(AVATAR_URL, {})
    assert "avatar" in response.context["avatar_form"].errors
    _assert_avatar_unchanged(owner_with_avatar)


def test_avatar_remove(owner_client, owner_with_avatar):
    response = owner_client.post(reverse("accounts:profile_avatar_remove"))
    assert response.status_code == 302
    assert not Profile.objects.get(user=owner_with_avatar).avatar


def test_avatar_remove_htmx_returns_header_fragment(owner_client, owner_with_avatar):
    response = owner_client.post(reverse("accounts:profile_avatar_remove"), headers=HTMX)
    assert 'id="avatar"' in _assert_fragment(response)
    assert not Profile.objects.get(user=owner_with_avatar).avatar


# --- Public page ------------------------------------------------------------------------------------------


def test_profile_is_private_by_default(owner, client):
    response = client.get(reverse("accounts:profile_public", args=[owner.profile.public_slug]))
    assert response.status_code == 404


def test_visibility_toggle_on_and_off(owner_client, owner):
    url = reverse("accounts:profile_visibility")
    assert owner_client.post(url, {"is_public": "true"}).status_code == 302
    assert Profile.objects.get(user=owner).is_public is True
    owner_client.post(url, {"is_public": "false"})
    assert Profile.objects.get(user=owner).is_public is False


def test_visibility_toggle_htmx_returns_public_card(owner_client, owner):
    response = owner_client.post(reverse("accounts:profile_visibility"), {"is_public": "true"}, headers=HTMX)
    content = _assert_fragment(response)
    assert 'id="public"' in content
    assert reverse("accounts:profile_public", args=[owner.profile.public_slug]) in content


def test_regenerate_public_link_retires_old_one(owner_client, owner, client):
    owner.profile.is_public = True
    owner.profile.save()
    old_slug = owner.profile.public_slug

    response = owner_client.post(reverse("accounts:profile_public_link_regenerate"))

    assert response.status_code == 302
    new_slug = Profile.objects.get(user=owner).public_slug
    assert new_slug != old_slug
    assert owner_client.get(reverse("accounts:profile_public", args=[old_slug])).status_code == 404
    assert owner_client.get(reverse("accounts:profile_public", args=[new_slug])).status_code == 200


def test_regenerate_public_link_htmx_returns_public_card(owner_client, owner):
    response = owner_client.post(reverse("accounts:profile_public_link_regenerate"), headers=HTMX)
    assert 'id="public"' in _assert_fragment(response)


@pytest.fixture
def public_owner(owner):
    owner.phone_number = "+442079460958"
    owner.save()
    profile = owner.profile
    profile.is_public = True
    profile.headline = "Builder of bridges"
    profile.bio = "I like rivers."
    profile.city = "Porto"
    profile.github_url = "https://github.com/olivia"
    profile.desired_salary_min, profile.desired_salary_max = 123456, 234567
    profile.save()
    ExperienceFactory(profile=profile, title="Bridge Engineer", company="Arches Ltd")
    EducationFactory(profile=profile, institution="Civil School")
    SkillFactory(profile=profile, name="Welding")
    CertificationFactory(profile=profile, name="Chartered Engineer")
    return owner


def test_public_page_shows_profile_to_anyone(client, public_owner):
    response = client.get(reverse("accounts:profile_public", args=[public_owner.profile.public_slug]))
    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Olivia Owner",
        "Builder of bridges",
        "I like rivers.",
        "Porto",
        "https://github.com/olivia",
        "Bridge Engineer",
        "Civil School",
        "Welding",
        "Chartered Engineer",
    ):
        assert text in content


def test_public_page_hides_email_phone_and_salary(client, public_owner):
    content = client.get(reverse("accounts:profile_public", args=[public_owner.profile.public_slug])).content.decode()
    assert "owner@example.com" not in content
    for phone in ("+442079460958", "+44 20 7946 0958", "020 7946 0958"):
        assert phone not in content
    for salary in ("123456", "123,456", "234567", "234,567"):
        assert salary not in content


def test_public_page_lists_items_in_the_owners_order(client, public_owner):
    public_owner.profile.experiences.update(sort_order=5)
    ExperienceFactory(profile=public_owner.profile, title="First Job", company="Early", sort_order=0)
    content = client.get(reverse("accounts:profile_public", args=[public_owner.profile.public_slug])).content.decode()
    assert content.index("First Job") < content.index("Bridge Engineer")


def test_public_page_of_inactive_user_is_404(client, public_owner):
    public_owner.status, public_owner.is_active = "SUSPENDED", False
    public_owner.save()
    assert client.get(reverse("accounts:profile_public", args=[public_owner.profile.public_slug])).status_code == 404


def test_public_page_query_count(client, public_owner, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get(reverse("accounts:profile_public", args=[public_owner.profile.public_slug]))


# --- Settings ------------------------------------------------------------------------------------------------


def test_settings_links_to_account_pages(owner_client):
    response = owner_client.get(reverse("accounts:settings"))
    content = response.content.decode()
    assert response.status_code == 200
    for name in (
        "account_email",
        "account_change_password",
        "mfa_index",
        "usersessions_list",
        "socialaccount_connections",
        "accounts:api_keys",
        "accounts:profile_edit",
    ):
        assert f'href="{reverse(name)}"' in content


# --- API keys ------------------------------------------------------------------------------------------------

API_KEYS_URL = reverse("accounts:api_keys")


def test_api_keys_lists_own_keys_with_status(owner_client, owner, stranger):
    ApiKeyFactory(user=owner, name="ci runner", prefix="ab12cd34")
    ApiKeyFactory(user=owner, name="old laptop", is_active=False, revoked_at=timezone.now())
    ApiKeyFactory(user=owner, name="temp", expires_at=timezone.now() - datetime.timedelta(days=1))
    ApiKeyFactory(user=stranger, name="stranger key")

    content = owner_client.get(API_KEYS_URL).content.decode()

    assert "ci runner" in content and "cc_ab12cd34_…" in content
    assert "Revoked" in content and "Expired" in content and "Active" in content
    assert "stranger key" not in content
    assert "profile:write" in content  # a scope checkbox of the create form


def test_api_key_create_shows_raw_key_once_and_stores_only_hash(owner_client, owner):
    response = owner_client.post(
        API_KEYS_URL, {"name": "ci", "scopes": ["profile:read", "profile:write"], "expires_at": "2099-12-31"}
    )

    assert response.status_code == 200
    raw_key = response.context["raw_key"]
    assert raw_key.startswith("cc_")
    assert raw_key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get(user=owner)
    assert key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in {key.key_hash, key.prefix, key.name}
    assert key.scopes == ["profile:read", "profile:write"]
    # Usable through the whole chosen day in the owner's time zone (UTC here).
    assert key.expires_at == datetime.datetime(2099, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC)
    # Not shown again.
    assert raw_key not in owner_client.get(API_KEYS_URL).content.decode()


def test_api_key_expiry_is_the_end_of_the_day_in_the_users_time_zone(owner_client, owner):
    owner.timezone = "Pacific/Auckland"
    owner.save()
    owner_client.post(API_KEYS_URL, {"name": "ci", "scopes": ["profile:read"], "expires_at": "2099-06-30"})
    expires = ApiKey.objects.get(user=owner).expires_at
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    assert expires.astimezone(auckland).replace(tzinfo=None) == datetime.datetime(2099, 6, 30, 23, 59, 59, 999999)


def test_api_keys_htmx_get_returns_panel(owner_client, owner):
    ApiKeyFactory(user=owner, name="ci runner")
    content = _assert_fragment(owner_client.get(API_KEYS_URL, headers=HTMX))
    assert 'id="api-key-panel"' in content and "ci runner" in content


def test_api_key_create_htmx_returns_panel(owner_client, owner):
    response = owner_client.post(API_KEYS_URL, {"name": "ci", "scopes": ["profile:read"]}, headers=HTMX)
    content = _assert_fragment(response)
    assert 'id="api-key-panel"' in content
    assert response.context["raw_key"] in content
    assert ApiKey.objects.filter(user=owner).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "scopes": ["profile:read"]}, "name"),
        ({"name": "ci", "scopes": []}, "scopes"),
        ({"name": "ci", "scopes": ["billing:admin"]}, "scopes"),
        ({"name": "ci", "scopes": ["profile:read"], "expires_at": "2001-01-01"}, "expires_at"),
    ],
)
def test_api_key_create_invalid_shows_errors_and_creates_nothing(owner_client, owner, data, field):
    response = owner_client.post(API_KEYS_URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not response.context["raw_key"]
    assert not ApiKey.objects.filter(user=owner).exists()


def test_api_key_revoke_get_asks_for_confirmation(owner_client, owner):
    key = ApiKeyFactory(user=owner)
    response = owner_client.get(reverse("accounts:api_key_revoke", args=[key.pk]))
    assert response.status_code == 200
    assert "Revoke key" in response.content.decode()
    key.refresh_from_db()
    assert key.is_active


def test_api_key_revoke(owner_client, owner):
    key = ApiKeyFactory(user=owner)
    response = owner_client.post(reverse("accounts:api_key_revoke", args=[key.pk]))
    assert response.status_code == 302
    assert response.url == API_KEYS_URL
    key.refresh_from_db()
    assert key.is_active is False
    assert key.revoked_at is not None


def test_api_key_revoke_htmx_returns_panel(owner_client, owner):
    key = ApiKeyFactory(user=owner)
    response = owner_client.post(reverse("accounts:api_key_revoke", args=[key.pk]), headers=HTMX)
    assert 'id="api-key-panel"' in _assert_fragment(response)
    key.refresh_from_db()
    assert key.is_active is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_rejects_other_users_api_key(owner_client, stranger, method):
    key = ApiKeyFactory(user=stranger)
    response = getattr(owner_client, method)(reverse("accounts:api_key_revoke", args=[key.pk]))
    assert response.status_code == 404
    key.refresh_from_db()
    assert key.is_active


# --- Notifications --------------------------------------------------------------------------------------------


def test_notifications_lists_own_only(owner_client, owner, stranger):
    NotificationFactory(user=owner, text="Your review is ready")
    NotificationFactory(user=stranger, text="Someone else's news")
    content = owner_client.get(reverse("accounts:notifications")).content.decode()
    assert "Your review is ready" in content
    assert "Someone else" not in content


def test_notifications_htmx_get_returns_panel(owner_client, owner):
    NotificationFactory(user=owner, text="Fresh news")
    content = _assert_fragment(owner_client.get(reverse("accounts:notifications"), headers=HTMX))
    assert 'id="notification-panel"' in content and "Fresh news" in content


def test_mark_all_read_marks_only_own(owner_client, owner, stranger):
    NotificationFactory.create_batch(2, user=owner)
    theirs = NotificationFactory(user=stranger)

    response = owner_client.post(reverse("accounts:notifications_mark_all_read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_htmx_returns_panel(owner_client, owner):
    NotificationFactory(user=owner)
    response = owner_client.post(reverse("accounts:notifications_mark_all_read"), headers=HTMX)
    content = _assert_fragment(response)
    assert 'id="notification-panel"' in content
    assert "Marked 1 notification as read." in content
    assert not Notification.objects.filter(user=owner, read_at__isnull=True).exists()
