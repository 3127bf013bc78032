"""The visual shell: every page outside the profile area renders inside our layout."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LAYOUT_MARKER = 'data-layout="careercoach"'


def _assert_in_layout(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:500]
    body = response.content.decode()
    assert LAYOUT_MARKER in body
    assert 'class="site-header"' in body
    return body


@pytest.mark.parametrize(
    "url_name",
    ["home", "account_login", "account_signup", "account_reset_password"],
)
def test_public_pages_use_layout(client, url_name):
    _assert_in_layout(client.get(reverse(url_name)))


@pytest.mark.parametrize(
    "url_name",
    [
        "dashboard",
        "account_email",
        "account_change_password",
        "mfa_index",
        "usersessions_list",
        "socialaccount_connections",
        "jobs:board",
        "coaching:index",
        "community:index",
        "billing:index",
    ],
)
def test_logged_in_pages_use_layout(owner_client, url_name):
    _assert_in_layout(owner_client.get(reverse(url_name)))


@pytest.mark.parametrize(
    "url_name",
    ["account_email", "account_change_password", "mfa_index", "usersessions_list"],
)
def test_account_management_pages_show_settings_sidebar(owner_client, url_name):
    body = _assert_in_layout(owner_client.get(reverse(url_name)))
    assert 'class="settings-nav"' in body
    for target in ("accounts:profile", "accounts:settings", "accounts:api_keys", "mfa_index"):
        assert f'href="{reverse(target)}"' in body
    # The current section is marked for assistive tech.
    assert re.search(rf'href="{re.escape(reverse(url_name))}"\s+aria-current="page"', body)


def test_login_and_signup_are_centred_cards(client):
    for url_name in ("account_login", "account_signup"):
        body = _assert_in_layout(client.get(reverse(url_name)))
        assert "auth-card" in body


def test_login_form_fields_have_labels(client):
    body = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in body
    assert '<label for="id_password">' in body


def test_login_errors_are_shown_in_an_alert(client, owner):
    response = client.post(reverse("account_login"), {"login": owner.email, "password": "wrong"})
    body = _assert_in_layout(response)
    assert 'class="alert alert-error"' in body
    assert 'class="errorlist nonfield"' in body


def test_signup_field_errors_are_tied_to_their_input(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "password1": "x", "password2": "x"})
    body = _assert_in_layout(response)
    assert 'id="id_email_error"' in body
    input_tag = re.search(r"<input[^>]*\bname=\"email\"[^>]*>", body).group(0)
    assert 'aria-invalid="true"' in input_tag
    assert "id_email_error" in input_tag


@pytest.mark.parametrize("url_name", ["account_login", "account_signup"])
def test_no_social_buttons_when_no_provider_is_configured(client, url_name):
    body = client.get(reverse(url_name)).content.decode()
    assert "/accounts/google/login/" not in body
    assert "/accounts/github/login/" not in body
    assert "Continue with" not in body
    assert 'class="divider"' not in body


def test_social_button_shows_when_a_provider_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "id", "secret": "secret", "key": ""}], "SCOPE": ["user:email"]}
    }
    body = client.get(reverse("account_login")).content.decode()
    assert "/accounts/github/login/" in body
    assert "Continue with GitHub" in body
    assert "/accounts/google/login/" not in body


def test_suspended_user_sees_suspension_page(client):
    user = UserFactory()
    user.status = "SUSPENDED"
    user.is_active = False
    user.status_reason = "Repeated spam"
    user.save()
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    body = _assert_in_layout(response, status=403)
    assert "Your account is suspended" in body
    assert "Repeated spam" in body
    assert "support" in body
    assert "_auth_user_id" not in client.session


def test_deactivated_user_sees_deactivation_page(client):
    user = UserFactory()
    user.status = "INACTIVE"
    user.is_active = False
    user.save()
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    body = _assert_in_layout(response, status=403)
    assert "deactivated" in body
    assert "suspended" not in body.lower()


def test_dashboard_shows_completeness_and_next_steps(owner_client, owner):
    body = _assert_in_layout(owner_client.get(reverse("dashboard")))
    completeness = owner.profile.completeness
    progress = re.search(r"<progress[^>]*>", body).group(0)
    assert f'value="{completeness}"' in progress
    assert 'max="100"' in progress
    assert "aria-labelledby" in progress
    assert "Complete your profile" in body
    assert "Coming soon" in body


def test_upcoming_area_is_honest(owner_client):
    body = _assert_in_layout(owner_client.get(reverse("community:index")))
    assert "Community" in body
    assert "coming release" in body


def test_unknown_html_url_renders_404_in_layout(client):
    body = _assert_in_layout(client.get("/no-such-page/"), status=404)
    assert "Page not found" in body


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [("bad_request", 400, "Something was wrong with that request"), ("permission_denied", 403, "Access denied")],
)
def test_error_handlers_render_in_layout(rf, handler, status, text):
    from careercoach import views

    response = getattr(views, handler)(rf.get("/somewhere/"))
    assert response.status_code == status
    body = response.content.decode()
    assert LAYOUT_MARKER in body
    assert text in body


def test_csrf_failure_page_is_friendly():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "a@example.com"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_unknown_api_url_stays_json(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_500_page_renders_without_request_context():
    from django.template import loader

    html = loader.get_template("errors/500.html").render()
    assert "Something went wrong" in html


def test_static_files_referenced_by_base_exist(client):
    body = client.get(reverse("home")).content.decode()
    paths = re.findall(rf'(?:href|src)="{re.escape(django_settings.STATIC_URL)}([^"]+)"', body)
    assert {"css/app.css", "js/app.js", "img/favicon.svg"} <= set(paths)
    for path in paths:
        assert finders.find(path), f"missing static file: {path}"
