"""Industry insights computed from the job catalog: real numbers, each with its sample.

Postings have no industry column, so an industry is a full-text OR-query over the
postings' stored ``search_vector`` (title, company, description; GIN-indexed), defined
in ``coaching/content/industries.json`` (a key, a display name, aliases that map the
free-text ``Profile.industry``, and search terms, some restricted to the title). An
industry nobody defined is searched for by its own words (websearch syntax), and the
page says so.

What is computed, for active postings matching the query posted in the last 365 days:

* ``sample_size``: how many match (all of them are counted, in SQL);
* volume: matches per calendar month for the last 12 months, and the last 90 days
  against the 90 before (growth, None below MIN_PREVIOUS_FOR_GROWTH);
* from the SAMPLE_LIMIT newest matches only (bounded work, the page says so): salary
  ranges by normalised role in the dominant currency, skill shares (the skill
  taxonomy over requirements + description), the skills whose share grew most between
  the older and the newer half of that sample, remote share, experience levels.

Nothing here writes; ``coaching.services.insights`` stores the result. Sentences are
templates over these numbers only (deterministic: same catalog, same text).
"""

from __future__ import annotations

import datetime
import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.text import slugify

from careercoach.lib.choices import ExperienceLevel
from jobs import search
from jobs.matching.taxonomy import skill_set
from jobs.models import JobPosting

CONTENT = Path(__file__).resolve().parent.parent / "content" / "industries.json"
SEARCH_CONFIG = "english"

# The sample: postings of the last 12 calendar months (this one included).
SAMPLE_LIMIT = 2000  # skills, salaries and shares come from at most this many newest matches
GROWTH_WINDOW_DAYS = 90  # growth: the last 90 days against the 90 before
MIN_PREVIOUS_FOR_GROWTH = 10  # fewer earlier postings than this: "not enough data"
MIN_SALARIED_PER_ROLE = 3
MAX_ROLES = 6
TOP_SKILLS = 12
RECOMMENDED_SKILLS = 6
MIN_HALF_FOR_CHANGE = 10  # each half of the sample needs this many postings to compare them
MIN_SALARIED_HALF = 10  # … and this many salaried ones to compare salaries
MONTHS = 12

# Demand level, from the volume of the last 90 days (postings per month) and growth:
#   HIGH   ≥ 100 matching postings a month, MEDIUM ≥ 20, LOW below;
#   growth ≥ +25 % lifts it one level, ≤ −25 % lowers it one (when growth is known).
DEMAND_HIGH_PER_MONTH = 100
DEMAND_MEDIUM_PER_MONTH = 20
DEMAND_GROWTH_SHIFT = 25.0
_LEVELS = ("LOW", "MEDIUM", "HIGH")


# --- Industries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    key: str
    name: str
    query: str  # to_tsquery text (curated), or websearch_to_tsquery text (typed by a user)
    known: bool = True  # False: not in industries.json, searched for by its own words (websearch)
    aliases: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w+#]+", " ", (text or "").lower()).split())


def terms_query(terms: list[str]) -> str:
    """The to_tsquery text of an industry's terms: an OR of words and phrases ("full
    stack" → full <-> stack), ``title:`` ones restricted to the title (weight A). Only
    letters and digits reach the query, so a term can never break its syntax;
    PostgreSQL stems the words itself."""
    parts = []
    for term in terms:
        title_only = term.startswith("title:")
        words = re.findall(r"[a-z0-9]+", term.removeprefix("title:").lower())
        if words:
            parts.append("(" + " <-> ".join(w + (":A" if title_only else "") for w in words) + ")")
    return " | ".join(parts)


@lru_cache(maxsize=1)
def industries() -> tuple[Industry, ...]:
    data = json.loads(CONTENT.read_text(encoding="utf-8"))
    return tuple(
        Industry(key=item["key"], name=item["name"], query=terms_query(item["terms"]), aliases=tuple(item["aliases"]))
        for item in data["industries"]
    )


