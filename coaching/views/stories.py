"""Growth stories: the list (and the form to write one), a story, rewrite, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.markdown import render_markdown
from coaching.forms_stories import StoryGenerateForm
from coaching.models import Story
from coaching.selectors.generations import generation_latest_for_target
from coaching.selectors.stories import period_for, story_list_for_user
from coaching.services import stories as story_services

PERIOD_CHOICES = [
    (Story.PeriodKind.WEEKLY, "current", "This week"),
    (Story.PeriodKind.WEEKLY, "previous", "Last week"),
    (Story.PeriodKind.MONTHLY, "current", "This month"),
    (Story.PeriodKind.MONTHLY, "previous", "Last month"),
]


def _story_or_404(request, story_id) -> Story:
    return get_object_or_404(story_list_for_user(user=request.user), pk=story_id)


def _list_context(request, form: StoryGenerateForm) -> dict:
    stories = list(story_list_for_user(user=request.user)[:200])
    by_period = {(s.period_kind, s.period_start): s for s in stories}
    periods = []
    for kind, which, label in PERIOD_CHOICES:
        period = period_for(user=request.user, kind=kind, which=which)
        periods.append({"kind": kind, "which": which, "label": label, "period": period,
                        "story": by_period.get((kind, period.start))})
    return {"stories": stories, "periods": periods, "form": form, "quota": quota_status(user=request.user)}


@login_required
@require_GET
def story_list(request):
    template = "coaching/story_list.html#story-rows" if request.htmx else "coaching/story_list.html"
    return render(request, template, _list_context(request, StoryGenerateForm()))


@login_required
@require_POST
def story_generate(request):
    form = StoryGenerateForm(request.POST)
    if form.is_valid():
        try:
            story, generation = story_services.story_generate(
                user=request.user, period_kind=form.cleaned_data["period_kind"], which=form.cleaned_data["which"]
            )
        except QuotaExceeded as exc:
            form.add_error(None, str(exc))
        else:
            if generation is None:
                messages.info(request, f"You already have the story of {story}. Here it is; you can rewrite it below.")
            url = reverse("coaching:story_detail", args=[story.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    template = "coaching/story_list.html#story-form" if request.htmx else "coaching/story_list.html"
    return render(request, template, _list_context(request, form))


def _render_detail(request, story: Story, error: str = ""):
    generation = None
    if story.status in (Story.Status.GENERATING, Story.Status.FAILED):
        generation = generation_latest_for_target(user=request.user, target_id=story.pk)
    context = {"story": story, "generation": generation, "content_html": render_markdown(story.content),
               "facts": story.facts or {}, "quota": quota_status(user=request.user), "error": error}
    template = "coaching/story_detail.html#story-body" if request.htmx else "coaching/story_detail.html"
    return render(request, template, context)


@login_required
@require_GET
def story_detail(request, story_id):
    return _render_detail(request, _story_or_404(request, story_id))


@login_required
@require_POST
def story_regenerate(request, story_id):
    story = _story_or_404(request, story_id)
    error = ""
    try:
        story_services.story_regenerate(story=story)
    except QuotaExceeded as exc:
        error = str(exc)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    story.refresh_from_db()
    if request.htmx:
        return _render_detail(request, story, error)
    if error:
        messages.error(request, error)
    return redirect("coaching:story_detail", story.pk)


@login_required
@require_POST
def story_delete(request, story_id):
    story = _story_or_404(request, story_id)
    story_services.story_delete(story=story)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Story deleted.")
    return redirect("coaching:story_list")


urlpatterns = [
    path("stories/", story_list, name="story_list"),
    path("stories/write/", story_generate, name="story_generate"),
    path("stories/<uuid:story_id>/", story_detail, name="story_detail"),
    path("stories/<uuid:story_id>/regenerate/", story_regenerate, name="story_regenerate"),
    path("stories/<uuid:story_id>/delete/", story_delete, name="story_delete"),
]
