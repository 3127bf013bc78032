"""Fill the profile from a parsed resume ("Fill my profile from this resume").

``autofill_plan`` lays what the resume says next to what the profile has: each item
knows the profile row it matches (if any), and is ticked by default only when it is
new. ``autofill_apply`` writes what the user kept, through the accounts services, in
one transaction: a matching row is updated, anything else is created, so running it
twice never duplicates. Matching (case- and space-insensitive):

- experience: company + title (+ start month when the resume gives one);
- education: institution + degree;
- skill: name (the database also refuses duplicates);
- certification: name + issuer (name alone when the resume names no issuer).

Updates never blank out what the profile already has: empty values are skipped.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import services as account_services
from accounts.models import Certification, Education, Experience, Profile, Skill, User

SECTIONS = ("experience", "education", "skills", "certifications")
SECTION_MODELS = {"experience": Experience, "education": Education, "skills": Skill, "certifications": Certification}
SECTION_NOUNS = {
    "experience": ("position", "positions"),
    "education": ("degree", "degrees"),
    "skills": ("skill", "skills"),
    "certifications": ("certification", "certifications"),
}

# Profile (and user) fields a resume can fill, in the order the review screen shows them.
PROFILE_FIELDS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("phone_number", "Phone"),
    ("location", "Location"),
    ("headline", "Headline"),
    ("current_title", "Current job title"),
    ("current_company", "Current company"),
    ("bio", "About you (summary)"),
    ("linkedin_url", "LinkedIn"),
    ("github_url", "GitHub"),
    ("website_url", "Website"),
    ("portfolio_url", "Portfolio"),
)
USER_FIELDS = {"first_name", "last_name", "phone_number"}
URL_FIELDS = {"linkedin_url", "github_url", "website_url", "portfolio_url"}


def norm(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def month_date(value: Any) -> datetime.date | None:
    """"2020-03" (or "2020-03-15", "2020") → the first of that month; anything else → None."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?\s*", str(value or ""))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2) or 1)
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return datetime.date(year, month, 1)


def month_text(value: datetime.date | None) -> str:
    return value.strftime("%Y-%m") if value else ""


