"""The user's own data that grounds every AI answer.

Offline generators may only state facts found here (no invented skill, employer or
number); model prompts receive the same facts as text. Gathered in the worker, with
every relation loaded up front."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from accounts.models import Profile, User
from jobs.models import Job, Resume


@dataclass
class JobFacts:
    id: str
    title: str
    company: str
    status: str
    status_label: str
    location: str = ""
    description: str = ""
    requirements: list[str] = field(default_factory=list)
    match_score: int | None = None
    matched_skills: list[str] = field(default_factory=list)
    missing_skills: list[str] = field(default_factory=list)
    application_deadline: date | None = None


@dataclass
class ResumeFacts:
    id: str
    title: str
    summary: str = ""
    skills: list[str] = field(default_factory=list)
    experience: list[dict] = field(default_factory=list)
    text: str = ""


@dataclass
class UserFacts:
    first_name: str = ""
    headline: str = ""
    current_title: str = ""
    current_company: str = ""
    industry: str = ""
    years_of_experience: int | None = None
    desired_title: str = ""
    location: str = ""
    bio: str = ""
    skills: list[str] = field(default_factory=list)  # everything the user's data says they know
    target_skills: list[str] = field(default_factory=list)
    experiences: list[dict] = field(default_factory=list)  # {title, company, start, end, achievements, technologies}
    education: list[dict] = field(default_factory=list)  # {degree, field, institution}
    certifications: list[str] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)  # {title, status, progress, target_date}
    resume: ResumeFacts | None = None
    job: JobFacts | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def knows(self, skill: str) -> bool:
        lowered = skill.strip().lower()
        return any(lowered == known.lower() for known in self.skills)


def _dedupe(values) -> list[str]:
    seen, out = set(), []
    for value in values:
        value = (value or "").strip()
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(value)
    return out


def job_facts(job: Job) -> JobFacts:
    posting = job.posting
    analysis = job.ai_analysis or {}
    return JobFacts(
        id=str(job.pk), title=job.title, company=job.company, status=job.status,
        status_label=job.get_status_display(), location=job.location,
        description=(job.description or (posting.description if posting else ""))[:6000],
        requirements=list(posting.requirements) if posting else [],
        match_score=job.match_score,
        matched_skills=list(analysis.get("matched") or [])[:30],
        missing_skills=list(analysis.get("missing") or [])[:30],
        application_deadline=job.application_deadline,
    )


def resume_facts(resume: Resume) -> ResumeFacts:
    parsed = resume.parsed_data or {}
    skills = parsed.get("skills") or []
    if not skills and resume.content:
        from jobs.matching.taxonomy import skill_set

        skills = sorted(skill_set(resume.content))
    return ResumeFacts(
        id=str(resume.pk), title=resume.title, summary=(parsed.get("summary") or "")[:1500],
        skills=_dedupe(str(s) for s in skills)[:60],
        experience=[
            {"title": e.get("title", ""), "company": e.get("company", ""), "bullets": list(e.get("bullets") or [])[:8]}
            for e in (parsed.get("experience") or [])[:8] if isinstance(e, dict)
        ],
        text=(resume.raw_text or resume.content or "")[:8000],
    )


def user_facts(
    *, user: User, include_profile: bool = True, include_goals: bool = True,
    job: Job | None = None, resume: Resume | None = None,
) -> UserFacts:
    facts = UserFacts(first_name=user.first_name)
    if include_profile:
        profile = (
            Profile.objects.filter(user=user)
            .prefetch_related("experiences", "educations", "skills", "certifications")
            .first()
        )
        if profile is not None:
            facts.headline, facts.bio = profile.headline, profile.bio[:1500]
            facts.current_title, facts.current_company = profile.current_title, profile.current_company
            facts.industry, facts.desired_title = profile.industry, profile.desired_title
            facts.years_of_experience = profile.years_of_experience
            facts.location = profile.location or ", ".join(p for p in (profile.city, profile.country) if p)
            facts.target_skills = _dedupe(profile.target_skills)
            experiences = list(profile.experiences.all())
            facts.experiences = [
                {"title": e.title, "company": e.company, "start": e.start_date, "end": e.end_date,
                 "current": e.is_current, "achievements": list(e.achievements)[:6],
                 "technologies": list(e.technologies)[:15]}
                for e in experiences
            ]
            facts.education = [
                {"degree": e.degree, "field": e.field_of_study, "institution": e.institution}
                for e in profile.educations.all()
            ]
            facts.certifications = [c.name for c in profile.certifications.all()]
            facts.skills = _dedupe(
                [s.name for s in profile.skills.all()]
                + list(profile.current_skills)
                + [t for e in experiences for t in e.technologies]
            )
    if include_goals:
        from coaching.models import Goal

        facts.goals = [
            {"title": g.title, "status": g.get_status_display(), "progress": g.progress, "target_date": g.target_date}
            for g in Goal.objects.filter(user=user, status__in=[Goal.Status.NOT_STARTED, Goal.Status.IN_PROGRESS])[:10]
        ]
    if resume is not None:
        facts.resume = resume_facts(resume)
        facts.skills = _dedupe(facts.skills + facts.resume.skills)
    if job is not None:
        facts.job = job_facts(job)
    return facts


def facts_text(facts: UserFacts) -> str:
    """The facts as a compact text block for model prompts."""
    lines = []
    who = ", ".join(p for p in (facts.current_title, facts.current_company and f"at {facts.current_company}") if p)
    if facts.first_name:
        lines.append(f"Name: {facts.first_name}")
    if who:
        lines.append(f"Current role: {who}")
    for label, value in (
        ("Headline", facts.headline), ("Industry", facts.industry), ("Desired role", facts.desired_title),
        ("Location", facts.location), ("Years of experience", facts.years_of_experience), ("About", facts.bio),
    ):
        if value not in (None, ""):
            lines.append(f"{label}: {value}")
    if facts.skills:
        lines.append("Skills: " + ", ".join(facts.skills[:60]))
    if facts.target_skills:
        lines.append("Skills they want to learn: " + ", ".join(facts.target_skills))
    for e in facts.experiences[:6]:
        period = f"{e['start'] or ''}–{'now' if e['current'] else (e['end'] or '')}"
        lines.append(f"Experience: {e['title']} at {e['company']} ({period})")
        lines.extend(f"  - {a}" for a in e["achievements"][:4])
    for e in facts.education[:3]:
        lines.append(f"Education: {e['degree']} {e['field']} — {e['institution']}".strip())
    if facts.certifications:
        lines.append("Certifications: " + ", ".join(facts.certifications))
    for g in facts.goals:
        lines.append(f"Goal: {g['title']} ({g['status']}, {g['progress']}%)")
    if facts.resume:
        lines.append(f"Resume “{facts.resume.title}”: {facts.resume.summary}")
    if facts.job:
        j = facts.job
        lines.append(f"Target job: {j.title} at {j.company} (board column: {j.status_label})")
        if j.requirements:
            lines.append("Requirements: " + "; ".join(j.requirements[:15]))
        if j.missing_skills:
            lines.append("Skills the job asks for that the user's resume lacks: " + ", ".join(j.missing_skills))
        if j.description:
            lines.append("Job description: " + j.description[:3000])
    return "\n".join(lines)
