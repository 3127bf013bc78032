"""Back office: every accounts/coaching model has a working admin, and the
moderation actions go through the services (status, sessions, verification)."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import ApiKey, Profile, User
from coaching import services as coaching_services
from coaching.models import MentorProfile
from tests.accounts.factories import (
    ApiKeyFactory,
    CertificationFactory,
    EducationFactory,
    ExperienceFactory,
    NotificationFactory,
    SkillFactory,
    UserFactory,
)
from tests.coaching.factories import (
    AssessmentFactory,
    ConversationFactory,
    CoverLetterFactory,
    GenerationFactory,
    GoalFactory,
    GoalMilestoneFactory,
    IndustryInsightFactory,
    MessageFactory,
    MockInterviewFactory,
    ReviewCommentFactory,
    ReviewRequestFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

USER_CHANGELIST = reverse("admin:accounts_user_changelist")


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True, role=User.Role.ADMIN)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    # The first request registers the session with allauth's usersessions (an INSERT
    # instead of the usual UPDATE): make it here so query counts are the steady state.
    client.get(reverse("admin:index"))
    return client


def _mentor_profile():
    user = UserFactory(role=User.Role.MENTOR)
    return MentorProfile.objects.create(user=user, headline="Staff engineer", expertise=["python"])


# One way to make a row of each registered model.
MAKERS = {
    "accounts.user": lambda: UserFactory(),
    "accounts.profile": lambda: UserFactory().profile,
    "accounts.experience": lambda: ExperienceFactory(),
    "accounts.education": lambda: EducationFactory(),
    "accounts.skill": lambda: SkillFactory(),
    "accounts.certification": lambda: CertificationFactory(),
    "accounts.apikey": lambda: ApiKeyFactory(),
    "accounts.notification": lambda: NotificationFactory(),
    "coaching.mentorprofile": _mentor_profile,
    "coaching.reviewrequest": lambda: ReviewRequestFactory(),
    "coaching.reviewcomment": lambda: ReviewCommentFactory(),
    "coaching.conversation": lambda: ConversationFactory(),
    "coaching.message": lambda: MessageFactory(),
    "coaching.mockinterview": lambda: MockInterviewFactory(),
    "coaching.assessment": lambda: AssessmentFactory(),
    "coaching.coverletter": lambda: CoverLetterFactory(),
    "coaching.goal": lambda: GoalFactory(),
    "coaching.goalmilestone": lambda: GoalMilestoneFactory(),
    "coaching.story": lambda: StoryFactory(),
    "coaching.industryinsight": lambda: IndustryInsightFactory(),
    "coaching.generation": lambda: GenerationFactory(),
}
# Rows that come only from services (users create keys; profiles come with users; the AI
# coach's rows are written by generations, and admins only read or delete them).
NO_ADD_PAGE = {
    "accounts.profile", "accounts.apikey", "coaching.mentorprofile", "coaching.reviewrequest", "coaching.reviewcomment",
    "coaching.conversation", "coaching.message", "coaching.mockinterview", "coaching.assessment",
    "coaching.coverletter", "coaching.goal", "coaching.goalmilestone", "coaching.story", "coaching.industryinsight",
    "coaching.generation",
}
# Singletons with their own page and tests (tests/coaching/test_ai_admin.py).
SINGLETONS = {"coaching.aisettings"}


def _url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def test_every_accounts_and_coaching_model_is_registered():
    models = [*apps.get_app_config("accounts").get_models(), *apps.get_app_config("coaching").get_models()]
    assert {m._meta.label_lower for m in models} == set(MAKERS) | SINGLETONS
    for model in models:
        assert admin.site.is_registered(model), model


# --- Smoke tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_renders(superuser_client, label):
    MAKERS[label]()
    response = superuser_client.get(_url(label, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_search_renders(superuser_client, label):
    MAKERS[label]()
    response = superuser_client.get(_url(label, "changelist"), {"q": "example"})
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_change_page_renders(superuser_client, label):
    obj = MAKERS[label]()
    response = superuser_client.get(_url(label, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(set(MAKERS) - NO_ADD_PAGE))
def test_add_page_renders(superuser_client, label):
    response = superuser_client.get(_url(label, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("label", sorted(NO_ADD_PAGE))
def test_add_is_refused(superuser_client, label):
    response = superuser_client.get(_url(label, "changelist"))
    assert response.context["has_add_permission"] is False
    model = apps.get_model(label)
    assert admin.site.get_model_admin(model).has_add_permission(response.wsgi_request) is False


@pytest.mark.parametrize("label", sorted(MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, label):
    MAKERS[label]()
    with CaptureQueriesContext(connection) as one_row:
        assert superuser_client.get(_url(label, "changelist")).status_code == 200
    for _ in range(10):
        MAKERS[label]()
    with CaptureQueriesContext(connection) as many_rows:
        assert superuser_client.get(_url(label, "changelist")).status_code == 200
    assert len(many_rows) == len(one_row)


def test_user_changelist_query_count_is_bounded(superuser_client, django_assert_max_num_queries):
    UserFactory.create_batch(20)
    with django_assert_max_num_queries(10):
        response = superuser_client.get(USER_CHANGELIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 21


def test_user_change_page_shows_profile_inline(superuser_client, owner):
    response = superuser_client.get(_url("accounts.user", "change", owner.pk))
    assert response.status_code == 200
    assert "profile-0-headline" in response.content.decode() or "profile-TOTAL_FORMS" in response.content.decode()


def test_profile_change_page_shows_item_inlines(superuser_client, owner):
    ExperienceFactory(profile=owner.profile, company="Initech")
    SkillFactory(profile=owner.profile, name="Django")
    response = superuser_client.get(_url("accounts.profile", "change", owner.profile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Initech" in body
    assert "Django" in body


def test_add_user_creates_user_with_profile(superuser_client):
    response = superuser_client.post(
        _url("accounts.user", "add"),
        {"email": "New.Person@Example.com", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="New.Person@example.com")
    assert user.check_password("a-long-pass-phrase-42")
    assert Profile.objects.filter(user=user).exists()
    # The admin vouches for the address, so the user is not asked to verify it.
    assert user.emailaddress_set.get().verified


def test_add_user_rejects_email_differing_only_in_case(superuser_client, owner):
    response = superuser_client.post(
        _url("accounts.user", "add"),
        {"email": "OWNER@example.com", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"},
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="owner@example.com").count() == 1


def test_change_form_cannot_edit_status(superuser_client, owner):
    """Status fields are read-only: the actions are the only way to change them."""
    form = superuser_client.get(_url("accounts.user", "change", owner.pk)).context["adminform"].form
    assert "status" not in form.fields
    assert "is_active" not in form.fields
    assert "status_reason" not in form.fields


def test_api_key_change_page_never_shows_the_hash(superuser_client):
    api_key, _ = services.api_key_create(user=UserFactory(), name="CI", scopes=["profile:read"])
    response = superuser_client.get(_url("accounts.apikey", "change", api_key.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert api_key.key_hash not in body
    assert api_key.prefix in body
    assert "key_hash" not in response.context["adminform"].form.fields


# --- Saving change forms -------------------------------------------------------------------------------------


def _form_fields(form) -> dict:
    """What a browser would post back for ``form`` as rendered."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)
    return data


