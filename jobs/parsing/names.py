"""The candidate's name: the first line that reads like a person's name.

Names set in capitals are title-cased ("JOSÉ ÁLVAREZ" → "José Álvarez", particles
like "van der" kept lower case), credentials after a comma (", RN", ", CPA", ", PhD")
and trailing labels ("— Resume") are not part of the name.
"""

from __future__ import annotations

import re

from .sections import heading_key

CREDENTIALS = {
    "rn", "bsn", "msn", "np", "lpn", "cna", "cpa", "cfa", "cma", "phd", "ph.d", "ph.d.", "md", "m.d.", "do",
    "dds", "dvm", "pharmd", "jd", "j.d.", "esq", "esq.", "mba", "ms", "m.s.", "msc", "ma", "m.a.", "ba", "bs",
    "b.s.", "bsc", "pe", "p.e.", "pmp", "cissp", "cisa", "cism", "shrm-cp", "shrm-scp", "phr", "sphr", "csm",
    "leed ap", "cpp", "ea", "cfp", "frm", "acca", "ca", "mph", "lcsw", "lmft", "ot", "pt", "dpt", "aprn",
    "fnp", "fnp-bc", "ccrn", "rd", "med", "m.ed.", "edd", "ed.d.", "jr", "jr.", "sr", "sr.", "ii", "iii", "iv",
}
PARTICLES = {"van", "von", "der", "den", "de", "la", "le", "da", "di", "del", "della", "dos", "das", "du", "bin", "al"}
NOT_NAMES = {
    "resume", "résumé", "curriculum vitae", "cv", "contact", "profile", "summary", "personal information",
    "contact information", "about me",
}
# A line ending in one of these is a job title ("Senior Software Engineer"), not a name.
JOB_NOUNS = {
    "engineer", "developer", "manager", "analyst", "designer", "nurse", "accountant", "director", "consultant",
    "specialist", "coordinator", "assistant", "officer", "scientist", "architect", "administrator", "lead",
    "representative", "teacher", "technician", "executive", "intern", "resume", "cv", "vitae", "portfolio",
}
_SEPARATORS = re.compile(r"\s+[|•·–—-]\s+|\s{2,}|\t")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]*)*\.?$")


def _title_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first and lower in PARTICLES:
        return lower

    def cap(part: str) -> str:
        if not part:
            return part
        out = part[0].upper() + part[1:].lower()
        if len(out) > 3 and out.startswith("Mc"):
            out = "Mc" + out[2].upper() + out[3:]
        return out

    return "".join(cap(p) if not re.fullmatch(r"['’.-]", p) else p for p in re.split(r"(['’.-])", word))


def clean_name(line: str) -> str:
    """The name on a line, or "" if the line is not a person's name."""
    text = line.strip().strip("•*")
    if not text:
        return ""
    text = _SEPARATORS.split(text)[0].strip()
    # Credentials after a comma: "Jane Doe, RN, BSN"
    parts = [p.strip() for p in text.split(",")]
    kept = [parts[0]]
    for part in parts[1:]:
        if part.lower() in CREDENTIALS or re.fullmatch(r"[A-Z][A-Za-z.-]{1,7}", part) and part.upper() == part:
            continue
        kept.append(part)
    if len(kept) > 1:
        return ""  # "Berlin, Germany" and the like
    text = kept[0]
    text = re.sub(r"^(?:dr|mr|mrs|ms|mx|prof)\.?\s+", "", text, flags=re.IGNORECASE)  # honorifics
    words = text.split()
    while words and words[-1].lower().strip(",") in CREDENTIALS and len(words) > 2 and words[-1].isupper():
        words.pop()
    if not 2 <= len(words) <= 5:
        return ""
    if text.lower() in NOT_NAMES or heading_key(text) or words[-1].lower() in JOB_NOUNS:
        return ""
    if not all(_NAME_WORD.match(w) for w in words):
        return ""
    letters = [c for c in text if c.isalpha()]
    if text.isupper() or (letters and sum(c.isupper() for c in letters) / len(letters) > 0.8):
        words = [_title_word(w, i == 0) for i, w in enumerate(words)]
    elif not all(w[0].isupper() or w.lower() in PARTICLES for w in words):
        return ""
    return " ".join(words)
