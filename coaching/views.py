from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def index(request):
    """Landing page of an area whose features arrive in a later release."""
    return render(
        request,
        "area_upcoming.html",
        {
            "area_title": "Coach",
            "area_description": "Chat with your AI coach, practise mock interviews and quizzes, write cover letters and set goals.",
        },
    )
