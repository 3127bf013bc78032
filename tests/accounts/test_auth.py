"""Sign-up, verification, log-in, lock-out, suspension and MFA, through the real pages."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts import services
from accounts.models import Profile, User
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def _login(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def _confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_verify_then_login(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.com",
            "password1": "a-Very-good-passphrase-42",
            "password2": "a-Very-good-passphrase-42",
            "first_name": "New",
            "last_name": "Person",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.first_name == "New"
    assert Profile.objects.filter(user=user).exists(), "sign-up creates the profile"
    assert not EmailAddress.objects.get(user=user).verified

    # Not verified yet: log-in is held at the verification page.
    client.logout()
    response = _login(client, "new.person@example.com", "a-Very-good-passphrase-42")
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    link = _confirmation_link(mail.outbox[-1])
    page = client.get(link)
    assert page.status_code == 200
    assert b"new.person@example.com" in page.content
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = _login(client, "new.person@example.com", "a-Very-good-passphrase-42")
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_rejects_weak_password_and_keeps_input(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "weak@example.com", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert b"weak@example.com" in response.content
    assert b"too short" in response.content or b"too common" in response.content
    assert not User.objects.filter(email="weak@example.com").exists()


def test_lockout_after_repeated_failures(client, settings):
    user = UserFactory(email="victim@example.com")
    for _ in range(5):
        response = _login(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # The sixth attempt is refused even with the right password.
    response = _login(client, user.email, DEFAULT_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


def test_lockout_is_per_account(client):
    UserFactory(email="victim@example.com")
    other = UserFactory(email="other@example.com")
    for _ in range(5):
        _login(client, "victim@example.com", "wrong-password")
    response = _login(client, other.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_suspended_user_cannot_log_in_and_is_told_why(client):
    user = UserFactory(email="suspended@example.com")
    services.user_suspend(user=user, reason="Spam in the community")
    response = _login(client, user.email)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 403
    assert b"suspended" in response.content.lower()
    assert b"Spam in the community" in response.content


def test_suspending_ends_existing_sessions(client):
    user = UserFactory(email="active@example.com")
    assert _login(client, user.email).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    services.user_suspend(user=user, reason="")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_wrong_password_for_suspended_user_reveals_nothing(client):
    user = UserFactory(email="quiet@example.com")
    services.user_suspend(user=user, reason="secret reason")
    response = _login(client, user.email, "wrong-password")
    assert b"secret reason" not in response.content
    assert b"suspended" not in response.content.lower()


def _current_code(secret: str) -> str:
    counter = next(totp.yield_hotp_counters_from_time())
    return totp.format_hotp_value(totp.hotp_value(secret, counter))


def test_enable_totp_then_log_in_with_code(client):
    user = UserFactory(email="mfa@example.com")
    assert _login(client, user.email).status_code == 302

    # Security-sensitive changes ask for the password again first.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response.url.startswith("/accounts/reauthenticate/")
    response = client.post(response.url, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session[totp.SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # Activating TOTP also issues recovery codes.
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()

    client.logout()
    response = _login(client, user.email)
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    bad = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert bad.status_code == 200
    assert "_auth_user_id" not in client.session

    cache.clear()  # the activation code was marked as used (replay protection)
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_recovery_code_logs_in(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="mfa@example.com")
    totp.TOTP.activate(user, totp.generate_totp_secret())
    codes = RecoveryCodes.activate(user).get_unused_codes()
    response = _login(client, user.email)
    assert response.url == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_email_and_new_password(client):
    user = UserFactory(email="forgot@example.com")
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    response = client.get(match.group(1), follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else match.group(1)
    response = client.post(
        form_url, {"password1": "brand-New-secret-77", "password2": "brand-New-secret-77"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-New-secret-77")


def test_sessions_page_lists_devices_and_signs_out_others(client, django_user_model):
    from django.test import Client

    user = UserFactory(email="devices@example.com")
    other_device = Client(HTTP_USER_AGENT="OtherBrowser/1.0")
    assert _login(other_device, user.email).status_code == 302
    assert _login(client, user.email).status_code == 302

    page = client.get("/accounts/sessions/")
    assert page.status_code == 200
    assert b"OtherBrowser/1.0" in page.content

    response = client.post("/accounts/sessions/", {})
    assert response.status_code == 302
    assert other_device.get(reverse("dashboard")).status_code == 302  # signed out
    assert client.get(reverse("dashboard")).status_code == 200  # this device stays in
