"""ATS check pages: the resume's check form + history, and a report's page."""

import pytest
from django.urls import reverse

from jobs.models import AtsReport, Resume
from tests.jobs.factories import JobFactory, JobPostingFactory, ResumeFactory

RESUME_TEXT = "Jane Doe\njane@example.com\nExperience\n- Built APIs in Python and Django, cutting latency by 40%\nSkills: Python, JS\n"
DESCRIPTION = "Requirements: Python, JavaScript and Kubernetes."


@pytest.fixture
def resume(owner):
    return ResumeFactory(user=owner, status=Resume.Status.PARSED, raw_text=RESUME_TEXT, parsed_data={}, is_primary=True)


def _url(resume):
    return reverse("jobs:resume_ats", args=[resume.pk])


def _report(resume, **kwargs):
    return AtsReport.objects.create(user=resume.user, resume=resume, score=kwargs.pop("score", 60),
                                    feedback=kwargs.pop("feedback", {}), job_title=kwargs.pop("job_title", "Engineer"), **kwargs)


@pytest.mark.django_db
class TestResumeAts:
    def test_requires_login(self, client, resume):
        response = client.get(_url(resume))
        assert response.status_code == 302 and "/login" in response["Location"]

    def test_wrong_method(self, owner_client, resume):
        assert owner_client.put(_url(resume)).status_code == 405

    def test_rejects_other_users_resume(self, stranger_client, resume):
        assert stranger_client.get(_url(resume)).status_code == 404
        assert stranger_client.post(_url(resume), {"source": "description", "description": DESCRIPTION}).status_code == 404
        assert not AtsReport.objects.exists()

    def test_page_lists_history_newest_first(self, owner_client, resume, django_assert_max_num_queries):
        old = _report(resume, job_title="Old check")
        new = _report(resume, job_title="New check", job=JobFactory(user=resume.user, title="Backend", company="Acme"))
        owner_client.get(_url(resume))  # the first request of a session also records it
        with django_assert_max_num_queries(8):
            response = owner_client.get(_url(resume))
        assert response.status_code == 200
        body = response.content.decode()
        assert body.index("New check") < body.index("Old check")
        assert list(response.context["reports"]) == [new, old]

    def test_paste_a_description_stores_a_report(self, owner_client, resume):
        response = owner_client.post(_url(resume), {"source": "description", "description": DESCRIPTION, "job_title": "Backend Engineer"})
        report = AtsReport.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("jobs:ats_report", args=[report.pk])
        assert report.resume == resume and report.job_title == "Backend Engineer"
        assert [r["name"] for r in report.feedback["requirements"] if not r["present"]] == ["Kubernetes"]
        resume.refresh_from_db()
        assert resume.ats_score == report.score

    def test_check_against_a_tracked_job(self, owner_client, owner, resume):
        job = JobFactory(user=owner, title="Backend Engineer", description=DESCRIPTION)
        response = owner_client.post(_url(resume), {"source": "job", "job": job.pk})
        assert response.status_code == 302
        assert AtsReport.objects.get().job == job

    def test_cannot_check_against_another_users_job(self, owner_client, stranger, resume):
        job = JobFactory(user=stranger, description=DESCRIPTION)
        response = owner_client.post(_url(resume), {"source": "job", "job": job.pk})
        assert response.status_code == 200
        assert response.context["form"].errors["job"]
        assert not AtsReport.objects.exists()

    def test_check_against_a_catalog_posting(self, owner_client, resume):
        posting = JobPostingFactory(title="Data Engineer", description="Python and Airflow", requirements=[])
        page = owner_client.get(_url(resume), {"posting": posting.pk})
        assert "Data Engineer" in page.content.decode()
        response = owner_client.post(_url(resume), {"source": "posting", "posting": posting.pk})
        assert response.status_code == 302
        assert AtsReport.objects.get().posting == posting

    def test_invalid_input_shows_errors_and_writes_nothing(self, owner_client, resume):
        response = owner_client.post(_url(resume), {"source": "description", "description": "  "})
        assert response.status_code == 200
        assert response.context["form"].errors["description"]
        response = owner_client.post(_url(resume), {"source": "posting", "posting": "00000000-0000-0000-0000-000000000000"})
        assert response.status_code == 200 and response.context["form"].errors
        response = owner_client.post(_url(resume), {"source": "bogus"})
        assert response.status_code == 200 and response.context["form"].errors["source"]
        assert not AtsReport.objects.exists()

    def test_unread_resume_is_refused_with_a_message(self, owner_client, owner):
        unread = ResumeFactory(user=owner, status=Resume.Status.UPLOADED)
        response = owner_client.post(_url(unread), {"source": "description", "description": DESCRIPTION})
        assert response.status_code == 200
        assert "no text yet" in response.content.decode()
        assert not AtsReport.objects.exists()

    def test_htmx_returns_the_panel_with_the_new_report(self, owner_client, resume):
        response = owner_client.post(_url(resume), {"source": "description", "description": DESCRIPTION}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="ats-panel"') and "<html" not in body
        report = AtsReport.objects.get()
        assert reverse("jobs:ats_report", args=[report.pk]) in body
        assert "Add Kubernetes" in body

    def test_bad_query_parameters_are_ignored(self, owner_client, resume):
        assert owner_client.get(_url(resume), {"posting": "not-a-uuid"}).status_code == 200
        assert owner_client.get(_url(resume), {"job": "not-a-uuid"}).status_code == 200

    def test_htmx_get_returns_the_fragment(self, owner_client, resume):
        response = owner_client.get(_url(resume), headers={"HX-Request": "true"})
        assert response.status_code == 200 and "<html" not in response.content.decode()


@pytest.mark.django_db
class TestAtsReportPage:
    def _stored(self, resume):
        from jobs.services.matching import ats_report_create

        return ats_report_create(resume=resume, description=DESCRIPTION, job_title="Backend Engineer")

    def test_requires_login(self, client, resume):
        response = client.get(reverse("jobs:ats_report", args=[self._stored(resume).pk]))
        assert response.status_code == 302

    def test_wrong_method(self, owner_client, resume):
        assert owner_client.post(reverse("jobs:ats_report", args=[self._stored(resume).pk])).status_code == 405

    def test_rejects_other_users_report(self, stranger_client, resume):
        assert stranger_client.get(reverse("jobs:ats_report", args=[self._stored(resume).pk])).status_code == 404

    def test_shows_the_report(self, owner_client, resume, django_assert_max_num_queries):
        report = self._stored(resume)
        owner_client.get(reverse("jobs:ats_report", args=[report.pk]))  # the first request of a session also records it
        with django_assert_max_num_queries(6):
            response = owner_client.get(reverse("jobs:ats_report", args=[report.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert f"{report.score}/100" in body
        assert "Kubernetes" in body and "Missing" in body
        assert "Built APIs in Python and Django, cutting latency by 40%" in body  # evidence line

    def test_unknown_report(self, owner_client):
        assert owner_client.get(reverse("jobs:ats_report", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404
