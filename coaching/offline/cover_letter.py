"""The offline cover letter: a real letter built from the user's own data.

Structure (coaching/content/cover_letter_structures.json): a greeting to the company's
hiring team; an opening naming the role and the company; a body matching the job's
requirements to the skills the user really has, with their most relevant experience and
achievements quoted from their profile or resume; their education or certifications; the
skills they are learning (only those in their ``target_skills`` that the job asks for); a
closing with a call to action; a sign-off with their name.

Grounding: the only skills named are those in ``UserFacts.skills`` (plus the ones the user
says they are learning, named as such). A requirement the user lacks is never claimed, and
an achievement is quoted only when every skill it mentions is one of the user's. Tone picks
the phrasing from curated banks; which variant is a hash of the job, so the same input
always gives the same letter.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from coaching.ai.context import UserFacts
from jobs.matching.taxonomy import canonical, skill_set

CONTENT = Path(__file__).resolve().parent.parent / "content" / "cover_letter_structures.json"
MAX_MATCHED = 5
MAX_ACHIEVEMENTS = 3


@functools.cache
def banks() -> dict:
    with CONTENT.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class LetterJob:
    company: str
    role: str
    description: str = ""
    requirements: tuple[str, ...] = ()


def _canon(name: str) -> str:
    return canonical(name) or name.strip()


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _with_article(phrase: str) -> str:
    """“a BSc”, “an MSc”, “an MBA”, “a Master of Science”: abbreviations by their letters."""
    word = phrase.split()[0] if phrase.split() else ""
    abbreviation = sum(c.isupper() for c in word) >= 2
    vowel_sound = word[:1].upper() in "AEIOU" or (abbreviation and word[:1].upper() in "FHLMNRSX")
    return f"{'an' if vowel_sound else 'a'} {phrase}"


def _skills_in(text: str) -> list[str]:
    return sorted(skill_set(text or ""))


def required_skills(job: LetterJob) -> list[str]:
    """The job's skills in reading order: its listed requirements first, then the description."""
    out: list[str] = []
    for source in (*job.requirements, job.role, job.description):
        for skill in _skills_in(source):
            if skill not in out:
                out.append(skill)
    return out


class _Picker:
    """Chooses a sentence variant per section, stably for one job and tone."""

    def __init__(self, tone: str, job: LetterJob):
        tones = banks()["tones"]
        self.bank = tones.get(tone) or tones["PROFESSIONAL"]
        self.seed = f"{job.company.strip().lower()}|{job.role.strip().lower()}|{tone}"

    def pick(self, section: str, **values) -> str:
        variants = self.bank.get(section) or []
        if not variants:
            return ""
        digest = hashlib.sha256(f"{self.seed}|{section}".encode()).digest()
        template = variants[int.from_bytes(digest[:4], "big") % len(variants)]
        return template.format(**values)


def _user_skill_names(facts: UserFacts) -> dict[str, str]:
    """canonical → how the letter names it, for every skill the user has."""
    names: dict[str, str] = {}
    for skill in facts.skills:
        names.setdefault(_canon(skill).lower(), _canon(skill))
    return names


def _grounded(text: str, known) -> bool:
    """Every skill ``text`` mentions is one the user has."""
    return all(skill.lower() in known for skill in skill_set(text))


def _vouched(facts: UserFacts, known: dict[str, str]) -> set[str]:
    """Skills the user has, plus words of their own job titles and employers that happen to
    be skills ("Backend Engineer" → backend development, "Acme Analytics" → analytics):
    naming their own role or employer claims nothing beyond their data."""
    titles = [facts.current_title, facts.current_company, facts.desired_title]
    titles += [e.get(key, "") for e in facts.experiences for key in ("title", "company")]
    if facts.resume:
        titles += [e.get(key, "") for e in facts.resume.experience for key in ("title", "company")]
    return set(known) | {s.lower() for s in skill_set(" · ".join(t for t in titles if t))}


def _experience(facts: UserFacts) -> dict | None:
    """The current (else the first listed) profile experience, or the resume's first role."""
    for experience in facts.experiences:
        if experience.get("current"):
            return experience
    if facts.experiences:
        return facts.experiences[0]
    if facts.resume and facts.resume.experience:
        first = facts.resume.experience[0]
        return {
            "title": first.get("title", ""),
            "company": first.get("company", ""),
            "achievements": list(first.get("bullets") or []),
            "technologies": [],
        }
    return None


