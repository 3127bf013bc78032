"""Writes of resume intelligence: ATS reports, job match refresh, the tasks and hooks, catalog scores."""

import pytest
from django.core.exceptions import ValidationError

from jobs.models import AtsReport, Job, Resume
from jobs.selectors.ats import posting_match_scores
from jobs.services import matching, resumes, tracking
from jobs.tasks import job_match_refresh_task, resume_matches_refresh_task
from tests.jobs.factories import JobFactory, JobPostingFactory, ResumeFactory

RESUME_TEXT = """Jane Doe
jane@example.com | +1 415 555 0100
Experience
Senior Software Engineer, Paybright — 2019 – Present
- Built payment APIs in Python and Django on Postgres, cutting latency by 40%
Skills: Python, Django, Postgres, JS
"""
PARSED = {
    "name": "Jane Doe", "email": "jane@example.com", "phone": "+1 415 555 0100",
    "experience": [{"company": "Paybright", "title": "Senior Software Engineer", "start": "2019-01", "end": None, "current": True,
                    "location": "", "bullets": ["Built payment APIs in Python and Django on Postgres, cutting latency by 40%"]}],
    "education": [], "skills": ["Python", "Django", "Postgres", "JS"], "certifications": [],
}
JOB_DESCRIPTION = "Requirements: Python, Django, PostgreSQL and Kubernetes.\nNice to have: Terraform"


def _resume(user, **kwargs):
    defaults = dict(user=user, status=Resume.Status.PARSED, raw_text=RESUME_TEXT, parsed_data=PARSED, is_primary=True,
                    layout={"multi_column": False}, page_count=1)
    defaults.update(kwargs)
    return ResumeFactory(**defaults)


@pytest.mark.django_db
class TestAtsReportCreate:
    def test_against_a_pasted_description(self, owner):
        resume = _resume(owner)
        report = matching.ats_report_create(resume=resume, description=JOB_DESCRIPTION, job_title="Backend Engineer")
        assert AtsReport.objects.filter(resume=resume).count() == 1
        assert report.user == owner and report.job is None and report.job_title == "Backend Engineer"
        missing = [r["name"] for r in report.feedback["requirements"] if not r["present"]]
        assert missing == ["Kubernetes", "Terraform"]
        resume.refresh_from_db()
        assert resume.ats_score == report.score
        assert resume.feedback["report_id"] == str(report.pk)

    def test_against_a_tracked_job_uses_its_posting_requirements(self, owner):
        posting = JobPostingFactory(description="A payments team.", requirements=["Kubernetes", "Python"])
        job = JobFactory(user=owner, posting=posting, title="Backend Engineer", description="We build APIs in Django.")
        report = matching.ats_report_create(resume=_resume(owner), job=job)
        assert report.job == job and report.posting == posting
        names = {r["name"]: r["present"] for r in report.feedback["requirements"]}
        assert names == {"Django": True, "Kubernetes": False, "Python": True}

    def test_against_a_catalog_posting(self, owner):
        posting = JobPostingFactory(title="Data Engineer", description="Airflow and SQL.", requirements=[])
        report = matching.ats_report_create(resume=_resume(owner), posting=posting)
        assert report.posting == posting and report.job_title == "Data Engineer"

    def test_history_is_kept(self, owner):
        resume = _resume(owner)
        first = matching.ats_report_create(resume=resume, description=JOB_DESCRIPTION)
        second = matching.ats_report_create(resume=resume, description="Python only")
        assert list(AtsReport.objects.filter(resume=resume)) == [second, first]
        resume.refresh_from_db()
        assert resume.feedback["report_id"] == str(second.pk)

    def test_refuses_an_empty_description(self, owner):
        resume = _resume(owner)
        with pytest.raises(ValidationError):
            matching.ats_report_create(resume=resume, description="   ")
        assert not AtsReport.objects.exists()

    def test_refuses_an_unread_resume(self, owner):
        resume = _resume(owner, status=Resume.Status.UPLOADED, raw_text="", parsed_data={})
        with pytest.raises(ValidationError):
            matching.ats_report_create(resume=resume, description=JOB_DESCRIPTION)
        assert not AtsReport.objects.exists()

    def test_refuses_another_users_job(self, owner, stranger):
        with pytest.raises(ValidationError):
            matching.ats_report_create(resume=_resume(owner), job=JobFactory(user=stranger, description=JOB_DESCRIPTION))
        assert not AtsReport.objects.exists()

    def test_builder_resume_uses_its_markdown(self, owner):
        resume = _resume(owner, status=Resume.Status.DRAFT, raw_text="", parsed_data={}, content="# Jane\n\n- Python, Kubernetes")
        report = matching.ats_report_create(resume=resume, description=JOB_DESCRIPTION)
        assert {r["name"] for r in report.feedback["requirements"] if r["present"]} == {"Python", "Kubernetes"}


