"""In a real browser: the resume page polls while the resume is read and then shows what
was read without a reload."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from jobs.models import Resume
from jobs.services.resume_intel import resume_extract
from tests.jobs.factories import ResumeFactory
from tests.jobs.test_resume_intel_services import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_result_appears_without_a_reload(page, live_server, owner, client):  # noqa: F811
    client.force_login(owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    resume = ResumeFactory(user=owner, title="My CV", file=ContentFile(make_pdf(), name="resume.pdf"))
    assert resume.status == Resume.Status.UPLOADED

    page.goto(f"/jobs/resumes/{resume.pk}/")
    page.get_by_text("Waiting to read your resume").wait_for()
    page.evaluate("window.__stillTheSamePage = true")

    resume_extract(resume_id=resume.pk)  # what the worker does

    page.get_by_text("jane.doe@example.com").first.wait_for(timeout=10_000)
    assert page.evaluate("window.__stillTheSamePage") is True  # no reload
    assert page.locator("#resume-status[hx-trigger]").count() == 0  # the polling stopped
    assert page.get_by_role("link", name="Fill my profile from this resume").is_visible()
