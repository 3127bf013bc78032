"""Industry insights computed from crafted catalog postings: exact numbers, honest gaps."""

from __future__ import annotations

import datetime

import pytest

from coaching.offline import insight as offline
from coaching.offline.insight import demand_level, industry_resolve, insight_compute, role_normalise
from tests.jobs.factories import JobPostingFactory

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
HEALTH = industry_resolve("Healthcare")


def _posting(title, *, days_ago, low=None, high=None, currency="EUR", requirements=(), remote=False,
             level="", description="Join our hospital team.", active=True):
    return JobPostingFactory(
        title=title, description=description, requirements=list(requirements), salary_min=low, salary_max=high,
        currency=currency, posted_at=NOW - datetime.timedelta(days=days_ago), is_remote=remote,
        experience_level=level, is_active=active,
    )


@pytest.fixture
def catalog(db):
    """28 matching postings in the last 365 days: 15 in the last 90 days, 12 in the 90 before."""
    # Nurses (EUR midpoints 60k, 70k, 90k, 75k) + one in USD, left out of the salaries.
    _posting("Senior Registered Nurse (ICU)", days_ago=1, low=50_000, high=70_000, requirements=["SQL"], level="SENIOR")
    _posting("Registered Nurse", days_ago=2, low=60_000, high=80_000, requirements=["SQL", "Excel"], level="MID", remote=True)
    _posting("Junior Registered Nurse", days_ago=3, low=80_000, high=100_000, requirements=["SQL"], level="JUNIOR")
    _posting("Registered Nurse II", days_ago=4, low=75_000, requirements=["Excel"], level="MID")
    _posting("Registered Nurse", days_ago=5, low=100_000, high=120_000, currency="USD", level="MID")
    # Care assistants: only two salaried, so no range for them.
    _posting("Care Assistant", days_ago=6, low=30_000, high=40_000, level="MID")
    _posting("Care Assistant", days_ago=7, low=40_000, high=40_000, level="MID")
    _posting("Care Assistant", days_ago=8)
    for day in range(7):
        _posting("Hospital Porter", days_ago=10 + day)
    for day in range(12):
        _posting("Hospital Porter", days_ago=100 + day * 5)
    _posting("Hospital Porter", days_ago=200)  # in the year, in neither growth window
    # Not in the sample: too old, closed, or not healthcare at all.
    _posting("Hospital Porter", days_ago=400)
    _posting("Registered Nurse", days_ago=1, active=False)
    _posting("Accountant", days_ago=1, description="Month-end close at a bank.", low=1, high=2)


def test_counts_growth_and_demand_are_exact(catalog):
    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert numbers.sample_size == 28
    assert numbers.skills_sample == 28
    assert (numbers.recent, numbers.previous) == (15, 12)
    assert numbers.growth_rate == 25.0
    # 5 a month is LOW; +25 % growth lifts it one level.
    assert numbers.demand_level == "MEDIUM"


def test_salary_ranges_use_the_dominant_currency_and_normalised_roles(catalog):
    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert numbers.salary_currency == "EUR"
    assert (numbers.salaried, numbers.salaried_other) == (6, 1)
    assert numbers.salary_ranges == [
        {"role": "Registered Nurse", "min": 60_000, "median": 72_500, "max": 90_000, "currency": "EUR", "sample": 4,
         "postings": 5},
    ]


def test_skill_shares_are_exact(catalog):
    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert numbers.top_skills == [
        {"skill": "SQL", "share": round(3 / 28, 4), "count": 3, "sample": 28},
        {"skill": "Excel", "share": round(2 / 28, 4), "count": 2, "sample": 28},
    ]


def test_monthly_postings_cover_twelve_months(catalog):
    numbers = insight_compute(industry=HEALTH, now=NOW)

    months = numbers.monthly_postings
    assert [m["month"] for m in months][0] == "2025-07" and months[-1]["month"] == "2026-06"
    assert len(months) == 12
    # June 2026 (days 1–14 ago): 8 + the porters 10–14 days ago (5) = 13.
    assert months[-1]["count"] == 13
    assert sum(m["count"] for m in months) == 28
    assert next(m for m in months if m["month"] == "2025-11")["count"] == 1  # the one 200 days ago


def test_trends_and_outlook_name_their_numbers(catalog):
    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert numbers.key_trends[0] == (
        "15 matching postings in the last 90 days against 12 in the 90 days before (+25%)."
    )
    assert "4% of 28 matching postings are remote (0% in the older half, 7% in the newer half)." in numbers.key_trends
    assert "Most common experience level: Mid level (18% of the sampled postings)." in numbers.key_trends
    assert numbers.market_outlook == (
        "Moderate demand for Healthcare: about 5 matching postings a month over the last 90 days, up 25% on the "
        "90 days before: hiring is picking up, a good time to apply."
    )
    assert insight_compute(industry=HEALTH, now=NOW).as_dict() == numbers.as_dict()  # deterministic


def test_growth_needs_ten_earlier_postings(db):
    for day in range(9):
        _posting("Registered Nurse", days_ago=100 + day)
    _posting("Registered Nurse", days_ago=1)

    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert (numbers.recent, numbers.previous, numbers.growth_rate) == (1, 9, None)
    assert "not enough data to measure growth" in numbers.key_trends[0]
    assert numbers.market_outlook.endswith("There are too few older postings to tell whether hiring is growing.")


