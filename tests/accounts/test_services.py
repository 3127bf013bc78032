"""Profile services: updates (atomic across user and profile), avatar, visibility, and the
ordering of experience / education / skills / certifications."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services
from accounts.models import Experience, Profile, Skill
from tests.accounts.factories import ExperienceFactory, SkillFactory

pytestmark = pytest.mark.django_db


def _upload(name="me.png", size=(80, 60), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _order(profile, model=Skill) -> list:
    return list(model.objects.filter(profile=profile).order_by("sort_order").values_list("name", flat=True))


# --- profile_update --------------------------------------------------------------------------


def test_profile_update_writes_profile_and_user_fields(owner):
    profile = services.profile_update(
        profile=owner.profile, data={"headline": "Hello", "first_name": "Liv", "timezone": "Asia/Tokyo"}
    )
    owner.refresh_from_db()
    profile.refresh_from_db()
    assert (profile.headline, owner.first_name, owner.timezone) == ("Hello", "Liv", "Asia/Tokyo")


def test_profile_update_is_atomic_across_user_and_profile(owner):
    with pytest.raises(ValidationError) as excinfo:
        services.profile_update(
            profile=owner.profile,
            data={"first_name": "Changed", "desired_salary_min": 100, "desired_salary_max": 50},
        )
    assert "desired_salary_max" in excinfo.value.message_dict
    owner.refresh_from_db()
    assert owner.first_name == "Olivia"
    assert Profile.objects.get(user=owner).desired_salary_min is None


def test_profile_update_reports_taken_phone_number_on_its_field(owner, stranger):
    stranger.phone_number = "+442079460958"
    stranger.save()
    with pytest.raises(ValidationError) as excinfo:
        services.profile_update(profile=owner.profile, data={"phone_number": "+442079460958"})
    assert "phone_number" in excinfo.value.message_dict


@pytest.mark.parametrize("field", ["avatar", "public_slug", "user"])
def test_profile_update_refuses_protected_fields(owner, field):
    with pytest.raises(ValidationError):
        services.profile_update(profile=owner.profile, data={field: "x"})


# --- Avatar ----------------------------------------------------------------------------------------


def test_avatar_set_stores_square_webp(owner):
    profile = services.profile_avatar_set(profile=owner.profile, upload=_upload())
    profile.refresh_from_db()
    assert profile.avatar.name.startswith("avatars/") and profile.avatar.name.endswith(".webp")
    with Image.open(profile.avatar.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (512, 512))


def test_avatar_set_deletes_the_previous_file_after_commit(owner, django_capture_on_commit_callbacks):
    first = services.profile_avatar_set(profile=owner.profile, upload=_upload()).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_avatar_set(profile=owner.profile, upload=_upload())
    assert not default_storage.exists(first)
    assert default_storage.exists(Profile.objects.get(user=owner).avatar.name)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"GIF89a but not really" * 10, content_type="image/png"),
        SimpleUploadedFile("x.png", b"", content_type="image/png"),
    ],
)
def test_avatar_set_rejects_non_images_and_writes_nothing(owner, upload):
    with pytest.raises(ValidationError):
        services.profile_avatar_set(profile=owner.profile, upload=upload)
    assert not Profile.objects.get(user=owner).avatar
    assert not default_storage.exists("avatars") or not default_storage.listdir("avatars")[1]


def test_avatar_set_rejects_files_over_the_limit(owner, settings):
    settings.AVATAR_MAX_BYTES = 500
    with pytest.raises(ValidationError) as excinfo:
        services.profile_avatar_set(profile=owner.profile, upload=_upload(size=(100, 100)))
    assert excinfo.value.code == "too_large"
    assert not Profile.objects.get(user=owner).avatar


def test_avatar_remove_clears_the_field_and_the_file(owner, django_capture_on_commit_callbacks):
    name = services.profile_avatar_set(profile=owner.profile, upload=_upload()).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_avatar_remove(profile=owner.profile)
    assert not Profile.objects.get(user=owner).avatar
    assert not default_storage.exists(name)


# --- Visibility ----------------------------------------------------------------------------------


def test_profile_is_private_until_made_public(owner):
    assert owner.profile.is_public is False
    services.profile_visibility_set(profile=owner.profile, is_public=True)
    assert Profile.objects.get(user=owner).is_public is True


def test_regenerating_the_public_link_changes_the_slug(owner):
    old = owner.profile.public_slug
    services.profile_public_link_regenerate(profile=owner.profile)
    new = Profile.objects.get(user=owner).public_slug
    assert new != old and len(new) >= 24


# --- Item ordering -----------------------------------------------------------------------------------


def test_item_create_appends_at_the_end_per_profile(owner, stranger):
    SkillFactory(profile=stranger.profile, name="Theirs", sort_order=9)
    a = services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "A"})
    b = services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "B"})
    assert (a.sort_order, b.sort_order) == (0, 1)


def test_item_create_validates_and_writes_nothing(owner):
    with pytest.raises(ValidationError):
        services.profile_item_create(
            profile=owner.profile,
            model=Experience,
            data={
                "company": "X",
                "title": "Y",
                "start_date": datetime.date(2022, 1, 1),
                "end_date": datetime.date(2021, 1, 1),
            },
        )
    assert not Experience.objects.exists()


def test_item_create_enforces_unique_skill_names_ignoring_case(owner):
    services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "Python"})
    with pytest.raises(ValidationError):
        services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "python"})


def test_item_move_up_and_down(owner):
    for n, name in enumerate("ABC"):
        SkillFactory(profile=owner.profile, name=name, sort_order=n)
    c = Skill.objects.get(name="C")
    services.profile_item_move(item=c, offset=-1)
    assert _order(owner.profile) == ["A", "C", "B"]
    services.profile_item_move(item=Skill.objects.get(name="A"), offset=1)
    assert _order(owner.profile) == ["C", "A", "B"]


def test_item_move_stops_at_the_ends(owner):
    for n, name in enumerate("AB"):
        SkillFactory(profile=owner.profile, name=name, sort_order=n)
    services.profile_item_move(item=Skill.objects.get(name="A"), offset=-1)
    services.profile_item_move(item=Skill.objects.get(name="B"), offset=5)
    assert _order(owner.profile) == ["A", "B"]


def test_item_move_closes_gaps_and_leaves_other_profiles_alone(owner, stranger):
    for order, name in ((0, "A"), (5, "B"), (9, "C")):
        SkillFactory(profile=owner.profile, name=name, sort_order=order)
    theirs = SkillFactory(profile=stranger.profile, name="T", sort_order=7)

    services.profile_item_move(item=Skill.objects.get(name="C"), offset=-1)

    assert list(
        Skill.objects.filter(profile=owner.profile).order_by("sort_order").values_list("name", "sort_order")
    ) == [
        ("A", 0),
        ("C", 1),
        ("B", 2),
    ]
    theirs.refresh_from_db()
    assert theirs.sort_order == 7


def test_item_update_refuses_to_move_an_item_to_another_profile(owner, stranger):
    item = ExperienceFactory(profile=owner.profile)
    with pytest.raises(ValidationError):
        services.profile_item_update(item=item, data={"profile": stranger.profile})
    with pytest.raises(ValidationError):
        services.profile_item_update(item=item, data={"sort_order": 99})


def test_item_delete(owner):
    item = SkillFactory(profile=owner.profile)
    services.profile_item_delete(item=item)
    assert not Skill.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("field", ["profile", "sort_order", "id", "endorsements"])
def test_item_services_refuse_fields_a_user_does_not_edit(owner, field):
    from django.core.exceptions import ValidationError

    from accounts import services
    from accounts.models import Skill

    skill = services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "Go"})
    with pytest.raises(ValidationError):
        services.profile_item_update(item=skill, data={field: 5})
    with pytest.raises(ValidationError):
        services.profile_item_create(profile=owner.profile, model=Skill, data={"name": "Rust", field: 5})
    skill.refresh_from_db()
    assert (skill.sort_order, skill.endorsements) == (0, 0)
    assert Skill.objects.filter(profile=owner.profile).count() == 1
