"""The billing page: plan, today's allowance with the reset in the user's time zone, the
plans, the usage chart and the latest records (only the user's own)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from billing import selectors, services
from billing.models import Plan, UsageRecord
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("billing:index")
A = UsageRecord.Action


def _bars(html: str) -> list[str]:
    return re.findall(r'<g class="chart-column" data-key="([0-9-]+)">', html)


def _use(user, *actions: str, refunded: bool = False) -> list[UsageRecord]:
    records = [services.usage_consume(user=user, action=action) for action in actions]
    if refunded:
        for record in records:
            services.usage_refund(record_id=record.pk)
    return records


def test_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_post_is_not_allowed(owner_client):
    assert owner_client.post(URL).status_code == 405


def test_new_user_sees_the_free_plan_and_a_full_allowance(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["quota"].plan.code == "FREE"
    assert "Free plan" in html
    assert re.search(r'<strong class="billing-allowance-number">10</strong> of 10 left today', html)
    assert "0 used" in html
    assert "Nothing yet." in html


def test_allowance_counts_todays_use_and_shows_the_reset_in_the_users_zone(client):
    user = UserFactory(timezone="Pacific/Auckland")
    client.force_login(user)
    _use(user, A.AI_CHAT, A.AI_CHAT, A.AI_QUIZ)
    html = client.get(URL).content.decode()
    assert re.search(r'<strong class="billing-allowance-number">7</strong> of 10 left today', html)
    assert "3 used" in html
    resets_at = selectors.quota_status(user=user).resets_at
    local = resets_at.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland"))
    assert (local.hour, local.minute) == (0, 0)
    assert f'{local:%a} {local.day} {local:%b}, 00:00 ({local.tzname()})' in html
    assert "Pacific/Auckland" in html


def test_exhausted_allowance_says_so(owner_client, owner):
    _use(owner, *[A.AI_CHAT] * 10)
    html = owner_client.get(URL).content.decode()
    assert "You have used all 10 AI generations of your Free plan today." in html
    assert "billing-progress-exhausted" in html


def test_unlimited_plan(owner_client, owner):
    services.plan_assign(user=owner, plan=Plan.objects.get(code="ENTERPRISE"))
    _use(owner, A.AI_CHAT)
    html = owner_client.get(URL).content.decode()
    assert "Unlimited" in html
    assert "has no daily limit" in html
    assert "left today" not in html


def test_three_plans_side_by_side_with_quota_and_price(owner_client, owner):
    services.plan_assign(user=owner, plan=Plan.objects.get(code="PREMIUM"))
    response = owner_client.get(URL)
    html = response.content.decode()
    assert [p.code for p in response.context["plans"]] == ["FREE", "PREMIUM", "ENTERPRISE"]
    for text in ("10 AI generations a day", "100 AI generations a day", "Unlimited AI generations",
                 "$19 / month", "$99 / month"):
        assert text in html
    current = re.search(r'<article class="card stack billing-plan billing-plan-current"[^>]*>(.*?)</article>', html, re.S)
    assert current and "Premium" in current.group(1) and "Your plan" in current.group(1)
    assert html.count(">Your plan<") == 1
    # Plans are assigned by an administrator for now, and the page says how to ask.
    assert "an administrator assigns plans" in html
    assert f"mailto:{settings.SUPPORT_EMAIL}" in html
    assert "Ask for Free" in html and "Ask for Enterprise" in html and "Ask for Premium" not in html


def test_usage_chart_has_a_bar_per_day_coloured_by_action(owner_client, owner):
    _use(owner, A.AI_CHAT, A.AI_CHAT, A.AI_COVER_LETTER)
    _use(owner, A.AI_QUIZ, refunded=True)
    response = owner_client.get(URL)
    html = response.content.decode()
    bars = _bars(html)
    assert len(bars) == 30
    assert bars[-1] == timezone.localdate().isoformat()  # owner is in UTC
    assert 'data-series="AI_CHAT" data-value="2" style="fill: var(--usage-chat, #4338ca)"' in html
    assert 'data-series="AI_COVER_LETTER" data-value="1"' in html
    assert 'data-series="AI_QUIZ"' not in html  # refunded: not a bar
    assert "3 AI generations counted, 1 refunded." in html
    legend = re.search(r'<ul class="chart-legend">(.*?)</ul>', html).group(1)
    assert re.findall(r"</span>([^<]+) <span class=\"muted\">\((\d+)\)", legend) == [
        ("Coach chat answer", "2"), ("Cover letter", "1")
    ]
    assert 'class="usage-limit"' in html and "daily limit 10" in html
    # The numbers as a table, for screen readers and anyone who prefers them.
    assert "<caption>AI generations per day, last 30 days</caption>" in html
    assert re.search(r'<tr><th scope="row">[^<]+</th><td>2</td><td>1</td><td>3</td><td>1</td></tr>', html)  # today


def test_latest_usage_lists_records_with_refunds(owner_client, owner):
    _use(owner, A.AI_STORY)
    _use(owner, A.AI_INTERVIEW, refunded=True)
    html = owner_client.get(URL).content.decode()
    rows = re.findall(r'<td>([^<]+)</td>\s*<td><time[^>]*>[^<]+</time></td>\s*<td>(.*?)</td>', html, re.S)
    assert [(what, "Refunded" in status) for what, status in rows] == [
        ("Mock interview", True), ("Growth story", False)
    ]


def test_only_the_users_own_usage_is_shown(owner_client, stranger):
    _use(stranger, A.AI_INSIGHT, A.AI_INSIGHT)
    response = owner_client.get(URL)
    html = response.content.decode()
    assert response.context["records"] == []
    assert "Industry insight" not in html
    assert 'data-action="AI_INSIGHT"' not in html
    assert response.context["quota"].used == 0


def test_htmx_range_switch_returns_only_the_usage_fragment(owner_client, owner):
    _use(owner, A.AI_CHAT)
    response = owner_client.get(URL, {"days": "7"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card stack" aria-labelledby="usage-title" id="usage">')
    assert "<html" not in html and "Today's AI allowance" not in html
    assert len(_bars(html)) == 7
    assert "last 7 days" in html


def test_htmx_history_restore_gets_the_whole_page(owner_client):
    response = owner_client.get(URL, {"days": "7"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = response.content.decode()
    assert "<html" in html and len(_bars(html)) == 7


def test_full_page_with_a_range(owner_client):
    html = owner_client.get(URL, {"days": "90"}).content.decode()
    assert "<html" in html and len(_bars(html)) == 90


@pytest.mark.parametrize("days", ["", "abc", "-1", "31", "100000", "7.5", "²", "٣٠", " 7"])
def test_unknown_range_falls_back_to_30_days(owner_client, days):
    response = owner_client.get(URL, {"days": days})
    assert response.status_code == 200
    assert len(_bars(response.content.decode())) == 30


def test_page_runs_a_bounded_number_of_queries(owner_client, owner, django_assert_max_num_queries):
    owner_client.get(URL)
    services.plan_assign(user=owner, plan=Plan.objects.get(code="PREMIUM"))
    records = UsageRecord.objects.bulk_create(
        [UsageRecord(user=owner, action=action) for action in A.values for _ in range(8)]
    )
    for index, record in enumerate(records):
        UsageRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=index % 40))
    # session + user, assignment with plan, today's count, plans, the series, the records
    with django_assert_max_num_queries(8):
        response = owner_client.get(URL)
    assert response.status_code == 200
    assert len(response.context["records"]) == 20
