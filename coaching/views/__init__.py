"""HTML views for coaching: the coach landing page and reviews of resumes and cover letters
by mentors (a cover letter's review is asked for from the letter's page, see
coaching/views/cover_letters.py).

The job seeker asks for reviews and reads them (scoped to ``requester``); verified mentors
work the queue (scoped to what they hold or completed — a mentor never reaches a resume
or letter any other way). Views that change something answer htmx requests with the fragment that
changed and everything else with a redirect, so every page also works without JavaScript.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from careercoach.lib.markdown import render_markdown
from coaching import selectors, services
from coaching.forms import (
    MentorProfileForm,
    ReviewCommentForm,
    ReviewFeedbackForm,
    ReviewRatingForm,
    ReviewRequestForm,
)
from coaching.models import MentorProfile, ReviewComment, ReviewRequest
from coaching.views.shortcuts import add_errors, htmx_redirect, row_or_none
from jobs.selectors.records import resume_list_for_user

QUEUE_PAGE_SIZE = 25


# --- Shared -----------------------------------------------------------------------------------


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def mentor_required(view):
    """Only mentors get in (403 for everyone else); an unverified mentor is sent to the
    coach page, which explains that an admin still has to verify them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != User.Role.MENTOR:
            raise PermissionDenied("This page is for mentors.")
        if not selectors.mentor_is_verified(user=request.user):
            messages.warning(request, "Your mentor account is waiting for verification by an admin.")
            return redirect("coaching:index")
        return view(request, *args, **kwargs)

    return wrapper


