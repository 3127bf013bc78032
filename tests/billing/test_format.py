"""The price/quota filters and the shared quota partial (templates/coaching/partials/_quota.html).
The usage chart's tests are in tests/test_charts.py."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from billing.models import Plan
from billing.selectors import QuotaStatus
from billing.templatetags.billing_format import plan_price, plan_quota


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
