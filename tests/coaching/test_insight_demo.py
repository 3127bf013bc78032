"""The demo seeker's industry ("Software") gets a real insight from the generated catalog."""

from __future__ import annotations

from coaching.demo.insights import seed_demo_insights
from coaching.models import IndustryInsight
from jobs.services.catalog import postings_seed_demo
from tests.accounts.factories import ProfileFactory


def test_demo_catalog_gives_the_demo_industry_a_good_sample(db):
    postings_seed_demo(count=3000)
    seeker = ProfileFactory(industry="Software").user

    insight = seed_demo_insights(seeker=seeker)

    assert insight.industry == "technology" and insight.status == IndustryInsight.Status.READY
    assert insight.sample_size > 1000  # about half of the demo catalog
    assert len(insight.salary_ranges) == 6 and all(r["sample"] >= 3 for r in insight.salary_ranges)
    assert len(insight.top_skills) == 12 and len(insight.recommended_skills) == 6
    assert insight.demand_level == "HIGH"
    assert sum(m["count"] for m in insight.monthly_postings) == insight.sample_size
    assert len(insight.key_trends) >= 4 and insight.market_outlook
    assert seed_demo_insights(seeker=seeker).last_updated == insight.last_updated  # idempotent
