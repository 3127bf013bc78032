"""Quizzes: history with a per-category chart, asking for a quiz, taking it, the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.svg import css_color
from coaching.forms_quizzes import QuizAnswerForm, QuizCreateForm
from coaching.models import Assessment
from coaching.offline import quiz as offline_quiz
from coaching.selectors.generations import generation_latest_for_target
from coaching.selectors.quizzes import CategoryStats, quiz_category_stats, quiz_category_suggestions, quiz_list_for_user
from coaching.services import quizzes as quiz_services


def _quiz_or_404(request, quiz_id) -> Assessment:
    return get_object_or_404(quiz_list_for_user(user=request.user), pk=quiz_id)


def category_chart_svg(stats: list[CategoryStats]) -> SafeString:
    """Horizontal bars: average score (0–100) per category, with the latest score marked."""
    if not stats:
        return mark_safe("")
    row, label_w, bar_w = 30, 210, 300
    height = row * len(stats) + 30
    parts = [
        f'<svg class="quiz-chart" viewBox="0 0 {label_w + bar_w + 60} {height}" role="img" '
        f'aria-labelledby="quiz-chart-title"><title id="quiz-chart-title">Average quiz score per category</title>'
    ]
    for tick in (0, 50, 100):
        x = label_w + bar_w * tick / 100
        parts.append(f'<line x1="{x:g}" y1="0" x2="{x:g}" y2="{height - 20}" stroke="{css_color("--color-border-strong")}" '
                     f'stroke-dasharray="2 3"/><text x="{x:g}" y="{height - 5}" font-size="11" text-anchor="middle" '
                     f'fill="{css_color("--color-text-muted")}">{tick}</text>')
    for index, item in enumerate(stats):
        y = index * row + 5
        width = bar_w * item.average / 100
        latest_x = label_w + bar_w * item.latest / 100
        label = escape(item.category if len(item.category) <= 30 else item.category[:29] + "…")
        parts.append(
            f'<g class="quiz-chart-row"><text x="{label_w - 8}" y="{y + 15}" font-size="12" text-anchor="end" '
            f'fill="{css_color("--color-text")}">{label}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="16" rx="3" fill="{css_color("--color-primary")}">'
            f'<title>{escape(item.category)}: average {item.average:g}% over {item.count} quiz(zes)</title></rect>'
            f'<line x1="{latest_x:.1f}" y1="{y}" x2="{latest_x:.1f}" y2="{y + 22}" stroke="{css_color("--color-warning")}" '
            f'stroke-width="2"><title>Latest: {item.latest:g}%</title></line>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}" font-size="12" fill="{css_color("--color-text")}">'
            f'{item.average:g}%</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


@login_required
@require_GET
def quiz_list(request):
    quizzes = list(quiz_list_for_user(user=request.user)[:100])
    stats = quiz_category_stats(user=request.user)
    context = {"quizzes": quizzes, "stats": stats, "chart": category_chart_svg(stats)}
    template = "coaching/quiz_list.html#quiz-history" if request.htmx else "coaching/quiz_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_new(request):
    form = QuizCreateForm(request.POST or None, initial={"category": request.GET.get("category", "")[:100]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quiz, _ = quiz_services.quiz_create(
                user=request.user, category=data["category"], difficulty=data["difficulty"],
                question_count=data["question_count"],
            )
        except QuotaExceeded as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            for field, errors in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            url = reverse("coaching:quiz_detail", args=[quiz.pk])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    context = {"form": form, "suggestions": quiz_category_suggestions(user=request.user),
               "categories": offline_quiz.category_names(), "quota": quota_status(user=request.user)}
    template = "coaching/quiz_new.html#quiz-form" if request.htmx else "coaching/quiz_new.html"
    return render(request, template, context)


def _next_step_links() -> list[tuple[str, str]]:
    """Where the recommendations lead: a mock interview and a new goal (when those pages exist)."""
    links = []
    for name, label in (("coaching:interview_new", "Start a mock interview"), ("coaching:goal_new", "Set a goal")):
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return links


def _render_detail(request, quiz: Assessment, form: QuizAnswerForm | None = None, status: int = 200):
    generation = None
    if quiz.status in (Assessment.Status.GENERATING, Assessment.Status.FAILED):
        generation = generation_latest_for_target(user=request.user, target_id=quiz.pk)
    if quiz.status == Assessment.Status.READY and form is None:
        form = QuizAnswerForm(questions=quiz.questions)
    results = []
    if quiz.status == Assessment.Status.COMPLETED:
        results = [
            {**q, "number": i + 1, "chosen": q["options"][q["chosen_index"]] if q.get("chosen_index") is not None else "",
             "correct": q["options"][q["correct_index"]], "is_correct": q.get("chosen_index") == q["correct_index"]}
            for i, q in enumerate(quiz.questions)
        ]
    context = {"quiz": quiz, "generation": generation, "form": form, "results": results,
               "correct_count": sum(1 for r in results if r["is_correct"]),
               "next_links": _next_step_links() if results else []}
    template = "coaching/quiz_detail.html#quiz-body" if request.htmx else "coaching/quiz_detail.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def quiz_detail(request, quiz_id):
    return _render_detail(request, _quiz_or_404(request, quiz_id))


@login_required
@require_POST
def quiz_submit(request, quiz_id):
    quiz = _quiz_or_404(request, quiz_id)
    if quiz.status != Assessment.Status.READY:
        if request.htmx:
            return _render_detail(request, quiz)
        messages.error(request, "This quiz is not open for answers.")
        return redirect("coaching:quiz_detail", quiz.pk)
    form = QuizAnswerForm(request.POST, questions=quiz.questions)
    if form.is_valid():
        try:
            quiz = quiz_services.quiz_submit(assessment=quiz, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _render_detail(request, quiz) if request.htmx else redirect("coaching:quiz_detail", quiz.pk)
    return _render_detail(request, quiz, form)


@login_required
@require_POST
def quiz_retake(request, quiz_id):
    quiz = _quiz_or_404(request, quiz_id)
    try:
        fresh = quiz_services.quiz_retake(assessment=quiz)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("coaching:quiz_detail", quiz.pk)
    url = reverse("coaching:quiz_detail", args=[fresh.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def quiz_delete(request, quiz_id):
    quiz = _quiz_or_404(request, quiz_id)
    quiz_services.quiz_delete(assessment=quiz)
    if request.htmx:
        return HttpResponse("")  # the row removes itself (hx-swap="outerHTML")
    messages.success(request, "Quiz deleted.")
    return redirect("coaching:quiz_list")


urlpatterns = [
    path("quizzes/", quiz_list, name="quiz_list"),
    path("quizzes/new/", quiz_new, name="quiz_new"),
    path("quizzes/<uuid:quiz_id>/", quiz_detail, name="quiz_detail"),
    path("quizzes/<uuid:quiz_id>/submit/", quiz_submit, name="quiz_submit"),
    path("quizzes/<uuid:quiz_id>/retake/", quiz_retake, name="quiz_retake"),
    path("quizzes/<uuid:quiz_id>/delete/", quiz_delete, name="quiz_delete"),
]
