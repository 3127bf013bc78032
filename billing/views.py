"""The billing page: the user's plan, today's AI allowance, the plans and recent usage.
Stripe checkout arrives with the billing issue; until then an admin assigns plans."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from billing import charts, selectors

RANGES = (7, 30, 90)
DEFAULT_RANGE = 30
RECENT_RECORDS = 20


@login_required
@require_GET
def index(request):
    days = {str(option): option for option in RANGES}.get(request.GET.get("days", ""), DEFAULT_RANGE)
    quota = selectors.quota_status(user=request.user)
    series = selectors.usage_daily_series(user=request.user, days=days)
    context = {
        "quota": quota,
        "plans": list(selectors.plan_list_active()),
        "days": days,
        "ranges": RANGES,
        "series": series,
        "chart": charts.usage_chart_svg(series, limit=quota.limit, title=f"AI generations per day, last {days} days"),
        "chart_table": charts.usage_table(series),
        "legend": charts.usage_legend(series),
        "period_total": sum(day.total for day in series),
        "period_refunded": sum(day.refunded for day in series),
        "records": list(selectors.usage_list_for_user(user=request.user)[:RECENT_RECORDS]),
    }
    # The range links push their URL; a history restore needs the whole page back.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "billing/index.html#usage" if fragment else "billing/index.html"
    return render(request, template, context)
