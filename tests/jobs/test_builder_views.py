"""Resume builder pages: new, editor + preview, save, exports, duplicate, primary, compare."""

from __future__ import annotations

import datetime
import io
import uuid

import docx
import pypdf
import pytest
from django.urls import reverse

from jobs.models import Resume
from jobs.services.builder import CONTENT_MAX_BYTES, resume_builder_create
from tests.accounts.factories import CertificationFactory, EducationFactory, ExperienceFactory, SkillFactory
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LOGIN_URL = reverse("account_login")


def _draft(user, content="# Olivia Owner\n\n## Experience\n\n- Shipped things\n", **kwargs) -> Resume:
    return ResumeFactory(user=user, status=Resume.Status.DRAFT, content=content, original_name="", **kwargs)


def _urls(resume) -> dict[str, tuple[str, str]]:
    """Every builder URL of ``resume`` with the method it answers."""
    return {
        "builder": ("get", reverse("jobs:resume_builder", args=[resume.pk])),
        "save": ("post", reverse("jobs:resume_builder", args=[resume.pk])),
        "preview": ("post", reverse("jobs:resume_builder_preview", args=[resume.pk])),
        "primary": ("post", reverse("jobs:resume_builder_primary", args=[resume.pk])),
        "duplicate": ("post", reverse("jobs:resume_duplicate", args=[resume.pk])),
        "pdf": ("get", reverse("jobs:resume_export_pdf", args=[resume.pk])),
        "docx": ("get", reverse("jobs:resume_export_docx", args=[resume.pk])),
        "compare": ("get", f"{reverse('jobs:resume_compare')}?a={resume.pk}&b={resume.pk}"),
    }


def _form(**overrides) -> dict:
    data = {"title": "My CV", "template": "modern", "content": "# Olivia Owner\n\n## Skills\n\nPython"}
    data.update(overrides)
    return data


# --- Access -------------------------------------------------------------------------------------


def test_requires_login(client, owner):
    resume = _draft(owner)
    urls = {**_urls(resume), "new": ("get", reverse("jobs:resume_builder_new"))}
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response.url.startswith(LOGIN_URL), name


def test_rejects_other_users_resume(stranger_client, owner):
    resume = _draft(owner)
    for name, (method, url) in _urls(resume).items():
        response = getattr(stranger_client, method)(url, _form() if method == "post" else None)
        assert response.status_code == 404, name
    resume.refresh_from_db()
    assert resume.title != "My CV" and resume.is_primary is False
    assert Resume.objects.count() == 1


def test_compare_with_one_foreign_resume_is_404(owner_client, owner, stranger):
    mine, theirs = _draft(owner), _draft(stranger)
    url = reverse("jobs:resume_compare")
    assert owner_client.get(url, {"a": mine.pk, "b": theirs.pk}).status_code == 404
    assert owner_client.get(url, {"a": theirs.pk, "b": mine.pk}).status_code == 404
    assert owner_client.get(url, {"a": mine.pk, "b": uuid.uuid4()}).status_code == 404


def test_wrong_methods_are_405(owner_client, owner):
    resume = _draft(owner)
    urls = _urls(resume)
    for name in ("preview", "primary", "duplicate"):
        assert owner_client.get(urls[name][1]).status_code == 405, name
    for name in ("pdf", "docx", "compare"):
        assert owner_client.post(urls[name][1]).status_code == 405, name
    assert owner_client.delete(urls["builder"][1]).status_code == 405
    assert owner_client.put(reverse("jobs:resume_builder_new")).status_code == 405


def test_uploaded_resume_is_not_edited_in_the_builder(owner_client, owner):
    uploaded = ResumeFactory(user=owner, status=Resume.Status.PARSED, raw_text="Olivia\nPython")
    assert owner_client.get(reverse("jobs:resume_builder", args=[uploaded.pk])).status_code == 404
    assert owner_client.get(reverse("jobs:resume_export_pdf", args=[uploaded.pk])).status_code == 404


# --- New ----------------------------------------------------------------------------------------


def test_new_page_renders(owner_client):
    response = owner_client.get(reverse("jobs:resume_builder_new"))
    assert response.status_code == 200
    assert "Start from my profile" in response.content.decode()


