"""Cover letter services end to end with the offline coach: create (generation on commit),
regenerate, failure and retry, edit, delete, attach, export, the model prompt, demo seed."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.ai import providers
from coaching.ai.generation import generation_retry, generation_run
from coaching.demo.cover_letters import seed_demo_cover_letters
from coaching.models import CoverLetter, Generation, ReviewRequest
from coaching.services import cover_letters as services
from coaching.services import review_claim, review_request_create
from jobs.builder.docx import resume_docx
from jobs.builder.pdf import resume_pdf
from jobs.matching.taxonomy import skill_set
from jobs.models import Application
from tests.coaching.factories import CoverLetterFactory, UsageRecordFactory, verified_mentor
from tests.coaching.test_cover_letter_offline import JOB_DESCRIPTION, LACKING, give_letter_data
from tests.jobs.factories import ApplicationFactory, JobFactory, JobPostingFactory, ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(owner):
    posting = JobPostingFactory(
        title="Backend Engineer",
        company="Northwind",
        description=JOB_DESCRIPTION,
        requirements=["Python", "Go", "Kubernetes"],
    )
    return JobFactory(user=owner, title="Backend Engineer", company="Northwind", posting=posting, description="")


def _create(django_capture_on_commit_callbacks, **kwargs) -> CoverLetter:
    with django_capture_on_commit_callbacks(execute=True):
        letter, _ = services.cover_letter_create(**kwargs)
    letter.refresh_from_db()
    return letter


class _Provider(providers.Provider):
    """A model provider stand-in (the real one is tested against a loopback server): it
    records the prompt and answers with fixed text, or fails."""

    name = providers.OPENAI
    is_offline = False

    def __init__(self, *, answer: str = "", error: str = ""):
        super().__init__(providers.ProviderConfig(name=providers.OPENAI, model="test-model"))
        self.answer, self.error, self.messages = answer, error, None

    def complete_text(self, *, messages, on_delta=None, max_tokens=None):
        self.messages = messages
        if self.error:
            raise providers.ProviderUnavailable(self.error)
        if on_delta:
            on_delta(self.answer)
        return providers.Completion(text=self.answer, provider=self.name, model="test-model")


# --- create -------------------------------------------------------------------------------------


def test_create_for_a_tracked_job_writes_a_grounded_letter(owner, job, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    letter = _create(django_capture_on_commit_callbacks, user=owner, job=job, tone="WARM")
    assert letter.status == CoverLetter.Status.DRAFT
    assert (letter.company_name, letter.job_title) == ("Northwind", "Backend Engineer")
    assert letter.job_description == JOB_DESCRIPTION  # from the posting
    assert letter.title == "Backend Engineer at Northwind"
    assert letter.resume == owner.resumes.get(is_primary=True)
    assert letter.provider == "offline" and letter.generated_at is not None
    assert "Northwind" in letter.content and letter.content.strip().endswith("Olivia Owner")
    assert not skill_set(letter.content) & LACKING
    generation = Generation.objects.get(target_id=letter.pk)
    assert generation.status == Generation.Status.SUCCEEDED
    assert generation.input["job_id"] == str(job.pk) and generation.input["tone"] == "WARM"
    assert UsageRecord.objects.filter(user=owner, action="AI_COVER_LETTER").count() == 1


def test_create_from_a_pasted_job(owner, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    letter = _create(
        django_capture_on_commit_callbacks,
        user=owner,
        company_name="  Globex ",
        job_title="Data Engineer",
        job_description="Python and SQL pipelines.",
        tone="CONCISE",
    )
    assert letter.job is None and letter.company_name == "Globex"
    assert letter.content.startswith("Dear Globex hiring team,")
    assert "Python" in letter.content


def test_same_inputs_give_the_same_letter(owner, job, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    first = _create(django_capture_on_commit_callbacks, user=owner, job=job)
    second = _create(django_capture_on_commit_callbacks, user=owner, job=job)
    assert first.content == second.content


def test_create_needs_company_and_role(owner):
    with pytest.raises(ValidationError) as info:
        services.cover_letter_create(user=owner, company_name="", job_title=" ")
    assert set(info.value.error_dict) == {"company_name", "job_title"}
    assert not CoverLetter.objects.exists() and not Generation.objects.exists()


def test_create_refuses_another_users_job_and_resume(owner, stranger):
    with pytest.raises(PermissionDenied):
        services.cover_letter_create(user=owner, job=JobFactory(user=stranger))
    with pytest.raises(PermissionDenied):
        services.cover_letter_create(user=owner, company_name="A", job_title="B", resume=ResumeFactory(user=stranger))
    assert not CoverLetter.objects.exists()


def test_over_quota_nothing_is_written(owner):
    UsageRecordFactory.create_batch(10, user=owner)
    with pytest.raises(QuotaExceeded):
        services.cover_letter_create(user=owner, company_name="Globex", job_title="Analyst")
    assert not CoverLetter.objects.exists() and not Generation.objects.exists()


# --- failure, retry, regenerate -----------------------------------------------------------------


def test_a_failure_marks_the_letter_failed_and_keeps_the_inputs(owner):
    letter, generation = services.cover_letter_create(
        user=owner, company_name="Globex", job_title="Analyst", job_description="SQL", enqueue=False
    )
    generation_run(generation_id=generation.pk, provider=_Provider(error="The AI server timed out."))
    letter.refresh_from_db()
    generation.refresh_from_db()
    assert letter.status == CoverLetter.Status.FAILED
    assert (letter.company_name, letter.job_title, letter.job_description) == ("Globex", "Analyst", "SQL")
    assert generation.error == "The AI server timed out."
    assert generation.input["company_name"] == "Globex"

    retry = generation_retry(generation=generation)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.GENERATING
    generation_run(generation_id=retry.pk, provider=providers.provider_get(providers.ProviderConfig(name="offline")))
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and "Globex" in letter.content


def test_the_model_gets_the_facts_the_job_and_the_rule_not_to_invent(owner, job):
    give_letter_data(owner)
    letter, generation = services.cover_letter_create(user=owner, job=job, enqueue=False)
    provider = _Provider(answer="Dear Northwind hiring team,\n\nModel letter.\n\nOlivia Owner")
    generation_run(generation_id=generation.pk, provider=provider)
    system, user_message = provider.messages[0]["content"], provider.messages[1]["content"]
    assert "never invent" in system and "Do not claim any skill" in system
    assert "Skills: Python, Django, PostgreSQL" in user_message
    assert "Cut p95 latency" in user_message
    assert JOB_DESCRIPTION in user_message and "Sign the letter as: Olivia Owner" in user_message
    letter.refresh_from_db()
    assert letter.content.endswith("Olivia Owner") and letter.provider == "openai"


def test_regenerate_counts_quota_and_rewrites(owner, django_capture_on_commit_callbacks):
    letter = _create(django_capture_on_commit_callbacks, user=owner, company_name="Globex", job_title="Analyst")
    services.cover_letter_update(letter=letter, content="My own words.")
    with django_capture_on_commit_callbacks(execute=True):
        services.cover_letter_regenerate(letter=letter)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content.startswith("Dear Globex hiring team,")
    assert UsageRecord.objects.filter(user=owner, action="AI_COVER_LETTER").count() == 2


def test_regenerate_refused_while_writing_and_over_quota(owner):
    letter, _ = services.cover_letter_create(user=owner, company_name="Globex", job_title="Analyst", enqueue=False)
    with pytest.raises(ValidationError):
        services.cover_letter_regenerate(letter=letter)
    CoverLetter.objects.filter(pk=letter.pk).update(status=CoverLetter.Status.DRAFT, content="Text")
    UsageRecordFactory.create_batch(10, user=owner)
    with pytest.raises(QuotaExceeded):
        services.cover_letter_regenerate(letter=letter)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content == "Text"


# --- edit, delete ---------------------------------------------------------------------------------


def test_update_content_title_status(owner):
    letter = CoverLetterFactory(user=owner)
    services.cover_letter_update(letter=letter, content="Dear team,\r\n\r\nHello.", title="Mine", status="COMPLETED")
    letter.refresh_from_db()
    assert (letter.content, letter.title, letter.status) == ("Dear team,\n\nHello.", "Mine", "COMPLETED")


@pytest.mark.parametrize("kwargs", [{"status": "GENERATING"}, {"status": "COMPLETED", "content": ""}])
def test_update_refuses_bad_status(owner, kwargs):
    letter = CoverLetterFactory(user=owner)
    with pytest.raises(ValidationError):
        services.cover_letter_update(letter=letter, **kwargs)
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.content


def test_update_refused_while_the_coach_writes(owner):
    letter = CoverLetterFactory(user=owner, status=CoverLetter.Status.GENERATING, content="")
    with pytest.raises(ValidationError):
        services.cover_letter_update(letter=letter, content="x")


def test_delete_and_refused_while_a_mentor_reviews(owner):
    letter = CoverLetterFactory(user=owner)
    review = review_request_create(requester=owner, cover_letter=letter)
    review_claim(review=review, mentor=verified_mentor())
    with pytest.raises(ValidationError):
        services.cover_letter_delete(letter=letter)
    assert CoverLetter.objects.filter(pk=letter.pk).exists()
    other = CoverLetterFactory(user=owner)
    services.cover_letter_delete(letter=other)
    assert not CoverLetter.objects.filter(pk=other.pk).exists()


# --- attach ----------------------------------------------------------------------------------------


def test_attach_to_an_existing_application_copies_the_text(owner):
    application = ApplicationFactory(job=JobFactory(user=owner), cover_letter="old")
    letter = CoverLetterFactory(user=owner)
    result = services.cover_letter_attach(letter=letter, application=application)
    application.refresh_from_db()
    letter.refresh_from_db()
    assert result == application and application.cover_letter == letter.content
    assert letter.application == application and letter.job == application.job
    assert application.status == Application.Status.SUBMITTED  # unchanged


def test_attach_to_a_job_without_application_creates_a_draft_one(owner):
    job = JobFactory(user=owner)
    letter = CoverLetterFactory(user=owner, job=job)
    application = services.cover_letter_attach(letter=letter, job=job)
    assert application.job == job and application.status == Application.Status.DRAFT
    assert application.cover_letter == letter.content
    assert Application.objects.filter(user=owner).count() == 1
    # Attaching again to the job updates that application instead of adding one.
    services.cover_letter_update(letter=letter, content="New text")
    services.cover_letter_attach(letter=letter, job=job)
    assert Application.objects.get(user=owner).cover_letter == "New text"


def test_attach_refuses_others_and_empty_letters(owner, stranger):
    letter = CoverLetterFactory(user=owner)
    with pytest.raises(PermissionDenied):
        services.cover_letter_attach(letter=letter, application=ApplicationFactory(job=JobFactory(user=stranger)))
    with pytest.raises(PermissionDenied):
        services.cover_letter_attach(letter=letter, job=JobFactory(user=stranger))
    with pytest.raises(ValidationError):
        services.cover_letter_attach(letter=CoverLetterFactory(user=owner, content=""), job=JobFactory(user=owner))
    with pytest.raises(ValidationError):
        services.cover_letter_attach(letter=letter)
    assert not Application.objects.filter(user=owner).exists()


# --- export -------------------------------------------------------------------------------------


def test_exports_are_real_pdf_and_docx(owner, django_capture_on_commit_callbacks):
    give_letter_data(owner)
    letter = _create(django_capture_on_commit_callbacks, user=owner, company_name="Globex", job_title="Analyst")
    pdf = resume_pdf(letter.content, template_key="classic", title=letter.title, author="Olivia Owner")
    assert pdf.startswith(b"%PDF")
    docx = resume_docx(letter.content, template_key="classic", title=letter.title, author="Olivia Owner")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Dear Globex hiring team," in xml and "Olivia Owner" in xml


# --- reviews of letters ---------------------------------------------------------------------------


def test_review_request_for_a_letter(owner):
    letter = CoverLetterFactory(user=owner)
    review = review_request_create(requester=owner, cover_letter=letter, note="Tone?", target_role="Analyst")
    assert review.kind == ReviewRequest.Kind.COVER_LETTER and review.document == letter and review.resume is None


def test_one_active_review_per_letter(owner):
    letter = CoverLetterFactory(user=owner)
    review_request_create(requester=owner, cover_letter=letter)
    with pytest.raises(ValidationError) as info:
        review_request_create(requester=owner, cover_letter=letter)
    assert "cover_letter" in info.value.error_dict
    assert ReviewRequest.objects.filter(cover_letter=letter).count() == 1


def test_review_refused_for_others_or_unwritten_letters(owner, stranger):
    with pytest.raises(PermissionDenied):
        review_request_create(requester=owner, cover_letter=CoverLetterFactory(user=stranger))
    with pytest.raises(ValidationError):
        review_request_create(requester=owner, cover_letter=CoverLetterFactory(user=owner, content=""))
    with pytest.raises(ValidationError):
        review_request_create(
            requester=owner, cover_letter=CoverLetterFactory(user=owner, status=CoverLetter.Status.GENERATING)
        )
    with pytest.raises(ValidationError):
        review_request_create(requester=owner)
    assert not ReviewRequest.objects.exists()


# --- demo -----------------------------------------------------------------------------------------


def test_seed_demo_cover_letters(owner, job):
    give_letter_data(owner)
    application = ApplicationFactory(job=job)
    JobFactory(user=owner)  # another job, without application
    seed_demo_cover_letters(seeker=owner)
    letter = CoverLetter.objects.get(user=owner)
    application.refresh_from_db()
    assert letter.status == CoverLetter.Status.COMPLETED and letter.provider == "offline"
    assert letter.job == job and letter.application == application
    assert application.cover_letter == letter.content and "Northwind" in letter.content
    seed_demo_cover_letters(seeker=owner)  # idempotent
    assert CoverLetter.objects.filter(user=owner).count() == 1


def test_seed_demo_without_jobs_does_nothing(owner):
    seed_demo_cover_letters(seeker=owner)
    assert not CoverLetter.objects.exists()
