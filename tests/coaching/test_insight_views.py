"""Industry insight pages, API and SVG charts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, Skill
from billing.models import UsageRecord
from coaching.ai import providers
from coaching.models import Generation, IndustryInsight
from coaching.offline.insight import industry_resolve
from coaching.services.insights import insight_get_or_create, insight_recompute
from tests.jobs.factories import JobPostingFactory

DETAIL = reverse("coaching:insight_detail")
REFRESH = reverse("coaching:insight_refresh")
LIST = reverse("coaching:insight_list")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _nurses(count=4):
    for i in range(count):
        JobPostingFactory(
            title="Senior Registered Nurse" if i % 2 else "Registered Nurse", description="Join our hospital team.",
            requirements=["SQL", "Excel"] if i % 2 else ["SQL"], salary_min=50_000 + i * 10_000,
            salary_max=60_000 + i * 10_000, currency="EUR", posted_at=timezone.now() - datetime.timedelta(days=1 + i),
        )


def _computed(key="healthcare"):
    insight = insight_get_or_create(industry=industry_resolve(key))
    return insight_recompute(insight_id=insight.pk, provider=providers.Provider(providers.ProviderConfig(name="offline")))


@pytest.fixture
def healthcare(db):
    _nurses()
    return _computed()


def _set_industry(user, industry, skills=()):
    Profile.objects.filter(user=user).update(industry=industry)
    for name in skills:
        Skill.objects.create(profile=user.profile, name=name)


# --- detail ----------------------------------------------------------------------------------


def test_detail_requires_login(client):
    response = client.get(DETAIL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_detail_rejects_post(owner_client):
    assert owner_client.post(DETAIL).status_code == 405


def test_detail_without_profile_industry_shows_the_picker(owner_client):
    response = owner_client.get(DETAIL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose an industry" in content
    assert reverse("accounts:profile_edit") in content
    assert f"{DETAIL}?industry=technology" in content


def test_detail_shows_the_profile_industry_with_samples_and_missing_skills(owner, owner_client, healthcare):
    _set_industry(owner, "Nursing", skills=["SQL"])

    response = owner_client.get(DETAIL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Healthcare</h1>" in content
    assert "Based on <strong>4</strong> active postings in the catalog" in content
    assert "Registered Nurse" in content and "<svg" in content and "<title>Salary ranges by role: Healthcare</title>" in content
    # The user's own skill is highlighted in the chart; the one they lack is listed to learn.
    assert "SQL ✓" in content
    assert "<li><strong>Excel</strong>" in content
    assert "<li><strong>SQL</strong>" not in content


def test_detail_of_another_industry_by_key(owner, owner_client, healthcare):
    _set_industry(owner, "Software")

    response = owner_client.get(DETAIL, {"industry": "healthcare"})

    content = response.content.decode()
    assert "<h1>Healthcare</h1>" in content
    assert "Your profile’s industry is “Software”" in content


def test_detail_of_an_uncomputed_industry_offers_to_compute_it(owner_client, db):
    response = owner_client.get(DETAIL, {"industry": "finance"})

    content = response.content.decode()
    assert "has not been computed yet" in content
    assert 'name="industry" value="finance"' in content
    assert "AI generations left today" in content or "Unlimited AI generations" in content


def test_detail_of_an_unknown_industry_says_it_is_not_curated(owner_client, db):
    response = owner_client.get(DETAIL, {"industry": "Apiary <b>"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "no curated definition of “Apiary &lt;b&gt;”" in content
    assert "Apiary <b>" not in content


def test_detail_with_zero_data_shows_no_numbers(owner_client, db):
    _computed("government")

    content = owner_client.get(DETAIL, {"industry": "government"}).content.decode()

    assert "Not enough data in the catalog" in content
    assert "Salary ranges by role" not in content


def test_detail_htmx_returns_the_fragment(owner_client, healthcare):
    response = owner_client.get(DETAIL, {"industry": "healthcare"}, **HTMX)

    content = response.content.decode()
    assert "Based on <strong>4</strong>" in content
    assert "<html" not in content and "<h1>" not in content


def test_detail_query_count_is_bounded(owner, owner_client, healthcare, django_assert_max_num_queries):
    _set_industry(owner, "Healthcare", skills=["SQL", "Python"])
    for _ in range(10):
        JobPostingFactory(title="Registered Nurse", description="hospital")

    # ~9 are the session, user and allauth's user-session bookkeeping; none depend on the catalog.
    with django_assert_max_num_queries(24):
        response = owner_client.get(DETAIL)
    assert "Based on <strong>4</strong>" in response.content.decode()


# --- refresh ---------------------------------------------------------------------------------


def test_refresh_requires_login(client, db):
    response = client.post(REFRESH, {"industry": "healthcare"})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not IndustryInsight.objects.exists()


def test_refresh_rejects_get(owner_client):
    assert owner_client.get(REFRESH).status_code == 405


def test_refresh_computes_the_insight(owner, owner_client, db, django_capture_on_commit_callbacks):
    _nurses()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(REFRESH, {"industry": "Health"})

    assert response.status_code == 302 and response["Location"] == f"{DETAIL}?industry=healthcare"
    insight = IndustryInsight.objects.get()
    assert insight.status == IndustryInsight.Status.READY and insight.sample_size == 4
    assert Generation.objects.get(user=owner).status == Generation.Status.SUCCEEDED


def test_refresh_htmx_shows_the_generation_in_the_fragment(owner_client, db):
    _nurses()

    response = owner_client.post(REFRESH, {"industry": "healthcare"}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    # (Eager Celery runs on commit; in this test the transaction never commits, so it waits.)
    assert 'data-generation-status="PENDING"' in content


def test_refresh_of_a_fresh_insight_spends_nothing(owner, owner_client, healthcare):
    response = owner_client.post(REFRESH, {"industry": "healthcare"}, follow=True)

    assert "it is fresh" in response.content.decode()
    assert not UsageRecord.objects.filter(user=owner).exists()
    assert not Generation.objects.exists()


def test_refresh_with_empty_or_junk_input_shows_an_error(owner_client, db):
    for data in ({}, {"industry": ""}, {"industry": "!!!"}, {"industry": "x" * 500}):
        response = owner_client.post(REFRESH, data)
        assert response.status_code == 200
        assert 'class="errorlist"' in response.content.decode()
    assert not IndustryInsight.objects.exists()


def test_refresh_over_quota_keeps_the_page_and_says_so(owner, owner_client, healthcare):
    from billing.selectors import quota_status
    from billing.services import usage_consume

    IndustryInsight.objects.update(last_updated=timezone.now() - datetime.timedelta(days=2))
    for _ in range(quota_status(user=owner).remaining):
        usage_consume(user=owner, action="AI_CHAT")

    response = owner_client.post(REFRESH, {"industry": "healthcare"})

    assert response.status_code == 200
    assert "You have used all" in response.content.decode() or "reset" in response.content.decode()
    assert IndustryInsight.objects.get().status == IndustryInsight.Status.READY


# --- list ------------------------------------------------------------------------------------


def test_list_requires_login(client):
    assert client.get(LIST).status_code == 302


def test_list_rejects_post(owner_client):
    assert owner_client.post(LIST).status_code == 405


def test_list_shows_every_industry_with_its_sample(owner_client, healthcare):
    _computed("Apiary")

    content = owner_client.get(LIST).content.decode()

    assert "Technology &amp; Software" in content and "Not computed yet" in content
    assert "4 postings" in content
    assert "Apiary" in content and "typed by users" in content


def test_list_htmx_returns_the_rows(owner_client, healthcare):
    content = owner_client.get(LIST, **HTMX).content.decode()
    assert "<tr>" in content and "<table" not in content


# --- API -------------------------------------------------------------------------------------


def test_api_requires_authentication(client, healthcare):
    assert client.get("/api/v1/coach/insights/").status_code in (401, 403)
    assert client.post("/api/v1/coach/insights/healthcare/refresh/").status_code in (401, 403)


def test_api_lists_and_reads_insights(owner, owner_client, healthcare):
    _set_industry(owner, "", skills=["SQL"])

    listed = owner_client.get("/api/v1/coach/insights/").json()
    detail = owner_client.get("/api/v1/coach/insights/nursing/").json()

    assert [row["industry"] for row in listed] == ["healthcare"]
    assert detail["sample_size"] == 4 and detail["name"] == "Healthcare"
    assert detail["your_missing_skills"] == ["Excel"]


def test_api_unknown_insight_is_404(owner_client, db):
    response = owner_client.get("/api/v1/coach/insights/finance/")
    assert response.status_code == 404
    assert "refresh" in response.json()["error"]["message"]


def test_api_refresh_answers_202_then_fresh(owner_client, db, django_capture_on_commit_callbacks):
    _nurses()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post("/api/v1/coach/insights/healthcare/refresh/")
    again = owner_client.post("/api/v1/coach/insights/healthcare/refresh/")

    assert response.status_code == 202
    poll = owner_client.get(response.json()["poll_url"]).json()
    assert poll["status"] == "SUCCEEDED"
    assert again.status_code == 200 and again.json()["fresh"] is True
    assert again.json()["insight"]["sample_size"] == 4


def test_api_refresh_over_quota_is_429(owner, owner_client, db):
    from billing.selectors import quota_status
    from billing.services import usage_consume

    for _ in range(quota_status(user=owner).remaining):
        usage_consume(user=owner, action="AI_CHAT")

    response = owner_client.post("/api/v1/coach/insights/healthcare/refresh/")

    assert response.status_code == 429
    assert not IndustryInsight.objects.exists()


def test_generation_of_a_refresh_is_private(owner_client, stranger, db):
    from django.test import Client

    response = owner_client.post("/api/v1/coach/insights/healthcare/refresh/")
    other = Client()
    other.force_login(stranger)

    poll_url = response.json()["poll_url"]
    assert other.get(poll_url).status_code == 404
    assert other.get(reverse("coaching:generation_status", args=[response.json()["generation_id"]])).status_code == 404
    # The insight itself is shared: the stranger reads the same row.
    assert other.get(DETAIL, {"industry": "healthcare"}).status_code == 200


def test_refresh_errors_show_on_the_profile_industry_page_too(owner, owner_client, healthcare):
    _set_industry(owner, "Healthcare")

    response = owner_client.post(REFRESH, {"industry": "   "})

    content = response.content.decode()
    assert response.status_code == 200 and "<h1>Healthcare</h1>" in content
    assert 'class="errorlist"' in content and "This field is required." in content


def test_a_failed_refresh_keeps_the_numbers_and_offers_to_try_again(
    owner, owner_client, healthcare, openai_settings, llm_server, django_capture_on_commit_callbacks
):
    from tests.coaching.llm_server import error

    llm_server.set_default(error(400, "bad request"))
    IndustryInsight.objects.update(last_updated=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(REFRESH, {"industry": "healthcare"})

    content = owner_client.get(DETAIL, {"industry": "healthcare"}).content.decode()

    assert Generation.objects.get(user=owner).status == Generation.Status.FAILED
    assert IndustryInsight.objects.get().status == IndustryInsight.Status.READY
    assert "Try again" in content and "Based on <strong>4</strong>" in content


def test_api_junk_industry_is_a_clear_error(owner_client, db):
    assert owner_client.get("/api/v1/coach/insights/---/").status_code == 404
    response = owner_client.post("/api/v1/coach/insights/---/refresh/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["industry"]
    assert not IndustryInsight.objects.exists()


def test_anonymous_junk_never_errors(client, db):
    for url in (DETAIL + "?industry=%00%ff", LIST, REFRESH):
        assert client.get(url).status_code in (302, 405)
        assert client.post(url, {"industry": "x" * 5000}).status_code in (302, 405)


def test_owner_junk_never_errors(owner_client, db):
    assert owner_client.get(DETAIL + "?industry=%00bio%ff").status_code == 200
    assert owner_client.post(REFRESH, {"industry": "\x00bio"}).status_code == 200
    assert not IndustryInsight.objects.exists()