def _change_form_data(response, **changes) -> dict:
    data = _form_fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_fields(formset.management_form))
        for form in formset.initial_forms:
            data.update(_form_fields(form))
    data.update(changes)
    return data


def test_user_change_form_saves_user_and_profile(superuser_client, owner):
    url = _url("accounts.user", "change", owner.pk)
    data = _change_form_data(superuser_client.get(url), first_name="Liv", **{"profile-0-headline": "Analyst"})
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    owner.refresh_from_db()
    assert owner.first_name == "Liv"
    assert owner.profile.headline == "Analyst"


def test_user_change_form_ignores_posted_status(superuser_client, owner):
    url = _url("accounts.user", "change", owner.pk)
    data = _change_form_data(superuser_client.get(url), status="SUSPENDED", is_active="")
    assert superuser_client.post(url, data).status_code == 302
    owner.refresh_from_db()
    assert owner.status == User.Status.ACTIVE
    assert owner.is_active is True


def test_profile_change_form_saves_items(superuser_client, owner):
    skill = SkillFactory(profile=owner.profile, name="Django")
    url = _url("accounts.profile", "change", owner.profile.pk)
    response = superuser_client.get(url)
    data = _change_form_data(response, **{"skills-0-name": "Flask"})
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.name == "Flask"


def test_experience_change_form_rejects_end_before_start(superuser_client):
    item = ExperienceFactory()
    url = _url("accounts.experience", "change", item.pk)
    data = _change_form_data(superuser_client.get(url), start_date="2022-01-01", end_date="2021-01-01")
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.end_date != datetime.date(2021, 1, 1)


