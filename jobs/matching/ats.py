"""ATS report: how a resume reads to an applicant tracking system for one job.

Deterministic (same input, same report) and explained. The overall score, 0–100:

    45  requirements  the job's requirements the resume shows: skills (must-have ×2,
                      nice-to-have ×1), years of experience (×2) and degree (×1)
    15  sections      contact, summary, experience, education, skills (3 points each)
    15  formatting    100 minus the formatting risks' penalties (below), as a share
    15  impact        share of bullets with a measurable result; 60 % or more is full marks
    10  relevance     half text similarity, half title and seniority fit (match.py)

An image-only PDF scores at most 10: an ATS reads nothing of it.
``explanation`` lists what would raise the score, the largest gain first; each
entry of ``improvements`` carries the points it is worth.
"""

from __future__ import annotations

import re

from jobs.matching.match import job_profile, match_profiles, resume_profile
from jobs.matching.requirements import DEGREE_LEVELS, MUST, _degree_key
from jobs.matching.taxonomy import find_skills

WEIGHTS = {"requirements": 45, "sections": 15, "formatting": 15, "impact": 15, "relevance": 10}
SECTIONS = ("contact", "summary", "experience", "education", "skills")
IMPACT_TARGET = 0.6
WORDS_MIN, WORDS_MAX, PAGES_MAX = 250, 1100, 2

# Formatting risk → (penalty out of 100, what to do about it)
RISKS = {
    "images_only": (100, "The file has no readable text (a scan or an image). Export it from your editor as a text PDF or Word file."),
    "multi_column": (25, "Use a single-column layout: many ATS read two columns across, mixing lines from both."),
    "tables": (20, "Move content out of tables: ATS often skip or scramble table cells."),
    "header_footer": (10, "Keep contact details in the body, not in the page header or footer, which some ATS ignore."),
    "missing_email": (20, "Add an email address: recruiters and ATS need it to contact you."),
    "missing_phone": (10, "Add a phone number."),
    "too_short": (15, "Say more: under {min} words gives an ATS little to match against."),
    "too_long": (10, "Trim to the most relevant {pages} pages: long resumes bury your best lines."),
    "undated_experience": (15, "Give every job a start and end date (e.g. “Jan 2020 – Present”): ATS compute your experience from them."),
}

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?:\+?\d[\d\s().-]{7,}\d)")
_BULLET_RE = re.compile(r"^\s*(?:[-•·*▪◦‣–—>]|\d+[.)])\s+(.+)$")
_IMPACT_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|percent\b|x\b|×|k\b|m\b|mm\b|bn\b)|[$€£¥]\s?\d|\b\d{1,3}(?:,\d{3})+\b|"
    r"(?<![\d.\-/])(?!(?:19|20)\d\d\b)\d+(?:\.\d+)?\b(?!\s*(?:years?|yrs?|months?)\b)|"
    r"\b(?:doubled|tripled|halved)\b|"
    r"\b(?:increased|reduced|decreased|grew|cut|saved|improved|boosted|raised|lowered|shortened|accelerated)\b[^.]*\bby\b",
    re.I,
)
_HEADINGS = {
    "summary": r"summary|profile|about me|objective|professional summary|career summary",
    "experience": r"experience|work experience|employment|employment history|career history|work history|professional experience",
    "education": r"education|academic background|qualifications|education and training",
    "skills": r"skills|core competencies|technical skills|competencies|expertise|key skills",
}
_HEADING_RES = {k: re.compile(rf"^\s*(?:{v})\s*:?\s*$", re.I | re.M) for k, v in _HEADINGS.items()}


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _has_text(value) -> bool:
    return bool(value) and bool(str(value).strip())


def _sections(text: str, parsed: dict, *, email: str, phone: str) -> list[dict]:
    experience = [e for e in parsed.get("experience") or [] if isinstance(e, dict)]
    education = [e for e in parsed.get("education") or [] if isinstance(e, dict)]
    present = {
        "contact": bool(email or phone),
        "summary": _has_text(parsed.get("summary")) or bool(_HEADING_RES["summary"].search(text)),
        "experience": bool(experience) or bool(_HEADING_RES["experience"].search(text)),
        "education": bool(education) or bool(_HEADING_RES["education"].search(text)),
        "skills": bool(parsed.get("skills")) or bool(_HEADING_RES["skills"].search(text)),
    }
    detail = {
        "contact": ", ".join(x for x in (email and "email", phone and "phone") if x) or "no email or phone found",
        "summary": "found" if present["summary"] else "a 2–3 line summary aimed at the role helps ATS and recruiters",
        "experience": f"{len(experience)} entr{'y' if len(experience) == 1 else 'ies'}" if experience else ("found" if present["experience"] else "missing"),
        "education": f"{len(education)} entr{'y' if len(education) == 1 else 'ies'}" if education else ("found" if present["education"] else "missing"),
        "skills": f"{len(parsed.get('skills') or [])} listed" if parsed.get("skills") else ("found" if present["skills"] else "missing"),
    }
    return [{"name": name, "present": present[name], "detail": detail[name]} for name in SECTIONS]