def test_recommended_skills_grew_between_the_halves(db):
    for day in range(10):
        _posting("Registered Nurse", days_ago=1 + day, requirements=["Kubernetes", "SQL"])
    for day in range(10):
        _posting("Registered Nurse", days_ago=30 + day, requirements=["Excel", "SQL"])

    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert numbers.recommended_skills == ["Kubernetes"]
    assert numbers.skill_changes == [{"skill": "Kubernetes", "older": 0.0, "newer": 1.0, "change": 100.0}]
    assert any(t.startswith("Fastest-growing skills between the older and newer half of the sample: Kubernetes (+100 points)")
               for t in numbers.key_trends)


def test_skills_come_from_the_newest_postings_only(db, monkeypatch):
    monkeypatch.setattr(offline, "SAMPLE_LIMIT", 3)
    for day in range(3):
        _posting("Registered Nurse", days_ago=1 + day, requirements=["Kubernetes"])
    _posting("Registered Nurse", days_ago=20, requirements=["Excel"])

    numbers = insight_compute(industry=HEALTH, now=NOW)

    assert (numbers.sample_size, numbers.skills_sample) == (4, 3)
    assert [s["skill"] for s in numbers.top_skills] == ["Kubernetes"]
    assert offline.sample_note(numbers) == "the 3 newest of 4 matching postings"


def test_an_industry_without_postings_gets_no_numbers(db):
    _posting("Registered Nurse", days_ago=1)

    numbers = insight_compute(industry=industry_resolve("government"), now=NOW)

    assert numbers.sample_size == 0
    assert numbers.salary_ranges == numbers.top_skills == numbers.recommended_skills == numbers.key_trends == []
    assert numbers.growth_rate is None and numbers.demand_level == ""
    assert all(m["count"] == 0 for m in numbers.monthly_postings)
    assert numbers.market_outlook.startswith("Not enough data in the catalog")


def test_an_unknown_industry_searches_for_its_own_words(db):
    _posting("Beekeeper", days_ago=1, description="Tend the apiary hives.")
    _posting("Registered Nurse", days_ago=1)

    industry = industry_resolve("Apiary")
    numbers = insight_compute(industry=industry, now=NOW)

    assert (industry.key, industry.name, industry.known) == ("apiary", "Apiary", False)
    assert numbers.sample_size == 1


@pytest.mark.parametrize(("title", "role"), [
    ("Senior Backend Engineer (Python)", "Backend Engineer"),
    ("Sr. Data Engineer II", "Data Engineer"),
    ("Lead Product Designer – Mobile", "Product Designer"),
    ("Junior QA Engineer", "QA Engineer"),
    ("Principal Engineer, Payments", "Engineer"),
    ("Backend Engineer Intern", "Backend Engineer"),
    ("staff site reliability engineer", "Site Reliability Engineer"),
    ("Director of Engineering", "Director of Engineering"),
    (".NET Developer III", ".NET Developer"),
    ("Senior", ""),
])
def test_role_normalise_strips_seniority_and_punctuation(title, role):
    assert role_normalise(title) == role


@pytest.mark.parametrize(("typed", "key"), [
    ("Software", "technology"), ("IT", "technology"), ("tech", "technology"), ("Information Technology", "technology"),
    ("Data Science", "data-ai"), ("machine-learning", "data-ai"), ("FinTech", "finance"), ("Non-profit", "government"),
    ("healthcare", "healthcare"), ("Technology & Software", "technology"), ("e-commerce", "retail"),
])
def test_aliases_map_free_text_industries(typed, key):
    assert industry_resolve(typed).key == key


def test_text_with_no_words_is_no_industry():
    assert industry_resolve("  ") is None
    assert industry_resolve("!!!") is None


def test_every_alias_belongs_to_one_industry():
    seen = {}
    for industry in offline.industries():
        for alias in {offline._norm(a) for a in (industry.key, *industry.aliases)}:
            assert offline._norm(alias) not in seen, (alias, industry.key, seen.get(offline._norm(alias)))
            seen[offline._norm(alias)] = industry.key
    assert len(offline.industries()) == 12


@pytest.mark.parametrize(("per_month", "growth", "level"), [
    (0, None, "LOW"), (19.9, None, "LOW"), (20, None, "MEDIUM"), (99, 10.0, "MEDIUM"), (100, None, "HIGH"),
    (100, -25.0, "MEDIUM"), (10, 30.0, "MEDIUM"), (150, 80.0, "HIGH"), (25, -40.0, "LOW"),
])
def test_demand_level_thresholds(per_month, growth, level):
    assert demand_level(per_month=per_month, growth=growth) == level


def test_terms_become_a_safe_tsquery():
    assert offline.terms_query(["software", "title:full stack", "e-commerce", "x'); DROP", "!!"]) == (
        "(software) | (full:A <-> stack:A) | (e <-> commerce) | (x <-> drop)"
    )


def test_title_terms_match_titles_only(db):
    designer = industry_resolve("design")
    _posting("Product Designer", days_ago=1, description="Hospital app.")
    _posting("Backend Engineer", days_ago=1, description="You will design, build and operate services.")

    numbers = insight_compute(industry=designer, now=NOW)

    assert numbers.sample_size == 1
