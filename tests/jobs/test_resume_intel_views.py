"""The resume page: status polling while the resume is read, the result without a reload,
"Try again", and the resume list's links to it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from jobs.models import Resume
from tests.jobs.factories import ResumeFactory
from tests.jobs.test_resume_intel_services import make_pdf, upload

pytestmark = pytest.mark.django_db

Status = Resume.Status
HTMX = {"HTTP_HX_REQUEST": "true"}
LOGIN_URL = reverse("account_login")
SOME_ID = uuid.uuid4()

PARSED = {
    "name": "Jane Doe",
    "email": "jane.doe@example.com",
    "phone": "+1 512 555 0142",
    "location": "Austin, TX",
    "links": ["https://linkedin.com/in/janedoe"],
    "summary": "Backend engineer building APIs.",
    "experience": [
        {"company": "Acme Corp", "title": "Senior Software Engineer", "start": "2020-01", "end": None,
         "current": True, "location": "Austin, TX", "bullets": ["Cut latency by 30%"]},
    ],
    "education": [{"institution": "University of Texas", "degree": "B.S.", "field": "Computer Science",
                   "start": "2012-09", "end": "2016-05", "gpa": "3.8"}],
    "skills": ["Python", "Django"],
    "certifications": [{"name": "AWS Certified Developer", "issuer": "Amazon Web Services", "date": "2021-06"}],
}


def parsed_resume(user, **kwargs) -> Resume:
    defaults = {
        "status": Status.PARSED, "parsed_data": PARSED, "raw_text": "Jane Doe\nAcme Corp", "page_count": 2,
        "layout": {"multi_column": True, "tables": False, "images_only": False, "has_header_footer": False},
        "file": "resumes/x/resume.pdf",
    }
    return ResumeFactory(user=user, **{**defaults, **kwargs})


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _fragment(response) -> str:
    content = _page(response)
    assert "<html" not in content
    return content


PROTECTED = [
    ("get", "jobs:resume_detail"),
    ("get", "jobs:resume_status"),
    ("post", "jobs:resume_retry"),
    ("get", "jobs:resume_autofill"),
    ("post", "jobs:resume_autofill"),
]


@pytest.mark.parametrize(("method", "name"), PROTECTED)
def test_requires_login(client, method, name):
    response = getattr(client, method)(reverse(name, args=[SOME_ID]))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


@pytest.mark.parametrize(
    ("method", "name"),
    [("post", "jobs:resume_detail"), ("post", "jobs:resume_status"), ("get", "jobs:resume_retry"),
     ("put", "jobs:resume_autofill")],
)
def test_wrong_method_is_405(owner_client, method, name):
    assert getattr(owner_client, method)(reverse(name, args=[SOME_ID])).status_code == 405


@pytest.mark.parametrize(("method", "name"), PROTECTED)
def test_other_users_resume_is_404(owner_client, stranger, method, name):
    resume = parsed_resume(stranger, status=Status.FAILED, status_message="x")
    response = getattr(owner_client, method)(reverse(name, args=[resume.pk]), **HTMX)
    assert response.status_code == 404
    resume.refresh_from_db()
    assert resume.status == Status.FAILED  # a stranger's retry changed nothing


def test_page_polls_while_the_resume_is_being_read(owner_client, owner):
    resume = upload(owner, make_pdf())
    content = _page(owner_client.get(reverse("jobs:resume_detail", args=[resume.pk])))
    assert 'hx-trigger="every 2s"' in content
    assert f'hx-get="{reverse("jobs:resume_status", args=[resume.pk])}"' in content
    assert "Waiting to read your resume" in content
    assert "<progress" in content


def test_status_fragment_keeps_polling_then_shows_the_result_without_trigger(owner_client, owner):
    resume = upload(owner, make_pdf())
    url = reverse("jobs:resume_status", args=[resume.pk])
    Resume.objects.filter(pk=resume.pk).update(status=Status.EXTRACTING)
    content = _fragment(owner_client.get(url, **HTMX))
    assert 'hx-trigger="every 2s"' in content and "Reading your resume" in content

    from jobs.services.resume_intel import resume_extract

    Resume.objects.filter(pk=resume.pk).update(status=Status.UPLOADED)
    resume_extract(resume_id=resume.pk)
    content = _fragment(owner_client.get(url, **HTMX))
    assert "hx-trigger" not in content  # the polling stops
    assert "Jane Doe" in content and "jane.doe@example.com" in content
    assert "<details" in content and "Acme Corp" in content  # the extracted text
    assert reverse("jobs:resume_autofill", args=[resume.pk]) in content


def test_status_without_htmx_goes_to_the_page(owner_client, owner):
    resume = parsed_resume(owner)
    response = owner_client.get(reverse("jobs:resume_status", args=[resume.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:resume_detail", args=[resume.pk])


def test_page_shows_what_was_read(owner_client, owner, django_assert_max_num_queries):
    resume = parsed_resume(owner)
    owner_client.get(reverse("jobs:resume_list"))  # the login's first-request bookkeeping
    with django_assert_max_num_queries(5):
        content = _page(owner_client.get(reverse("jobs:resume_detail", args=[resume.pk])))
    for text in ("Jane Doe", "jane.doe@example.com", "+1 512 555 0142", "Austin, TX", "linkedin.com/in/janedoe",
                 "Backend engineer building APIs.", "Senior Software Engineer", "Acme Corp", "Cut latency by 30%",
                 "University of Texas", "Computer Science", "Python", "Django", "AWS Certified Developer",
                 "2 pages", "Two or more columns", "Extracted text"):
        assert text in content, text
    assert "hx-trigger" not in content
    assert reverse("jobs:resume_download", args=[resume.pk]) in content


def test_failed_resume_shows_its_message_and_try_again(owner_client, owner):
    resume = parsed_resume(
        owner, status=Status.FAILED, status_message="No text could be extracted; OCR is not available.",
        parsed_data={}, raw_text="",
    )
    content = _page(owner_client.get(reverse("jobs:resume_detail", args=[resume.pk])))
    assert "No text could be extracted; OCR is not available." in content
    assert "Try again" in content and reverse("jobs:resume_retry", args=[resume.pk]) in content
    assert "Extracted text" not in content


def test_try_again_requeues_and_polls(owner_client, owner, django_capture_on_commit_callbacks):
    resume = upload(owner, make_pdf())
    Resume.objects.filter(pk=resume.pk).update(status=Status.FAILED, status_message="Something went wrong")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        content = _fragment(owner_client.post(reverse("jobs:resume_retry", args=[resume.pk]), **HTMX))
    assert 'hx-trigger="every 2s"' in content
    resume.refresh_from_db()
    assert resume.status == Status.UPLOADED and resume.status_message == ""
    assert len(callbacks) == 1
    callbacks[0]()
    resume.refresh_from_db()
    assert resume.status == Status.PARSED


def test_try_again_without_htmx_redirects(owner_client, owner):
    resume = upload(owner, make_pdf())
    Resume.objects.filter(pk=resume.pk).update(status=Status.FAILED)
    response = owner_client.post(reverse("jobs:resume_retry", args=[resume.pk]))
    assert response.status_code == 302 and response.url == reverse("jobs:resume_detail", args=[resume.pk])


def test_try_again_on_a_read_resume_says_so(owner_client, owner):
    resume = parsed_resume(owner)
    content = _fragment(owner_client.post(reverse("jobs:resume_retry", args=[resume.pk]), **HTMX))
    assert "already been read" in content
    resume.refresh_from_db()
    assert resume.status == Status.PARSED


def test_stuck_resume_offers_try_again(owner_client, owner):
    from datetime import timedelta

    from django.utils import timezone

    resume = upload(owner, make_pdf())
    Resume.objects.filter(pk=resume.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    content = _page(owner_client.get(reverse("jobs:resume_detail", args=[resume.pk])))
    assert "taking much longer" in content and "Try again" in content


def test_resume_list_links_each_resume_to_its_page_with_status(owner_client, owner):
    resume = parsed_resume(owner, title="Main CV")
    failed = parsed_resume(owner, title="Scan", status=Status.FAILED)
    content = _page(owner_client.get(reverse("jobs:resume_list")))
    assert f'href="{reverse("jobs:resume_detail", args=[resume.pk])}"' in content
    assert f'href="{reverse("jobs:resume_detail", args=[failed.pk])}"' in content
    assert "Could not be read" in content and ">Read<" in content
