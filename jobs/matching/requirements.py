"""What a job asks for, read from its title, description and requirement lines.

Must-have vs nice-to-have: a line that says "nice to have", "bonus", "preferred",
"a plus", "desirable", "ideally" is nice-to-have, and so is everything under a
heading that says so; "required", "must", "you have", "requirements",
"qualifications" headings switch back to must-have. Skills in "about us" /
"benefits" sections count as nice-to-have. A description with no nice-to-have
wording at all is read as must-have throughout (the usual short posting), which
is also the fast path when thousands of postings are scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobs.matching.taxonomy import find_skills, skill_set

MUST, NICE = "must", "nice"

_NICE_RE = re.compile(
    r"nice[ -]to[ -]have|\bbonus\b|\bpreferred\b|\bpreferably\b|\ba plus\b|\bis a plus\b|\bplus\b|"
    r"\bdesirable\b|\bideally\b|\bgood to have\b|\boptional\b|\bwould be great\b",
    re.I,
)
_MUST_LINE_RE = re.compile(r"\brequired\b|\bmust\b|\brequirements?\b|\byou have\b|\bneed to have\b", re.I)
_MUST_HEADING_RE = re.compile(
    r"^(?:requirements?|required|must[ -]haves?|what you(?:'|’)ll need|what you need|you have|you bring|"
    r"qualifications|minimum qualifications|basic qualifications|required qualifications|what we(?:'|’)re looking for|"
    r"who you are|about you|skills|your profile|responsibilities|what you(?:'|’)ll do)\b",
    re.I,
)
_NICE_HEADING_RE = re.compile(
    r"^(?:nice[ -]to[ -]haves?|bonus(?: points)?|preferred(?: qualifications)?|good to have|desirable|pluses|extra credit)\b",
    re.I,
)
_OTHER_HEADING_RE = re.compile(r"^(?:about us|about the company|who we are|benefits|perks|what we offer|our offer|compensation)\b", re.I)

# Starts at the number so the scan is quick; the words after it are read by _years().
_YEARS_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*(?:years?|yrs?)\b", re.I)
_YEARS_TAIL_RE = re.compile(
    r"\s*(?:of\s+)?(?:(?:professional|relevant|hands-on|industry|commercial|working|work)\s+)?(experience)?"
    r"\s*(?:(?:with|in|using|of|building|writing)\s+)?([^\n.;,]{0,60})",
    re.I,
)


def _nice_hint(lowered: str) -> bool:
    # A cheap pre-check (plain substring tests) before the exact pattern.
    return (
        "nice" in lowered or "bonus" in lowered or "prefer" in lowered or "plus" in lowered or "desirab" in lowered
        or "ideal" in lowered or "good to have" in lowered or "optional" in lowered or "would be great" in lowered
    )


_DEGREE_HINTS = ("degree", "bachelor", "master", "ph", "msc", "bsc", "mba", "b.s", "b.a", "doctor")
_DEGREE_RE = re.compile(
    r"\b(ph\.?\s?d|doctorate|master(?:'|’)?s|m\.?sc|mba|bachelor(?:'|’)?s|b\.?sc|b\.?s\.|b\.?a\.|degree)\b",
    re.I,
)
DEGREE_LEVELS = {"degree": 1, "bachelor": 1, "master": 2, "mba": 2, "phd": 3}

SENIORITY_LEVELS = {
    "intern": 0, "internship": 0, "trainee": 0, "graduate": 1, "junior": 1, "jr": 1, "entry": 1, "associate": 1,
    "mid": 2, "intermediate": 2, "senior": 3, "sr": 3, "staff": 4, "lead": 4, "principal": 5, "architect": 5,
    "head": 6, "director": 6, "vp": 7, "vice": 7, "chief": 8, "cto": 8, "ceo": 8, "cfo": 8,
}
SENIORITY_NAMES = {0: "intern", 1: "junior", 2: "mid", 3: "senior", 4: "staff/lead", 5: "principal", 6: "director", 7: "vp", 8: "executive"}
_WORD_RE = re.compile(r"[a-z]+")


def seniority_level(title: str) -> int | None:
    """The seniority a title names (junior 1 … principal 5, director 6), None when it says none."""
    levels = [SENIORITY_LEVELS[w] for w in _WORD_RE.findall((title or "").lower()) if w in SENIORITY_LEVELS]
    return max(levels) if levels else None


def _degree_key(word: str) -> str:
    w = word.lower().replace(".", "").replace(" ", "")
    if w.startswith(("phd", "doctor")):
        return "phd"
    if w.startswith(("master", "msc", "mba")):
        return "master"
    if w.startswith(("bachelor", "bsc", "bs", "ba")):
        return "bachelor"
    return "degree"


@dataclass
class Requirements:
    must: dict[str, str] = field(default_factory=dict)  # skill → the line that asks for it ("" on the fast path)
    nice: dict[str, str] = field(default_factory=dict)
    years: list[dict] = field(default_factory=list)  # {"years", "skill", "text"}
    min_years: int | None = None
    degree: dict | None = None  # {"level": "bachelor", "text": line}
    seniority: int | None = None
    title: str = ""

    @property
    def skills(self) -> list[str]:
        return sorted({*self.must, *self.nice})

    def as_dict(self) -> dict:
        return {
            "must": sorted(self.must), "nice": sorted(self.nice), "years": self.years, "min_years": self.min_years,
            "degree": self.degree, "seniority": SENIORITY_NAMES.get(self.seniority, "") if self.seniority is not None else "",
        }


def _heading(line: str) -> str | None:
    bare = line.strip().strip("#*_:").strip()
    if len(bare) > 60:
        return None
    if _NICE_HEADING_RE.match(bare):
        return NICE
    if _OTHER_HEADING_RE.match(bare):
        return "other"
    if _MUST_HEADING_RE.match(bare) and (line.rstrip().endswith(":") or len(bare.split()) <= 4):
        return MUST
    return None


def _years(text: str) -> list[dict]:
    out = []
    for m in _YEARS_RE.finditer(text):
        years = int(m.group(1))
        if not 0 < years <= 30:
            continue
        tail = _YEARS_TAIL_RE.match(text, m.end())
        following = tail.group(2) or ""
        skills = sorted(skill_set(following))
        # Only "N years" that speak about experience: "5+ years of Python", "3 years experience".
        if not (tail.group(1) or skills or "+" in m.group(0)):
            continue
        before = text[max(0, m.start() - 14): m.start()].lower()
        lead = next((w for w in ("at least ", "minimum of ", "minimum ", "over ") if before.endswith(w)), "")
        phrase = (lead + text[m.start(): tail.end()]).strip()
        out.append({"years": years, "skill": skills[0] if skills else None, "text": phrase[:200]})
    return out


def _degree(text: str) -> dict | None:
    best = None
    for m in _DEGREE_RE.finditer(text):
        key = _degree_key(m.group(1))
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[start: end if end != -1 else len(text)]
        offset = m.start() - start
        # The sentence around the match, not the whole paragraph.
        s_start = max(line.rfind(". ", 0, offset) + 2 if line.rfind(". ", 0, offset) != -1 else 0, 0)
        s_end = line.find(". ", offset)
        line = line[s_start: s_end + 1 if s_end != -1 else len(line)].strip(" \t•·*-–—")
        if key == "degree" and not re.search(r"\b(?:degree in|degree or|bachelor|university|college|relevant degree|degree)\b", line, re.I):
            continue
        if best is None or DEGREE_LEVELS[key] > DEGREE_LEVELS[best["level"]]:
            best = {"level": key, "text": line[:200]}
    return best


def _segments(line: str, section: str, *, is_heading: bool) -> list[tuple[str, str, str]]:
    """Parts of a line with their kind: sentences apart, and "… Nice to have: X, Y" split at the colon."""
    out = []
    for sentence in re.split(r"(?<=[.;!?])\s+", line):
        m = _NICE_RE.search(sentence)
        if m and sentence[m.end():].lstrip("s ").startswith(":"):
            before, after = sentence[: m.start()], sentence[m.end():]
            kind = MUST if _MUST_LINE_RE.search(before) else (section if section != "other" else NICE)
            out += [(before, kind, sentence), (after, NICE, sentence)]
        elif m:
            out.append((sentence, NICE, sentence))
        elif _MUST_LINE_RE.search(sentence) and not is_heading:
            out.append((sentence, MUST, sentence))
        else:
            out.append((sentence, section if section in (MUST, NICE) else NICE, sentence))
    return out


def extract_requirements(
    description: str, *, title: str = "", requirements=(), evidence: bool = True, skills: frozenset[str] | None = None
) -> Requirements:
    """Read a job's requirements. ``evidence=False`` skips the per-line evidence when nothing
    in the text needs lines to be told apart (many postings scored at once); ``skills`` is
    ``skill_set`` of the description and requirement lines when the caller has it already.
    Years of experience and the degree are read only with ``evidence`` (the ATS report)."""
    description = description or ""
    req_lines = [str(r) for r in requirements or () if r]
    full = "\n".join([description, *req_lines])
    result = Requirements(title=title or "", seniority=seniority_level(title))
    lowered = full.lower()
    has_nice = _nice_hint(lowered) and _NICE_RE.search(full) is not None
    if not evidence and not has_nice:
        result.must = dict.fromkeys(sorted(skills if skills is not None else skill_set(full)), "")
    else:
        section = MUST
        for raw in description.splitlines():
            line = raw.strip()
            if not line:
                continue
            heading = _heading(line)
            if heading:
                section = heading
            for segment, kind, sentence in _segments(line, section, is_heading=heading is not None):
                for name in sorted(skill_set(segment)):
                    (result.must if kind == MUST else result.nice).setdefault(name, sentence.strip(" \t•·*-–—")[:300])
        for line in req_lines:
            kind = NICE if _NICE_RE.search(line) else MUST
            for name, lines in find_skills(line).items():
                (result.must if kind == MUST else result.nice).setdefault(name, lines[0])
        if not has_nice:
            # Everything is must-have, wherever it was mentioned.
            result.must.update({k: v for k, v in result.nice.items() if k not in result.must})
            result.nice = {}
        for name in list(result.nice):
            if name in result.must:
                del result.nice[name]
    if not evidence:
        return result  # scoring many postings: years and degree are for the ATS report only
    if "year" in lowered or "yr" in lowered:
        result.years = _years(full)
        result.min_years = max((y["years"] for y in result.years), default=None)
    if any(h in lowered for h in _DEGREE_HINTS):
        result.degree = _degree(full)
    return result
