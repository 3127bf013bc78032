"""Industry insight services: the refresh generation (quota, freshness, offline and model
narrative), the beat refresh (only due rows, safe twice) and the demo seed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from billing.exceptions import QuotaExceeded
from billing.models import UsageRecord
from coaching.ai import providers
from coaching.models import Generation, IndustryInsight
from coaching.offline.insight import industry_resolve
from coaching.services.insights import (
    insight_get_or_create,
    insight_recompute,
    insight_refresh_request,
    insights_refresh_due,
)
from tests.coaching.llm_server import error, json_answer
from tests.jobs.factories import JobPostingFactory


def _nurses(count=3, *, days_ago=1):
    for i in range(count):
        JobPostingFactory(
            title="Registered Nurse", description="Join our hospital team.", requirements=["SQL"],
            salary_min=50_000 + i * 10_000, salary_max=60_000 + i * 10_000, currency="EUR",
            posted_at=timezone.now() - datetime.timedelta(days=days_ago + i),
        )


@pytest.fixture
def nurses(db):
    _nurses()


def test_refresh_creates_the_row_and_computes_it_offline(owner, nurses, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = insight_refresh_request(user=owner, industry_text="Health care")

    insight = IndustryInsight.objects.get(industry="healthcare")
    generation = Generation.objects.get(pk=result.generation.pk)
    assert generation.status == Generation.Status.SUCCEEDED and generation.target_id == insight.pk
    assert generation.kind == Generation.Kind.INSIGHT
    assert UsageRecord.objects.filter(user=owner, action="AI_INSIGHT").count() == 1
    assert insight.status == IndustryInsight.Status.READY and insight.provider == "offline"
    assert insight.sample_size == 3
    assert insight.salary_ranges == [{"role": "Registered Nurse", "min": 55_000, "median": 65_000, "max": 75_000,
                                      "currency": "EUR", "sample": 3, "postings": 3}]
    assert insight.top_skills == [{"skill": "SQL", "share": 1.0, "count": 3, "sample": 3}]
    assert insight.next_update - insight.last_updated == datetime.timedelta(days=settings.INSIGHT_REFRESH_DAYS)


def test_a_fresh_row_is_not_recomputed_and_costs_nothing(owner, nurses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        insight_refresh_request(user=owner, industry_text="healthcare")

    again = insight_refresh_request(user=owner, industry_text="Healthcare")

    assert again.fresh and again.generation is None
    assert UsageRecord.objects.filter(user=owner).count() == 1
    assert Generation.objects.filter(user=owner).count() == 1


def test_an_hour_old_row_is_recomputed(owner, nurses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        insight_refresh_request(user=owner, industry_text="healthcare")
    IndustryInsight.objects.update(last_updated=timezone.now() - datetime.timedelta(minutes=61))

    result = insight_refresh_request(user=owner, industry_text="healthcare", enqueue=False)

    assert not result.fresh and result.generation is not None
    assert IndustryInsight.objects.get().status == IndustryInsight.Status.GENERATING


def test_a_running_refresh_is_not_queued_twice(owner, stranger, nurses):
    first = insight_refresh_request(user=owner, industry_text="healthcare", enqueue=False)

    second = insight_refresh_request(user=stranger, industry_text="healthcare", enqueue=False)

    assert second.busy and second.generation is None
    assert not UsageRecord.objects.filter(user=stranger).exists()
    assert first.generation.status == Generation.Status.PENDING


def test_over_quota_writes_nothing(owner, nurses):
    from billing.selectors import quota_status
    from billing.services import usage_consume

    for _ in range(quota_status(user=owner).remaining):
        usage_consume(user=owner, action="AI_CHAT")

    with pytest.raises(QuotaExceeded):
        insight_refresh_request(user=owner, industry_text="healthcare")

    assert not IndustryInsight.objects.exists()
    assert not Generation.objects.exists()
    assert UsageRecord.objects.filter(user=owner, action="AI_INSIGHT").count() == 0


def test_get_or_create_is_one_row_per_industry(db):
    industry = industry_resolve("software")

    first = insight_get_or_create(industry=industry)
    second = insight_get_or_create(industry=industry_resolve("IT"))

    assert first.pk == second.pk
    assert IndustryInsight.objects.count() == 1


def test_model_narrative_is_written_from_the_numbers(owner, nurses, openai_settings, llm_server,
                                                     django_capture_on_commit_callbacks):
    llm_server.plan(json_answer({"outlook": "Hiring nurses is steady.", "trends": ["Three postings name SQL."]}))

    with django_capture_on_commit_callbacks(execute=True):
        insight_refresh_request(user=owner, industry_text="healthcare")

    insight = IndustryInsight.objects.get()
    assert insight.market_outlook == "Hiring nurses is steady."
    assert insight.key_trends == ["Three postings name SQL."]
    assert insight.provider == "openai"
    assert insight.sample_size == 3  # numbers from the catalog, not the model
    prompt = llm_server.requests[0]["messages"][-1]["content"]
    assert "Matching active postings in the catalog, last 365 days: 3" in prompt
    assert "Salary Registered Nurse: min 55000, median 65000, max 75000 EUR (3 postings)" in prompt


def test_a_model_failure_fails_the_generation_and_marks_a_new_row_failed(
    owner, nurses, openai_settings, llm_server, django_capture_on_commit_callbacks
):
    llm_server.set_default(error(400, "bad request"))

    with django_capture_on_commit_callbacks(execute=True):
        result = insight_refresh_request(user=owner, industry_text="healthcare")

    assert Generation.objects.get(pk=result.generation.pk).status == Generation.Status.FAILED
    assert IndustryInsight.objects.get().status == IndustryInsight.Status.FAILED
    assert UsageRecord.objects.get(user=owner).refunded_at is not None


def _due_row(key, *, due):
    industry = industry_resolve(key)
    insight = insight_get_or_create(industry=industry)
    insight_recompute(insight_id=insight.pk, provider=providers.Provider(providers.ProviderConfig(name="offline")))
    IndustryInsight.objects.filter(pk=insight.pk).update(
        next_update=timezone.now() + (datetime.timedelta(hours=-1) if due else datetime.timedelta(days=3)),
        sample_size=999,
    )
    return insight


def test_refresh_due_recomputes_only_due_rows_and_is_safe_twice(nurses):
    due = _due_row("healthcare", due=True)
    later = _due_row("finance", due=False)

    assert insights_refresh_due() == 1
    assert insights_refresh_due() == 0

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.sample_size == 3 and due.next_update > timezone.now() + datetime.timedelta(days=6)
    assert later.sample_size == 999


def test_refresh_due_keeps_offline_text_when_the_model_fails(nurses, openai_settings, llm_server):
    due = _due_row("healthcare", due=True)
    offline_outlook = IndustryInsight.objects.get(pk=due.pk).market_outlook
    llm_server.set_default(error(400, "bad request"))

    assert insights_refresh_due() == 1

    due.refresh_from_db()
    assert due.market_outlook == offline_outlook and due.provider == "offline"
    assert due.sample_size == 3


def test_refresh_due_task_runs_the_service(nurses):
    from coaching.tasks import insights_refresh_due_task

    _due_row("healthcare", due=True)

    assert insights_refresh_due_task() == 1


def test_demo_seed_computes_the_seekers_industry_once(nurses):
    from coaching.demo.insights import seed_demo_insights
    from tests.accounts.factories import ProfileFactory

    seeker = ProfileFactory(industry="Healthcare").user
    _nurses(2, days_ago=10)

    insight = seed_demo_insights(seeker=seeker)
    again = seed_demo_insights(seeker=seeker)

    assert insight.industry == "healthcare" and insight.status == IndustryInsight.Status.READY
    assert insight.sample_size == 5 and again.pk == insight.pk and again.last_updated == insight.last_updated
    assert not UsageRecord.objects.filter(user=seeker).exists()


def test_demo_seed_without_an_industry_does_nothing(db):
    from coaching.demo.insights import seed_demo_insights
    from tests.accounts.factories import ProfileFactory

    assert seed_demo_insights(seeker=ProfileFactory(industry="").user) is None
    assert not IndustryInsight.objects.exists()