def test_skill_inline_rejects_duplicate_name(superuser_client, owner):
    SkillFactory(profile=owner.profile, name="Django", sort_order=0)
    other = SkillFactory(profile=owner.profile, name="Flask", sort_order=1)
    url = _url("accounts.profile", "change", owner.profile.pk)
    data = _change_form_data(superuser_client.get(url), **{"skills-1-name": "DJANGO"})
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert "already has a skill with this name" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Flask"


def test_skill_change_form_rejects_duplicate_name(superuser_client, owner):
    SkillFactory(profile=owner.profile, name="Django")
    other = SkillFactory(profile=owner.profile, name="Flask")
    url = _url("accounts.skill", "change", other.pk)
    response = superuser_client.post(url, _change_form_data(superuser_client.get(url), name="django"))
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.name == "Flask"


def test_skill_change_form_keeps_own_name_in_other_case(superuser_client, owner):
    skill = SkillFactory(profile=owner.profile, name="Django")
    url = _url("accounts.skill", "change", skill.pk)
    response = superuser_client.post(url, _change_form_data(superuser_client.get(url), name="DJANGO"))
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.name == "DJANGO"


# --- Access -----------------------------------------------------------------------------------------


def test_anonymous_is_redirected_to_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_non_staff_user_is_redirected(owner_client):
    response = owner_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert owner_client.get(USER_CHANGELIST).status_code == 302


# --- User actions -------------------------------------------------------------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _logged_in_client(user: User) -> Client:
    other = Client()
    other.force_login(user)
    # A request through the middleware registers the session with allauth's usersessions.
    assert other.get("/api/v1/me/").status_code == 200
    return other


def test_suspend_asks_for_a_reason_first(superuser_client, owner):
    response = superuser_client.post(USER_CHANGELIST, {"action": "suspend_users", "_selected_action": [owner.pk]})
    assert response.status_code == 200
    assert "admin/accounts/user/suspend_confirmation.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert owner.email in body
    assert "signed out everywhere" in body
    # The page re-posts the same selection to the same action.
    assert f'name="_selected_action" value="{owner.pk}"' in body
    assert 'name="action" value="suspend_users"' in body and 'value="Suspend"' in body
    owner.refresh_from_db()
    assert owner.status == User.Status.ACTIVE


