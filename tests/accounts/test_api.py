"""The account API (/api/v1/): authentication, scopes, ownership, validation,
error shape and the OpenAPI documents."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from accounts import services
from accounts.models import ApiKey, Certification, Education, Experience, Profile, Skill
from tests.accounts.factories import (
    CertificationFactory,
    EducationFactory,
    ExperienceFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
PROFILE = "/api/v1/profile/"

# kind -> (model, factory, valid POST body, valid PATCH body, a field the PATCH changes)
KINDS = {
    "experiences": (
        Experience,
        ExperienceFactory,
        {"company": "Initech", "title": "Engineer", "start_date": "2021-01-01", "work_mode": "REMOTE"},
        {"title": "Senior engineer"},
        "title",
    ),
    "educations": (
        Education,
        EducationFactory,
        {"institution": "MIT", "degree": "BSc", "start_date": "2010-09-01", "end_date": "2014-06-30"},
        {"degree": "MSc"},
        "degree",
    ),
    "skills": (Skill, SkillFactory, {"name": "Python", "level": "EXPERT"}, {"level": "BEGINNER"}, "level"),
    "certifications": (
        Certification,
        CertificationFactory,
        {"name": "CKA", "issuing_organization": "CNCF", "issue_date": "2022-01-01"},
        {"name": "CKAD"},
        "name",
    ),
}
KIND_NAMES = sorted(KINDS)


def _list_url(kind: str) -> str:
    return f"/api/v1/profile/{kind}/"


def _detail_url(kind: str, pk) -> str:
    return f"/api/v1/profile/{kind}/{pk}/"


def _order_url(kind: str) -> str:
    return f"/api/v1/profile/{kind}/order/"


def _send(client, method: str, url: str, data=None, **kwargs):
    body = json.dumps(data) if data is not None else None
    return getattr(client, method)(url, body, content_type="application/json", **kwargs)


def _bearer(raw_key: str) -> dict:
    return {"headers": {"Authorization": f"Bearer {raw_key}"}}


def _assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"]
    return error


@pytest.fixture
def read_key(owner) -> str:
    _, raw_key = services.api_key_create(user=owner, name="reader", scopes=["profile:read"])
    return raw_key


@pytest.fixture
def write_key(owner) -> str:
    _, raw_key = services.api_key_create(user=owner, name="writer", scopes=["profile:write"])
    return raw_key


# --- Authentication ----------------------------------------------------------------------------------------


def test_session_auth_works(owner_client, owner):
    response = owner_client.get(ME)
    assert response.status_code == 200
    assert response.json()["email"] == owner.email
    assert response.json()["id"] == str(owner.pk)


@pytest.mark.parametrize("url", [ME, PROFILE, _list_url("skills")])
def test_requires_credentials(client, url):
    response = client.get(url)
    error = _assert_error(response, 401)
    assert error["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_key_in_bearer_header_works_and_records_use(client, owner):
    api_key, raw_key = services.api_key_create(user=owner, name="cli", scopes=["profile:read"])
    assert api_key.last_used_at is None
    response = client.get(ME, **_bearer(raw_key))
    assert response.status_code == 200
    assert response.json()["email"] == owner.email
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_api_key_in_x_api_key_header_works(client, owner, read_key):
    response = client.get(ME, headers={"X-Api-Key": read_key})
    assert response.status_code == 200
    assert response.json()["email"] == owner.email


def test_revoked_key_is_refused(client, owner):
    api_key, raw_key = services.api_key_create(user=owner, name="cli", scopes=["profile:read"])
    services.api_key_revoke(api_key=api_key)
    error = _assert_error(client.get(ME, **_bearer(raw_key)), 401)
    assert error["code"] == "authentication_failed"


def test_expired_key_is_refused(client, owner):
    api_key, raw_key = services.api_key_create(
        user=owner, name="cli", scopes=["profile:read"], expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(ME, **_bearer(raw_key)).status_code == 200
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _assert_error(client.get(ME, **_bearer(raw_key)), 401)


def test_key_of_suspended_user_is_refused(client, owner, read_key):
    services.user_suspend(user=owner, reason="Spam")
    _assert_error(client.get(ME, **_bearer(read_key)), 401)


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer garbage"},
        {"Authorization": "Bearer cc_00000000_notarealkeyatall"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer two parts"},
        {"X-Api-Key": "cc_00000000_notarealkeyatall"},
    ],
)
def test_wrong_key_is_refused(client, owner, read_key, headers):
    _assert_error(client.get(ME, headers=headers), 401)


def test_wrong_key_is_refused_even_with_a_session(owner_client):
    """A bad key is an error, not a reason to fall back to the cookie."""
    _assert_error(owner_client.get(ME, **_bearer("cc_00000000_notarealkeyatall")), 401)


def test_read_scope_can_read(client, owner, read_key):
    SkillFactory(profile=owner.profile)
    assert client.get(PROFILE, **_bearer(read_key)).status_code == 200
    assert client.get(_list_url("skills"), **_bearer(read_key)).status_code == 200


def test_write_scope_implies_read(client, owner, write_key):
    skill = SkillFactory(profile=owner.profile)
    assert client.get(ME, **_bearer(write_key)).status_code == 200
    assert client.get(PROFILE, **_bearer(write_key)).status_code == 200
    assert client.get(_detail_url("skills", skill.pk), **_bearer(write_key)).status_code == 200


def test_write_scope_can_write(client, owner, write_key):
    response = _send(client, "patch", PROFILE, {"headline": "Builder"}, **_bearer(write_key))
    assert response.status_code == 200
    assert Profile.objects.get(user=owner).headline == "Builder"


def test_key_with_another_resource_scope_is_refused(client, owner, monkeypatch):
    from accounts import scopes

    monkeypatch.setitem(scopes._SCOPES, "jobs:read", "test scope")
    _, raw_key = services.api_key_create(user=owner, name="jobs only", scopes=["jobs:read"])
    _assert_error(client.get(ME, **_bearer(raw_key)), 403)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_read_scope_cannot_write(client, owner, read_key, kind):
    model, factory, create_body, patch_body, field = KINDS[kind]
    item = factory(profile=owner.profile)
    before = getattr(item, field)
    attempts = [
        ("post", _list_url(kind), create_body),
        ("patch", _detail_url(kind, item.pk), patch_body),
        ("delete", _detail_url(kind, item.pk), None),
        ("put", _order_url(kind), {"ids": [str(item.pk)]}),
        ("patch", PROFILE, {"headline": "nope"}),
        ("put", PROFILE, {"headline": "nope"}),
    ]
    for method, url, body in attempts:
        error = _assert_error(_send(client, method, url, body, **_bearer(read_key)), 403)
        assert "profile:write" in error["message"]
    assert model.objects.filter(profile=owner.profile).count() == 1
    item.refresh_from_db()
    assert getattr(item, field) == before
    assert Profile.objects.get(user=owner).headline != "nope"


# --- Me and profile ---------------------------------------------------------------------------------------------


def test_me_is_read_only(owner_client):
    _assert_error(_send(owner_client, "patch", ME, {"first_name": "X"}), 405)


def test_profile_get(owner_client, owner):
    Profile.objects.filter(user=owner).update(headline="Data person", desired_salary_min=50_000)
    data = owner_client.get(PROFILE).json()
    assert data["headline"] == "Data person"
    assert data["first_name"] == "Olivia"
    assert data["desired_salary_min"] == 50_000
    assert data["avatar_url"] is None
    assert data["public_url"] is None


def test_profile_public_url_when_public(owner_client, owner):
    response = _send(owner_client, "patch", PROFILE, {"is_public": True})
    assert response.status_code == 200
    slug = Profile.objects.get(user=owner).public_slug
    assert response.json()["public_url"] == f"/p/{slug}/"


def test_profile_get_creates_a_missing_profile(client):
    user = UserFactory(with_profile=False)
    client.force_login(user)
    assert client.get(PROFILE).status_code == 200
    assert Profile.objects.filter(user=user).exists()


def test_profile_patch(owner_client, owner):
    response = _send(
        owner_client,
        "patch",
        PROFILE,
        {"headline": "Backend engineer", "first_name": "Liv", "desired_job_types": ["FULL_TIME", "CONTRACT"]},
    )
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == "Backend engineer"
    profile = Profile.objects.select_related("user").get(user=owner)
    assert profile.headline == "Backend engineer"
    assert profile.desired_job_types == ["FULL_TIME", "CONTRACT"]
    assert profile.user.first_name == "Liv"


def test_profile_put(owner_client, owner):
    body = {"headline": "Analyst", "city": "Lisbon", "desired_salary_min": 10, "desired_salary_max": 20}
    response = _send(owner_client, "put", PROFILE, body)
    assert response.status_code == 200, response.content
    profile = Profile.objects.get(user=owner)
    assert (profile.headline, profile.city, profile.desired_salary_max) == ("Analyst", "Lisbon", 20)


def test_profile_rejects_salary_max_below_min(owner_client, owner):
    response = _send(owner_client, "patch", PROFILE, {"desired_salary_min": 90_000, "desired_salary_max": 50_000})
    error = _assert_error(response, 400)
    assert "desired_salary_max" in error["fields"]
    assert Profile.objects.get(user=owner).desired_salary_min is None


def test_profile_rejects_salary_max_below_stored_min(owner_client, owner):
    Profile.objects.filter(user=owner).update(desired_salary_min=90_000)
    error = _assert_error(_send(owner_client, "patch", PROFILE, {"desired_salary_max": 50_000}), 400)
    assert "desired_salary_max" in error["fields"]
    assert Profile.objects.get(user=owner).desired_salary_max is None


def test_profile_rejection_saves_nothing_of_the_user(owner_client, owner):
    body = {"first_name": "Changed", "desired_salary_min": 90_000, "desired_salary_max": 50_000}
    _assert_error(_send(owner_client, "patch", PROFILE, body), 400)
    owner.refresh_from_db()
    assert owner.first_name == "Olivia"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"desired_work_mode": "UNDERWATER"}, "desired_work_mode"),
        ({"desired_job_types": ["GIG"]}, "desired_job_types"),
        ({"linkedin_url": "not a url"}, "linkedin_url"),
        ({"years_of_experience": -1}, "years_of_experience"),
        ({"available_start_date": "next tuesday"}, "available_start_date"),
        ({"first_name": "x" * 151}, "first_name"),
    ],
)
def test_profile_rejects_invalid_fields(owner_client, owner, body, field):
    error = _assert_error(_send(owner_client, "patch", PROFILE, body), 400)
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_profile_ignores_read_only_fields(owner_client, owner):
    slug = owner.profile.public_slug
    response = _send(owner_client, "patch", PROFILE, {"public_slug": "mine", "avatar_url": "http://x", "headline": "a"})
    assert response.status_code == 200
    assert Profile.objects.get(user=owner).public_slug == slug


@pytest.mark.parametrize("body", ['{"headline": ', "not json", "[1, 2"])
def test_malformed_json_is_a_400(owner_client, owner, body):
    response = owner_client.patch(PROFILE, body, content_type="application/json")
    error = _assert_error(response, 400)
    assert error["code"] == "parse_error"
    assert "JSON" in error["message"]


def test_json_list_body_is_a_400(owner_client):
    error = _assert_error(_send(owner_client, "patch", PROFILE, ["headline"]), 400)
    assert error["code"] == "invalid"


def test_form_encoded_body_is_a_415(owner_client):
    response = owner_client.patch(PROFILE, "headline=x", content_type="application/x-www-form-urlencoded")
    _assert_error(response, 415)


# --- Profile items ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_list_shows_only_own_items_in_order(owner_client, owner, stranger, kind):
    _, factory, *_ = KINDS[kind]
    second = factory(profile=owner.profile, sort_order=1)
    first = factory(profile=owner.profile, sort_order=0)
    factory(profile=stranger.profile)
    response = owner_client.get(_list_url(kind))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(first.pk), str(second.pk)]


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_list_query_count_is_bounded(owner_client, owner, kind, django_assert_max_num_queries):
    _, factory, *_ = KINDS[kind]
    owner_client.get(ME)  # the first request registers the session (allauth usersessions)
    for _ in range(20):
        factory(profile=owner.profile)
    with django_assert_max_num_queries(8):
        response = owner_client.get(_list_url(kind))
    assert len(response.json()) == 20


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_list_query_count_is_bounded_with_api_key(client, owner, read_key, kind, django_assert_max_num_queries):
    _, factory, *_ = KINDS[kind]
    for _ in range(20):
        factory(profile=owner.profile)
    with django_assert_max_num_queries(3):
        response = client.get(_list_url(kind), **_bearer(read_key))
    assert len(response.json()) == 20


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_create_appends(owner_client, owner, kind):
    model, factory, create_body, *_ = KINDS[kind]
    factory(profile=owner.profile, sort_order=4)
    response = _send(owner_client, "post", _list_url(kind), create_body)
    assert response.status_code == 201, response.content
    data = response.json()
    item = model.objects.get(pk=data["id"])
    assert item.profile == owner.profile
    assert item.sort_order == 5
    assert data["sort_order"] == 5


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_create_ignores_read_only_fields(owner_client, owner, kind):
    model, _, create_body, *_ = KINDS[kind]
    body = {**create_body, "id": "00000000-0000-0000-0000-000000000001", "sort_order": 99}
    response = _send(owner_client, "post", _list_url(kind), body)
    assert response.status_code == 201
    item = model.objects.get(pk=response.json()["id"])
    assert str(item.pk) != body["id"]
    assert item.sort_order == 0


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_item_get_patch_delete(owner_client, owner, kind):
    model, factory, _, patch_body, field = KINDS[kind]
    item = factory(profile=owner.profile)
    url = _detail_url(kind, item.pk)
    assert owner_client.get(url).json()["id"] == str(item.pk)
    response = _send(owner_client, "patch", url, patch_body)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert getattr(item, field) == patch_body[field]
    assert owner_client.delete(url).status_code == 204
    assert not model.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_another_users_item_is_not_found(owner_client, stranger, kind):
    model, factory, _, patch_body, field = KINDS[kind]
    item = factory(profile=stranger.profile)
    before = getattr(item, field)
    url = _detail_url(kind, item.pk)
    for method, body in [("get", None), ("patch", patch_body), ("delete", None)]:
        error = _assert_error(_send(owner_client, method, url, body), 404)
        assert error["code"] == "not_found"
    item.refresh_from_db()
    assert getattr(item, field) == before


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_another_users_item_is_not_found_with_api_key(client, stranger, write_key, kind):
    model, factory, *_ = KINDS[kind]
    item = factory(profile=stranger.profile)
    _assert_error(client.delete(_detail_url(kind, item.pk), **_bearer(write_key)), 404)
    assert model.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_missing_item_is_not_found(owner_client, kind):
    _assert_error(owner_client.get(_detail_url(kind, "00000000-0000-0000-0000-000000000000")), 404)


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_non_uuid_item_id_is_a_json_404(owner_client, kind):
    _assert_error(owner_client.get(_detail_url(kind, "12")), 404)


@pytest.mark.parametrize(
    "kind, body, field",
    [
        (
            "experiences",
            {"company": "A", "title": "B", "start_date": "2022-01-01", "end_date": "2021-01-01"},
            "end_date",
        ),
        (
            "experiences",
            {"company": "A", "title": "B", "start_date": "2022-01-01", "end_date": "2023-01-01", "is_current": True},
            "end_date",
        ),
        ("experiences", {"company": "A", "title": "B", "start_date": "2022-01-01", "work_mode": "MOON"}, "work_mode"),
        ("experiences", {"company": "A", "title": "B"}, "start_date"),
        (
            "experiences",
            {"company": "A", "title": "B", "start_date": "2022-01-01", "achievements": [None]},
            "achievements",
        ),
        (
            "educations",
            {"institution": "A", "degree": "B", "start_date": "2020-01-01", "end_date": "2019-01-01"},
            "end_date",
        ),
        ("educations", {"institution": "A", "degree": "B", "gpa": "11"}, "gpa"),
        ("skills", {"name": "Go", "level": "GURU"}, "level"),
        ("skills", {"name": ""}, "name"),
        (
            "certifications",
            {"name": "A", "issuing_organization": "B", "issue_date": "2022-01-01", "expiry_date": "2021-01-01"},
            "expiry_date",
        ),
        (
            "certifications",
            {"name": "A", "issuing_organization": "B", "does_not_expire": True, "expiry_date": "2030-01-01"},
            "expiry_date",
        ),
        ("certifications", {"name": "A", "issuing_organization": "B", "credential_url": "nope"}, "credential_url"),
    ],
)
def test_item_create_rejects_invalid_fields(owner_client, owner, kind, body, field):
    model = KINDS[kind][0]
    error = _assert_error(_send(owner_client, "post", _list_url(kind), body), 400)
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert not model.objects.filter(profile=owner.profile).exists()


def test_skill_name_is_unique_case_insensitively(owner_client, owner):
    SkillFactory(profile=owner.profile, name="Python")
    error = _assert_error(_send(owner_client, "post", _list_url("skills"), {"name": "python"}), 400)
    assert "name" in error["fields"]
    assert Skill.objects.filter(profile=owner.profile).count() == 1


def test_skill_rename_to_existing_name_is_refused(owner_client, owner):
    SkillFactory(profile=owner.profile, name="Python")
    go = SkillFactory(profile=owner.profile, name="Go")
    error = _assert_error(_send(owner_client, "patch", _detail_url("skills", go.pk), {"name": "PYTHON"}), 400)
    assert "name" in error["fields"]
    go.refresh_from_db()
    assert go.name == "Go"


def test_skill_rename_keeping_its_own_name_is_fine(owner_client, owner):
    skill = SkillFactory(profile=owner.profile, name="Python")
    response = _send(owner_client, "patch", _detail_url("skills", skill.pk), {"name": "python"})
    assert response.status_code == 200


def test_same_skill_name_on_another_profile_is_fine(owner_client, owner, stranger):
    SkillFactory(profile=stranger.profile, name="Python")
    assert _send(owner_client, "post", _list_url("skills"), {"name": "Python"}).status_code == 201


def test_experience_patch_checks_against_stored_dates(owner_client, owner):
    item = ExperienceFactory(profile=owner.profile, start_date=datetime.date(2020, 1, 1), end_date=None)
    error = _assert_error(
        _send(owner_client, "patch", _detail_url("experiences", item.pk), {"end_date": "2019-01-01"}), 400
    )
    assert "end_date" in error["fields"]
    item.refresh_from_db()
    assert item.end_date is None


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_reorder(owner_client, owner, kind):
    model, factory, *_ = KINDS[kind]
    a, b, c = (factory(profile=owner.profile, sort_order=i) for i in range(3))
    response = _send(owner_client, "put", _order_url(kind), {"ids": [str(c.pk), str(a.pk), str(b.pk)]})
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()] == [str(c.pk), str(a.pk), str(b.pk)]
    ordered = list(model.objects.filter(profile=owner.profile).order_by("sort_order").values_list("pk", flat=True))
    assert ordered == [c.pk, a.pk, b.pk]


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_reorder_with_ids_not_all_yours_changes_nothing(owner_client, owner, stranger, kind):
    model, factory, *_ = KINDS[kind]
    a, b = factory(profile=owner.profile, sort_order=0), factory(profile=owner.profile, sort_order=1)
    theirs = factory(profile=stranger.profile, sort_order=0)
    for ids in ([b.pk, theirs.pk, a.pk], [b.pk, theirs.pk], [b.pk], [b.pk, a.pk, a.pk]):
        error = _assert_error(_send(owner_client, "put", _order_url(kind), {"ids": [str(i) for i in ids]}), 400)
        assert "exactly once" in error["message"]
    assert list(model.objects.filter(profile=owner.profile).order_by("sort_order").values_list("pk", flat=True)) == [
        a.pk,
        b.pk,
    ]
    theirs.refresh_from_db()
    assert theirs.sort_order == 0


@pytest.mark.parametrize("body", [{}, {"ids": "abc"}, {"ids": ["not-a-uuid"]}, {"ids": None}])
def test_reorder_rejects_malformed_ids(owner_client, body):
    error = _assert_error(_send(owner_client, "put", _order_url("skills"), body), 400)
    assert "ids" in error["fields"]


# --- Errors and documents ---------------------------------------------------------------------------------


def test_unknown_api_path_is_a_json_404(owner_client):
    _assert_error(owner_client.get("/api/v1/nope/"), 404)


def test_unknown_api_path_is_a_json_404_for_anonymous(client):
    _assert_error(client.get("/api/v1/nope/"), 404)


def test_schema_is_valid_openapi_with_all_paths(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)
    paths = set(schema["paths"])
    assert {"/api/v1/me/", "/api/v1/profile/"} <= paths
    for kind in KIND_NAMES:
        assert {
            f"/api/v1/profile/{kind}/",
            f"/api/v1/profile/{kind}/{{item_id}}/",
            f"/api/v1/profile/{kind}/order/",
        } <= paths
    create = schema["paths"]["/api/v1/profile/skills/"]["post"]["responses"]
    assert "201" in create
    reorder = schema["paths"]["/api/v1/profile/skills/order/"]["put"]["responses"]["200"]
    assert reorder["content"]["application/json"]["schema"]["type"] == "array"
    assert "ApiKeyAuth" in schema["components"]["securitySchemes"]


def test_docs_render_without_a_cdn(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "drf_spectacular_sidecar" in body
    assert "cdn.jsdelivr.net" not in body
    assert "unpkg.com" not in body
