"""Section headings in the many words resumes use for them."""

from __future__ import annotations

import re

HEADINGS = {
    "summary": [
        "summary", "professional summary", "career summary", "executive summary", "summary of qualifications",
        "profile", "professional profile", "career profile", "personal profile", "about", "about me", "objective",
        "career objective", "professional objective", "overview", "personal statement", "introduction", "bio",
    ],
    "experience": [
        "experience", "work experience", "professional experience", "employment", "employment history",
        "work history", "career history", "relevant experience", "professional background", "career",
        "experience history", "professional history", "positions held", "working experience", "work",
        "industry experience", "employment experience", "professional employment",
    ],
    "education": [
        "education", "academic background", "education and training", "academic qualifications",
        "educational background", "academics", "education history", "training and education", "studies",
        "academic history", "education and qualifications",
    ],
    "skills": [
        "skills", "technical skills", "core competencies", "competencies", "key skills", "areas of expertise",
        "expertise", "skills and tools", "technologies", "tech stack", "skills and abilities", "core skills",
        "professional skills", "tools", "skill set", "skillset", "technical expertise", "key competencies",
        "skills and competencies", "tools and technologies", "technical proficiencies", "proficiencies",
        "hard skills", "skills summary", "qualifications and skills", "it skills", "computer skills",
    ],
    "certifications": [
        "certifications", "certification", "certificates", "licenses and certifications",
        "certifications and licenses", "licences and certifications", "professional certifications",
        "credentials", "licenses", "licences", "certifications and training", "accreditations",
        "courses and certifications", "certifications and awards",
    ],
    "other": [
        "projects", "personal projects", "key projects", "languages", "interests", "hobbies",
        "awards", "honors", "honours", "awards and honors", "publications", "volunteer", "volunteering",
        "volunteer experience", "references", "activities", "achievements", "accomplishments", "contact",
        "contact information", "contact details", "personal details", "personal information", "links",
        "memberships", "affiliations", "professional affiliations", "additional information", "leadership",
        "extracurricular activities", "conferences", "patents", "training", "courses",
    ],
}
_LOOKUP = {phrase: key for key, phrases in HEADINGS.items() for phrase in phrases}
_KEYWORDS = {
    "experience": "experience", "employment": "experience", "education": "education", "skills": "skills",
    "competencies": "skills", "certifications": "certifications", "certificates": "certifications",
    "summary": "summary", "profile": "summary",
}


def normalise_heading(line: str) -> str:
    text = line.strip().strip("#*=_-:•|").strip()
    # "E X P E R I E N C E" (letter-spaced headings)
    if re.fullmatch(r"(?:\w ){3,}\w", text):
        text = text.replace(" ", "")
    text = text.replace("&", " and ").replace("/", " and ").replace("+", " and ")
    text = re.sub(r"[^\w\s]", "", text.lower())
    return " ".join(text.split())


def heading_key(line: str) -> str | None:
    """The section a heading line opens, or None for an ordinary line."""
    raw = line.strip()
    if not raw or len(raw) > 50:
        return None
    if ":" in raw.rstrip(":") or any(ch.isdigit() for ch in raw):
        return None
    norm = normalise_heading(raw)
    if not norm:
        return None
    if norm in _LOOKUP:
        return _LOOKUP[norm]
    words = norm.split()
    # A short heading in capitals or ending with ":" whose words include a keyword.
    if len(words) <= 4 and (raw.isupper() or raw.endswith(":")):
        for w in words:
            if w in _KEYWORDS:
                return _KEYWORDS[w]
    return None
