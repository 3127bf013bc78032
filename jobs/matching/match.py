"""Resume ↔ job match score, 0–100, with the skills behind it.

    score = 60 × requirement coverage + 20 × title and seniority fit + 20 × text similarity

- requirement coverage: the job's skills (taxonomy.py) the resume shows, must-have
  skills weighing 2 and nice-to-have 1 (requirements.py decides which is which).
  A job naming no known skill uses the text similarity here instead.
- title and seniority fit: 60 % the share of the job title's words found in the
  resume's job titles (in its text when it has none parsed), 40 % seniority
  distance (same level 1.0, each level apart −0.3; unknown 0.75).
- text similarity: cosine of the two texts' word sets (stop words removed), with
  0.3 counting as full marks — real resume/job pairs rarely share more words.

Pure Python, deterministic. Scoring many postings: build the resume's profile
once (``resume_profile``) and call ``match_profiles`` per posting.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from jobs.matching.requirements import (
    SENIORITY_LEVELS,
    SENIORITY_NAMES,
    Requirements,
    extract_requirements,
    seniority_level,
)
from jobs.matching.taxonomy import analyze, canonical, content_tokens, skill_set

WEIGHTS = {"requirements": 60, "title": 20, "similarity": 20}
MUST_WEIGHT, NICE_WEIGHT = 2, 1
SIMILARITY_FULL_MARKS = 0.3
_TITLE_NOISE = frozenset(SENIORITY_LEVELS) | {"i", "ii", "iii", "iv", "of", "vp", "remote", "m", "f", "d", "w"}
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class MatchResult:
    score: int
    matched: list[str]
    missing: list[str]
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ResumeProfile:
    skills: frozenset[str]
    tokens: frozenset[str]
    title_tokens: frozenset[str]
    seniority: int | None
    years: float | None


@dataclass(frozen=True)
class JobProfile:
    requirements: Requirements
    tokens: frozenset[str]
    title_tokens: frozenset[str]


def _month_index(value) -> int | None:
    m = _DATE_RE.match(value or "") if isinstance(value, str) else None
    return int(m.group(1)) * 12 + int(m.group(2)) - 1 if m else None


def experience_years(parsed: dict, *, today_index: int | None = None) -> float | None:
    """Years covered by the resume's dated experience entries (overlaps counted once)."""
    import datetime

    if today_index is None:
        today = datetime.date.today()
        today_index = today.year * 12 + today.month - 1
    spans = []
    for entry in (parsed or {}).get("experience") or []:
        if not isinstance(entry, dict):
            continue
        start = _month_index(entry.get("start"))
        end = today_index if entry.get("current") else _month_index(entry.get("end"))
        if start is None or end is None or end < start:
            continue
        spans.append((start, end + 1))
    if not spans:
        return None
    spans.sort()
    total, cur_start, cur_end = 0, *spans[0]
    for s, e in spans[1:]:
        if s > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    total += cur_end - cur_start
    return round(total / 12, 1)


def resume_skills(resume_text: str, parsed: dict) -> frozenset[str]:
    listed = [str(s) for s in (parsed or {}).get("skills") or [] if s]
    found = set(skill_set(resume_text))
    for item in listed:
        name = canonical(item)
        if name:
            found.add(name)
    found |= skill_set("\n".join(listed))
    return frozenset(found)


def resume_profile(*, resume_text: str, parsed: dict) -> ResumeProfile:
    parsed = parsed or {}
    experience = [e for e in parsed.get("experience") or [] if isinstance(e, dict)]
    titles = [str(e.get("title") or "") for e in experience]
    text = "\n".join([resume_text or "", " ".join(str(s) for s in parsed.get("skills") or [])])
    skills = resume_skills(resume_text, parsed)
    return ResumeProfile(
        skills=skills,
        tokens=content_tokens(text),
        title_tokens=content_tokens(" ".join(titles)) - _TITLE_NOISE,
        seniority=seniority_level(titles[0]) if titles else None,
        years=experience_years(parsed),
    )


def job_profile(*, description: str, job_title: str = "", requirements=(), evidence: bool = False) -> JobProfile:
    body = "\n".join([description or "", *(str(r) for r in requirements or () if r)])
    skills, tokens = analyze(body)
    reqs = extract_requirements(description, title=job_title, requirements=requirements, evidence=evidence, skills=skills)
    title_words = content_tokens(job_title) if job_title else frozenset()
    return JobProfile(requirements=reqs, tokens=tokens | title_words, title_tokens=title_words - _TITLE_NOISE)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine similarity of two word sets (binary vectors)."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def score_profiles(resume: ResumeProfile, job: JobProfile) -> int:
    """The score alone (what sorting many postings needs); same number as match_profiles."""
    return match_profiles(resume, job, explain=False).score


def match_profiles(resume: ResumeProfile, job: JobProfile, *, explain: bool = True) -> MatchResult:
    reqs = job.requirements
    must, nice = set(reqs.must), set(reqs.nice) - set(reqs.must)
    must_hit, nice_hit = must & resume.skills, nice & resume.skills
    total = MUST_WEIGHT * len(must) + NICE_WEIGHT * len(nice)
    sim = similarity(resume.tokens, job.tokens)
    sim_part = min(1.0, sim / SIMILARITY_FULL_MARKS)
    coverage = (MUST_WEIGHT * len(must_hit) + NICE_WEIGHT * len(nice_hit)) / total if total else sim_part

    if job.title_tokens:
        pool = resume.title_tokens or resume.tokens
        overlap = len(job.title_tokens & pool) / len(job.title_tokens)
    else:
        overlap = 0.5
    if reqs.seniority is None or resume.seniority is None:
        seniority_fit = 0.75
    else:
        seniority_fit = max(0.0, 1.0 - 0.3 * abs(reqs.seniority - resume.seniority))
    title_fit = 0.6 * overlap + 0.4 * seniority_fit

    raw = WEIGHTS["requirements"] * coverage + WEIGHTS["title"] * title_fit + WEIGHTS["similarity"] * sim_part
    score = max(0, min(100, int(round(raw))))
    if not explain:
        return MatchResult(score=score, matched=[], missing=[])
    matched = sorted(must_hit) + sorted(nice_hit)
    missing = sorted(must - must_hit) + sorted(nice - nice_hit)
    details = {
        "weights": WEIGHTS,
        "coverage": round(coverage, 3),
        "must": {"matched": sorted(must_hit), "missing": sorted(must - must_hit)},
        "nice": {"matched": sorted(nice_hit), "missing": sorted(nice - nice_hit)},
        "title_overlap": round(overlap, 3),
        "seniority": {
            "job": SENIORITY_NAMES.get(reqs.seniority, "") if reqs.seniority is not None else "",
            "resume": SENIORITY_NAMES.get(resume.seniority, "") if resume.seniority is not None else "",
            "fit": round(seniority_fit, 3),
        },
        "title_fit": round(title_fit, 3),
        "similarity": round(sim, 3),
        "parts": {
            "requirements": round(WEIGHTS["requirements"] * coverage, 1),
            "title": round(WEIGHTS["title"] * title_fit, 1),
            "similarity": round(WEIGHTS["similarity"] * sim_part, 1),
        },
    }
    return MatchResult(score=score, matched=matched, missing=missing, details=details)


def match(*, resume_text: str, parsed: dict, description: str, job_title: str = "", requirements=()) -> MatchResult:
    """Score one resume against one job (the contract; see the module docstring)."""
    return match_profiles(
        resume_profile(resume_text=resume_text, parsed=parsed),
        job_profile(description=description, job_title=job_title, requirements=requirements),
    )
