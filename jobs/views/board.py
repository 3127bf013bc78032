from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET


@login_required
@require_GET
def job_board(request):
    """Placeholder until the board lands (being built)."""
    return render(request, "area_upcoming.html", {"area_title": "Job search", "area_description": "The board."})


urlpatterns: list = [path("", job_board, name="board")]