def _bullets(text: str, parsed: dict) -> list[str]:
    bullets = [
        str(b).strip() for e in parsed.get("experience") or [] if isinstance(e, dict) for b in e.get("bullets") or [] if _has_text(b)
    ]
    if bullets:
        return bullets
    return [m.group(1).strip() for m in map(_BULLET_RE.match, text.splitlines()) if m]


def impact_share(bullets: list[str]) -> dict:
    with_impact = [b for b in bullets if _IMPACT_RE.search(b)]
    without = [b for b in bullets if not _IMPACT_RE.search(b)]
    share = len(with_impact) / len(bullets) if bullets else 0.0
    return {
        "bullets": len(bullets), "with_impact": len(with_impact), "share": round(share, 3),
        "examples": [b[:200] for b in with_impact[:3]], "without": [b[:200] for b in without[:5]],
    }


def formatting_risks(*, text: str, parsed: dict, layout: dict, email: str, phone: str) -> list[dict]:
    layout = layout or {}
    words = len(text.split())
    pages = layout.get("page_count") or (max(1, round(words / 500)) if words else 0)
    codes: list[tuple[str, dict]] = []
    if layout.get("images_only") or (not text.strip() and layout):
        codes.append(("images_only", {}))
    if layout.get("multi_column"):
        codes.append(("multi_column", {}))
    if layout.get("tables"):
        codes.append(("tables", {}))
    if layout.get("has_header_footer"):
        codes.append(("header_footer", {}))
    if text.strip():
        if not email:
            codes.append(("missing_email", {}))
        if not phone:
            codes.append(("missing_phone", {}))
        if words < WORDS_MIN:
            codes.append(("too_short", {"words": words}))
        elif words > WORDS_MAX or pages > PAGES_MAX:
            codes.append(("too_long", {"words": words, "pages": pages}))
    experience = [e for e in parsed.get("experience") or [] if isinstance(e, dict)]
    undated = [e for e in experience if not e.get("start") or not (e.get("end") or e.get("current"))]
    if undated:
        names = ", ".join(str(e.get("title") or e.get("company") or "an entry") for e in undated[:3])
        codes.append(("undated_experience", {"entries": names}))
    out = []
    for code, extra in codes:
        penalty, message = RISKS[code]
        message = message.format(min=WORDS_MIN, pages=PAGES_MAX)
        if code == "undated_experience":
            message = f"{message} Missing for: {extra['entries']}."
        elif code in ("too_short", "too_long"):
            message = f"{message} (now {extra['words']} words{', ' + str(extra['pages']) + ' pages' if 'pages' in extra else ''})"
        out.append({"code": code, "penalty": penalty, "message": message})
    return out


def _education_level(text: str, parsed: dict) -> int:
    level = 0
    for entry in parsed.get("education") or []:
        if isinstance(entry, dict) and _has_text(entry.get("degree")):
            level = max(level, DEGREE_LEVELS[_degree_key(str(entry["degree"]).split()[0])])
    if not level:
        from jobs.matching.requirements import _DEGREE_RE

        for m in _DEGREE_RE.finditer(text):
            level = max(level, DEGREE_LEVELS[_degree_key(m.group(1))])
    return level


