"""Resume builder: new drafts (blank or outlined from the profile), saving content,
and versions (duplicate). Rename and primary use jobs/services/resumes.py."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Profile, User
from accounts.selectors import profile_get_for_user
from jobs.builder.render import document_blocks, plain_text
from jobs.builder.templates import DEFAULT_TEMPLATE, TEMPLATES
from jobs.models import Resume
from jobs.parsing.parse import parse_resume_text

logger = logging.getLogger(__name__)

CONTENT_MAX_BYTES = 100 * 1024
PARSE_MAX_CHARS = 40_000
PARSE_MAX_LINE = 1_000
BLANK_OUTLINE = (
    "# Your Name\n\nemail@example.com · City, Country\n\n## Summary\n\n## Experience\n\n## Education\n\n## Skills\n"
)


def _lock_resumes(user_id) -> None:
    # Same first lock as jobs/services/resumes.py: one user's primary switches queue here.
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def _check(*, content: str, template: str) -> str:
    content = (content or "").replace("\r\n", "\n")
    if len(content.encode("utf-8")) > CONTENT_MAX_BYTES:
        raise ValidationError(
            {"content": f"The resume is too long: keep it under {CONTENT_MAX_BYTES // 1024} KB."}, code="too_long"
        )
    if template not in TEMPLATES:
        raise ValidationError({"template": "Choose one of the templates."}, code="invalid_template")
    return content


def _read(content: str) -> tuple[str, dict]:
    """``raw_text`` and ``parsed_data`` of builder markdown, so search, ATS checks and
    match scores read a builder resume like an uploaded one."""
    blocks = document_blocks(content)
    text = plain_text(blocks)
    links = [run.href for block in blocks for run in block.runs if run.href]
    # The parser runs in the request: bound its input (it slows down sharply on very
    # long unbroken tokens; real resume lines are far shorter than these caps).
    capped = "\n".join(line[:PARSE_MAX_LINE] for line in text[:PARSE_MAX_CHARS].splitlines())
    try:
        parsed = parse_resume_text(capped, links=links[:50]) if capped.strip() else {}
    except Exception:  # the parser's bug must not lose the user's writing
        logger.exception("Parsing builder content failed")
        parsed = {}
    return text, parsed


def _month(value: datetime.date | None) -> str:
    return value.strftime("%b %Y") if value else ""


def _span(start, end, current: bool) -> str:
    start_text, end_text = _month(start), "Present" if current else _month(end)
    return " – ".join(part for part in (start_text, end_text) if part)


def resume_outline_from_profile(*, profile: Profile) -> str:
    """A starter resume in markdown from what the profile holds — nothing else, never invented."""
    user = profile.user
    lines = [f"# {user.get_full_name() or 'Your Name'}", ""]
    if profile.headline:
        lines += [f"**{profile.headline}**", ""]
    location = profile.location or ", ".join(p for p in (profile.city, profile.state, profile.country) if p)
    contact = [user.email]
    if user.phone_number:
        contact.append(str(user.phone_number))
    if location:
        contact.append(location)
    for label, url in (
        ("LinkedIn", profile.linkedin_url),
        ("GitHub", profile.github_url),
        ("Portfolio", profile.portfolio_url),
        ("Website", profile.website_url),
    ):
        if url:
            contact.append(f"[{label}]({url})")
    lines += [" · ".join(contact), ""]
    if profile.bio:
        lines += ["## Summary", "", profile.bio.strip(), ""]
    experiences = list(profile.experiences.all())
    if experiences:
        lines += ["## Experience", ""]
        for item in experiences:
            lines += [f"### {item.title} — {item.company}", ""]
            meta = " · ".join(p for p in (_span(item.start_date, item.end_date, item.is_current), item.location) if p)
            if meta:
                lines += [f"*{meta}*", ""]
            if item.description:
                lines += [item.description.strip(), ""]
            bullets = [f"- {text}" for text in item.achievements if text.strip()]
            if bullets:
                lines += [*bullets, ""]
            if item.technologies:
                lines += [f"Technologies: {', '.join(item.technologies)}", ""]
    educations = list(profile.educations.all())
    if educations:
        lines += ["## Education", ""]
        for item in educations:
            degree = ", ".join(p for p in (item.degree, item.field_of_study) if p)
            lines += [f"### {degree} — {item.institution}", ""]
            meta = [_span(item.start_date, item.end_date, item.is_current), item.location]
            if item.gpa is not None:
                meta.append(f"GPA {item.gpa}")
            if any(meta):
                lines += [f"*{' · '.join(p for p in meta if p)}*", ""]
            bullets = [f"- {text}" for text in item.achievements if text.strip()]
            if bullets:
                lines += [*bullets, ""]
    skills = [skill.name for skill in profile.skills.all()] or list(profile.current_skills)
    if skills:
        lines += ["## Skills", "", ", ".join(skills), ""]
    certifications = list(profile.certifications.all())
    if certifications:
        lines += ["## Certifications", ""]
        for item in certifications:
            parts = [f"**{item.name}**", item.issuing_organization, _month(item.issue_date)]
            lines.append("- " + " · ".join(p for p in parts if p))
        lines.append("")
    return "\n".join(lines).strip() + "\n"


@transaction.atomic
def resume_builder_create(*, user: User, title: str, template: str = DEFAULT_TEMPLATE, from_profile: bool) -> Resume:
    """A new DRAFT resume written in the builder. Its first lines come from the profile
    (``from_profile``) or a blank outline. The user's first resume becomes primary."""
    if from_profile:
        content = resume_outline_from_profile(profile=profile_get_for_user(user=user))
    else:
        content = BLANK_OUTLINE
    content = _check(content=content, template=template)
    _lock_resumes(user.pk)
    resume = Resume(
        user=user,
        title=" ".join((title or "").split())[:200] or "My resume",
        status=Resume.Status.DRAFT,
        template=template,
        content=content,
        is_primary=not Resume.objects.filter(user=user, is_primary=True).exists(),
    )
    resume.raw_text, resume.parsed_data = _read(content)
    resume.full_clean()
    resume.save()
    return resume