def parse_gpa(value: Any) -> Decimal | None:
    """"3.8", "3.8/4.0", "3,8" → Decimal; out of 0–10 or unreadable → None."""
    match = re.search(r"\d+(?:[.,]\d+)?", str(value or ""))
    if not match:
        return None
    try:
        gpa = Decimal(match.group(0).replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return gpa if 0 <= gpa <= 10 else None


def _url(value: str) -> str:
    value = (value or "").strip()
    if not value or value.lower().startswith("mailto:"):
        return ""
    if not re.match(r"^https?://", value, re.IGNORECASE):
        value = "https://" + value
    return value[:200]


def _links(links: list) -> dict[str, str]:
    found: dict[str, str] = {}
    others = []
    for raw in links or ():
        url = _url(str(raw))
        if not url:
            continue
        lower = url.lower()
        if "linkedin.com" in lower:
            found.setdefault("linkedin_url", url)
        elif "github.com" in lower:
            found.setdefault("github_url", url)
        elif url not in others:
            others.append(url)
    for name, url in zip(("website_url", "portfolio_url"), others, strict=False):
        found[name] = url
    return found


def _split_name(name: str) -> tuple[str, str]:
    parts = (name or "").split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return parts[0], ""
    return parts[0], " ".join(parts[1:])


# --- The plan (what the review screen shows) ---------------------------------------------


@dataclass
class ProfileFieldPlan:
    name: str
    label: str
    value: str  # from the resume
    current: str  # in the profile now
    include: bool
    note: str = ""

    @property
    def same(self) -> bool:
        return norm(self.value) == norm(self.current)


@dataclass
class ItemPlan:
    section: str
    data: dict  # form values: dates as "YYYY-MM" text, lists as lists
    existing: Any = None  # the profile row it matches
    include: bool = True
    notes: list[str] = field(default_factory=list)


def _profile_values(parsed: dict) -> dict[str, str]:
    first, last = _split_name(parsed.get("name") or "")
    experience = [e for e in parsed.get("experience") or [] if isinstance(e, dict)]
    latest = next((e for e in experience if e.get("current")), experience[0] if experience else {})
    values = {
        "first_name": first[:150],
        "last_name": last[:150],
        "phone_number": (parsed.get("phone") or "").strip(),
        "location": (parsed.get("location") or "").strip()[:200],
        "headline": (latest.get("title") or "").strip()[:200],
        "current_title": (latest.get("title") or "").strip()[:200] if latest.get("current") else "",
        "current_company": (latest.get("company") or "").strip()[:200] if latest.get("current") else "",
        "bio": (parsed.get("summary") or "").strip()[:5000],
        **_links(parsed.get("links") or []),
    }
    return values


def _phone_is_storable(value: str) -> bool:
    """Whether the profile's phone field (international numbers) would accept ``value``."""
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


def _current_profile_value(profile: Profile, name: str) -> str:
    source = profile.user if name in USER_FIELDS else profile
    value = getattr(source, name, "")
    return "" if value is None else str(value)


def _experience_data(entry: dict) -> dict:
    current = bool(entry.get("current"))
    return {
        "company": (entry.get("company") or "").strip()[:200],
        "title": (entry.get("title") or "").strip()[:200],
        "location": (entry.get("location") or "").strip()[:200],
        "start_date": month_text(month_date(entry.get("start"))),
        "end_date": "" if current else month_text(month_date(entry.get("end"))),
        "is_current": current,
        "achievements": [str(b).strip()[:500] for b in entry.get("bullets") or [] if str(b).strip()],
    }


def _education_data(entry: dict) -> dict:
    gpa = parse_gpa(entry.get("gpa"))
    return {
        "institution": (entry.get("institution") or "").strip()[:200],
        "degree": (entry.get("degree") or "").strip()[:200],
        "field_of_study": (entry.get("field") or "").strip()[:200],
        "start_date": month_text(month_date(entry.get("start"))),
        "end_date": month_text(month_date(entry.get("end"))),
        "gpa": "" if gpa is None else str(gpa),
    }


def _certification_data(entry: dict) -> dict:
    return {
        "name": (entry.get("name") or "").strip()[:200],
        "issuing_organization": (entry.get("issuer") or "").strip()[:200],
        "issue_date": month_text(month_date(entry.get("date"))),
    }


def match_experience(data: dict, rows) -> Experience | None:
    start = month_date(data.get("start_date"))
    for row in rows:
        if norm(row.company) == norm(data.get("company")) and norm(row.title) == norm(data.get("title")):
            if start is None or (row.start_date.year, row.start_date.month) == (start.year, start.month):
                return row
    return None


def match_education(data: dict, rows) -> Education | None:
    for row in rows:
        if norm(row.institution) == norm(data.get("institution")) and norm(row.degree) == norm(data.get("degree")):
            return row
    return None


def match_skill(data: dict, rows) -> Skill | None:
    return next((row for row in rows if norm(row.name) == norm(data.get("name"))), None)


def match_certification(data: dict, rows) -> Certification | None:
    issuer = norm(data.get("issuing_organization"))
    for row in rows:
        if norm(row.name) == norm(data.get("name")) and (not issuer or norm(row.issuing_organization) == issuer):
            return row
    return None


MATCHERS = {
    "experience": match_experience,
    "education": match_education,
    "skills": match_skill,
    "certifications": match_certification,
}


def _existing_rows(profile: Profile) -> dict[str, list]:
    # The profile comes from accounts.selectors.profile_get_for_user (prefetched).
    return {
        "experience": list(profile.experiences.all()),
        "education": list(profile.educations.all()),
        "skills": list(profile.skills.all()),
        "certifications": list(profile.certifications.all()),
    }


def autofill_plan(*, parsed: dict, profile: Profile) -> dict[str, list]:
    """What the resume would add or change, section by section (nothing is written)."""
    plan: dict[str, list] = {"profile": []}
    values = _profile_values(parsed or {})
    for name, label in PROFILE_FIELDS:
        value = values.get(name, "")
        if not value:
            continue
        current = _current_profile_value(profile, name)
        item = ProfileFieldPlan(name=name, label=label, value=value, current=current, include=False)
        item.include = not current  # fill empty fields; replacing needs a tick
        if name == "phone_number" and not _phone_is_storable(value):
            item.include = False
            item.note = "Add the country code (e.g. +1 for the US) so the number can be saved."
        plan["profile"].append(item)

    existing = _existing_rows(profile)
    raw = {
        "experience": [_experience_data(e) for e in parsed.get("experience") or [] if isinstance(e, dict)],
        "education": [_education_data(e) for e in parsed.get("education") or [] if isinstance(e, dict)],
        "skills": [{"name": str(s).strip()[:100]} for s in parsed.get("skills") or [] if str(s).strip()],
        "certifications": [_certification_data(c) for c in parsed.get("certifications") or [] if isinstance(c, dict)],
    }
    for section in SECTIONS:
        items: list[ItemPlan] = []
        seen: set[str] = set()
        for data in raw[section]:
            key = repr(sorted((k, norm(v)) for k, v in data.items() if not isinstance(v, list)))
            if key in seen:
                continue  # the resume said it twice
            seen.add(key)
            match = MATCHERS[section](data, existing[section])
            item = ItemPlan(section=section, data=data, existing=match, include=match is None)
            if section == "experience" and not data["start_date"]:
                item.notes.append("The resume gives no start date: add the month you started to save this position.")
            items.append(item)
        plan[section] = items
    return plan


# --- Applying the user's choice ----------------------------------------------------------


class AutofillError(Exception):
    """A kept item the profile refused; nothing was written. ``index`` is the item's
    position in its section (None for the profile fields)."""

    def __init__(self, section: str, index: int | None, error: ValidationError):
        super().__init__(f"{section}[{index}]: {error}")
        self.section = section
        self.index = index
        self.error = error


@dataclass
class AutofillResult:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    unchanged: int = 0
    profile_fields: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def counted(counts: dict[str, int]) -> str:
            parts = []
            for section, n in counts.items():
                if n:
                    one, many = SECTION_NOUNS[section]
                    parts.append(f"{n} {one if n == 1 else many}")
            return ", ".join(parts)

        sentences = []
        if added := counted(self.created):
            sentences.append(f"Added {added} to your profile.")
        if changed := counted(self.updated):
            sentences.append(f"Updated {changed}.")
        if self.profile_fields:
            n = len(self.profile_fields)
            sentences.append(f"Filled {n} profile field{'s' if n != 1 else ''}.")
        return " ".join(sentences) or "Your profile already had all of that: nothing changed."


def _changes(row, data: dict, *, force: tuple[str, ...] = ()) -> dict:
    """The values in ``data`` that differ from ``row``, skipping empty ones (an update
    never blanks out what the profile has) unless named in ``force``."""
    changes = {}
    for name, value in data.items():
        if value in ("", None, []) and name not in force:
            continue
        if getattr(row, name) != value:
            changes[name] = value
    return changes


def _experience_update_data(row: Experience, data: dict) -> dict:
    data = dict(data)
    if data.get("is_current"):
        data["end_date"] = None  # a current position has no end
        return _changes(row, data, force=("end_date",))
    if data.get("end_date"):
        data["is_current"] = False
    else:
        # No end date and not current: the resume says nothing new about the end.
        data.pop("is_current", None)
    return _changes(row, data, force=("is_current",))


@transaction.atomic
def autofill_apply(*, user: User, selection: dict[str, Any]) -> AutofillResult:
    """Write the kept values: ``selection`` is {"profile": {field: value},
    "experience"/"education"/"skills"/"certifications": [(index, data), …]} with model
    field names and Python values (dates, Decimal). Raises AutofillError (nothing written)."""
    from accounts.selectors import profile_get_for_user

    account_services.profile_ensure(user=user)
    profile = profile_get_for_user(user=user)
    result = AutofillResult()

    profile_data = {k: v for k, v in (selection.get("profile") or {}).items() if v not in ("", None)}
    if profile_data:
        try:
            account_services.profile_update(profile=profile, data=profile_data)
        except ValidationError as e:
            raise AutofillError("profile", None, e) from e
        result.profile_fields = sorted(profile_data)

    existing = _existing_rows(profile)
    for section in SECTIONS:
        model = SECTION_MODELS[section]
        rows = existing[section]
        for index, data in selection.get(section) or []:
            row = MATCHERS[section](data, rows)
            try:
                if row is None:
                    new_data = {k: v for k, v in data.items() if v is not None}
                    if section == "experience" and new_data.get("is_current"):
                        new_data.pop("end_date", None)
                    rows.append(account_services.profile_item_create(profile=profile, model=model, data=new_data))
                    result.created[section] += 1
                    continue
                changes = _experience_update_data(row, data) if section == "experience" else _changes(row, data)
                if not changes:
                    result.unchanged += 1
                    continue
                account_services.profile_item_update(item=row, data=changes)
                result.updated[section] += 1
            except ValidationError as e:
                raise AutofillError(section, index, e) from e
    return result