def ats_report(*, resume_text: str, parsed: dict, layout: dict, description: str, job_title: str = "", requirements=()) -> dict:
    """The report (see the module docstring for the score). Every list is in a stable order."""
    text = resume_text or ""
    parsed = parsed if isinstance(parsed, dict) else {}
    layout = layout if isinstance(layout, dict) else {}
    email = str(parsed.get("email") or "") or (m.group(0) if (m := _EMAIL_RE.search(text)) else "")
    phone = str(parsed.get("phone") or "") or (m.group(0).strip() if (m := _PHONE_RE.search(text)) else "")

    resume = resume_profile(resume_text=text, parsed=parsed)
    job = job_profile(description=description, job_title=job_title, requirements=requirements, evidence=True)
    reqs = job.requirements
    matched = match_profiles(resume, job)

    evidence = find_skills(text)
    listed = ", ".join(str(s) for s in parsed.get("skills") or [])
    items = []
    for importance, group in ((MUST, reqs.must), ("nice", reqs.nice)):
        for name in sorted(group):
            present = name in resume.skills
            line = evidence.get(name, [""])[0] if present else ""
            if present and not line:
                line = f"Skills: {listed}"[:300]
            items.append({
                "kind": "skill", "name": name, "importance": importance, "weight": 2 if importance == MUST else 1,
                "present": present, "evidence": line, "job_evidence": group[name],
            })
    if reqs.min_years:
        top = max(reqs.years, key=lambda y: y["years"])
        present = resume.years is not None and resume.years >= reqs.min_years
        items.append({
            "kind": "years", "name": f"{reqs.min_years}+ years of experience", "importance": MUST, "weight": 2,
            "present": present,
            "evidence": f"About {resume.years:g} years from your dated experience" if resume.years is not None else "",
            "job_evidence": top["text"],
        })
    if reqs.degree:
        need = DEGREE_LEVELS[reqs.degree["level"]]
        have = _education_level(text, parsed)
        items.append({
            "kind": "degree", "name": f"{reqs.degree['level'].capitalize()} degree" if reqs.degree["level"] != "degree" else "A degree",
            "importance": "nice" if "or equivalent" in reqs.degree["text"].lower() else MUST, "weight": 1,
            "present": have >= need, "evidence": "Education section" if have >= need else "", "job_evidence": reqs.degree["text"],
        })
    total_w = sum(i["weight"] for i in items)
    requirements_part = sum(i["weight"] for i in items if i["present"]) / total_w if total_w else 1.0

    sections = _sections(text, parsed, email=email, phone=phone)
    sections_part = sum(1 for s in sections if s["present"]) / len(SECTIONS)
    risks = formatting_risks(text=text, parsed=parsed, layout=layout, email=email, phone=phone)
    formatting_part = max(0, 100 - sum(r["penalty"] for r in risks)) / 100
    impact = impact_share(_bullets(text, parsed))
    impact_part = min(1.0, impact["share"] / IMPACT_TARGET)
    relevance_part = 0.5 * min(1.0, matched.details["similarity"] / 0.3) + 0.5 * matched.details["title_fit"]

    parts = {
        "requirements": requirements_part, "sections": sections_part, "formatting": formatting_part,
        "impact": impact_part, "relevance": relevance_part,
    }
    raw = sum(WEIGHTS[k] * v for k, v in parts.items())
    images_only = any(r["code"] == "images_only" for r in risks)
    score = max(0, min(10 if images_only else 100, int(round(raw))))

    improvements = []
    for item in items:
        if item["present"] or not total_w:
            continue
        gain = WEIGHTS["requirements"] * item["weight"] / total_w
        label = "a must-have" if item["importance"] == MUST else "a nice-to-have"
        if item["kind"] == "skill":
            advice = (f"Add {item['name']}: the job lists it as {label} (“{_clip(item['job_evidence'])}”). "
                      "If you have used it, name it in a bullet and in your skills.")
        elif item["kind"] == "years":
            advice = (f"The job asks for {item['name']}; make your experience dates complete so it can be counted"
                      f"{'' if resume.years is None else f' (about {resume.years:g} years found)'}.")
        else:
            advice = f"The job asks for: “{_clip(item['job_evidence'])}”. List your degree in the education section."
        improvements.append((gain, advice))
    for section in sections:
        if not section["present"]:
            improvements.append((WEIGHTS["sections"] / len(SECTIONS), f"Add {'an' if section['name'][0] in 'aeiou' else 'a'} {section['name']} section ({section['detail']})."))
    for risk in risks:
        improvements.append((WEIGHTS["formatting"] * min(risk["penalty"], 100) / 100, risk["message"]))
    if impact_part < 1:
        gain = WEIGHTS["impact"] * (1 - impact_part)
        if impact["bullets"]:
            advice = (f"Quantify results: {impact['with_impact']} of {impact['bullets']} bullets show a number, %, or amount. "
                      "Say by how much you increased, reduced or saved something.")
        else:
            advice = "Describe each job in bullets that start with a verb and end with a measurable result."
        improvements.append((gain, advice))
    # An image-only file blocks everything else: fixing it comes first whatever its points.
    improvements.sort(key=lambda g: (g[1] != RISKS["images_only"][1], -round(g[0], 3), g[1]))

    return {
        "score": score,
        "weights": WEIGHTS,
        "parts": {k: round(WEIGHTS[k] * v, 1) for k, v in parts.items()},
        "requirements": items,
        "requirements_summary": reqs.as_dict(),
        "matched": matched.matched,
        "missing": matched.missing,
        "sections": sections,
        "formatting_risks": risks,
        "impact": impact,
        "experience_years": resume.years,
        "seniority": matched.details["seniority"],
        "explanation": [text for _, text in improvements],
        "improvements": [{"points": round(gain, 1), "text": text} for gain, text in improvements],
    }
