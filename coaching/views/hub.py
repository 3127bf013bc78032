"""The coach hub (/coach/): every coaching tool with its latest items, today's AI
allowance and which coach (offline or a model) answers. Mentors get their dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User
from billing.selectors import quota_status
from coaching import selectors
from coaching.ai.providers import active_config
from coaching.selectors.hub import coach_overview


@login_required
@require_GET
def index(request):
    if request.user.role == User.Role.MENTOR:
        from coaching.views import _mentor_dashboard

        return _mentor_dashboard(request)
    config = active_config()
    context = {
        "overview": coach_overview(user=request.user),
        "quota": quota_status(user=request.user),
        "provider_name": config.name,
        "provider_model": config.model,
        "reviews": list(selectors.review_list_for_requester(user=request.user)[:5]),
    }
    return render(request, "coaching/index.html", context)
