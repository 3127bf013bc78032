"""The usage chart (billing/charts.py), the price/quota filters and the shared quota
partial (templates/coaching/partials/_quota.html)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from billing.charts import action_color, usage_chart_svg, usage_legend, usage_table
from billing.models import Plan, UsageRecord
from billing.selectors import QuotaStatus, UsageDay
from billing.templatetags.billing_format import plan_price, plan_quota

A = UsageRecord.Action


def _series(*counts: dict, start: date = date(2026, 11, 1)) -> list[UsageDay]:
    return [UsageDay(day=start + timedelta(days=i), counts=c) for i, c in enumerate(counts)]


def _bar_heights(svg: str) -> list[tuple[str, str, float]]:
    return [
        (day, action, float(height))
        for day, body in re.findall(r'<g class="usage-bar" data-day="([^"]+)">(.*?)</g>', svg)
        for height, action in re.findall(r'height="([0-9.]+)" data-action="([A-Z_]+)"', body)
    ]


def test_bars_are_stacked_in_a_fixed_action_order_and_proportional():
    svg = usage_chart_svg(_series({A.AI_QUIZ: 2, A.AI_CHAT: 4}, {}, {A.AI_CHAT: 1}))
    bars = _bar_heights(svg)
    assert [(day, action) for day, action, _ in bars] == [
        ("2026-11-01", "AI_CHAT"), ("2026-11-01", "AI_QUIZ"), ("2026-11-03", "AI_CHAT")
    ]
    chat, quiz, small = (height for _, _, height in bars)
    assert chat == pytest.approx(2 * quiz, abs=0.05) and chat == pytest.approx(4 * small, abs=0.05)
    assert svg.count('<g class="usage-bar"') == 3  # an empty day still has its slot (and tooltip)


def test_each_bar_has_a_readable_title():
    svg = usage_chart_svg(_series({A.AI_CHAT: 1}, {}, {A.AI_CHAT: 2, A.AI_INTERVIEW: 1}))
    titles = re.findall(r"<g [^>]*><title>([^<]+)</title>", svg)
    assert titles == [
        "Sun 1 Nov: 1 generation (1 coach chat answer)",
        "Mon 2 Nov: no AI generations",
        "Tue 3 Nov: 3 generations (2 coach chat answer, 1 mock interview)",
    ]


def test_limit_line_when_it_fits_the_scale():
    series = _series({A.AI_CHAT: 3})
    assert "daily limit 10" in usage_chart_svg(series, limit=10)
    assert "usage-limit" not in usage_chart_svg(series, limit=None)  # unlimited
    assert "usage-limit" not in usage_chart_svg(series, limit=100)  # would flatten the bars


def test_empty_series_still_draws_an_axis():
    svg = usage_chart_svg(_series(*[{}] * 30))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "data-action" not in svg
    assert "30 days, 0 AI generations counted in all." in svg


def test_text_is_escaped():
    svg = usage_chart_svg(_series({A.AI_CHAT: 1}), title="<script>alert(1)</script>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_legend_lists_only_used_actions_in_order_with_totals():
    legend = usage_legend(_series({A.AI_STORY: 1, A.AI_CHAT: 2}, {A.AI_CHAT: 3}))
    assert [(item.action, item.total) for item in legend] == [(A.AI_CHAT, 5), (A.AI_STORY, 1)]
    assert legend[0].color == action_color(A.AI_CHAT) == "var(--usage-chat, #4338ca)"


def test_table_for_screen_readers():
    table = usage_table(_series({A.AI_QUIZ: 2}))
    assert table.startswith('<table class="sr-only">')
    assert "<td>2</td><td>2 Quiz</td><td>0</td>" in table


@pytest.mark.parametrize(
    ("cents", "currency", "expected"),
    [(0, "USD", "Free"), (1900, "USD", "$19 / month"), (950, "EUR", "€9.50 / month"), (1200, "CHF", "CHF 12 / month")],
)
def test_plan_price(cents, currency, expected):
    assert plan_price(Plan(price_cents=cents, currency=currency)) == expected


@pytest.mark.parametrize(
    ("quota", "expected"), [(None, "Unlimited AI generations"), (1, "1 AI generation a day"), (10, "10 AI generations a day")]
)
def test_plan_quota(quota, expected):
    assert plan_quota(Plan(ai_generations_per_day=quota)) == expected


# --- The quota partial every "generate" page includes -----------------------------------------


def _quota(used: int, limit: int | None) -> QuotaStatus:
    resets_at = datetime(2026, 11, 23, 0, 0, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland"))
    return QuotaStatus(plan=Plan(name="Free", ai_generations_per_day=limit), used=used, limit=limit, resets_at=resets_at)


def _render_quota(quota: QuotaStatus) -> str:
    with timezone.override("Pacific/Auckland"):  # the user's zone, as the middleware activates it
        return " ".join(render_to_string("coaching/partials/_quota.html", {"quota": quota}).split())


def test_quota_partial_shows_what_is_left():
    html = _render_quota(_quota(3, 10))
    assert "<strong>7</strong> of 10 AI generations left today" in html
    assert "resets at 00:00" in html and 'href="/billing/"' in html


def test_quota_partial_when_used_up():
    html = _render_quota(_quota(10, 10))
    assert "quota-exhausted" in html
    assert "You have used all 10 AI generations of your Free plan today. They reset at 00:00 (NZDT)." in html


def test_quota_partial_unlimited():
    assert "Unlimited AI generations on your Free plan." in _render_quota(_quota(50, None))
