"""Resume text → structured data (the `parse_resume_text` contract).

Rule-based and deterministic. Every value comes from the text; what cannot be found
is "" / None / [] — never a guess. Shape:

    {"name", "email", "phone", "location", "links": [], "summary",
     "experience": [{"company", "title", "start", "end", "current", "location", "bullets": []}],
     "education": [{"institution", "degree", "field", "start", "end", "gpa"}],
     "skills": [], "certifications": [{"name", "issuer", "date"}]}

Dates are "YYYY-MM" or None (see jobs.parsing.dates).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import phonenumbers

from .dates import MONTHS, find_range, find_single
from .names import clean_name
from .sections import heading_key, normalise_heading

BULLET_RE = re.compile(r"^\s*(?:[•·\-*▪◦–—●○■□➢►▸✓✔❖➤→]|\(?\d{1,2}[.)])\s+")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
URL_RE = re.compile(
    r"(?:(?:https?://|www\.)[^\s<>()|,;\"']+"
    r"|\b(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|dribbble\.com|medium\.com|twitter\.com|x\.com)/[^\s<>()|,;\"']+)",
    re.IGNORECASE,
)
# Strong separators between the parts of one line (title | company | place).
PART_SEP = re.compile(r"\s+[|•·◆▪]\s+|\s+[—–]\s+|\s+-\s+|\s{2,}|\t|\s+\|\s*|\s*\|\s+")

US_STATES = set(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR".split()
)
COUNTRIES = {
    "usa", "us", "united states", "canada", "uk", "united kingdom", "england", "scotland", "wales", "ireland",
    "germany", "france", "spain", "portugal", "italy", "netherlands", "the netherlands", "belgium", "switzerland",
    "austria", "sweden", "norway", "denmark", "finland", "poland", "czech republic", "czechia", "hungary",
    "romania", "greece", "turkey", "india", "china", "japan", "south korea", "korea", "singapore", "australia",
    "new zealand", "brazil", "mexico", "argentina", "chile", "colombia", "peru", "south africa", "nigeria",
    "kenya", "egypt", "israel", "uae", "united arab emirates", "saudi arabia", "pakistan", "bangladesh",
    "vietnam", "thailand", "indonesia", "philippines", "malaysia", "estonia", "latvia", "lithuania", "ukraine",
    "luxembourg", "iceland", "croatia", "serbia", "slovenia", "slovakia", "bulgaria", "morocco", "ghana",
    "hong kong", "taiwan",
}
CANADIAN_PROVINCES = {"ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE"}
_PLACE = r"[A-ZÀ-Þ][\w.'’-]*(?:[ -][A-ZÀ-Þa-z][\w.'’-]*){0,3}"
LOCATION_RE = re.compile(
    rf"(?P<loc>{_PLACE},\s*(?:{_PLACE},\s*)?(?P<region>[A-Za-zÀ-ÿ][\w .'’-]*?))(?:\s+\d{{5}}(?:-\d{{4}})?)?\s*$"
)
REMOTE_RE = re.compile(r"^\(?(remote|hybrid|on-?site)\)?$", re.IGNORECASE)

TITLE_WORDS = {
    "engineer", "developer", "manager", "analyst", "designer", "nurse", "accountant", "director", "lead",
    "intern", "consultant", "specialist", "coordinator", "assistant", "officer", "scientist", "architect",
    "administrator", "representative", "associate", "teacher", "head", "vp", "president", "chief", "technician",
    "executive", "owner", "founder", "co-founder", "cofounder", "programmer", "researcher", "professor",
    "lecturer", "instructor", "tutor", "supervisor", "advisor", "adviser", "auditor", "controller", "clerk",
    "editor", "writer", "strategist", "planner", "therapist", "pharmacist", "physician", "paralegal", "attorney",
    "lawyer", "counsel", "recruiter", "partner", "principal", "staff", "senior", "junior", "sr", "sr.", "jr",
    "trainee", "apprentice", "cashier", "agent", "buyer", "chef", "cook", "driver", "operator", "mechanic",
    "electrician", "bookkeeper", "receptionist", "secretary", "marketer", "copywriter", "product", "sre", "devops", "cto", "ceo", "cfo", "coo", "cmo", "fellow", "postdoc", "volunteer", "mentor", "coach",
    "educator", "librarian", "pilot", "inspector", "estimator", "underwriter", "actuary", "economist",
    "statistician", "investigator", "generalist", "stylist", "photographer", "illustrator", "animator",
    "producer", "manager,", "rn", "practitioner", "paramedic", "technologist", "hygienist", "dietitian",
}
COMPANY_WORDS = {
    "inc", "inc.", "llc", "ltd", "ltd.", "gmbh", "ag", "corp", "corp.", "corporation", "company", "co.", "group",
    "technologies", "technology", "labs", "lab", "solutions", "systems", "university", "hospital", "bank",
    "plc", "s.a.", "sa", "bv", "b.v.", "partners", "associates", "consulting", "studio", "studios", "software",
    "health", "healthcare", "clinic", "media", "industries", "holdings", "ventures", "capital", "foundation",
    "institute", "agency", "services", "networks", "analytics", "logistics", "pharma", "pharmaceuticals",
    "insurance", "financial", "bancorp", "motors", "energy", "retail", "foods", "llp", "pty", "limited",
    "school", "college", "council", "department", "ministry", "office", "center", "centre", "gmbh.", "se",
    "interactive", "digital", "games", "cloud", "data", "ai", "robotics", "medical", "dynamics", "works",
    "enterprises", "traders", "trading", "brands", "stores", "airlines", "telecom", "communications",
}
EMPLOYMENT_TYPES = {
    "full-time", "full time", "part-time", "part time", "contract", "contractor", "freelance", "internship",
    "temporary", "permanent", "self-employed",
}
INSTITUTION_RE = re.compile(
    r"\b(?:university|universit[éäà]t?|universidad|università|college|institute|institut|school|academy|"
    r"polytechnic|polytechnique|hochschule|école|ecole|conservatory|seminary|kolleg)\b|\b[A-Z]{2,5}U\b|\bMIT\b",
    re.IGNORECASE,
)
DEGREE_RE = re.compile(
    r"^(?:(?:Bachelor|Master|Doctor|Associate)(?:'s|’s)?(?:\s+(?:of|in)\s+(?:Science|Arts|Engineering|Business Administration"
    r"|Fine Arts|Laws|Technology|Commerce|Education|Applied Science|Philosophy|Public Health|Public Administration"
    r"|Nursing|Social Work|Architecture|Music|Computer Applications))?(?:\s+degree)?"
    r"|Ph\.?\s?D\.?|Doctorate|M\.?B\.?A\.?|B\.?\s?Sc\.?|M\.?\s?Sc\.?|B\.?\s?Eng\.?|M\.?\s?Eng\.?|B\.?\s?Tech\.?|M\.?\s?Tech\.?"
    r"|B\.?B\.?A\.?|BSN|MSN|MPH|MFA|BFA|MEd|M\.Ed\.|LL\.?B\.?|LL\.?M\.?|J\.?D\.?|M\.?D\.?|B\.?\s?S\.?|B\.?\s?A\.?|M\.?\s?S\.?"
    r"|M\.?\s?A\.?|A\.?A\.?S\.?|A\.?\s?A\.?|A\.?\s?S\.?|High School Diploma|Diploma|GED|Abitur|Certificate)"
    r"(?=[\s,:;(]|$)"
)
GPA_RE = re.compile(r"\bGPA\b\s*[:\-]?\s*([0-4](?:\.\d{1,2})?)(?:\s*/\s*[0-9.]+)?", re.IGNORECASE)
CERT_LEVELS = {"associate", "professional", "specialty", "foundational", "practitioner", "expert", "fundamentals"}


def _empty() -> dict:
    return {
        "name": "", "email": "", "phone": "", "location": "", "links": [], "summary": "",
        "experience": [], "education": [], "skills": [], "certifications": [],
    }


# A real resume is a few thousand characters. Some patterns below slow down sharply on
# very long unbroken tokens, so the input is bounded before anything runs on it.
MAX_CHARS = 60_000
MAX_LINE = 1_000


def parse_resume_text(text: str, *, links: list[str] | tuple = ()) -> dict:
    result = _empty()
    text = (text or "")[:MAX_CHARS].replace("\xa0", " ").replace("\u200b", "")
    text = "\n".join(line[:MAX_LINE] for line in text.splitlines())
    lines = _join_wrapped_dates([line.rstrip() for line in text.splitlines()])
    if not any(line.strip() for line in lines):
        return result

    preamble, sections, contact_lines = _split_sections(lines)
    contact_pool = preamble + contact_lines
    result["name"] = _find_name(preamble, lines)
    result["email"] = _find_email(contact_pool) or _find_email(lines)
    result["phone"] = _find_phone(contact_pool) or _find_phone(lines[:60])
    result["location"] = _find_location(contact_pool)
    result["links"] = _find_links(lines, links)
    result["summary"] = _summary(sections.get("summary", []), preamble, result)
    result["experience"] = _experience(sections.get("experience", []))
    result["education"] = _education(sections.get("education", []))
    result["skills"] = _skills(sections.get("skills", []))
    result["certifications"] = _certifications(sections.get("certifications", []))
    return result


# ----------------------------------------------------------------------------- sections

_DANGLING_RANGE = re.compile(
    r"(?:(?:19|20)\d\d(?:[-/.]\d{1,2})?|\d{1,2}/(?:19|20)\d\d)\s*(?:–|—|-|to)\s*(?:[A-Za-z]{3,9}\.?)?\s*$", re.IGNORECASE
)
_RANGE_END_START = re.compile(r"^\s*(?:[A-Za-z]{3,9}\.?\s+)?(?:(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d)\b|^\s*(?:present|current|now)\b", re.I)


_ENDS_WITH_DATE = re.compile(r"(?:19|20)\d\d\s*$")
_ENDS_WITH_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)})\.?\s*$", re.IGNORECASE)
_STARTS_WITH_RANGE_END = re.compile(
    r"^\s*(?:–|—|-|to)\s*(?:(?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d\d|\d{1,2}/(?:19|20)\d\d|present|current|now)\b", re.I
)


def _join_wrapped_dates(lines: list[str]) -> list[str]:
    """Re-join a date range a narrow column wrapped: "Aug. 2021 –" / "Apr. 2022"."""
    out: list[str] = []
    for line in lines:
        if out and (
            (_DANGLING_RANGE.search(out[-1]) and _RANGE_END_START.match(line))
            or (_ENDS_WITH_DATE.search(out[-1]) and _STARTS_WITH_RANGE_END.match(line))
            or (_ENDS_WITH_MONTH.search(out[-1]) and re.match(r"^\s*(?:19|20)\d\d\b", line))
        ):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out



def _split_sections(lines: list[str]) -> tuple[list[str], dict[str, list[str]], list[str]]:
    preamble: list[str] = []
    sections: dict[str, list[str]] = {}
    contact: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if not line.strip():
            continue
        key = heading_key(line)
        if key:
            if key == "other":
                norm = normalise_heading(line)
                current = contact if norm.startswith(("contact", "personal", "links")) else []
            else:
                current = sections.setdefault(key, [])
            continue
        inline = re.match(r"^\s*([A-Za-z &/]{3,40}):\s*(\S.*)$", line)
        if inline:
            # "Skills: Python, Go" / "Summary: Nurse with…": a heading with its content.
            label = normalise_heading(inline.group(1))
            key = heading_key(inline.group(1) + ":") if label in _INLINE_HEADINGS else None
            target = sections.get(key) if key in _INLINE_SECTIONS else None
            if key in _INLINE_SECTIONS and (target is None or target is not current):
                current = sections.setdefault(key, [])
                current.append(inline.group(2).strip())
                continue
        (preamble if current is None else current).append(line.strip())
    return preamble, sections, contact


_INLINE_SECTIONS = {"skills", "summary", "certifications"}
# Only these open a section inline; "Tools: …" under a job is that job's detail.
_INLINE_HEADINGS = {
    "skills", "technical skills", "key skills", "core skills", "core competencies", "summary",
    "professional summary", "profile", "objective", "certifications", "certificates",
    "licenses and certifications",
}


# ----------------------------------------------------------------------------- contact


def _find_name(preamble: list[str], lines: list[str]) -> str:
    for pool in (preamble[:8], [line.strip() for line in lines if line.strip()][:12]):
        for line in pool:
            if EMAIL_RE.search(line) or URL_RE.search(line):
                continue
            name = clean_name(line)
            if name:
                return name
    return ""


def _find_email(lines: list[str]) -> str:
    for line in lines:
        m = EMAIL_RE.search(line)
        if m:
            return m.group(0).rstrip(".")
    return ""


def _find_phone(lines: list[str]) -> str:
    for line in lines:
        if len(re.findall(r"\d", line)) < 7:
            continue
        if find_range(line) and not re.search(r"\+|\(\d{3}\)|\d{3}[ .-]\d{3,4}[ .-]\d{4}", line):
            continue
        for region in ("US", "GB", "DE"):
            try:
                for match in phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.VALID):
                    return match.raw_string.strip()
            except Exception:  # phonenumbers rejects odd input with its own errors
                break
            if "+" in line:
                break
    return ""


def _parts(line: str) -> list[str]:
    return [p.strip() for p in PART_SEP.split(line) if p and p.strip()]


def is_location(text: str) -> bool:
    text = text.strip().strip("()").strip()
    if not text or len(text) > 60 or "@" in text or any(c.isdigit() for c in text.split(",")[0]):
        return False
    if REMOTE_RE.match(text):
        return True
    m = LOCATION_RE.fullmatch(text) or LOCATION_RE.match(text)
    if not m or m.group("loc") != text.split("  ")[0].strip() and not re.search(r"\d{5}", text):
        return False
    region = m.group("region").strip()
    return region.upper() in US_STATES | CANADIAN_PROVINCES and region.isupper() or region.lower() in COUNTRIES


def _find_location(lines: list[str]) -> str:
    for line in lines[:15]:
        line = re.sub(r"^(?:location|address|based in)\s*[:\-]\s*", "", line.strip().lstrip("•*📍 "), flags=re.I)
        for part in _parts(line):
            part = re.sub(r"^(?:location|address)\s*:\s*", "", part, flags=re.I)
            if EMAIL_RE.search(part) or URL_RE.search(part):
                continue
            if is_location(part):
                return re.sub(r"\s+\d{5}(?:-\d{4})?$", "", part.strip("()"))  # without the ZIP code
    return ""


def normalise_url(url: str) -> str:
    url = url.strip().rstrip(".,;:)]}>'\"")
    if not url or url.lower().startswith(("mailto:", "tel:", "javascript:")):
        return ""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or "." not in parts.netloc:
        return ""
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _find_links(lines: list[str], extra) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    candidates = []
    for line in lines:
        for m in URL_RE.finditer(line):
            if "@" in m.group(0):
                continue
            candidates.append(m.group(0))
    candidates.extend(extra or ())
    for raw in candidates:
        url = normalise_url(str(raw))
        key = re.sub(r"^https?://(www\.)?", "", url)
        if url and key not in seen:
            seen.add(key)
            found.append(url)
    return found


def _summary(section: list[str], preamble: list[str], result: dict) -> str:
    if section:
        text = " ".join(_strip_bullet(line) for line in section)
        return " ".join(text.split())
    # An unlabelled paragraph under the contact lines is the summary too.
    paragraph: list[str] = []
    for line in preamble:
        contact_like = EMAIL_RE.search(line) or URL_RE.search(line) or _find_phone([line]) or "|" in line
        if not contact_like and (len(line.split()) >= 8 or (paragraph and not paragraph[-1].endswith("."))):
            paragraph.append(line.strip())  # the paragraph, including its wrapped last line
        elif paragraph:
            break
    return " ".join(" ".join(paragraph).split())


# ----------------------------------------------------------------------------- experience


def _strip_bullet(line: str) -> str:
    return BULLET_RE.sub("", line, count=1).strip()


def _is_bullet(line: str) -> bool:
    return bool(BULLET_RE.match(line))


def _words(text: str) -> list[str]:
    return [w.strip(",.()").lower() for w in text.split()]


def _title_score(text: str) -> int:
    words = _words(text)
    score = sum(1 for w in words if w in TITLE_WORDS)
    if words and words[-1] in TITLE_WORDS:
        score += 2  # the head noun of a job title comes last: "Financial Analyst"
    return score


def _company_score(text: str) -> int:
    words = [w.lower().strip("(),") for w in text.replace(",", " ").split()]
    score = sum(1 for w in words if w in COMPANY_WORDS)
    if words and words[-1] in COMPANY_WORDS:
        score += 2
    if re.search(r"\b(?:Inc|LLC|Ltd|GmbH|Corp|PLC|AG|LLP)\b\.?", text):
        score += 2
    return score


def _looks_like_header(line: str) -> bool:
    s = line.strip()
    if find_range(s) or "|" in s or "  " in s:
        return True
    if len(s.split()) > 8 or s.endswith((".", ";")):
        return False
    return _title_score(s) > 0 or _company_score(s) > 0 or is_location(s)


def _entry_blocks(lines: list[str]) -> list[dict]:
    blocks: list[dict] = []
    cur: dict | None = None
    prev_bullet = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        bullet = _is_bullet(line)
        has_date = bool(find_range(line))
        if bullet:
            if cur is None:
                cur = {"header": [], "bullets": []}
                blocks.append(cur)
            cur["bullets"].append(_strip_bullet(line))
            prev_bullet = True
            continue
        labelled = not has_date and re.match(r"^[A-Z][\w &/]{1,30}:\s+\S", line)  # "Tech stack: Go, AWS"
        if prev_bullet and cur and cur["bullets"] and not has_date and not labelled:
            last = cur["bullets"][-1]
            if line[0].islower() or (not last.endswith((".", "!", "?")) and not _looks_like_header(line)):
                cur["bullets"][-1] = f"{last} {line}"
                continue
        long_text = not has_date and (len(line.split()) >= 12 or (line.endswith(".") and len(line.split()) > 5))
        long_text = long_text or bool(labelled)
        if long_text and cur is not None:
            cur["bullets"].append(line)  # a description paragraph instead of bullets
            prev_bullet = True
            continue
        prev_bullet = False
        new_needed = cur is None or bool(cur["bullets"]) or (has_date and cur.get("has_date"))
        carried: list[str] = []
        if new_needed and cur is not None and has_date and cur.get("has_date") and not cur["bullets"]:
            # Roles without bullets, title above dates: "Acme Corp / Senior Engineer / 2021 – now /
            # Berlin / Engineer / 2019 – 2021": the lines after the previous dates that are not a
            # place open the next role.
            date_at = cur["date_at"]
            if date_at > 0:
                tail = cur["header"][date_at + 1:]
                carried = [t for t in tail if not is_location(t)]
                cur["header"] = cur["header"][: date_at + 1] + [t for t in tail if is_location(t)]
        if new_needed:
            cur = {"header": carried, "bullets": []}
            blocks.append(cur)
        if has_date and not cur.get("has_date"):
            cur["date_at"] = len(cur["header"])
        cur["header"].append(line)
        cur["has_date"] = cur.get("has_date") or has_date
    return blocks


def _split_header_parts(line: str) -> list[str]:
    parts: list[str] = []
    for part in _parts(line):
        part = part.strip(" ,;()|")
        if not part:
            continue
        m = re.match(r"^(?P<a>.+?)\s+(?:at|@)\s+(?P<b>.+)$", part)
        if m and _title_score(m.group("a")) > 0:
            parts.extend([m.group("a"), m.group("b")])
            continue
        if "," in part and not is_location(part):
            # "Senior Engineer, Acme Corp" / "Acme Corp, Berlin, Germany" but not "Acme, Inc."
            loc = None
            pieces = [p.strip() for p in part.split(",")]
            for i in range(1, len(pieces)):
                tail = ", ".join(pieces[i:])
                if is_location(tail):
                    loc = tail
                    pieces = pieces[:i]
                    break
            merged: list[str] = []
            for p in pieces:
                if merged and p.lower().strip(".") in {"inc", "llc", "ltd", "co", "corp", "plc", "gmbh", "l.p", "lp"}:
                    merged[-1] = f"{merged[-1]}, {p}"
                elif p:
                    merged.append(p)
            parts.extend(merged)
            if loc:
                parts.append(loc)
            continue
        parts.append(part)
    return parts


_DURATION = r"(?:\d+\+?\s*(?:yrs?|years?)(?:\s*,?\s*\d+\s*(?:mos?|months?))?|\d+\s*(?:mos?|months?)|less than a year)"
_DURATION_IN_BRACKETS = re.compile(rf"\(\s*{_DURATION}\s*\)", re.IGNORECASE)
_DURATION_LINE = re.compile(rf"^\s*{_DURATION}\s*$", re.IGNORECASE)


def _experience(lines: list[str]) -> list[dict]:
    entries = []
    # LinkedIn exports add durations: "2 years 3 months", "(1 year 2 months)".
    lines = [line if _is_bullet(line) else _DURATION_IN_BRACKETS.sub("", line) for line in lines]
    lines = [line for line in lines if not _DURATION_LINE.match(line)]
    group_company = ""
    for block in _entry_blocks(lines):
        start = end = None
        current = False
        parts: list[str] = []
        for line in block["header"]:
            rng = find_range(line)
            if rng and start is None and not current:
                start, end, current = rng.start, rng.end, rng.current
                line = (line[: rng.span[0]] + "  " + line[rng.span[1]:]).strip()
                line = re.sub(r"\(\s*\)", "", line)
            parts.extend(_split_header_parts(line))
        location = ""
        rest = []
        spare = ""
        for p in parts:
            if not location and is_location(p):
                location = p.strip("()")
                pieces = [x.strip() for x in location.split(",")]
                # "Acme GmbH, Berlin, Germany" also reads as City, Region, Country.
                if len(pieces) >= 3 and is_location(", ".join(pieces[1:])):
                    spare, location = pieces[0], ", ".join(pieces[1:])
            elif p.lower() in EMPLOYMENT_TYPES or REMOTE_RE.match(p):
                continue
            elif p:
                rest.append(p)
        if spare and len(rest) < 2:
            rest.append(spare)
        title, company = _title_and_company(rest)
        if not (title or company or start):
            continue
        first = block["header"][0] if block["header"] else ""
        if company and not find_range(first) and first.strip() == company:
            group_company = company  # a company line above its roles
        elif title and not company and len(rest) == 1 and group_company:
            company = group_company  # another role under the same company line
        elif company:
            group_company = ""
        entries.append({
            "company": company, "title": title, "start": start, "end": end, "current": current,
            "location": location, "bullets": [b for b in block["bullets"] if b],
        })
    return entries


def _title_and_company(parts: list[str]) -> tuple[str, str]:
    if not parts:
        return "", ""
    if len(parts) == 1:
        p = parts[0]
        return (p, "") if _title_score(p) > _company_score(p) else ("", p)
    scored = [(p, _title_score(p), _company_score(p)) for p in parts[:3]]
    title = company = ""
    # The part that reads most like a job title (and least like an organisation) is the title.
    ranked = sorted(range(len(scored)), key=lambda i: (-(scored[i][1] - scored[i][2]), i))
    ti = ranked[0]
    if scored[ti][1] - scored[ti][2] <= 0:
        ti = 0 if scored[0][2] <= scored[1][2] else 1  # nothing looks like a title: title first, by convention
    title = scored[ti][0]
    others = [i for i in range(len(scored)) if i != ti]
    ci = max(others, key=lambda i: (scored[i][2] - scored[i][1], -i))
    company = scored[ci][0]
    return title, company


# ----------------------------------------------------------------------------- education


def _education(lines: list[str]) -> list[dict]:
    entries: list[dict] = []
    cur: dict | None = None

    def new() -> dict:
        entry = {"institution": "", "degree": "", "field": "", "start": None, "end": None, "gpa": None}
        entries.append(entry)
        return entry

    prev_was_degree = False
    for raw in lines:
        line = raw.strip()
        bullet = _is_bullet(line)
        line = _strip_bullet(line)
        gpa = GPA_RE.search(line)
        if gpa:
            if cur is None:
                cur = new()
            cur["gpa"] = gpa.group(1)
            line = (line[: gpa.start()] + "  " + line[gpa.end():]).strip(" ,;|()")
        rng = find_range(line)
        start = end = None
        if rng:
            start, end = rng.start, rng.end
            line = (line[: rng.span[0]] + "  " + line[rng.span[1]:]).strip()
        else:
            single = find_single(line, is_end=True)
            if single and not re.search(r"\d{5}", line):
                end = single[0]
                line = (line[: single[1][0]] + "  " + line[single[1][1]:]).strip()
        line = re.sub(r"\b(?:expected|graduated|graduation|class of)\b:?", "", line, flags=re.I)
        line = re.sub(r"\(\s*\)", "", line).strip(" ,;|-–—")
        if bullet and cur is not None and not (INSTITUTION_RE.search(line) or DEGREE_RE.match(line)):
            continue  # coursework, honours
        institution = degree = field = ""
        for part in _parts(line):
            part = part.strip(" ,;()")
            if not part:
                continue
            m = DEGREE_RE.match(part)
            if m and not degree:
                degree = m.group(0).strip()
                rest = part[m.end():].strip(" ,:;-–—")
                rest = re.sub(r"^(?:in|of)\s+", "", rest, flags=re.I)
                pieces = [p.strip() for p in rest.split(",") if p.strip()]
                for i, piece in enumerate(pieces):
                    if INSTITUTION_RE.search(piece) and not institution:
                        institution = _strip_location(", ".join(pieces[i:]))
                        pieces = pieces[:i]
                        break
                field = field or ", ".join(pieces)
            elif INSTITUTION_RE.search(part) and not institution:
                pieces = [p.strip() for p in part.split(",")]
                if len(pieces) > 1 and DEGREE_RE.match(pieces[-1] or ""):
                    institution = ", ".join(pieces[:-1])
                else:
                    institution = _strip_location(part)
            elif degree and not field and not is_location(part) and len(part.split()) <= 6:
                field = re.sub(r"^(?:in|of)\s+", "", part, flags=re.I)
        if not (institution or degree):
            if cur is not None and (start or end) and not (cur["start"] or cur["end"]):
                cur["start"], cur["end"] = start, end
            elif (cur is not None and prev_was_degree and cur["field"] and not (start or end or gpa)
                  and line and len(line.split()) <= 3 and not is_location(line)):
                cur["field"] = f"{cur['field']} {line}"  # a field of study wrapped onto the next line
            prev_was_degree = False
            continue
        prev_was_degree = bool(degree) and not institution
        if cur is None or (institution and cur["institution"]) or (degree and cur["degree"]):
            cur = new()
        cur["institution"] = cur["institution"] or institution
        cur["degree"] = cur["degree"] or degree
        cur["field"] = cur["field"] or field
        if (start or end) and not (cur["start"] or cur["end"]):
            cur["start"], cur["end"] = start, end
    return [e for e in entries if e["institution"] or e["degree"]]


def _strip_location(text: str) -> str:
    pieces = [p.strip() for p in text.split(",")]
    for i in range(1, len(pieces)):
        if is_location(", ".join(pieces[i:])) or (i == len(pieces) - 1 and pieces[i].lower() in COUNTRIES):
            return ", ".join(pieces[:i])
    return text.strip()


# ----------------------------------------------------------------------------- skills


def _split_top_level(text: str, seps: str) -> list[str]:
    out, buf, depth = [], [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return out


def _skills(lines: list[str]) -> list[str]:
    skills: list[str] = []
    seen: set[str] = set()
    for raw in lines:
        line = _strip_bullet(raw.strip())
        m = re.match(r"^([^:,|]{2,40}):\s*(.+)$", line) or re.match(r"^([^:,|]{2,40})\s+\|\s+([^|]+,[^|]+)$", line)
        if m:
            line = m.group(2)  # "Languages: Python, Go" or a table row "Languages | Python, Go"
        line = re.sub(r"\s{2,}|\t|\s+[|•·▪◦]\s+|\s+[–—]\s+", ",", line)
        for item in _split_top_level(line, ",;|•·▪◦"):
            item = item.strip().strip(".").strip()
            if not item or len(item) > 50 or len(item.split()) > 5:
                continue
            key = item.lower()
            if key not in seen:
                seen.add(key)
                skills.append(item)
    return skills


# ----------------------------------------------------------------------------- certifications


def _certifications(lines: list[str]) -> list[dict]:
    certs = []
    joined: list[str] = []
    bulleted = any(_is_bullet(line) for line in lines)
    for line in lines:
        if bulleted and joined and not _is_bullet(line):
            joined[-1] = f"{joined[-1]} {line.strip()}"  # a wrapped line
        else:
            joined.append(line)
    for raw in joined:
        line = _strip_bullet(raw.strip())
        if not line:
            continue
        date = None
        rng = find_range(line)
        if rng:
            date = rng.start
            line = (line[: rng.span[0]] + "  " + line[rng.span[1]:]).strip()
        else:
            single = find_single(line)
            if single:
                date = single[0]
                line = (line[: single[1][0]] + "  " + line[single[1][1]:]).strip()
        line = re.sub(r"\b(?:issued|obtained|earned|expires?|valid until)\b:?\s*$", "", line.strip(), flags=re.I)
        line = re.sub(r"\(\s*\)", "", line).strip(" ,;|-–—")
        # "Certified Public Accountant (CPA)": an acronym in brackets belongs to the name.
        acronym = re.match(r"^(.+?\s\([A-Z][A-Za-z0-9+-]{1,9}\))(.*)$", line)
        head, line = (acronym.group(1), acronym.group(2)) if acronym else ("", line)
        pieces = [p.strip() for p in re.split(r"\s+\|\s+|\s+[—–-]\s+|\s{2,}|\t|,\s+|\s+by\s+|\s*[()]\s*", line)]
        pieces = [p for p in pieces if p and p.lower() not in {"issued", "issued by"}]
        if head:
            pieces.insert(0, head)
        if not pieces:
            continue
        name = pieces[0]
        rest = pieces[1:]
        while rest and rest[0].lower() in CERT_LEVELS:
            name = f"{name} – {rest.pop(0)}"
        issuer = re.sub(r"^(?:issued by|issuer:?)\s*", "", rest[0], flags=re.I) if rest else ""
        certs.append({"name": name, "issuer": issuer, "date": date})
    return certs
