"""Quizzes: history with a per-category chart, asking for a quiz, taking it, the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.charts import Bar, bar_chart
from coaching.forms_quizzes import QuizAnswerForm, QuizCreateForm
from coaching.models import Assessment
from coaching.offline import quiz as offline_quiz
from coaching.selectors.generations import generation_latest_for_target
from coaching.selectors.quizzes import CategoryStats, quiz_category_stats, quiz_category_suggestions, quiz_list_for_user
from coaching.services import quizzes as quiz_services


def _quiz_or_404(request, quiz_id) -> Assessment:
    return get_object_or_404(quiz_list_for_user(user=request.user), pk=quiz_id)


def category_chart(stats: list[CategoryStats]) -> SafeString:
    """Horizontal bars: average score (0–100) per category, with the latest score marked.
    The page shows the numbers as a table next to it, so the chart has none of its own."""
    if not stats:
        return mark_safe("")
    plural = "zes" if len(stats) != 1 else ""
    return bar_chart(
        [Bar(label=s.category, value=s.average, text=f"{s.average:g}%", marker=s.latest,
             marker_text=f"Latest: {s.latest:g}%",
             tooltip=f"{s.category}: average {s.average:g}% over {s.count} quiz{'zes' if s.count != 1 else ''}")
         for s in stats],
        title="Average quiz score per category",
        description=f"Average score of your finished quiz{plural} in {len(stats)} categor"
                    f"{'ies' if len(stats) != 1 else 'y'}; the orange tick is the latest score.",
        caption="", max_value=100, ticks=(0, 50, 100), label_chars=30, css_class="quiz-chart", table=False,
        width=570, label_width=210,
    )


@login_required
@require_GET
def quiz_list(request):
    quizzes = list(quiz_list_for_user(user=request.user)[:100])
    stats = quiz_category_stats(user=request.user)
    context = {"quizzes": quizzes, "stats": stats, "chart": category_chart(stats)}
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