@transaction.atomic
def resume_content_save(*, resume: Resume, content: str, template: str, title: str | None = None) -> Resume:
    """Save the builder's markdown and template (and the title when given).

    ``raw_text`` and ``parsed_data`` follow the content, so search and ATS checks read what was written.
    Raises ValidationError (nothing written) for content over 100 KB or an unknown template.
    """
    if resume.status != Resume.Status.DRAFT:
        raise ValidationError("Only resumes written in the builder can be edited here.", code="not_draft")
    content = _check(content=content, template=template)
    if title is not None:
        title = " ".join(title.split())[:200]
        if not title:
            raise ValidationError({"title": "Give the resume a name."}, code="required")
        resume.title = title
    resume.content = content
    resume.template = template
    resume.raw_text, resume.parsed_data = _read(content)
    resume.full_clean(exclude=["file"])
    resume.save(update_fields=["title", "content", "template", "raw_text", "parsed_data", "updated_at"])
    return resume


@transaction.atomic
def resume_duplicate(*, resume: Resume) -> Resume:
    """A new DRAFT version of ``resume`` (parent = it, version + 1, "… (copy)").

    An uploaded resume is copied as its extracted text, ready to edit in the builder;
    the file itself stays with the original.
    """
    source = Resume.objects.get(pk=resume.pk)  # every field, whatever the caller deferred
    content = source.content if source.status == Resume.Status.DRAFT else (source.content or source.raw_text)
    suffix = " (copy)"
    copy = Resume(
        user_id=source.user_id,
        title=source.title[: 200 - len(suffix)] + suffix,
        status=Resume.Status.DRAFT,
        template=source.template if source.template in TEMPLATES else DEFAULT_TEMPLATE,
        parent=source,
        content=content,
        raw_text=source.raw_text,
        parsed_data=source.parsed_data,
        version=source.version + 1,
        is_primary=False,
    )
    copy.full_clean()
    copy.save()
    return copy