def test_new_from_profile_outlines_only_what_the_profile_holds(owner_client, owner):
    profile = owner.profile
    profile.headline = "Backend engineer"
    profile.linkedin_url = "https://linkedin.com/in/olivia"
    profile.save()
    ExperienceFactory(
        profile=profile,
        title="Engineer",
        company="Initech",
        description="",
        achievements=["Cut costs by 30%"],
        start_date=datetime.date(2020, 1, 1),
        end_date=None,
        is_current=True,
    )
    EducationFactory(profile=profile, institution="Uni of Oslo", degree="BSc")
    SkillFactory(profile=profile, name="Django")
    CertificationFactory(profile=profile, name="AWS SAA", issuing_organization="Amazon")

    response = owner_client.post(
        reverse("jobs:resume_builder_new"), {"title": "Backend CV", "start": "profile", "template": "classic"}
    )

    resume = Resume.objects.get(user=owner)
    assert response.status_code == 302
    assert response.url == reverse("jobs:resume_builder", args=[resume.pk])
    assert resume.status == Resume.Status.DRAFT and resume.title == "Backend CV" and resume.template == "classic"
    assert resume.is_primary  # the first resume
    content = resume.content
    assert content.startswith("# Olivia Owner")
    for expected in (
        "**Backend engineer**",
        "owner@example.com",
        "[LinkedIn](https://linkedin.com/in/olivia)",
        "### Engineer — Initech",
        "*Jan 2020 – Present*",
        "- Cut costs by 30%",
        "### BSc, Computer Science — Uni of Oslo",
        "## Skills",
        "Django",
        "**AWS SAA** · Amazon",
    ):
        assert expected in content, expected
    assert "## Summary" in content or not profile.bio
    assert "Olivia Owner" in resume.raw_text


def test_new_from_empty_profile_invents_nothing(owner, stranger):
    resume = resume_builder_create(user=stranger, title="CV", from_profile=True)
    assert resume.content == "# Sam Stranger\n\nstranger@example.com\n"


def test_new_blank(owner_client, owner):
    owner_client.post(reverse("jobs:resume_builder_new"), {"title": "Blank", "start": "blank", "template": "modern"})
    resume = Resume.objects.get(user=owner)
    assert "## Experience" in resume.content and resume.template == "modern"