def _file_response(field_file, *, filename: str, mime_type: str) -> FileResponse:
    """The file as a download with the same safety headers as jobs' resume download:
    never rendered inline, never sniffed, never cached."""
    if not field_file:
        raise Http404("There is no file here.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    content_type = f"{mime_type}; charset=utf-8" if mime_type.startswith("text/") else mime_type
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    add_never_cache_headers(response)
    return response


# --- The coach page ---------------------------------------------------------------------------


def _mentor_dashboard(request):
    mentor = request.user
    verified = selectors.mentor_is_verified(user=mentor)
    context = {"verified": verified, "profile": selectors.mentor_profile_for_user(user=mentor)}
    if verified:
        reviews = selectors.review_list_for_mentor(mentor=mentor)
        context.update(
            stats=selectors.mentor_stats(mentor=mentor),
            claimed=list(reviews.filter(status=ReviewRequest.Status.CLAIMED).order_by("claimed_at")),
            completed=list(reviews.filter(status=ReviewRequest.Status.COMPLETED).order_by("-completed_at")[:10]),
            ratings=list(selectors.review_recent_ratings(mentor=mentor)),
            queue_count=selectors.review_queue(mentor=mentor).count(),
        )
    return render(request, "coaching/mentor_dashboard.html", context)


# --- Job seekers: asking for reviews ----------------------------------------------------------


def _requester_review_or_404(request, review_id) -> ReviewRequest:
    return get_object_or_404(selectors.review_list_for_requester(user=request.user), pk=review_id)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    resumes = resume_list_for_user(user=request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("resume"):
        # Only the user's own resume preselects; anything else is ignored.
        initial["resume"] = row_or_none(resumes, request.GET["resume"])
    form = ReviewRequestForm(request.POST if request.method == "POST" else None, initial=initial, resumes=resumes)
    if form.is_bound and form.is_valid():
        try:
            review = services.review_request_create(
                requester=request.user,
                resume=form.cleaned_data["resume"],
                note=form.cleaned_data["note"],
                target_role=form.cleaned_data["target_role"],
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(
                request, "Your request is in the mentors' queue. We will let you know when it is reviewed."
            )
            return htmx_redirect(request, reverse("coaching:review_detail", args=[review.pk]))
    template = "coaching/review_form.html#request-form" if request.htmx else "coaching/review_form.html"
    return render(request, template, {"form": form, "has_resumes": resumes.exists()})


def _letter_html(review: ReviewRequest):
    """A reviewed cover letter's text as sanitised HTML (None for a resume review)."""
    if review.kind != ReviewRequest.Kind.COVER_LETTER or review.cover_letter is None:
        return None
    return render_markdown(review.cover_letter.content)


def _review_detail_context(review: ReviewRequest, **extra) -> dict:
    return {
        "review": review,
        "letter_html": _letter_html(review),
        "sections": selectors.review_comments_by_section(review=review) if review.is_completed else [],
        **extra,
    }


@login_required
@require_GET
def review_detail(request, review_id):
    try:
        review = selectors.review_get_for_requester(user=request.user, review_id=review_id)
    except ReviewRequest.DoesNotExist:
        raise Http404("No such review.") from None
    form = ReviewRatingForm() if review.can_be_rated else None
    return render(request, "coaching/review_detail.html", _review_detail_context(review, rating_form=form))


@login_required
@require_POST
def review_cancel(request, review_id):
    review = _requester_review_or_404(request, review_id)
    try:
        services.review_cancel(review=review, requester=request.user)
    except ValidationError as e:
        messages.error(request, _error_text(e))
    else:
        messages.success(request, "Your review request is cancelled.")
    return redirect("coaching:review_detail", review_id=review.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_rate(request, review_id):
    review = _requester_review_or_404(request, review_id)
    if request.method == "GET":
        return redirect(reverse("coaching:review_detail", args=[review.pk]) + "#review-rating")
    form = ReviewRatingForm(request.POST)
    notice = ""
    if form.is_valid():
        try:
            services.review_rate(
                review=review,
                requester=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            if not request.htmx:
                messages.success(request, "Thank you for rating the review.")
                return redirect(reverse("coaching:review_detail", args=[review.pk]) + "#review-rating")
            form, notice = None, "Thank you for rating the review."
    review = selectors.review_get_for_requester(user=request.user, review_id=review.pk)
    if form is not None and not review.can_be_rated:
        form = None  # rated meanwhile (e.g. in another tab): show the rating
    context = _review_detail_context(review, rating_form=form, rating_notice=notice)
    template = "coaching/review_detail.html#rating" if request.htmx else "coaching/review_detail.html"
    return render(request, template, context)


# --- Mentors: the queue and the review workspace ----------------------------------------------


def _mentor_review_or_404(request, review_id) -> ReviewRequest:
    return get_object_or_404(selectors.review_list_for_mentor(mentor=request.user), pk=review_id)


@login_required
@require_GET
@mentor_required
def mentor_queue(request):
    page = Paginator(selectors.review_queue(mentor=request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    held = selectors.mentor_stats(mentor=request.user)["claimed"]
    return render(
        request,
        "coaching/mentor_queue.html",
        {"page": page, "held": held, "max_claims": services.MAX_CLAIMS_PER_MENTOR},
    )


@login_required
@require_POST
@mentor_required
def review_claim(request, review_id):
    review = get_object_or_404(selectors.review_list_to_claim(mentor=request.user), pk=review_id)
    try:
        services.review_claim(review=review, mentor=request.user)
    except ValidationError as e:
        messages.error(request, _error_text(e))
        return redirect("coaching:mentor_queue")
    messages.success(request, "The review is yours. The requester sees that a mentor is on it.")
    return redirect("coaching:mentor_review", review_id=review.pk)


@login_required
@require_POST
@mentor_required
def review_unclaim(request, review_id):
    review = _mentor_review_or_404(request, review_id)
    try:
        services.review_unclaim(review=review, mentor=request.user)
    except ValidationError as e:
        messages.error(request, _error_text(e))
        return redirect("coaching:mentor_review", review_id=review.pk)
    messages.success(request, "The request is back in the queue for another mentor.")
    return redirect("coaching:mentor_queue")


def _workspace(request, review_id, *, template: str = "coaching/mentor_review.html", status: int = 200, **extra):
    try:
        review = selectors.review_get_for_mentor(mentor=request.user, review_id=review_id)
    except ReviewRequest.DoesNotExist:
        raise Http404("No such review.") from None
    labels = selectors.review_section_labels(kind=review.kind)
    for comment in review.comments.all():  # the prefetched rows the template shows
        comment.section_label = labels.get(comment.section) or comment.get_section_display()
    context = {
        "review": review,
        "letter_html": _letter_html(review),
        "feedback_form": ReviewFeedbackForm(initial={"overall_feedback": review.overall_feedback}),
        "comment_form": ReviewCommentForm(kind=review.kind),
        **extra,
    }
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@mentor_required
def mentor_review(request, review_id):
    """The review workspace: the resume on one side, the feedback on the other. POST saves
    the overall feedback as a draft."""
    if request.method == "GET":
        return _workspace(request, review_id)
    review = _mentor_review_or_404(request, review_id)
    form = ReviewFeedbackForm(request.POST)
    notice = ""
    if form.is_valid():
        try:
            services.review_feedback_save(
                review=review, mentor=request.user, overall_feedback=form.cleaned_data["overall_feedback"]
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            if not request.htmx:
                messages.success(request, "Draft saved.")
                return redirect("coaching:mentor_review", review_id=review.pk)
            notice = "Draft saved."
    template = "coaching/mentor_review.html#feedback" if request.htmx else "coaching/mentor_review.html"
    return _workspace(request, review.pk, template=template, feedback_form=form, feedback_notice=notice)


@login_required
@require_POST
@mentor_required
def review_complete(request, review_id):
    review = _mentor_review_or_404(request, review_id)
    form = ReviewFeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.review_complete(
                review=review, mentor=request.user, overall_feedback=form.cleaned_data["overall_feedback"]
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, "Review sent. Thank you for your help!")
            return htmx_redirect(request, reverse("coaching:mentor_review", args=[review.pk]))
    template = "coaching/mentor_review.html#feedback" if request.htmx else "coaching/mentor_review.html"
    return _workspace(request, review.pk, template=template, feedback_form=form)


def _comments_response(request, review_id, **extra):
    if request.htmx:
        return _workspace(request, review_id, template="coaching/mentor_review.html#comments", **extra)
    if "comment_form" in extra:  # errors without JavaScript: the whole page with the form
        return _workspace(request, review_id, **extra)
    return redirect(reverse("coaching:mentor_review", args=[review_id]) + "#review-comments")


@login_required
@require_POST
@mentor_required
def review_comment_add(request, review_id):
    review = _mentor_review_or_404(request, review_id)
    form = ReviewCommentForm(request.POST, kind=review.kind)
    if form.is_valid():
        try:
            services.review_comment_add(review=review, mentor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            return _comments_response(request, review.pk)
    return _comments_response(request, review.pk, comment_form=form)


@login_required
@require_POST
@mentor_required
def review_comment_delete(request, comment_id):
    try:
        comment = selectors.review_comment_get_for_mentor(mentor=request.user, comment_id=comment_id)
    except ReviewComment.DoesNotExist:
        raise Http404("No such comment.") from None
    try:
        services.review_comment_delete(comment=comment, mentor=request.user)
    except ValidationError as e:
        messages.error(request, _error_text(e))
    return _comments_response(request, comment.request_id)


@login_required
@require_GET
@mentor_required
def mentor_resume_download(request, review_id):
    """The requested resume's file, for the mentor who holds (or completed) the request."""
    review = _mentor_review_or_404(request, review_id)
    resume = review.resume
    if resume is None:  # a cover letter: its text is on the workspace page
        raise Http404("This review has no file.")
    return _file_response(resume.file, filename=resume.original_name or "resume", mime_type=resume.mime_type)


# --- Mentor profiles --------------------------------------------------------------------------


@login_required
@require_GET
def mentor_profile(request, user_id):
    """A mentor's public page, for logged-in users. Unverified mentors see only their own."""
    profiles = selectors.mentor_profile_public_list()
    if user_id == request.user.pk:
        profiles = selectors.mentor_profile_with_stats(user=request.user)
    profile = get_object_or_404(profiles, user_id=user_id)
    return render(request, "coaching/mentor_profile.html", {"profile": profile, "mentor": profile.user})


@login_required
@require_http_methods(["GET", "POST"])
def mentor_profile_edit(request):
    if request.user.role != User.Role.MENTOR:
        raise PermissionDenied("Only mentors have a mentor profile.")
    profile = selectors.mentor_profile_for_user(user=request.user) or MentorProfile(user=request.user)
    form = MentorProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if form.is_bound and form.is_valid():
        try:
            services.mentor_profile_update(user=request.user, data=form.cleaned_data)
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(request, "Your mentor profile is saved.")
            return htmx_redirect(request, reverse("coaching:mentor_profile", args=[request.user.pk]))
    template = "coaching/mentor_profile_form.html#profile-form" if request.htmx else "coaching/mentor_profile_form.html"
    return render(request, template, {"form": form})
