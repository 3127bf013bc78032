"""Cover letter pages and API: anonymous → login, wrong method → 405, another user's letter
→ 404 on every URL, happy paths, htmx fragments, invalid input, quota."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from coaching.models import CoverLetter, Generation, ReviewRequest
from jobs.models import Application
from tests.coaching.factories import CoverLetterFactory, GenerationFactory, UsageRecordFactory
from tests.coaching.test_cover_letter_offline import JOB_DESCRIPTION, give_letter_data
from tests.jobs.factories import ApplicationFactory, JobFactory, JobPostingFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _client(owner)


@pytest.fixture
def stranger_client(stranger):
    return _client(stranger)


@pytest.fixture
def letter(owner):
    return CoverLetterFactory(
        user=owner,
        company_name="Northwind",
        job_title="Backend Engineer",
        content="Dear Northwind hiring team,\n\nI am applying.\n\nOlivia Owner",
    )


@pytest.fixture
def job(owner):
    posting = JobPostingFactory(title="Backend Engineer", company="Northwind", description=JOB_DESCRIPTION)
    return JobFactory(user=owner, title="Backend Engineer", company="Northwind", posting=posting, description="")


def _letter_urls(letter) -> list[tuple[str, str]]:
    """(method, url) of every page of one letter."""

    def url(name):
        return reverse(f"coaching:{name}", args=[letter.pk])

    return [
        ("get", url("cover_letter_detail")),
        ("get", url("cover_letter_edit")),
        ("post", url("cover_letter_edit")),
        ("post", url("cover_letter_regenerate")),
        ("get", url("cover_letter_export") + "?format=pdf"),
        ("post", url("cover_letter_attach")),
        ("post", url("cover_letter_delete")),
        ("post", url("cover_letter_review_request")),
    ]


# --- access ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, letter):
    urls = [
        ("get", reverse("coaching:cover_letter_list")),
        ("get", reverse("coaching:cover_letter_new")),
        *_letter_urls(letter),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_another_users_letter_is_404_everywhere(stranger_client, letter):
    for method, url in _letter_urls(letter):
        assert getattr(stranger_client, method)(url, {"content": "x", "job": ""}).status_code == 404, url
    for method, url in _letter_urls(letter):
        assert getattr(stranger_client, method)(url, **HTMX).status_code == 404, url
    letter.refresh_from_db()
    assert letter.content.startswith("Dear Northwind") and CoverLetter.objects.filter(pk=letter.pk).exists()


def test_another_users_letter_is_404_in_the_api(stranger_client, letter):
    detail = reverse("coaching_api:cover_letter_detail", args=[letter.pk])
    assert stranger_client.get(detail).status_code == 404
    assert stranger_client.patch(detail, {"content": "x"}, content_type="application/json").status_code == 404
    assert stranger_client.delete(detail).status_code == 404
    assert stranger_client.post(reverse("coaching_api:cover_letter_regenerate", args=[letter.pk])).status_code == 404
    assert stranger_client.get(reverse("coaching_api:cover_letter_list")).json()["results"] == []
    assert CoverLetter.objects.filter(pk=letter.pk, content__startswith="Dear").exists()


@pytest.mark.parametrize(
    ("method", "name", "with_id"),
    [
        ("post", "cover_letter_list", False),
        ("delete", "cover_letter_new", False),
        ("post", "cover_letter_detail", True),
        ("get", "cover_letter_regenerate", True),
        ("post", "cover_letter_export", True),
        ("get", "cover_letter_attach", True),
        ("get", "cover_letter_delete", True),
        ("get", "cover_letter_review_request", True),
    ],
)
def test_wrong_method_is_405(owner_client, letter, method, name, with_id):
    url = reverse(f"coaching:{name}", args=[letter.pk] if with_id else [])
    assert getattr(owner_client, method)(url).status_code == 405


# --- list and new ---------------------------------------------------------------------------------


def test_list_shows_own_letters_and_htmx_gets_the_rows(owner_client, letter, stranger):
    CoverLetterFactory(user=stranger, company_name="Hidden Corp")
    response = owner_client.get(reverse("coaching:cover_letter_list"))
    assert response.status_code == 200
    assert "Northwind" in response.content.decode() and "Hidden Corp" not in response.content.decode()
    fragment = owner_client.get(reverse("coaching:cover_letter_list"), **HTMX).content.decode()
    assert 'id="letter-rows"' in fragment and "<html" not in fragment


def test_new_preselects_a_tracked_job(owner_client, job, stranger):
    response = owner_client.get(reverse("coaching:cover_letter_new") + f"?job={job.pk}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{job.pk}" selected>' in page
    assert 'value="Northwind"' in page and "APIs in Python and Django" in page
    assert 'id="ai-quota"' in page
    # Another user's job or junk is ignored.
    for junk in (JobFactory(user=stranger).pk, "not-a-uuid"):
        assert owner_client.get(reverse("coaching:cover_letter_new") + f"?job={junk}").status_code == 200


def test_new_writes_the_letter_and_redirects(owner, owner_client, job, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:cover_letter_new"), {"job": job.pk, "tone": "PROFESSIONAL"})
    letter = CoverLetter.objects.get(user=owner)
    assert response.status_code == 302 and response["Location"] == reverse(
        "coaching:cover_letter_detail", args=[letter.pk]
    )
    assert letter.status == CoverLetter.Status.DRAFT and letter.job == job
    page = owner_client.get(response["Location"]).content.decode()
    assert "Written by the offline coach from your profile and resume — review before sending." in page
    assert "Dear Northwind hiring team," in page


def test_new_with_htmx_redirects_by_header(owner, owner_client):
    response = owner_client.post(
        reverse("coaching:cover_letter_new"), {"company_name": "Globex", "job_title": "Analyst", "tone": "WARM"}, **HTMX
    )
    letter = CoverLetter.objects.get(user=owner)
    assert response["HX-Redirect"] == reverse("coaching:cover_letter_detail", args=[letter.pk])


def test_new_with_missing_fields_shows_errors_and_keeps_input(owner_client):
    response = owner_client.post(reverse("coaching:cover_letter_new"), {"job_description": "Kept text", "tone": "WARM"})
    page = response.content.decode()
    assert response.status_code == 200 and "Name the company" in page and "Kept text" in page
    fragment = owner_client.post(reverse("coaching:cover_letter_new"), {"tone": "nope"}, **HTMX).content.decode()
    assert 'id="cover-letter-form"' in fragment and "<html" not in fragment
    assert not CoverLetter.objects.exists()


def test_new_with_another_users_job_is_a_form_error(owner_client, stranger):
    response = owner_client.post(
        reverse("coaching:cover_letter_new"), {"job": JobFactory(user=stranger).pk, "tone": "WARM"}
    )
    assert response.status_code == 200 and not CoverLetter.objects.exists()


def test_new_over_quota_shows_the_message_and_writes_nothing(owner, owner_client):
    UsageRecordFactory.create_batch(10, user=owner)
    response = owner_client.post(
        reverse("coaching:cover_letter_new"), {"company_name": "Globex", "job_title": "Analyst", "tone": "WARM"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "reset" in page.lower() and 'value="Globex"' in page
    assert not CoverLetter.objects.exists()


# --- detail ---------------------------------------------------------------------------------------


def test_detail_while_writing_shows_the_poller(owner, owner_client):
    letter = CoverLetterFactory(user=owner, status=CoverLetter.Status.GENERATING, content="")
    generation = GenerationFactory(
        user=owner,
        kind=Generation.Kind.COVER_LETTER,
        target_id=letter.pk,
        status=Generation.Status.RUNNING,
        finished_at=None,
    )
    page = owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk])).content.decode()
    assert f'id="generation-{generation.pk}"' in page and 'http-equiv="refresh"' in page
    fragment = owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk]), **HTMX).content.decode()
    assert 'id="letter-body"' in fragment and "<html" not in fragment


def test_detail_after_a_failure_offers_a_retry_and_keeps_the_inputs(owner, owner_client):
    letter = CoverLetterFactory(user=owner, status=CoverLetter.Status.FAILED, content="", job_description="Paste kept")
    generation = GenerationFactory(
        user=owner,
        kind=Generation.Kind.COVER_LETTER,
        target_id=letter.pk,
        status=Generation.Status.FAILED,
        error="The AI server timed out.",
    )
    page = owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk])).content.decode()
    assert reverse("coaching:generation_retry", args=[generation.pk]) in page
    assert "The AI server timed out." in page and "Paste kept" in page


def test_detail_renders_sanitised_markdown(owner, owner_client):
    letter = CoverLetterFactory(user=owner, content="Dear team,\n\n<script>alert(1)</script>**Bold**")
    page = owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk])).content.decode()
    assert "<strong>Bold</strong>" in page and "<script>alert(1)" not in page


def test_detail_and_list_queries_are_bounded(owner, owner_client, letter, django_assert_max_num_queries):
    from coaching import services as review_services

    for _ in range(3):
        CoverLetterFactory(user=owner, application=ApplicationFactory(job=JobFactory(user=owner)))
    review_services.review_request_create(requester=owner, cover_letter=letter)
    owner_client.get(reverse("coaching:cover_letter_list"))  # session set-up
    with django_assert_max_num_queries(12):
        assert owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert owner_client.get(reverse("coaching:cover_letter_list")).status_code == 200


# --- edit -----------------------------------------------------------------------------------------


def test_edit_saves(owner_client, letter):
    url = reverse("coaching:cover_letter_edit", args=[letter.pk])
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(url, {"title": "For Northwind", "content": "New text", "status": "COMPLETED"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.title, letter.content, letter.status) == ("For Northwind", "New text", "COMPLETED")


def test_edit_preview_is_a_fragment_and_saves_nothing(owner_client, letter):
    response = owner_client.post(
        reverse("coaching:cover_letter_edit", args=[letter.pk]),
        {"action": "preview", "content": "# Hi\n\n*there*", "status": "DRAFT"},
        **HTMX,
    )
    fragment = response.content.decode()
    assert 'id="letter-preview"' in fragment and "<em>there</em>" in fragment and "<html" not in fragment
    letter.refresh_from_db()
    assert letter.content.startswith("Dear Northwind")


def test_edit_invalid_status_and_empty_completed_are_errors(owner_client, letter):
    url = reverse("coaching:cover_letter_edit", args=[letter.pk])
    assert owner_client.post(url, {"content": "x", "status": "GENERATING"}).status_code == 200
    response = owner_client.post(url, {"content": "", "status": "COMPLETED"}, **HTMX)
    assert response.status_code == 200 and "Write the letter before" in response.content.decode()
    assert 'id="letter-edit-form"' in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.startswith("Dear")


def test_edit_while_writing_goes_back_to_the_letter(owner, owner_client):
    letter = CoverLetterFactory(user=owner, status=CoverLetter.Status.GENERATING, content="")
    response = owner_client.get(reverse("coaching:cover_letter_edit", args=[letter.pk]))
    assert response.status_code == 302


# --- regenerate, export, attach, delete -----------------------------------------------------------


def test_regenerate_rewrites(owner, owner_client, letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:cover_letter_regenerate", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.strip().endswith("Olivia Owner")
    assert Generation.objects.filter(target_id=letter.pk, status=Generation.Status.SUCCEEDED).count() == 1


def test_regenerate_over_quota_keeps_the_letter(owner, owner_client, letter):
    UsageRecordFactory.create_batch(10, user=owner)
    response = owner_client.post(reverse("coaching:cover_letter_regenerate", args=[letter.pk]), follow=True)
    assert "reset" in response.content.decode().lower()
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.startswith("Dear")


def test_export_pdf_and_docx(owner_client, letter):
    url = reverse("coaching:cover_letter_export", args=[letter.pk])
    pdf = owner_client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="cover-letter-backend-engineer.pdf"' or pdf[
        "Content-Disposition"
    ].startswith('attachment; filename="cover-letter-')
    docx = owner_client.get(url + "?format=docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert docx["Content-Disposition"].endswith('.docx"')
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert "I am applying." in archive.read("word/document.xml").decode()
    assert owner_client.get(url + "?format=exe").status_code == 400


def test_export_of_an_empty_letter_goes_back(owner, owner_client):
    letter = CoverLetterFactory(user=owner, content="", status=CoverLetter.Status.FAILED)
    response = owner_client.get(reverse("coaching:cover_letter_export", args=[letter.pk]) + "?format=pdf")
    assert response.status_code == 302


def test_attach_to_a_job_creates_the_application(owner, owner_client, letter, job):
    response = owner_client.post(reverse("coaching:cover_letter_attach", args=[letter.pk]), {"job": job.pk})
    assert response.status_code == 302
    application = Application.objects.get(user=owner, job=job)
    assert application.cover_letter == letter.content
    letter.refresh_from_db()
    assert letter.application == application
    page = owner_client.get(reverse("coaching:cover_letter_detail", args=[letter.pk])).content.decode()
    assert "Attached to your" in page and reverse("jobs:job_detail", args=[job.pk]) in page


def test_attach_to_an_application(owner, owner_client, letter):
    application = ApplicationFactory(job=JobFactory(user=owner))
    response = owner_client.post(
        reverse("coaching:cover_letter_attach", args=[letter.pk]), {"application": application.pk}, **HTMX
    )
    assert response["HX-Redirect"] == reverse("coaching:cover_letter_detail", args=[letter.pk])
    application.refresh_from_db()
    assert application.cover_letter == letter.content


def test_attach_errors_are_shown_in_the_fragment(owner_client, letter, stranger):
    url = reverse("coaching:cover_letter_attach", args=[letter.pk])
    fragment = owner_client.post(url, {}, **HTMX).content.decode()
    assert 'id="letter-attach"' in fragment and "Choose either" in fragment and "<html" not in fragment
    others = ApplicationFactory(job=JobFactory(user=stranger))
    assert owner_client.post(url, {"application": others.pk}).status_code == 200
    others.refresh_from_db()
    assert others.cover_letter == ""


def test_delete(owner_client, letter):
    response = owner_client.post(reverse("coaching:cover_letter_delete", args=[letter.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("coaching:cover_letter_list")
    assert not CoverLetter.objects.filter(pk=letter.pk).exists()


# --- review request -------------------------------------------------------------------------------


def test_review_request_from_the_letter(owner, owner_client, letter):
    url = reverse("coaching:cover_letter_review_request", args=[letter.pk])
    response = owner_client.post(url, {"note": "Is the tone right?", "target_role": "Backend"})
    review = ReviewRequest.objects.get(cover_letter=letter)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:review_detail", args=[review.pk])
    assert review.kind == ReviewRequest.Kind.COVER_LETTER and review.note == "Is the tone right?"
    page = owner_client.get(response["Location"]).content.decode()
    assert "I am applying." in page and "Northwind" in page
    # One active request per letter: a second POST (another tab) shows the waiting request.
    fragment = owner_client.post(url, {"note": "again"}, **HTMX).content.decode()
    assert 'id="letter-review"' in fragment and "waiting in the mentors' queue" in fragment
    assert "<html" not in fragment
    assert ReviewRequest.objects.filter(cover_letter=letter).count() == 1


# --- API ------------------------------------------------------------------------------------------


def test_api_create_answers_202_and_the_letter_is_written(owner, owner_client, job, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("coaching_api:cover_letter_list"),
            {"job": str(job.pk), "tone": "CONCISE"},
            content_type="application/json",
        )
    assert response.status_code == 202
    body = response.json()
    letter = CoverLetter.objects.get(pk=body["id"])
    assert Generation.objects.get(pk=body["generation_id"]).target_id == letter.pk
    detail = owner_client.get(reverse("coaching_api:cover_letter_detail", args=[letter.pk])).json()
    assert detail["status"] == "DRAFT" and detail["content"].startswith("Dear Northwind hiring team,")
    listing = owner_client.get(reverse("coaching_api:cover_letter_list")).json()
    assert [row["id"] for row in listing["results"]] == [str(letter.pk)] and "content" not in listing["results"][0]


def test_api_create_validates(owner_client, stranger):
    url = reverse("coaching_api:cover_letter_list")
    response = owner_client.post(url, {"tone": "CONCISE"}, content_type="application/json")
    assert response.status_code == 400
    response = owner_client.post(url, {"job": str(JobFactory(user=stranger).pk)}, content_type="application/json")
    assert response.status_code == 400
    assert not CoverLetter.objects.exists()


def test_api_create_over_quota_is_429(owner, owner_client):
    UsageRecordFactory.create_batch(10, user=owner)
    response = owner_client.post(
        reverse("coaching_api:cover_letter_list"),
        {"company_name": "Globex", "job_title": "Analyst"},
        content_type="application/json",
    )
    assert response.status_code == 429 and response.json()["error"]["code"] == "quota_exceeded"
    assert not CoverLetter.objects.exists()


def test_api_patch_delete_regenerate(owner_client, letter, django_capture_on_commit_callbacks):
    detail = reverse("coaching_api:cover_letter_detail", args=[letter.pk])
    response = owner_client.patch(detail, {"content": "Edited", "status": "COMPLETED"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "COMPLETED"
    assert owner_client.patch(detail, {"status": "FAILED"}, content_type="application/json").status_code == 400
    letter.refresh_from_db()
    assert (letter.content, letter.status) == ("Edited", "COMPLETED")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching_api:cover_letter_regenerate", args=[letter.pk]))
    assert response.status_code == 202 and response.json()["id"] == str(letter.pk)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.startswith("Dear Northwind")
    assert owner_client.delete(detail).status_code == 204
    assert not CoverLetter.objects.filter(pk=letter.pk).exists()


def test_api_needs_authentication(client, letter):
    assert client.get(reverse("coaching_api:cover_letter_list")).status_code in (401, 403)
    assert client.get(reverse("coaching_api:cover_letter_detail", args=[letter.pk])).status_code in (401, 403)


# --- demo data and never a 500 ------------------------------------------------------------------


def test_demo_seed_and_no_letter_url_answers_500(settings):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from coaching import services as review_services
    from coaching.demo.cover_letters import seed_demo_cover_letters

    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    seeker = User.objects.get(email="seeker@demo.careercoach.local")
    mentor = User.objects.get(email="mentor@demo.careercoach.local")
    seed_demo_cover_letters(seeker=seeker)
    letter = CoverLetter.objects.get(user=seeker)
    assert letter.status == CoverLetter.Status.COMPLETED and letter.application is not None
    assert letter.application.cover_letter == letter.content
    from coaching.ai.context import user_facts
    from coaching.offline.cover_letter import LetterJob, required_skills
    from tests.coaching.test_cover_letter_offline import _user_skills, claimed_skills

    # Grounded in the demo seeker's data: nothing the job asks for that they lack is claimed.
    facts = user_facts(user=seeker, include_goals=False, job=letter.job, resume=letter.resume)
    posting = letter.job.posting
    lacking = set(
        required_skills(
            LetterJob(
                letter.company_name,
                letter.job_title,
                letter.job_description,
                tuple(posting.requirements) if posting else (),
            )
        )
    ) - _user_skills(facts)
    claimed = claimed_skills(letter.content, facts, role=letter.job_title, company=letter.company_name)
    assert claimed and claimed <= _user_skills(facts) | set(facts.target_skills)
    assert not claimed & (lacking - set(facts.target_skills))
    ReviewRequest.objects.filter(requester=seeker).delete()
    review = review_services.review_request_create(requester=seeker, cover_letter=letter)
    review_services.review_claim(review=review, mentor=mentor)
    letter_urls = [url for _, url in _letter_urls(letter)] + [
        reverse("coaching:cover_letter_list"),
        reverse("coaching:cover_letter_new"),
        reverse("coaching:cover_letter_export", args=[letter.pk]) + "?format=docx",
        reverse("coaching:mentor_review", args=[review.pk]),
        reverse("coaching:review_detail", args=[review.pk]),
        reverse("coaching:mentor_resume_download", args=[review.pk]),
        reverse("coaching_api:cover_letter_list"),
        reverse("coaching_api:cover_letter_detail", args=[letter.pk]),
        reverse("coaching_api:cover_letter_regenerate", args=[letter.pk]),
    ]
    clients = [Client(raise_request_exception=False)]
    for user in (seeker, mentor, User.objects.exclude(pk__in=[seeker.pk, mentor.pk]).first()):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    junk = {
        "job": "x" * 50,
        "application": "nope",
        "status": "??",
        "content": "\x00",
        "tone": "LOUD",
        "section": "NOPE",
        "format": "exe",
    }
    for client in clients:
        for url in letter_urls:
            for response in (client.get(url), client.post(url, {}), client.post(url, junk)):
                assert response.status_code < 500, (url, response.status_code)


def test_api_schema_documents_the_cover_letter_routes(client):
    import json

    from drf_spectacular.validation import validate_schema

    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    validate_schema(schema)
    paths = schema["paths"]
    assert set(paths["/api/v1/coach/cover-letters/"]) >= {"get", "post"}
    assert set(paths["/api/v1/coach/cover-letters/{letter_id}/"]) >= {"get", "patch", "delete"}
    assert "post" in paths["/api/v1/coach/cover-letters/{letter_id}/regenerate/"]
    assert any(name.startswith("CoverLetterCreateInput") for name in schema["components"]["schemas"])
