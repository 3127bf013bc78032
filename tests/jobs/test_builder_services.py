"""jobs/services/builder.py against the real database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jobs.models import Resume
from jobs.services.builder import (
    CONTENT_MAX_BYTES,
    resume_builder_create,
    resume_content_save,
    resume_duplicate,
    resume_outline_from_profile,
)
from tests.accounts.factories import ExperienceFactory
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def test_create_blank_is_a_primary_draft(owner):
    resume = resume_builder_create(user=owner, title="  My   CV ", template="modern", from_profile=False)
    resume.refresh_from_db()
    assert (resume.status, resume.title, resume.template, resume.version) == (Resume.Status.DRAFT, "My CV", "modern", 1)
    assert resume.is_primary and resume.content.startswith("# Your Name")


def test_create_refuses_unknown_template(owner):
    with pytest.raises(ValidationError):
        resume_builder_create(user=owner, title="CV", template="fancy", from_profile=False)
    assert not Resume.objects.exists()


def test_save_caps_content_at_100_kb_and_writes_nothing(owner):
    resume = resume_builder_create(user=owner, title="CV", from_profile=False)
    with pytest.raises(ValidationError) as error:
        resume_content_save(resume=resume, content="é" * (CONTENT_MAX_BYTES // 2 + 1), template="classic")
    assert "content" in error.value.error_dict
    resume.refresh_from_db()
    assert resume.content.startswith("# Your Name")


def test_save_exactly_at_the_cap_is_accepted(owner):
    resume = resume_builder_create(user=owner, title="CV", from_profile=False)
    resume_content_save(resume=resume, content="a" * CONTENT_MAX_BYTES, template="classic")
    resume.refresh_from_db()
    assert len(resume.content) == CONTENT_MAX_BYTES


def test_save_refuses_uploaded_resumes(owner):
    uploaded = ResumeFactory(user=owner, status=Resume.Status.PARSED)
    with pytest.raises(ValidationError):
        resume_content_save(resume=uploaded, content="# x", template="classic")


def test_save_refuses_blank_title(owner):
    resume = resume_builder_create(user=owner, title="CV", from_profile=False)
    with pytest.raises(ValidationError):
        resume_content_save(resume=resume, content="# x", template="classic", title="   ")
    resume.refresh_from_db()
    assert resume.title == "CV"


def test_duplicate_twice_counts_versions(owner):
    base = resume_builder_create(user=owner, title="x" * 200, from_profile=False)
    copy = resume_duplicate(resume=base)
    second = resume_duplicate(resume=copy)
    assert len(copy.title) == 200 and copy.title.endswith(" (copy)")
    assert (copy.version, second.version, second.parent_id) == (2, 3, copy.pk)
    assert Resume.objects.filter(user=owner, is_primary=True).count() == 1


def test_outline_escapes_nothing_and_invents_nothing(owner):
    ExperienceFactory(profile=owner.profile, title="Dev", company="Acme", description="", achievements=[])
    outline = resume_outline_from_profile(profile=owner.profile)
    assert "### Dev — Acme" in outline
    assert "## Education" not in outline and "## Skills" not in outline and "## Summary" not in outline


def test_save_fills_parsed_data_for_ats_and_matching(owner):
    resume = resume_builder_create(user=owner, title="CV", from_profile=False)
    content = "# Olivia Owner\n\nolivia@example.com\n\n## Skills\n\nPython, Django\n"
    resume_content_save(resume=resume, content=content, template="classic")
    resume.refresh_from_db()
    assert resume.raw_text.startswith("Olivia Owner")
    assert resume.parsed_data["email"] == "olivia@example.com"
    assert set(resume.parsed_data) >= {"name", "experience", "education", "skills"}


def test_save_of_pathological_content_stays_fast(owner):
    import time

    resume = resume_builder_create(user=owner, title="CV", from_profile=False)
    started = time.monotonic()
    resume_content_save(resume=resume, content=("a" * 1500 + "\n") * 60, template="classic")
    assert time.monotonic() - started < 5
