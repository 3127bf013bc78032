"""Cover letter pages (/coach/cover-letters/…): ask the coach for a letter, watch it being
written, edit it, export it (PDF, DOCX), attach it to an application, ask a mentor to
review it. Every letter is looked up through a selector scoped to request.user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.exceptions import QuotaExceeded
from billing.selectors import quota_status
from careercoach.lib.markdown import render_markdown
from coaching import services as review_services
from coaching.ai.stream import stream_read
from coaching.forms_cover_letters import (
    CoverLetterAttachForm,
    CoverLetterCreateForm,
    CoverLetterEditForm,
    CoverLetterReviewForm,
)
from coaching.models import CoverLetter
from coaching.selectors import cover_letters as selectors
from coaching.selectors.generations import generation_latest_for_target
from coaching.services import cover_letters as services
from coaching.views.shortcuts import add_errors, htmx_redirect, row_or_none
from jobs.builder.docx import resume_docx
from jobs.builder.pdf import resume_pdf
from jobs.selectors.records import resume_list_for_user

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPORT_TEMPLATE = "classic"
LIST_TEMPLATE = "coaching/cover_letter_list.html"
NEW_TEMPLATE = "coaching/cover_letter_new.html"
DETAIL_TEMPLATE = "coaching/cover_letter_detail.html"
EDIT_TEMPLATE = "coaching/cover_letter_edit.html"


def _letter_or_404(request, letter_id) -> CoverLetter:
    return get_object_or_404(selectors.cover_letter_scope(user=request.user), pk=letter_id)


@login_required
@require_GET
def cover_letter_list(request):
    letters = list(selectors.cover_letter_list_for_user(user=request.user)[:200])
    template = f"{LIST_TEMPLATE}#letter-rows" if request.htmx else LIST_TEMPLATE
    return render(request, template, {"letters": letters})


def _initial_from_job(request, jobs) -> dict:
    """``?job=<uuid>`` preselects one of the user's jobs and fills in its details."""
    job = row_or_none(jobs.select_related("posting").defer(None), request.GET.get("job"))
    if job is None:
        return {}
    description = job.description or (job.posting.description if job.posting_id else "")
    return {"job": job, "company_name": job.company, "job_title": job.title, "job_description": description}


@login_required
@require_http_methods(["GET", "POST"])
def cover_letter_new(request):
    jobs = selectors.cover_letter_job_choices(user=request.user)
    resumes = resume_list_for_user(user=request.user)
    if request.method == "POST":
        form = CoverLetterCreateForm(request.POST, jobs=jobs, resumes=resumes)
    else:
        initial = _initial_from_job(request, jobs) if request.GET.get("job") else {}
        form = CoverLetterCreateForm(initial=initial, jobs=jobs, resumes=resumes)
    if form.is_bound and form.is_valid():
        try:
            letter, _ = services.cover_letter_create(user=request.user, **form.cleaned_data)
        except QuotaExceeded as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return htmx_redirect(request, reverse("coaching:cover_letter_detail", args=[letter.pk]))
    context = {"form": form, "quota": quota_status(user=request.user)}
    return render(request, f"{NEW_TEMPLATE}#letter-form" if request.htmx else NEW_TEMPLATE, context)


def _detail_context(request, letter: CoverLetter, **extra) -> dict:
    generation = None
    if letter.status in (CoverLetter.Status.GENERATING, CoverLetter.Status.FAILED):
        generation = generation_latest_for_target(user=request.user, target_id=letter.pk)
    applications = selectors.cover_letter_application_choices(user=request.user)
    jobs = selectors.cover_letter_job_choices(user=request.user)
    initial = {"job": letter.job_id} if letter.job_id and not letter.application_id else {}
    active_review = selectors.cover_letter_active_review(letter=letter)
    return {
        "letter": letter,
        "letter_html": render_markdown(letter.content) if letter.content else "",
        "generation": generation,
        "partial_text": stream_read(generation.pk) if generation is not None and generation.is_active else "",
        "attach_form": CoverLetterAttachForm(initial=initial, applications=applications, jobs=jobs),
        "review_form": CoverLetterReviewForm(initial={"target_role": letter.job_title}),
        "active_review": active_review,
        "past_reviews": [r for r in letter.review_requests.all() if r != active_review],
        "quota": quota_status(user=request.user),
        **extra,
    }


def _detail(request, letter_id, *, template: str = DETAIL_TEMPLATE, status: int = 200, **extra):
    try:
        letter = selectors.cover_letter_get_for_user(user=request.user, letter_id=letter_id)
    except CoverLetter.DoesNotExist:
        raise Http404("No such cover letter.") from None
    return render(request, template, _detail_context(request, letter, **extra), status=status)


@login_required
@require_GET
def cover_letter_detail(request, letter_id):
    template = f"{DETAIL_TEMPLATE}#letter-body" if request.htmx else DETAIL_TEMPLATE
    return _detail(request, letter_id, template=template)