@lru_cache(maxsize=1)
def _by_alias() -> dict[str, Industry]:
    out: dict[str, Industry] = {}
    for industry in industries():
        for word in (industry.key, industry.name, *industry.aliases):
            out.setdefault(_norm(word), industry)
    return out


def industry_by_key(key: str) -> Industry | None:
    return next((i for i in industries() if i.key == key), None)


def industry_resolve(text: str) -> Industry | None:
    """The industry for a key, a name or a free-text ``Profile.industry`` ("IT", "Software"
    → technology). Text matching none is its own industry (``known=False``): its key is
    the slug, its query the text itself. None for text with no words at all."""
    text = " ".join((text or "").split())[:100]
    found = industry_by_key(text) or _by_alias().get(_norm(text))
    if found:
        return found
    key = slugify(text)[:100]
    if not key or not _norm(text):
        return None
    return Industry(key=key, name=text, query=text.replace("-", " "), known=False)


# --- Roles -----------------------------------------------------------------------------------

_SENIORITY = re.compile(
    r"\b(senior|sr|snr|junior|jr|lead|principal|staff|intern|internship|trainee|graduate|entry[\s-]*level|"
    r"entry|mid[\s-]*level|mid|associate|i|ii|iii|iv|v)\b\.?",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"of", "and", "for", "in", "the", "to", "at", "on"})
_SPECIALTY = re.compile(r"\([^)]*\)|\[[^\]]*\]|\s+[–—|-]\s+.*$|\s*[–—|]\s*.*$")


def role_normalise(title: str) -> str:
    """A title without seniority words, specialties and punctuation, for grouping:
    "Sr. Backend Engineer II (Python)" → "Backend Engineer"; "Lead Product Designer –
    Mobile" → "Product Designer"; "Engineer, Payments" → "Engineer". Empty when nothing
    is left (a title that is only a seniority word)."""
    text = re.sub(r"^\s*vp\s*,\s*", "VP ", title or "", flags=re.IGNORECASE)
    text = _SPECIALTY.sub("", text)
    text = text.split(",")[0]
    text = _SENIORITY.sub(" ", text)
    text = re.sub(r"[^\w&/+#. ]+", " ", text)
    text = re.sub(r"\.(?=\s|$)", " ", text)  # full stops ("Eng."), not the one in ".NET"
    words = text.split()
    return " ".join(w.capitalize() if w.islower() and (i == 0 or w not in _SMALL_WORDS) else w
                    for i, w in enumerate(words))


# --- Computation ------------------------------------------------------------------------------


@dataclass
class InsightNumbers:
    """Everything an insight row stores, computed from the catalog."""

    industry: Industry
    computed_at: datetime.datetime
    sample_size: int = 0  # matching postings, last 365 days
    skills_sample: int = 0  # of which the newest ≤ SAMPLE_LIMIT were read for skills/salaries
    recent: int = 0  # last 90 days
    previous: int = 0  # the 90 days before
    growth_rate: float | None = None
    demand_level: str = ""
    salary_currency: str = ""
    salaried: int = 0  # sampled postings with a salary in salary_currency
    salaried_other: int = 0  # … with a salary in another currency (left out)
    salary_ranges: list[dict] = field(default_factory=list)
    top_skills: list[dict] = field(default_factory=list)
    recommended_skills: list[str] = field(default_factory=list)
    skill_changes: list[dict] = field(default_factory=list)  # {"skill", "older", "newer", "change"} (points)
    monthly_postings: list[dict] = field(default_factory=list)
    remote_share: float | None = None
    remote_older: float | None = None
    remote_newer: float | None = None
    top_level: str = ""
    top_level_share: float | None = None
    salary_change: float | None = None  # % change of the median midpoint, older → newer half
    key_trends: list[str] = field(default_factory=list)
    market_outlook: str = ""

    @property
    def has_data(self) -> bool:
        return self.sample_size > 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["computed_at"] = self.computed_at.isoformat()
        return data


