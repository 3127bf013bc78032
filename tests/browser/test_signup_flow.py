"""A person signs up, verifies through the console email, logs in and adds an
experience inline — in a real browser against the live server."""

from __future__ import annotations

import re

import pytest

from accounts.models import Experience, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "browser.person@example.com"
PASSWORD = "Sturdy-passphrase-2026"


def _confirmation_path(console_output: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", console_output)
    assert match, f"no confirmation link in the console email:\n{console_output}"
    return match.group(1)


def test_signup_verify_login_and_add_experience(page, settings, capfd):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    # Sign up.
    page.goto("/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "verify" in page.content().lower()

    # Verify through the link printed by the console email backend.
    page.goto(_confirmation_path(capfd.readouterr().out))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    assert User.objects.get(email=EMAIL).emailaddress_set.get().verified

    # Log out through the user menu, then log in again.
    page.locator("details.nav-menu summary").click()
    page.locator("details.nav-menu button", has_text="Log out").click()
    page.wait_for_url(re.compile(r".*/(accounts/logout/)?$"))
    if "/accounts/logout/" in page.url:  # confirmation page when JS-less flows ask
        page.locator("main form button[type=submit]").click()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")

    # Add an experience inline: htmx swaps the section, the page is not reloaded.
    page.goto("/profile/")
    page.evaluate("window.__sameDocument = true")
    section = page.locator("#section-experience")
    section.get_by_role("link", name="Add position").click()
    form = section.locator("form")
    form.locator("input[name=title]").fill("Staff Engineer")
    form.locator("input[name=company]").fill("Acme Robotics")
    form.locator("input[name=start_date]").fill("2021-03-01")
    form.locator("button[type=submit]").click()
    page.locator("#section-experience .item-row", has_text="Acme Robotics").wait_for()

    assert page.evaluate("window.__sameDocument === true"), "adding reloaded the whole page"
    experience = Experience.objects.get(profile__user__email=EMAIL)
    assert (experience.title, experience.company, str(experience.start_date)) == (
        "Staff Engineer", "Acme Robotics", "2021-03-01"
    )