def _achievements(experience: dict | None, matched: list[str], known: set[str]) -> list[str]:
    """Up to three of the user's own achievements, those naming a matched skill first;
    never one that mentions a skill the user does not have."""
    if not experience:
        return []
    wanted = {m.lower() for m in matched}
    candidates = [a.strip().rstrip(".") for a in experience.get("achievements") or [] if a and a.strip()]
    candidates = [a for a in candidates if _grounded(a, known)]
    relevant = [a for a in candidates if {s.lower() for s in skill_set(a)} & wanted]
    rest = [a for a in candidates if a not in relevant]
    return (relevant + rest)[:MAX_ACHIEVEMENTS]


def compose(*, facts: UserFacts, name: str, job: LetterJob, tone: str) -> str:
    """The letter as markdown paragraphs (achievements as a short list). Deterministic."""
    picker = _Picker(tone, job)
    known = _user_skill_names(facts)
    vouched = _vouched(facts, known)
    company, role = job.company.strip(), job.role.strip()
    required = required_skills(job)
    matched = [known[s.lower()] for s in required if s.lower() in known][:MAX_MATCHED]
    targets = {_canon(s).lower() for s in facts.target_skills}
    learning = [s for s in required if s.lower() not in known and s.lower() in targets][:3]

    paragraphs: list[str] = [picker.pick("greeting", company=company)]

    experience = _experience(facts)
    opening = [picker.pick("opening", company=company, role=role)]
    same_role = (
        bool(known)
        and experience is not None
        and ((experience.get("title"), experience.get("company")) == (facts.current_title, facts.current_company))
    )
    # The body names the current role when it is also the experience quoted; say it once.
    if facts.current_title and not same_role and _grounded(f"{facts.current_title} {facts.current_company}", vouched):
        at_current = f" at {facts.current_company}" if facts.current_company else ""
        opening.append(picker.pick("opening_current", current_title=facts.current_title, at_current=at_current))
    paragraphs.append(" ".join(opening))

    body: list[str] = []
    named = matched or [known[k] for k in list(known)[:4]]
    pronouns = (
        {"them": "it", "these_skills": "this skill"}
        if len(named) == 1
        else {"them": "them", "these_skills": "these skills"}
    )
    if matched:
        body.append(picker.pick("skills_match", skills=_join(matched), **pronouns))
    elif named:
        body.append(picker.pick("skills_general", skills=_join(named), **pronouns))
    achievements = _achievements(experience, matched, vouched)
    if experience and experience.get("title") and experience.get("company"):
        if (matched or known) and _grounded(f"{experience['title']} {experience['company']}", vouched):
            body.append(
                picker.pick("experience", exp_title=experience["title"], exp_company=experience["company"], **pronouns)
            )
    if body:
        paragraphs.append(" ".join(body))
    if achievements and experience and experience.get("company") and _grounded(experience["company"], vouched):
        intro = picker.pick("achievements_intro", exp_company=experience["company"])
        paragraphs.append(intro + "\n\n" + "\n".join(f"- {a}" for a in achievements))

    background: list[str] = []
    if facts.years_of_experience and facts.industry and _grounded(facts.industry, vouched):
        background.append(picker.pick("years", years=facts.years_of_experience, field=facts.industry))
    education = next(
        (
            e
            for e in facts.education
            if e.get("degree")
            and e.get("institution")
            and _grounded(f"{e['degree']} {e.get('field') or ''} {e['institution']}", vouched)
        ),
        None,
    )
    if education:
        in_field = f" in {education['field']}" if education.get("field") else ""
        background.append(
            picker.pick(
                "education",
                a_degree=_with_article(education["degree"]),
                degree=education["degree"],
                in_field=in_field,
                institution=education["institution"],
            )
        )
    if facts.certifications:
        certifications = [c for c in facts.certifications[:2] if _grounded(c, vouched)]
        if certifications:
            background.append(picker.pick("certifications", certifications=_join(certifications)))
    if learning:
        background.append(picker.pick("learning", learning=_join(learning)))
    if background:
        paragraphs.append(" ".join(background))

    if facts.desired_title and _grounded(facts.desired_title, vouched):
        paragraphs.append(picker.pick("motivation_desired", desired_title=facts.desired_title, company=company))
    else:
        paragraphs.append(picker.pick("motivation", company=company, role=role))
    paragraphs.append(picker.pick("closing", company=company, role=role))
    sign_off = picker.pick("sign_off")
    paragraphs.extend([sign_off, name])
    return "\n\n".join(p for p in paragraphs if p.strip()) + "\n"