def _postings(industry: Industry):
    query = SearchQuery(industry.query, search_type="raw" if industry.known else "websearch", config=SEARCH_CONFIG)
    return JobPosting.objects.filter(is_active=True, search_vector=query)


def _month_starts(now: datetime.datetime) -> list[datetime.date]:
    first = now.astimezone(datetime.UTC).date().replace(day=1)
    months = []
    for _ in range(MONTHS):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _midpoint(low: int | None, high: int | None) -> float | None:
    if low is None and high is None:
        return None
    if low is None or high is None:
        return float(low if low is not None else high)
    return (low + high) / 2


def insight_compute(*, industry: Industry, now: datetime.datetime) -> InsightNumbers:
    """The numbers of one industry from the catalog as it is ``now`` (two queries)."""
    numbers = InsightNumbers(industry=industry, computed_at=now)
    # The window is the 12 calendar months of the volume chart (this month included), so
    # the chart's bars add up to the sample size.
    months = _month_starts(now)
    window = _postings(industry).filter(
        posted_at__gte=datetime.datetime.combine(months[0], datetime.time.min, tzinfo=datetime.UTC),
        posted_at__lte=now + search.POSTED_AT_MAX_AHEAD,
    )
    recent_from = now - datetime.timedelta(days=GROWTH_WINDOW_DAYS)
    previous_from = recent_from - datetime.timedelta(days=GROWTH_WINDOW_DAYS)
    # One pass over the matches: counts per month, with the two growth windows counted
    # alongside (PostgreSQL reads each matching posting once).
    per_month = list(
        window.annotate(month=TruncMonth("posted_at", tzinfo=datetime.UTC))
        .order_by()  # no default ordering in the GROUP BY
        .values("month")
        .annotate(
            n=Count("pk"),
            recent=Count("pk", filter=Q(posted_at__gte=recent_from)),
            previous=Count("pk", filter=Q(posted_at__gte=previous_from, posted_at__lt=recent_from)),
        )
        .values_list("month", "n", "recent", "previous")
    )
    numbers.sample_size = sum(row[1] for row in per_month)
    numbers.recent = sum(row[2] for row in per_month)
    numbers.previous = sum(row[3] for row in per_month)
    by_month = {(m.date() if isinstance(m, datetime.datetime) else m): n for m, n, _, _ in per_month}
    numbers.monthly_postings = [{"month": m.strftime("%Y-%m"), "count": by_month.get(m, 0)} for m in months]
    if not numbers.has_data:
        numbers.market_outlook = market_outlook(numbers)
        return numbers

    if numbers.previous >= MIN_PREVIOUS_FOR_GROWTH:
        numbers.growth_rate = round((numbers.recent - numbers.previous) / numbers.previous * 100, 1)
    numbers.demand_level = demand_level(per_month=numbers.recent / 3, growth=numbers.growth_rate)

    rows = list(
        window.order_by("-posted_at", "-id").values_list(
            "title", "description", "requirements", "salary_min", "salary_max", "currency", "experience_level",
            "is_remote",
        )[:SAMPLE_LIMIT]
    )
    _from_sample(numbers, rows)
    numbers.key_trends = key_trends(numbers)
    numbers.market_outlook = market_outlook(numbers)
    return numbers


