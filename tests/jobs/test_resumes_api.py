"""The resumes API: upload (and the background read), list, read, delete, the ATS report
against a tracked job, a job's match score, scopes, and others' ids answering 404."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts import services as account_services
from jobs.models import AtsReport, Resume
from jobs.services import tracking
from tests.jobs.test_resume_intel_services import make_pdf
from tests.jobs.test_resume_intel_views import parsed_resume

pytestmark = pytest.mark.django_db

RESUMES = "/api/v1/resumes/"
DESCRIPTION = (
    "We are hiring a backend engineer.\n"
    "Requirements:\n- 3+ years of experience with Python and Django\n- Experience with Kubernetes\n"
)


def _key(user, *scopes) -> str:
    return account_services.api_key_create(user=user, name="script", scopes=list(scopes))[1]


def _bearer(raw_key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


def _job(user, **data):
    return tracking.job_create(user=user, data={"title": "Backend Engineer", "company": "Initech",
                                                "description": DESCRIPTION, **data})


def _pdf_upload(name="resume.pdf", data=None):
    return SimpleUploadedFile(name, data if data is not None else make_pdf(), content_type="application/pdf")


# --- Authentication, scopes, others' ids ------------------------------------------------------


def test_requires_authentication(client):
    assert client.get(RESUMES).status_code in (401, 403)
    assert client.get(f"/api/v1/jobs/{uuid.uuid4()}/match/").status_code in (401, 403)


def test_read_scope_reads_but_cannot_upload(client, owner):
    parsed_resume(owner)
    headers = _bearer(_key(owner, "resumes:read"))
    assert client.get(RESUMES, **headers).status_code == 200
    response = client.post(RESUMES, {"file": _pdf_upload()}, **headers)
    error = _error(response, 403)
    assert "resumes:write" in error["message"]
    assert Resume.objects.filter(user=owner).count() == 1


def test_jobs_scope_does_not_open_resumes(client, owner):
    job = _job(owner)
    headers = _bearer(_key(owner, "jobs:read", "jobs:write"))
    _error(client.get(RESUMES, **headers), 403)
    _error(client.get(f"/api/v1/jobs/{job.pk}/match/", **headers), 403)


def test_write_scope_uploads(client, owner):
    response = client.post(RESUMES, {"file": _pdf_upload()}, **_bearer(_key(owner, "resumes:write")))
    assert response.status_code == 201, response.content


@pytest.fixture
def strangers(stranger):
    return {"resume": parsed_resume(stranger), "job": _job(stranger)}


def test_others_resumes_and_jobs_are_404(owner_client, owner, strangers):
    resume, job = strangers["resume"], strangers["job"]
    mine = parsed_resume(owner)
    my_job = _job(owner)
    _error(owner_client.get(f"{RESUMES}{resume.pk}/"), 404)
    _error(owner_client.delete(f"{RESUMES}{resume.pk}/"), 404)
    _error(owner_client.get(f"{RESUMES}{resume.pk}/ats/", {"job": my_job.pk}), 404)
    _error(owner_client.get(f"{RESUMES}{mine.pk}/ats/", {"job": job.pk}), 404)
    _error(owner_client.get(f"/api/v1/jobs/{job.pk}/match/"), 404)
    assert Resume.objects.filter(pk=resume.pk).exists()
    assert [r["id"] for r in owner_client.get(RESUMES).json()["results"]] == [str(mine.pk)]


# --- Upload, read, delete ---------------------------------------------------------------------


def test_upload_answers_uploaded_then_the_worker_reads_it(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(RESUMES, {"file": _pdf_upload(), "title": "My CV"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "UPLOADED" and body["title"] == "My CV" and body["is_primary"] is True
    detail = owner_client.get(f"{RESUMES}{body['id']}/").json()
    assert detail["status"] == "PARSED", detail["status_message"]
    assert detail["parsed_data"]["name"] == "Jane Doe"
    assert detail["parsed_data"]["email"] == "jane.doe@example.com"
    assert detail["page_count"] == 1 and "Acme Corp" in detail["raw_text"]
    assert set(detail["layout"]) >= {"multi_column", "tables"}


@pytest.mark.parametrize(
    ("name", "data"),
    [("resume.pdf", b"just some text, not a PDF"), ("resume.pdf", b""), ("resume.pdf", b"%PDF-1.4 broken")],
)
def test_a_bad_file_is_400_and_nothing_is_kept(owner_client, owner, name, data):
    response = owner_client.post(RESUMES, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})
    error = _error(response, 400)
    assert error["code"] == "invalid"
    assert not Resume.objects.filter(user=owner).exists()


def test_upload_without_a_file_is_400(owner_client, owner):
    error = _error(owner_client.post(RESUMES, {"title": "x"}), 400)
    assert "file" in error["fields"]


def test_list_is_light_and_bounded(owner_client, owner, django_assert_max_num_queries):
    for _ in range(3):
        parsed_resume(owner)
    owner_client.get(RESUMES)
    with django_assert_max_num_queries(6):
        body = owner_client.get(RESUMES).json()
    assert body["count"] == 3
    assert "parsed_data" not in body["results"][0]


def test_a_failed_resume_shows_its_message(owner_client, owner):
    resume = parsed_resume(owner, status=Resume.Status.FAILED, parsed_data={}, raw_text="",
                           status_message="No text could be extracted; OCR is not available.")
    body = owner_client.get(f"{RESUMES}{resume.pk}/").json()
    assert body["status"] == "FAILED" and "OCR" in body["status_message"]
    assert body["parsed_data"] == {}


def test_delete(owner_client, owner):
    resume = parsed_resume(owner)
    assert owner_client.delete(f"{RESUMES}{resume.pk}/").status_code == 204
    assert not Resume.objects.filter(pk=resume.pk).exists()


# --- ATS and match ----------------------------------------------------------------------------


def test_ats_report_against_a_tracked_job(owner_client, owner):
    resume = parsed_resume(owner)
    job = _job(owner)
    response = owner_client.get(f"{RESUMES}{resume.pk}/ats/", {"job": job.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["resume"] == str(resume.pk) and body["job"] == str(job.pk)
    assert 0 <= body["score"] <= 100 and body["score"] == body["report"]["score"]
    requirements = {r["name"]: r["present"] for r in body["report"]["requirements"] if r["kind"] == "skill"}
    assert requirements.get("Python") is True
    assert requirements.get("Kubernetes") is False
    if body["report_id"]:
        assert AtsReport.objects.filter(pk=body["report_id"], resume=resume, job=job).exists()


def test_ats_needs_a_job(owner_client, owner):
    resume = parsed_resume(owner)
    error = _error(owner_client.get(f"{RESUMES}{resume.pk}/ats/"), 400)
    assert "job" in error["fields"]
    _error(owner_client.get(f"{RESUMES}{resume.pk}/ats/", {"job": uuid.uuid4()}), 404)


def test_ats_of_an_unread_resume_is_409(owner_client, owner):
    resume = parsed_resume(owner, status=Resume.Status.EXTRACTING, parsed_data={}, raw_text="")
    error = _error(owner_client.get(f"{RESUMES}{resume.pk}/ats/", {"job": _job(owner).pk}), 409)
    assert "not been read" in error["message"]


def test_match_against_the_primary_resume(owner_client, owner):
    resume = parsed_resume(owner, is_primary=True)
    job = _job(owner)
    response = owner_client.get(f"/api/v1/jobs/{job.pk}/match/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["resume"] == str(resume.pk) and 0 <= body["score"] <= 100
    assert "Python" in body["matched"] and "Kubernetes" in body["missing"]


def test_match_without_a_parsed_primary_resume_is_409(owner_client, owner):
    job = _job(owner)
    error = _error(owner_client.get(f"/api/v1/jobs/{job.pk}/match/"), 409)
    assert "primary resume" in error["message"]
    parsed_resume(owner, is_primary=True, status=Resume.Status.FAILED, parsed_data={})
    _error(owner_client.get(f"/api/v1/jobs/{job.pk}/match/"), 409)


# --- OpenAPI ----------------------------------------------------------------------------------


def test_schema_documents_the_resume_routes(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    expected = {
        "/api/v1/resumes/": {"get", "post"},
        "/api/v1/resumes/{resume_id}/": {"get", "delete"},
        "/api/v1/resumes/{resume_id}/ats/": {"get"},
        "/api/v1/jobs/{job_id}/match/": {"get"},
    }
    for path, methods in expected.items():
        documented = {m for m in schema["paths"][path] if m in {"get", "post", "put", "patch", "delete"}}
        assert documented == methods, path
    upload = schema["paths"]["/api/v1/resumes/"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"200", "409"} <= set(schema["paths"]["/api/v1/jobs/{job_id}/match/"]["get"]["responses"])
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()
           if isinstance(op, dict) and "operationId" in op]
    assert len(ids) == len(set(ids))


def test_spectacular_still_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert "/api/v1/resumes/{resume_id}/ats/" in out.getvalue()


def test_ats_against_a_job_without_description_is_400(owner_client, owner):
    resume = parsed_resume(owner)
    job = _job(owner, description="")
    error = _error(owner_client.get(f"{RESUMES}{resume.pk}/ats/", {"job": job.pk}), 400)
    assert "description" in error["message"] or "description" in error.get("fields", {})
