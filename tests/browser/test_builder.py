"""The resume builder in a real browser: the preview follows the text and the template
without a reload, and saving with htmx keeps the page."""

from __future__ import annotations

import pytest

from jobs.models import Resume
from jobs.services.builder import resume_builder_create
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def test_live_preview_template_switch_and_save(page):
    user = UserFactory(email="builder.person@example.com", first_name="Ada", last_name="Lovelace")
    resume = resume_builder_create(user=user, title="Ada CV", template="classic", from_profile=True)
    _log_in(page, user)
    page.goto(f"/jobs/resumes/{resume.pk}/builder/")
    assert page.locator("#resume-preview h1").inner_text() == "Ada Lovelace"
    assert not page.locator("button[value=preview]").is_visible()  # JavaScript: the preview is live

    page.fill("#id_content", "# Ada Lovelace\n\n## Experience\n\n- Wrote the first program")
    page.locator("#resume-preview li", has_text="Wrote the first program").wait_for()

    page.locator("input[name=template][value=modern]").check()
    page.locator("#resume-preview .resume-template-modern").wait_for()

    page.locator("button[value=save]").click()
    page.locator("#save-status", has_text="Saved.").wait_for()
    resume = Resume.objects.get(pk=resume.pk)
    assert resume.template == "modern" and "Wrote the first program" in resume.content
