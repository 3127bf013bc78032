"""Mock interview pages: history with the score trend, setup, the interview itself
(question by question) and its report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.charts import Line, line_chart
from coaching.forms_interviews import InterviewAnswerForm, InterviewStartForm
from coaching.selectors.generations import generation_latest_for_target
from coaching.selectors.interviews import (
    ScorePoint,
    interview_get_for_user,
    interview_list_for_user,
    interview_report,
    interview_score_trend,
)
from coaching.services import interviews as services
from coaching.views.shortcuts import add_errors, row_or_none
from jobs.selectors.board import job_list_for_user

COMPETENCY_LABELS = {"technical": "technical skill", "communication": "communication",
                     "problem_solving": "problem solving"}


def _interview_or_404(request, mock_id):
    interview = interview_get_for_user(user=request.user, interview_id=mock_id)
    if interview is None:
        raise Http404("No such interview.")
    return interview


def _redirect(request, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _detail_url(interview) -> str:
    return reverse("coaching:interview_detail", kwargs={"mock_id": interview.pk})


SCORE_LINES = (  # (ScorePoint field, label, colour, line width): overall drawn thicker
    ("overall", "Overall", "--color-primary", 3),
    ("technical", "Technical", "--color-info", 1.5),
    ("communication", "Communication", "--color-success", 1.5),
    ("problem_solving", "Problem solving", "--color-warning", 1.5),
)


def score_trend_chart(points: list[ScorePoint]) -> SafeString:
    """The score trend: one line per score over the completed interviews, oldest left."""
    if points:
        plural = "s" if len(points) != 1 else ""
        description = (f"{len(points)} completed interview{plural}; latest overall score "
                       f"{points[-1].overall:.0f} out of 100.")
    else:
        description = "No completed interviews yet."
    return line_chart(
        [timezone.localtime(p.completed_at).strftime("%-d %b") for p in points],
        [Line(key=key, label=label, color=color, width=width, values=[getattr(p, key) for p in points])
         for key, label, color, width in SCORE_LINES],
        title="Mock interview scores over time", description=description,
        point_names=[p.title for p in points], name_header="Interview", x_header="Date", y_max=100, y_step=25,
        x_full_labels=[timezone.localtime(p.completed_at).strftime("%-d %b %Y") for p in points],
        empty_text="Finish a mock interview to see your scores here.", css_class="score-trend",
    )


@login_required
@require_GET
def interview_list(request):
    interviews = list(interview_list_for_user(user=request.user))
    trend = interview_score_trend(user=request.user)
    context = {"interviews": interviews, "trend": trend, "chart": score_trend_chart(trend)}
    template = "coaching/interview_list.html#interview-history" if request.htmx else "coaching/interview_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request):
    if request.method == "POST":
        form = InterviewStartForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interview, _generation = services.interview_start(
                    user=request.user, job=data["job"], target_role=data["target_role"],
                    target_company=data["target_company"], interview_type=data["interview_type"],
                    difficulty=data["difficulty"], question_count=data["question_count"],
                )
            except QuotaExceeded as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return _redirect(request, _detail_url(interview))
    else:
        initial = {}
        job = row_or_none(job_list_for_user(user=request.user), request.GET.get("job"))
        if job is not None:
            initial = {"job": job.pk, "target_role": job.title, "target_company": job.company}
        form = InterviewStartForm(initial=initial, user=request.user)
    context = {"form": form, "quota": quota_status(user=request.user),
               "generations_per_interview": services.GENERATIONS_PER_INTERVIEW}
    template = "coaching/interview_new.html#start-form" if request.htmx else "coaching/interview_new.html"
    return render(request, template, context)


def _detail_context(request, interview, *, answer_form=None) -> dict:
    waiting = interview.status in (interview.Status.PREPARING, interview.Status.SCORING, interview.Status.FAILED)
    current = interview.current_turn_index
    context = {
        "interview": interview,
        "generation": generation_latest_for_target(user=request.user, target_id=interview.pk) if waiting else None,
        "current_index": current,
        "current_turn": interview.turns[current] if current is not None and interview.turns else None,
        "answered": [(i, t) for i, t in enumerate(interview.turns) if (t.get("answer") or "").strip()],
        "answer_form": answer_form or InterviewAnswerForm(initial={"turn": current}),
        "current_competency": COMPETENCY_LABELS.get((interview.turns[current] or {}).get("competency", ""), "")
        if current is not None and interview.turns else "",
        "quota": quota_status(user=request.user) if interview.status == interview.Status.IN_PROGRESS else None,
    }
    if interview.is_completed:
        context.update(interview_report(interview=interview))
    return context


@login_required
@require_GET
def interview_detail(request, mock_id):
    interview = _interview_or_404(request, mock_id)
    context = _detail_context(request, interview)
    template = "coaching/interview_detail.html#interview-body" if request.htmx else "coaching/interview_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def interview_answer(request, mock_id):
    interview = _interview_or_404(request, mock_id)
    if interview.status != interview.Status.IN_PROGRESS:
        messages.error(request, "This interview is not waiting for an answer.")
        return _redirect(request, _detail_url(interview))
    form = InterviewAnswerForm(request.POST)
    if form.is_valid():
        try:
            interview, _generation = services.interview_answer(
                interview=interview, answer=form.cleaned_data["answer"], turn=form.cleaned_data.get("turn"),
            )
        except QuotaExceeded as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the state moved on (another tab): show where it is now
                messages.error(request, " ".join(exc.messages))
                return _redirect(request, _detail_url(interview))
            add_errors(form, exc)
        else:
            if request.htmx:
                # Read it again: the scoring may already have finished (a fast worker, or
                # eager tasks), and the copy the service returned would still say SCORING.
                interview = _interview_or_404(request, mock_id)
                return render(request, "coaching/interview_detail.html#interview-body",
                              _detail_context(request, interview))
            return redirect(_detail_url(interview))
    context = _detail_context(request, interview, answer_form=form)
    template = "coaching/interview_detail.html#interview-body" if request.htmx else "coaching/interview_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def interview_finish(request, mock_id):
    interview = _interview_or_404(request, mock_id)
    try:
        services.interview_finish(interview=interview)
    except QuotaExceeded as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _redirect(request, _detail_url(interview))


@login_required
@require_POST
def interview_delete(request, mock_id):
    interview = _interview_or_404(request, mock_id)
    services.interview_delete(interview=interview)
    messages.success(request, f"Deleted “{interview.title}”.")
    return _redirect(request, reverse("coaching:interview_list"))


urlpatterns = [
    path("interviews/", interview_list, name="interview_list"),
    path("interviews/new/", interview_new, name="interview_new"),
    path("interviews/<uuid:mock_id>/", interview_detail, name="interview_detail"),
    path("interviews/<uuid:mock_id>/answer/", interview_answer, name="interview_answer"),
    path("interviews/<uuid:mock_id>/finish/", interview_finish, name="interview_finish"),
    path("interviews/<uuid:mock_id>/delete/", interview_delete, name="interview_delete"),
]