def test_new_invalid_input_writes_nothing(owner_client, owner):
    response = owner_client.post(reverse("jobs:resume_builder_new"), {"title": "", "start": "x", "template": "fancy"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "start", "template"}
    assert not Resume.objects.filter(user=owner).exists()


def test_new_second_resume_is_not_primary(owner_client, owner):
    _draft(owner, is_primary=True)
    owner_client.post(reverse("jobs:resume_builder_new"), {"title": "Two", "start": "blank", "template": "classic"})
    assert Resume.objects.get(title="Two").is_primary is False


# --- Editor, preview, save ----------------------------------------------------------------------


def test_builder_page_shows_editor_and_preview(owner_client, owner):
    resume = _draft(owner, template="modern")
    response = owner_client.get(reverse("jobs:resume_builder", args=[resume.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="input changed delay:400ms from:#id_content"' in body
    assert "resume-template-modern" in body
    assert "<h1>Olivia Owner</h1>" in body
    assert 'value="preview"' in body  # the button for browsers without JavaScript


def test_save_writes_content_template_title_and_raw_text(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(reverse("jobs:resume_builder", args=[resume.pk]), _form())
    assert response.status_code == 302
    resume.refresh_from_db()
    assert (resume.title, resume.template) == ("My CV", "modern")
    assert resume.content == "# Olivia Owner\n\n## Skills\n\nPython"
    assert resume.raw_text == "Olivia Owner\nSkills\nPython"


def test_save_with_htmx_returns_the_status_fragment(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(reverse("jobs:resume_builder", args=[resume.pk]), _form(), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="save-status"' in body and "Saved." in body
    resume.refresh_from_db()
    assert resume.title == "My CV"


def test_save_refuses_content_over_100_kb(owner_client, owner):
    resume = _draft(owner)
    before = resume.content
    too_long = "x" * (CONTENT_MAX_BYTES + 1)
    response = owner_client.post(reverse("jobs:resume_builder", args=[resume.pk]), _form(content=too_long))
    assert response.status_code == 200
    assert "content" in response.context["form"].errors
    resume.refresh_from_db()
    assert resume.content == before


def test_save_invalid_with_htmx_lists_errors_in_the_fragment(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(
        reverse("jobs:resume_builder", args=[resume.pk]), _form(title="", template="nope"), **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Not saved" in body
    resume.refresh_from_db()
    assert resume.title != ""


def test_preview_action_without_js_does_not_save(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(
        reverse("jobs:resume_builder", args=[resume.pk]), _form(content="# Changed", action="preview")
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<h1>Changed</h1>" in body and "<html" in body
    resume.refresh_from_db()
    assert "Changed" not in resume.content


def test_preview_fragment_for_htmx(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(
        reverse("jobs:resume_builder_preview", args=[resume.pk]),
        _form(content="# Live\n\n<script>alert(1)</script>", template="classic"),
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="resume-preview"')
    assert "<h1>Live</h1>" in body and "resume-template-classic" in body
    assert "<script>alert" not in body
    resume.refresh_from_db()
    assert "Live" not in resume.content


def test_preview_without_htmx_renders_the_page(owner_client, owner):
    resume = _draft(owner)
    response = owner_client.post(reverse("jobs:resume_builder_preview", args=[resume.pk]), _form(content="# P"))
    assert response.status_code == 200 and "<html" in response.content.decode()


# --- Exports ------------------------------------------------------------------------------------


def test_export_pdf(owner_client, owner):
    resume = _draft(owner, title="Olivia CV", content="# José Ødegaard — “quotes”\n\n## Experience\n\n- Shipped")
    response = owner_client.get(reverse("jobs:resume_export_pdf", args=[resume.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="olivia-cv.pdf"' == response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "degaard" in text and "EXPERIENCE" in text


def test_export_docx(owner_client, owner):
    resume = _draft(owner, content="# José Ødegaard — “quotes”\n\n## Experience\n\n- Shipped")
    response = owner_client.get(reverse("jobs:resume_export_docx", args=[resume.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "José Ødegaard — “quotes”" in texts and "EXPERIENCE" in texts and "Shipped" in texts


# --- Versions and primary -----------------------------------------------------------------------


def test_duplicate_creates_a_new_version(owner_client, owner):
    resume = _draft(owner, title="Base", template="modern", is_primary=True)
    response = owner_client.post(reverse("jobs:resume_duplicate", args=[resume.pk]))
    copy = Resume.objects.exclude(pk=resume.pk).get(user=owner)
    assert response.status_code == 302 and response.url == reverse("jobs:resume_builder", args=[copy.pk])
    assert (copy.title, copy.parent_id, copy.version, copy.template) == ("Base (copy)", resume.pk, 2, "modern")
    assert copy.content == resume.content and copy.status == Resume.Status.DRAFT and copy.is_primary is False


def test_duplicate_of_an_uploaded_resume_copies_its_text(owner_client, owner):
    uploaded = ResumeFactory(user=owner, status=Resume.Status.PARSED, raw_text="Olivia Owner\nPython")
    owner_client.post(reverse("jobs:resume_duplicate", args=[uploaded.pk]))
    copy = Resume.objects.get(parent=uploaded)
    assert copy.status == Resume.Status.DRAFT and copy.content == "Olivia Owner\nPython" and not copy.file


def test_make_primary(owner_client, owner):
    first = _draft(owner, is_primary=True)
    second = _draft(owner)
    response = owner_client.post(reverse("jobs:resume_builder_primary", args=[second.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_primary and not first.is_primary


def test_compare_page_shows_the_diff(owner_client, owner):
    left = _draft(owner, title="V1", content="# Olivia\n\n- Python\n- Go\n")
    right = _draft(owner, title="V2", content="# Olivia\n\n- Python\n- Rust\n- SQL\n")
    response = owner_client.get(reverse("jobs:resume_compare"), {"a": left.pk, "b": right.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<del><span class="sr-only">Removed: </span>- Go</del>' in body
    assert '<ins><span class="sr-only">Added: </span>- Rust</ins>' in body
    assert '<ins><span class="sr-only">Added: </span>- SQL</ins>' in body
    assert response.context["changes"] == 2


def test_compare_without_choice_shows_the_picker(owner_client, owner):
    _draft(owner)
    response = owner_client.get(reverse("jobs:resume_compare"))
    assert response.status_code == 200 and response.context["rows"] is None


def test_compare_with_bad_ids_shows_an_error_not_500(owner_client, owner):
    response = owner_client.get(reverse("jobs:resume_compare"), {"a": "nope", "b": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_compare_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    resumes = [_draft(owner, content=f"# v{i}") for i in range(6)]
    owner_client.get(reverse("jobs:resume_compare"))  # the first request also records the user's session
    with django_assert_max_num_queries(6):
        owner_client.get(reverse("jobs:resume_compare"), {"a": resumes[0].pk, "b": resumes[1].pk})
