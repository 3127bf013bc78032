"""The billing page: the user's plan, today's AI allowance, the plans and recent usage.
Stripe checkout arrives with the billing issue; until then an admin assigns plans."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from billing import selectors
from billing.models import UsageRecord
from billing.selectors import UsageDay
from careercoach.lib.charts import Column, Reference, Series, column_chart

RANGES = (7, 30, 90)
DEFAULT_RANGE = 30
RECENT_RECORDS = 20

# Each action's colour: a CSS custom property (static/css/billing.css sets the dark-mode
# values) with a light-theme fallback for the SVG opened on its own.
ACTION_COLORS: dict[str, tuple[str, str]] = {
    UsageRecord.Action.AI_CHAT: ("--usage-chat", "#4338ca"),
    UsageRecord.Action.AI_INTERVIEW: ("--usage-interview", "#1d5fb8"),
    UsageRecord.Action.AI_QUIZ: ("--usage-quiz", "#13795b"),
    UsageRecord.Action.AI_COVER_LETTER: ("--usage-cover-letter", "#8a5300"),
    UsageRecord.Action.AI_GOAL: ("--usage-goal", "#c0262d"),
    UsageRecord.Action.AI_STORY: ("--usage-story", "#7c3aed"),
    UsageRecord.Action.AI_INSIGHT: ("--usage-insight", "#0e7490"),
}
USAGE_SERIES = [
    Series(key=action, label=label, color="var({}, {})".format(*ACTION_COLORS.get(action, ("--usage-other", "#5a6478"))))
    for action, label in UsageRecord.Action.choices
]


def _day_summary(day: UsageDay) -> str:
    label = day.day.strftime("%a %-d %b")
    if not day.total:
        text = f"{label}: no AI generations"
    else:
        names = {s.key: s.label.lower() for s in USAGE_SERIES}
        kinds = [f"{day.counts[s.key]} {names[s.key]}" for s in USAGE_SERIES if day.counts.get(s.key)]
        text = f"{label}: {day.total} generation{'' if day.total == 1 else 's'} ({', '.join(kinds)})"
    return text + (f", {day.refunded} refunded" if day.refunded else "")


def usage_chart(series: list[UsageDay], *, limit: int | None, days: int) -> SafeString:
    """One stacked column per day (today last), one colour per kind of AI generation, and
    the plan's daily limit as a dashed line."""
    total = sum(day.total for day in series)
    return column_chart(
        [Column(label=day.day.strftime("%-d %b"), full_label=day.day.strftime("%a %-d %b"), value=day.counts,
                key=day.day.isoformat(), tooltip=_day_summary(day), note=str(day.refunded)) for day in series],
        series=USAGE_SERIES,
        reference=Reference(value=limit, label=f"daily limit {limit}", css_class="usage-limit") if limit else None,
        title=f"AI generations per day, last {days} days",
        description=f"{len(series)} days, {total} AI generation{'' if total == 1 else 's'} counted in all.",
        caption="", value_label="Counted", label_header="Day", note_header="Refunded",
        grid=True, value_labels=False, label_every=1 if len(series) <= 10 else 7 if len(series) <= 45 else 14,
        empty_text="No AI generations in this period", css_class="usage-chart", width=720, height=220,
    )


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
        "chart": usage_chart(series, limit=quota.limit, days=days),
        "period_total": sum(day.total for day in series),
        "period_refunded": sum(day.refunded for day in series),
        "records": list(selectors.usage_list_for_user(user=request.user)[:RECENT_RECORDS]),
    }
    # The range links push their URL; a history restore needs the whole page back.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "billing/index.html#usage" if fragment else "billing/index.html"
    return render(request, template, context)
