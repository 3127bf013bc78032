"""Industry insights (/coach/insights/): the insight of the user's industry (or another),
every industry with its status, and a refresh that recomputes one from the catalog.

Rows are shared; refreshing spends one AI generation of the user's quota, unless the
row was updated less than an hour ago (then it is fresh and nothing is spent)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.charts import Bar, Column, Range, bar_chart, column_chart, range_chart
from coaching.offline.insight import SAMPLE_LIMIT, industries
from coaching.selectors.insights import InsightPage, insight_overview, insight_page
from coaching.services.insights import insight_refresh_request

TEMPLATE = "coaching/insight_detail.html"


class InsightRefreshForm(forms.Form):
    industry = forms.CharField(max_length=100, strip=True, label="Industry")


def _detail_url(key: str) -> str:
    return reverse("coaching:insight_detail") + "?" + urlencode({"industry": key})


def _month_label(month: str) -> str:
    """"2025-12" → "Dec 25" (a "25/12" label reads as a day)."""
    import datetime

    try:
        return datetime.date.fromisoformat(f"{month}-01").strftime("%b %y")
    except ValueError:
        return month


def _charts(page: InsightPage) -> dict:
    insight = page.insight
    if insight is None or not insight.sample_size:
        return {}
    sample = min(insight.sample_size, SAMPLE_LIMIT)
    months = insight.monthly_postings or []
    total = sum(m.get("count", 0) for m in months)
    currency = insight.salary_ranges[0]["currency"] if insight.salary_ranges else ""
    return {
        "sample": sample,
        "monthly_total": total,
        "monthly": column_chart(
            [Column(label=_month_label(m["month"]), value=m["count"]) for m in months],
            title=f"Matching postings per month: {insight.name}",
            description=f"Matching postings per month, last 12 months ({total:,} postings in the catalog).",
            label_header="Month", value_label="Postings", width=860,
        ),
        "salaries": range_chart(
            [Range(label=r["role"], low=r["min"], mid=r["median"], high=r["max"], note=f"{r['sample']} postings")
             for r in insight.salary_ranges],
            title=f"Salary ranges by role: {insight.name}",
            description=(
                f"Lowest, median and highest posting midpoint per role, in {currency or 'the most common currency'}, "
                f"from the {sample:,} newest matching postings."
            ),
            unit=currency, label_header="Role", note_header="Sample", width=860, label_width=250,
        ),
        "skills": bar_chart(
            [Bar(label=s["skill"], value=s["share"], text=f"{round(s['share'] * 100)}%",
                 highlight=s["skill"].lower() in page.known_skills,
                 note="You have this skill" if s["skill"].lower() in page.known_skills else "")
             for s in insight.top_skills],
            title=f"Top skills: {insight.name}",
            description=f"Share of the {sample:,} newest matching postings naming each skill (✓: on your profile).",
            label_header="Skill", value_label="Share of postings", max_value=1,
            width=400, label_width=140,
        ),
    }


def _render(request, page: InsightPage, *, form: InsightRefreshForm | None = None, status: int = 200):
    initial = page.industry.key if page.industry else page.profile_industry
    context = {
        "page": page,
        "insight": page.insight,
        "generation": page.generation,
        "charts": _charts(page),
        "form": form or InsightRefreshForm(initial={"industry": initial}),
        "industries": industries(),
        "quota": quota_status(user=request.user),
    }
    template = f"{TEMPLATE}#insight-body" if request.htmx else TEMPLATE
    return render(request, template, context, status=status)


@login_required
@require_GET
def insight_detail(request):
    text = request.GET.get("industry", "")[:100].strip()
    return _render(request, insight_page(user=request.user, industry_text=text or None))


@login_required
@require_POST
def insight_refresh(request):
    form = InsightRefreshForm(request.POST)
    if not form.is_valid():
        return _render(request, insight_page(user=request.user, industry_text=None), form=form)
    text = form.cleaned_data["industry"]
    try:
        result = insight_refresh_request(user=request.user, industry_text=text)
    except QuotaExceeded as exc:
        form.add_error(None, str(exc))
        return _render(request, insight_page(user=request.user, industry_text=text), form=form)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error("industry", message)
        return _render(request, insight_page(user=request.user, industry_text=None), form=form)
    if result.fresh:
        messages.info(request, f"The {result.insight.name} insight was updated less than an hour ago: it is fresh, "
                               "so nothing was recomputed and no AI generation was used.")
    elif result.busy:
        messages.info(request, f"The {result.insight.name} insight is being recomputed right now.")
    if request.htmx:
        return _render(request, insight_page(user=request.user, industry_text=result.insight.industry))
    return redirect(_detail_url(result.insight.industry))


@login_required
@require_GET
def insight_list(request):
    items = insight_overview()
    template = "coaching/insight_list.html#insight-rows" if request.htmx else "coaching/insight_list.html"
    return render(request, template, {"items": items, "sample_limit": SAMPLE_LIMIT})


urlpatterns = [
    path("insights/", insight_detail, name="insight_detail"),
    path("insights/refresh/", insight_refresh, name="insight_refresh"),
    path("insights/all/", insight_list, name="insight_list"),
]