@pytest.mark.django_db
class TestJobMatchRefresh:
    def test_writes_score_and_analysis(self, owner):
        resume = _resume(owner)
        job = JobFactory(user=owner, title="Senior Backend Engineer", description=JOB_DESCRIPTION, ai_analysis={"summary": "kept"})
        matching.job_match_refresh(job_id=job.pk)
        job.refresh_from_db()
        assert 0 <= job.match_score <= 100
        assert job.ai_analysis["matched"] == ["Django", "PostgreSQL", "Python"]
        assert job.ai_analysis["missing"] == ["Kubernetes", "Terraform"]
        assert job.ai_analysis["resume_id"] == str(resume.pk)
        assert job.ai_analysis["score_details"]["must"]["missing"] == ["Kubernetes"]
        assert "computed_at" in job.ai_analysis
        assert job.ai_analysis["summary"] == "kept"

    def test_without_a_read_primary_resume_the_score_is_cleared(self, owner):
        _resume(owner, status=Resume.Status.UPLOADED)
        job = JobFactory(user=owner, description=JOB_DESCRIPTION, match_score=50, ai_analysis={"matched": ["X"], "summary": "kept"})
        matching.job_match_refresh(job_id=job.pk)
        job.refresh_from_db()
        assert job.match_score is None
        assert job.ai_analysis == {"summary": "kept"}

    def test_does_not_touch_the_board_version(self, owner):
        _resume(owner)
        job = JobFactory(user=owner, description=JOB_DESCRIPTION)
        version = job.version
        matching.job_match_refresh(job_id=job.pk)
        job.refresh_from_db()
        assert job.version == version

    def test_deleted_job(self, owner):
        job = JobFactory(user=owner)
        Job.objects.filter(pk=job.pk).delete()
        assert matching.job_match_refresh(job_id=job.pk) is None

    def test_task_runs_the_service(self, owner):
        _resume(owner)
        job = JobFactory(user=owner, description=JOB_DESCRIPTION)
        score = job_match_refresh_task(job.pk)
        job.refresh_from_db()
        assert score is not None and job.match_score == score

    def test_other_users_resume_is_never_used(self, owner, stranger):
        _resume(stranger)
        job = JobFactory(user=owner, description=JOB_DESCRIPTION)
        matching.job_match_refresh(job_id=job.pk)
        job.refresh_from_db()
        assert job.match_score is None


@pytest.mark.django_db
class TestResumeMatchesRefresh:
    def test_scores_all_jobs_of_the_owner(self, owner, stranger):
        resume = _resume(owner)
        jobs = [JobFactory(user=owner, description=JOB_DESCRIPTION) for _ in range(3)]
        other = JobFactory(user=stranger, description=JOB_DESCRIPTION)
        assert resume_matches_refresh_task(resume.pk) == 3
        assert all(j.match_score is not None for j in Job.objects.filter(pk__in=[j.pk for j in jobs]))
        other.refresh_from_db()
        assert other.match_score is None

    def test_not_primary_does_nothing(self, owner):
        _resume(owner)
        secondary = _resume(owner, is_primary=False)
        JobFactory(user=owner, description=JOB_DESCRIPTION)
        assert matching.resume_matches_refresh(resume_id=secondary.pk) == 0


@pytest.mark.django_db
class TestHooks:
    def test_job_create_and_update_refresh_the_match(self, owner, django_capture_on_commit_callbacks):
        _resume(owner)
        with django_capture_on_commit_callbacks(execute=True):
            job = tracking.job_create(user=owner, data={"title": "Backend Engineer", "company": "Acme", "description": JOB_DESCRIPTION})
        job.refresh_from_db()
        assert job.ai_analysis["missing"] == ["Kubernetes", "Terraform"]
        with django_capture_on_commit_callbacks(execute=True):
            tracking.job_update(job=job, data={"description": "Python and Django required"})
        job.refresh_from_db()
        assert job.ai_analysis["missing"] == []

    def test_set_primary_refreshes_all_jobs(self, owner, django_capture_on_commit_callbacks):
        _resume(owner, raw_text="Barista", parsed_data={})
        better = _resume(owner, is_primary=False)
        job = JobFactory(user=owner, description=JOB_DESCRIPTION)
        with django_capture_on_commit_callbacks(execute=True):
            resumes.resume_set_primary(resume=better)
        job.refresh_from_db()
        assert job.ai_analysis["resume_id"] == str(better.pk)


@pytest.mark.django_db
class TestPostingMatchScores:
    def test_scores_postings_against_the_primary_resume(self, owner, django_assert_max_num_queries):
        _resume(owner)
        good = JobPostingFactory(title="Backend Engineer", description="Python, Django and PostgreSQL", requirements=[])
        bad = JobPostingFactory(title="Nurse", description="Patient care and BLS certification", requirements=[])
        with django_assert_max_num_queries(1):
            scores = posting_match_scores(user=owner, postings=[good, bad])
        assert set(scores) == {good.pk, bad.pk}
        assert scores[good.pk] > scores[bad.pk]

    def test_without_a_primary_resume(self, owner):
        assert posting_match_scores(user=owner, postings=[JobPostingFactory()]) == {}


@pytest.mark.django_db
def test_deleting_the_only_primary_resume_clears_match_scores(django_capture_on_commit_callbacks):
    from jobs.models import Job, Resume
    from jobs.services import resumes
    from tests.accounts.factories import UserFactory
    from tests.jobs.factories import JobFactory, ResumeFactory

    user = UserFactory()
    resume = ResumeFactory(user=user, is_primary=True, status=Resume.Status.PARSED)
    job = JobFactory(user=user, match_score=77, ai_analysis={"matched": ["Python"], "missing": [], "note": "kept"})
    with django_capture_on_commit_callbacks(execute=True):
        resumes.resume_delete(resume=resume)
    job.refresh_from_db()
    assert job.match_score is None
    assert job.ai_analysis == {"note": "kept"}
    assert Job.objects.filter(user=user).count() == 1