def _from_sample(numbers: InsightNumbers, rows: list[tuple]) -> None:
    """Salaries, skills, remote share and levels of the sampled rows (newest first)."""
    numbers.skills_sample = total = len(rows)
    skills_per_row = [skill_set("\n".join(requirements or []) + "\n" + (description or ""))
                      for _, description, requirements, *_ in rows]
    counts = Counter(skill for found in skills_per_row for skill in found)
    numbers.top_skills = [
        {"skill": skill, "share": _share(n, total), "count": n, "sample": total}
        for skill, n in sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))[:TOP_SKILLS]
    ]

    # Salaries: midpoints in the dominant currency, grouped by normalised role.
    salaried = [(row, _midpoint(row[3], row[4])) for row in rows]
    salaried = [(row, mid) for row, mid in salaried if mid is not None]
    currencies = Counter(row[5] for row, _ in salaried)
    if currencies:
        currency = sorted(currencies.items(), key=lambda item: (-item[1], item[0]))[0][0]
        numbers.salary_currency = currency
        numbers.salaried = currencies[currency]
        numbers.salaried_other = sum(currencies.values()) - currencies[currency]
        role_counts: Counter[str] = Counter()
        role_names: dict[str, str] = {}
        role_mids: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            role = role_normalise(row[0])
            if role:
                role_counts[role.lower()] += 1
                role_names.setdefault(role.lower(), role)
        for row, mid in salaried:
            role = role_normalise(row[0])
            if role and row[5] == currency:
                role_mids[role.lower()].append(mid)
        eligible = [key for key in role_counts if len(role_mids[key]) >= MIN_SALARIED_PER_ROLE]
        eligible.sort(key=lambda key: (-role_counts[key], role_names[key]))
        numbers.salary_ranges = [
            {"role": role_names[key], "min": round(min(role_mids[key])), "median": round(statistics.median(role_mids[key])),
             "max": round(max(role_mids[key])), "currency": currency, "sample": len(role_mids[key]),
             "postings": role_counts[key]}
            for key in eligible[:MAX_ROLES]
        ]

    levels = Counter(row[6] for row in rows if row[6])
    if levels:
        level, n = sorted(levels.items(), key=lambda item: (-item[1], item[0]))[0]
        numbers.top_level, numbers.top_level_share = level, _share(n, total)
    numbers.remote_share = _share(sum(1 for row in rows if row[7]), total)

    # Halves of the sample by posting date (rows are newest first): what is changing.
    half = total // 2
    if half >= MIN_HALF_FOR_CHANGE:
        newer, older = range(0, half), range(total - half, total)
        numbers.remote_newer = _share(sum(1 for i in newer if rows[i][7]), half)
        numbers.remote_older = _share(sum(1 for i in older if rows[i][7]), half)
        newer_counts = Counter(s for i in newer for s in skills_per_row[i])
        older_counts = Counter(s for i in older for s in skills_per_row[i])
        changes = []
        for skill in set(newer_counts) | set(older_counts):
            new_share, old_share = _share(newer_counts[skill], half), _share(older_counts[skill], half)
            changes.append({"skill": skill, "older": old_share, "newer": new_share,
                            "change": round((new_share - old_share) * 100, 1)})
        changes.sort(key=lambda c: (-c["change"], c["skill"].lower()))
        numbers.skill_changes = [c for c in changes if c["change"] > 0][:RECOMMENDED_SKILLS]
        numbers.recommended_skills = [c["skill"] for c in numbers.skill_changes]
        if numbers.salary_currency:
            mids = {i: _midpoint(rows[i][3], rows[i][4]) for i in range(total) if rows[i][5] == numbers.salary_currency}
            newer_mids = [mids[i] for i in newer if mids.get(i) is not None]
            older_mids = [mids[i] for i in older if mids.get(i) is not None]
            if len(newer_mids) >= MIN_SALARIED_HALF and len(older_mids) >= MIN_SALARIED_HALF:
                old_median = statistics.median(older_mids)
                numbers.salary_change = round((statistics.median(newer_mids) - old_median) / old_median * 100, 1)


def demand_level(*, per_month: float, growth: float | None) -> str:
    """LOW / MEDIUM / HIGH from volume and growth (thresholds at the top of this module)."""
    index = 2 if per_month >= DEMAND_HIGH_PER_MONTH else 1 if per_month >= DEMAND_MEDIUM_PER_MONTH else 0
    if growth is not None and growth >= DEMAND_GROWTH_SHIFT:
        index = min(index + 1, 2)
    elif growth is not None and growth <= -DEMAND_GROWTH_SHIFT:
        index = max(index - 1, 0)
    return _LEVELS[index]