def test_suspend_without_reason_changes_nothing(superuser_client, owner):
    response = superuser_client.post(
        USER_CHANGELIST, {"action": "suspend_users", "_selected_action": [owner.pk], "apply": "yes", "reason": ""}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.status == User.Status.ACTIVE


def test_suspend_sets_status_and_ends_sessions(superuser_client, owner, teammate):
    owner_browser = _logged_in_client(owner)
    session_key = owner_browser.session.session_key
    response = superuser_client.post(
        USER_CHANGELIST,
        {"action": "suspend_users", "_selected_action": [owner.pk, teammate.pk], "apply": "yes", "reason": "Spam"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Suspended 2 users." in _messages(response)
    owner.refresh_from_db()
    assert owner.status == User.Status.SUSPENDED
    assert owner.is_active is False
    assert owner.status_reason == "Spam"
    assert owner.status_changed_at is not None
    assert not Session.objects.filter(session_key=session_key).exists()
    assert owner_browser.get("/api/v1/me/").status_code in (401, 403)
    assert "_auth_user_id" not in owner_browser.session


def test_suspend_skips_the_acting_admin(superuser_client, superuser, owner):
    response = superuser_client.post(
        USER_CHANGELIST,
        {"action": "suspend_users", "_selected_action": [superuser.pk, owner.pk], "apply": "yes", "reason": "x"},
        follow=True,
    )
    assert "Suspended 1 user." in _messages(response)
    superuser.refresh_from_db()
    assert superuser.status == User.Status.ACTIVE


def test_reactivate(superuser_client, owner, teammate):
    services.user_suspend(user=owner, reason="Spam")
    response = superuser_client.post(
        USER_CHANGELIST, {"action": "reactivate_users", "_selected_action": [owner.pk, teammate.pk]}, follow=True
    )
    assert "Reactivated 1 user. 1 user already active." in _messages(response)
    owner.refresh_from_db()
    assert owner.status == User.Status.ACTIVE
    assert owner.is_active is True
    assert owner.status_reason == ""


def test_verify_as_mentor(superuser_client, superuser, owner):
    response = superuser_client.post(
        USER_CHANGELIST, {"action": "verify_as_mentor", "_selected_action": [owner.pk]}, follow=True
    )
    assert "Verified 1 user as a mentor." in _messages(response)
    owner.refresh_from_db()
    assert owner.role == User.Role.MENTOR
    mentor = MentorProfile.objects.get(user=owner)
    assert mentor.verified_at is not None
    assert mentor.verified_by == superuser


def test_verify_as_mentor_is_idempotent(superuser_client, owner):
    superuser_client.post(USER_CHANGELIST, {"action": "verify_as_mentor", "_selected_action": [owner.pk]})
    first = MentorProfile.objects.get(user=owner).verified_at
    response = superuser_client.post(
        USER_CHANGELIST, {"action": "verify_as_mentor", "_selected_action": [owner.pk]}, follow=True
    )
    assert "Verified 0 users as mentors. 1 user already verified." in _messages(response)
    assert MentorProfile.objects.filter(user=owner).count() == 1
    assert MentorProfile.objects.get(user=owner).verified_at == first


# --- Other actions -----------------------------------------------------------------------------------


def test_revoke_api_key(superuser_client, owner):
    api_key, raw_key = services.api_key_create(user=owner, name="CI", scopes=["profile:read"])
    other = ApiKeyFactory(user=owner)
    response = superuser_client.post(
        _url("accounts.apikey", "changelist"), {"action": "revoke", "_selected_action": [api_key.pk]}, follow=True
    )
    assert "Revoked 1 API key." in _messages(response)
    api_key.refresh_from_db()
    assert api_key.is_active is False
    assert api_key.revoked_at is not None
    assert services.api_key_authenticate(raw_key=raw_key) is None
    other.refresh_from_db()
    assert other.is_active is True


def test_mentor_profile_verify_and_unverify_actions(superuser_client, superuser):
    mentor = _mentor_profile()
    url = _url("coaching.mentorprofile", "changelist")
    response = superuser_client.post(url, {"action": "verify", "_selected_action": [mentor.pk]}, follow=True)
    assert "Verified 1 mentor profile." in _messages(response)
    mentor.refresh_from_db()
    assert mentor.verified_by == superuser
    response = superuser_client.post(url, {"action": "unverify", "_selected_action": [mentor.pk]}, follow=True)
    assert "Removed the verification of 1 mentor profile." in _messages(response)
    mentor.refresh_from_db()
    assert mentor.verified_at is None


def test_mentor_profile_verified_filter(superuser_client):
    verified = _mentor_profile()
    coaching_services.mentor_verify(user=verified.user, verified_by=None)
    unverified = _mentor_profile()
    url = _url("coaching.mentorprofile", "changelist")
    yes = superuser_client.get(url, {"verified": "yes"}).context["cl"].result_list
    no = superuser_client.get(url, {"verified": "no"}).context["cl"].result_list
    assert [m.pk for m in yes] == [verified.pk]
    assert [m.pk for m in no] == [unverified.pk]


def test_api_key_is_not_editable_into_activity(superuser_client, owner):
    api_key = ApiKeyFactory(user=owner, is_active=False)
    form = superuser_client.get(_url("accounts.apikey", "change", api_key.pk)).context["adminform"].form
    assert "is_active" not in form.fields
    assert set(form.fields) <= {"name", "expires_at"}
    assert ApiKey.objects.get(pk=api_key.pk).is_active is False