@login_required
@require_http_methods(["GET", "POST"])
def cover_letter_edit(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    if letter.status == CoverLetter.Status.GENERATING:
        messages.info(request, "The coach is still writing this letter; you can edit it when it is done.")
        return redirect("coaching:cover_letter_detail", letter_id=letter.pk)
    initial = {
        "title": letter.title,
        "content": letter.content,
        "status": letter.status if letter.status in services.EDITABLE_STATUSES else CoverLetter.Status.DRAFT,
    }
    form = CoverLetterEditForm(request.POST if request.method == "POST" else None, initial=initial)
    preview_only = request.method == "POST" and request.POST.get("action") == "preview"
    if form.is_bound and not preview_only and form.is_valid():
        try:
            services.cover_letter_update(letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Cover letter saved.")
            return htmx_redirect(request, reverse("coaching:cover_letter_detail", args=[letter.pk]))
    source = request.POST.get("content", "") if form.is_bound else letter.content
    context = {"letter": letter, "form": form, "preview": render_markdown(source[:20000])}
    if request.htmx:
        template = f"{EDIT_TEMPLATE}#preview" if preview_only else f"{EDIT_TEMPLATE}#edit-form"
        return render(request, template, context)
    return render(request, EDIT_TEMPLATE, context)


@login_required
@require_POST
def cover_letter_regenerate(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    try:
        services.cover_letter_regenerate(letter=letter)
    except QuotaExceeded as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return htmx_redirect(request, reverse("coaching:cover_letter_detail", args=[letter.pk]))


@login_required
@require_GET
def cover_letter_export(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    export_format = request.GET.get("format", "pdf")
    if export_format not in ("pdf", "docx"):
        return HttpResponse("Choose format=pdf or format=docx.", status=400, content_type="text/plain; charset=utf-8")
    if not letter.content.strip() or letter.status == CoverLetter.Status.GENERATING:
        messages.error(request, "This letter has no text to export yet.")
        return redirect("coaching:cover_letter_detail", letter_id=letter.pk)
    title = letter.title or str(letter)
    author = request.user.get_full_name()
    if export_format == "pdf":
        data = resume_pdf(letter.content, template_key=EXPORT_TEMPLATE, title=title, author=author)
        content_type = "application/pdf"
    else:
        data = resume_docx(letter.content, template_key=EXPORT_TEMPLATE, title=title, author=author)
        content_type = DOCX_MIME
    response = HttpResponse(data, content_type=content_type)
    filename = f"cover-letter-{slugify(title)[:80] or 'letter'}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def cover_letter_attach(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    form = CoverLetterAttachForm(
        request.POST,
        applications=selectors.cover_letter_application_choices(user=request.user),
        jobs=selectors.cover_letter_job_choices(user=request.user),
    )
    if form.is_valid():
        try:
            application = services.cover_letter_attach(letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"The letter is attached to your application for {application.job}.")
            return htmx_redirect(request, reverse("coaching:cover_letter_detail", args=[letter.pk]))
    if request.htmx:
        return _detail(request, letter.pk, template=f"{DETAIL_TEMPLATE}#attach", attach_form=form)
    return _detail(request, letter.pk, attach_form=form)


@login_required
@require_POST
def cover_letter_delete(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    try:
        services.cover_letter_delete(letter=letter)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return htmx_redirect(request, reverse("coaching:cover_letter_detail", args=[letter.pk]))
    messages.success(request, "Cover letter deleted.")
    return htmx_redirect(request, reverse("coaching:cover_letter_list"))


@login_required
@require_POST
def cover_letter_review_request(request, letter_id):
    letter = _letter_or_404(request, letter_id)
    form = CoverLetterReviewForm(request.POST)
    if form.is_valid():
        try:
            review = review_services.review_request_create(
                requester=request.user, cover_letter=letter, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Your letter is in the mentors' queue. We will let you know when it is reviewed.")
            return htmx_redirect(request, reverse("coaching:review_detail", args=[review.pk]))
    if request.htmx:
        return _detail(request, letter.pk, template=f"{DETAIL_TEMPLATE}#letter-review", review_form=form)
    return _detail(request, letter.pk, review_form=form)


urlpatterns = [
    path("cover-letters/", cover_letter_list, name="cover_letter_list"),
    path("cover-letters/new/", cover_letter_new, name="cover_letter_new"),
    path("cover-letters/<uuid:letter_id>/", cover_letter_detail, name="cover_letter_detail"),
    path("cover-letters/<uuid:letter_id>/edit/", cover_letter_edit, name="cover_letter_edit"),
    path("cover-letters/<uuid:letter_id>/regenerate/", cover_letter_regenerate, name="cover_letter_regenerate"),
    path("cover-letters/<uuid:letter_id>/export/", cover_letter_export, name="cover_letter_export"),
    path("cover-letters/<uuid:letter_id>/attach/", cover_letter_attach, name="cover_letter_attach"),
    path("cover-letters/<uuid:letter_id>/delete/", cover_letter_delete, name="cover_letter_delete"),
    path("cover-letters/<uuid:letter_id>/review/", cover_letter_review_request, name="cover_letter_review_request"),
]