# --- Sentences --------------------------------------------------------------------------------


def _pct(share: float | None) -> str:
    return f"{round((share or 0) * 100)}%"


def _signed(value: float) -> str:
    return f"+{value:g}" if value > 0 else f"{value:g}"


def sample_note(numbers: InsightNumbers) -> str:
    if numbers.skills_sample < numbers.sample_size:
        return f"the {numbers.skills_sample:,} newest of {numbers.sample_size:,} matching postings"
    return f"{numbers.skills_sample:,} matching postings"


def key_trends(numbers: InsightNumbers) -> list[str]:
    """Data-driven sentences, each naming its numbers and their sample."""
    if not numbers.has_data:
        return []
    trends = []
    if numbers.growth_rate is not None:
        trends.append(
            f"{numbers.recent:,} matching postings in the last 90 days against {numbers.previous:,} in the 90 days "
            f"before ({_signed(numbers.growth_rate)}%)."
        )
    else:
        trends.append(
            f"{numbers.recent:,} matching postings in the last 90 days; only {numbers.previous:,} in the 90 days before, "
            "not enough data to measure growth."
        )
    if numbers.remote_share is not None:
        sentence = f"{_pct(numbers.remote_share)} of {sample_note(numbers)} are remote"
        if numbers.remote_older is not None and numbers.remote_newer is not None:
            sentence += f" ({_pct(numbers.remote_older)} in the older half, {_pct(numbers.remote_newer)} in the newer half)"
        trends.append(sentence + ".")
    if numbers.skill_changes:
        named = ", ".join(f"{c['skill']} ({_signed(c['change'])} points)" for c in numbers.skill_changes[:3])
        trends.append(f"Fastest-growing skills between the older and newer half of the sample: {named}.")
    if numbers.top_level:
        label = ExperienceLevel(numbers.top_level).label if numbers.top_level in ExperienceLevel.values else numbers.top_level
        trends.append(f"Most common experience level: {label} ({_pct(numbers.top_level_share)} of the sampled postings).")
    if numbers.salary_change is not None:
        if abs(numbers.salary_change) < 3:
            trends.append(f"Advertised salaries ({numbers.salary_currency}) are stable: the median midpoint moved "
                          f"{_signed(numbers.salary_change)}% between the older and newer half of the sample.")
        else:
            direction = "up" if numbers.salary_change > 0 else "down"
            trends.append(f"Advertised salaries ({numbers.salary_currency}) are {direction}: the median midpoint moved "
                          f"{_signed(numbers.salary_change)}% between the older and newer half of the sample.")
    return trends[:6]


def market_outlook(numbers: InsightNumbers) -> str:
    """One or two sentences from demand and growth."""
    name = numbers.industry.name
    if not numbers.has_data:
        return (f"Not enough data in the catalog: no active postings matching {name} in the last 12 months, "
                "so there is nothing to measure yet.")
    per_month = round(numbers.recent / 3)
    demand = {"HIGH": "High", "MEDIUM": "Moderate", "LOW": "Low"}.get(numbers.demand_level, "Unclear")
    text = f"{demand} demand for {name}: about {per_month:,} matching postings a month over the last 90 days"
    if numbers.growth_rate is None:
        return text + ". There are too few older postings to tell whether hiring is growing."
    if numbers.growth_rate >= 10:
        trend = f"up {numbers.growth_rate:g}% on the 90 days before: hiring is picking up, a good time to apply"
    elif numbers.growth_rate <= -10:
        trend = (f"down {abs(numbers.growth_rate):g}% on the 90 days before: fewer openings, so tailor each "
                 "application and lean on your network")
    else:
        trend = f"{_signed(numbers.growth_rate)}% on the 90 days before: hiring is steady"
    return f"{text}, {trend}."
