"""Goals pages (/coach/goals/…): the list, create (blank or from a template), the goal's
page with its milestone checklist and the coach's recommendations, edit, status changes.

Every goal and milestone is fetched through a selector scoped to request.user (another
user's id is a 404). Changes answer htmx with the fragment that changed and everything
else with a redirect, so the pages work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from coaching.forms_goals import GoalFilterForm, GoalForm, GoalStatusForm, MilestoneForm
from coaching.models import Goal
from coaching.offline import goal as templates
from coaching.selectors import goals as selectors
from coaching.selectors.generations import generation_latest_for_target, generation_latest_succeeded_for_target
from coaching.services import goals as services
from coaching.views.shortcuts import add_errors, htmx_redirect


def _goal_or_404(request, goal_id) -> Goal:
    return get_object_or_404(selectors.goal_get_for_user(user=request.user), pk=goal_id)


def _milestone_or_404(request, milestone_id):
    return get_object_or_404(selectors.milestone_list_for_user(user=request.user), pk=milestone_id)


# --- List -----------------------------------------------------------------------------------------


@login_required
@require_GET
def goal_list(request):
    filter_form = GoalFilterForm(request.GET or None)
    board = selectors.goal_board(user=request.user, **filter_form.filters())
    context = {"board": board, "filter_form": filter_form, "score": request.user.achievement_score}
    template = "coaching/goal_list.html#goal-groups" if request.htmx else "coaching/goal_list.html"
    return render(request, template, context)


# --- Create / edit / delete -----------------------------------------------------------------------


def _template_cards(target_skills: list[str]) -> list[dict]:
    cards = []
    for template in templates.goal_templates():
        needs = templates.template_needs_skill(template)
        cards.append({
            "key": template["key"], "title": template["title"].replace(templates.SKILL_PLACEHOLDER, "…"),
            "period": template.get("period", ""), "milestones": len(template.get("milestones", [])),
            "needs_skill": needs, "skills": target_skills if needs else [],
        })
    return cards


def _template_initial(request, target_skills: list[str]) -> tuple[dict | None, str]:
    key = request.GET.get("template", "")
    if not key:
        return None, ""
    template = templates.goal_template_get(key)
    if template is None:
        return None, "That template does not exist."
    try:
        filled = templates.goal_template_fill(
            template, skill=request.GET.get("skill", ""), target_skills=target_skills,
            today=selectors.user_today(user=request.user),
        )
    except ValueError as exc:
        return None, str(exc)
    filled["milestones"] = "\n".join(filled["milestones"])
    return filled, ""


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request):
    target_skills = selectors.profile_target_skills(user=request.user)
    template_error = ""
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                goal = services.goal_create(
                    user=request.user, data=form.goal_data(), milestones=form.cleaned_data["milestones"]
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Goal created.")
                return htmx_redirect(request, reverse("coaching:goal_detail", args=[goal.pk]))
    else:
        initial, template_error = _template_initial(request, target_skills)
        form = GoalForm(initial=initial or {"start_date": selectors.user_today(user=request.user)})
    if request.htmx and request.method == "POST":
        return render(request, "coaching/goal_form.html#goal-form", {"form": form, "goal": None})
    return render(request, "coaching/goal_form.html", {
        "form": form, "goal": None, "template_cards": _template_cards(target_skills),
        "target_skills": target_skills, "template_error": template_error,
    })


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    has_milestones = bool(goal.milestones.all())
    if request.method == "POST":
        form = GoalForm(request.POST, goal=goal, has_milestones=has_milestones)
        if form.is_valid():
            try:
                services.goal_update(goal=goal, data=form.goal_data())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Goal saved.")
                return htmx_redirect(request, reverse("coaching:goal_detail", args=[goal.pk]))
    else:
        form = GoalForm(
            goal=goal, has_milestones=has_milestones,
            initial={name: getattr(goal, name) for name in services.EDITABLE_FIELDS},
        )
    template = "coaching/goal_form.html#goal-form" if request.htmx and request.method == "POST" else "coaching/goal_form.html"
    return render(request, template, {"form": form, "goal": goal})


@login_required
@require_POST
def goal_delete(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    services.goal_delete(goal=goal)
    messages.success(request, f"Goal “{goal.title}” deleted.")
    return htmx_redirect(request, reverse("coaching:goal_list"))


# --- The goal's page ---------------------------------------------------------------------------------


def _detail_context(request, goal: Goal, **extra) -> dict:
    milestones = list(goal.milestones.all())
    generation = generation_latest_for_target(user=request.user, target_id=goal.pk)
    last_done = generation_latest_succeeded_for_target(user=request.user, target_id=goal.pk)
    return {
        "goal": goal, "milestones": milestones,
        "milestones_done": sum(1 for m in milestones if m.is_done),
        "all_done": bool(milestones) and all(m.is_done for m in milestones),
        "points": templates.achievement_points(goal.priority),
        "today": selectors.user_today(user=request.user),
        "generation": generation if generation and (generation.is_active or generation.is_failed) else None,
        "recommendations_offline": bool(last_done and last_done.is_offline),
        "milestone_form": MilestoneForm(), "quota": quota_status(user=request.user),
        **extra,
    }


@login_required
@require_GET
def goal_detail(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    return render(request, "coaching/goal_detail.html", _detail_context(request, goal))


def _milestones_response(request, goal_id, **extra):
    goal = _goal_or_404(request, goal_id)
    if request.htmx:
        return render(request, "coaching/goal_detail.html#milestones", _detail_context(request, goal, **extra))
    return redirect(reverse("coaching:goal_detail", args=[goal.pk]) + "#milestones")


@login_required
@require_POST
def goal_status(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the goal.")
    else:
        try:
            goal = services.goal_transition(goal=goal, action=form.cleaned_data["action"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if form.cleaned_data["action"] == "complete":
                messages.success(request, _completed_message(goal))
            else:
                messages.success(request, f"Goal is now “{goal.get_status_display()}”.")
    return htmx_redirect(request, reverse("coaching:goal_detail", args=[goal.pk]))


def _completed_message(goal: Goal) -> str:
    points = templates.achievement_points(goal.priority)
    if goal.achievement_awarded_at and goal.completed_at and goal.achievement_awarded_at == goal.completed_at:
        return f"Goal completed — you earned {points} achievement points."
    return "Goal completed. (Its achievement points were already awarded the first time.)"


@login_required
@require_POST
def goal_milestone_add(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(goal=goal, title=form.cleaned_data["title"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            form = MilestoneForm()
    if not request.htmx and form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _milestones_response(request, goal.pk, milestone_form=form)


@login_required
@require_POST
def milestone_toggle(request, milestone_id):
    milestone = _milestone_or_404(request, milestone_id)
    services.milestone_toggle(milestone=milestone)
    return _milestones_response(request, milestone.goal_id)


@login_required
@require_POST
def milestone_delete(request, milestone_id):
    milestone = _milestone_or_404(request, milestone_id)
    services.milestone_delete(milestone=milestone)
    return _milestones_response(request, milestone.goal_id)


@login_required
@require_POST
def goal_recommend(request, goal_id):
    goal = _goal_or_404(request, goal_id)
    try:
        generation = services.goal_recommendations_request(goal=goal)
    except QuotaExceeded as exc:
        context = _detail_context(request, goal, recommend_error=str(exc))
        if request.htmx:
            return render(request, "coaching/goal_detail.html#recommendations", context)
        return render(request, "coaching/goal_detail.html", context)
    if request.htmx:
        return render(request, "coaching/goal_detail.html#recommendations",
                      _detail_context(request, goal, generation=generation))
    return redirect(reverse("coaching:goal_detail", args=[goal.pk]) + "#recommendations")


urlpatterns = [
    path("goals/", goal_list, name="goal_list"),
    path("goals/new/", goal_new, name="goal_new"),
    path("goals/<uuid:goal_id>/", goal_detail, name="goal_detail"),
    path("goals/<uuid:goal_id>/edit/", goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/delete/", goal_delete, name="goal_delete"),
    path("goals/<uuid:goal_id>/status/", goal_status, name="goal_status"),
    path("goals/<uuid:goal_id>/milestones/", goal_milestone_add, name="goal_milestone_add"),
    path("goals/<uuid:goal_id>/recommend/", goal_recommend, name="goal_recommend"),
    path("goals/milestones/<uuid:milestone_id>/toggle/", milestone_toggle, name="milestone_toggle"),
    path("goals/milestones/<uuid:milestone_id>/delete/", milestone_delete, name="milestone_delete"),
]
