"""Writes for coaching: mentor verification and profiles, and reviews of resumes and cover
letters by mentors."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from coaching import selectors
from coaching.models import CoverLetter, MentorProfile, ReviewComment, ReviewRequest
from jobs.models import Resume


@transaction.atomic
def mentor_verify(*, user: User, verified_by: User | None) -> MentorProfile:
    """Make ``user`` a verified mentor (idempotent: verifying twice changes nothing)."""
    if user.role != User.Role.MENTOR:
        account_services.user_set_role(user=user, role=User.Role.MENTOR)
    mentor, _ = MentorProfile.objects.select_for_update().get_or_create(user=user)
    if mentor.verified_at is None:
        mentor.verified_at = timezone.now()
        mentor.verified_by = verified_by
        mentor.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return mentor


@transaction.atomic
def mentor_unverify(*, user: User) -> MentorProfile | None:
    """Remove the verification; the reviews the mentor holds go back to the queue (they can
    no longer open them, and the job seekers should not wait for them)."""
    mentor = MentorProfile.objects.select_for_update().filter(user=user).first()
    if mentor and mentor.verified_at is not None:
        mentor.verified_at = None
        mentor.verified_by = None
        mentor.save(update_fields=["verified_at", "verified_by", "updated_at"])
    for review in ReviewRequest.objects.filter(mentor=user, status=ReviewRequest.Status.CLAIMED).only("pk"):
        review_return_to_queue(review=review)
    return mentor


# --- Mentor profile ------------------------------------------------------------------------------

MENTOR_PROFILE_FIELDS = ("headline", "bio", "expertise", "years_of_experience")


@transaction.atomic
def mentor_profile_update(*, user: User, data: dict[str, Any]) -> MentorProfile:
    """A mentor edits their own public profile (verification is not theirs to change)."""
    if user.role != User.Role.MENTOR:
        raise PermissionDenied("Only mentors have a mentor profile.")
    mentor, _ = MentorProfile.objects.select_for_update().get_or_create(user=user)
    for field in MENTOR_PROFILE_FIELDS:
        if field in data:
            setattr(mentor, field, data[field])
    mentor.full_clean()
    mentor.save()
    return mentor


# --- Review requests: the job seeker's side ------------------------------------------------------

# Keeps the queue fair: a job seeker can wait for this many reviews at once.
MAX_ACTIVE_REQUESTS_PER_USER = 3
# A mentor finishes what they hold before taking more from the queue.
MAX_CLAIMS_PER_MENTOR = 5
_ACTIVE = (ReviewRequest.Status.OPEN, ReviewRequest.Status.CLAIMED)


@transaction.atomic
def review_request_create(
    *,
    requester: User,
    resume: Resume | None = None,
    cover_letter: CoverLetter | None = None,
    note: str = "",
    target_role: str = "",
) -> ReviewRequest:
    """Ask a mentor to review one of the requester's resumes or cover letters (exactly one)."""
    if (resume is None) == (cover_letter is None):
        raise ValidationError("Choose a resume or a cover letter to be reviewed.", code="review_document")
    document = resume if resume is not None else cover_letter
    if document.user_id != requester.pk:
        # Views pass only the user's own documents; this guards every other caller.
        raise PermissionDenied(f"You can only ask for a review of your own {_noun(cover_letter is not None)}.")
    # Serialises one user's requests, so the cap below cannot be raced past.
    User.objects.select_for_update().filter(pk=requester.pk).first()
    active = ReviewRequest.objects.filter(requester=requester, status__in=_ACTIVE)
    if resume is not None:
        if active.filter(resume=resume).exists():
            raise ValidationError(
                {"resume": "This resume already has a review waiting or in progress."}, code="review_active"
            )
        has_something_to_read = ~Q(file="") | ~Q(raw_text="") | ~Q(content="")
        if not Resume.objects.filter(has_something_to_read, pk=resume.pk).exists():
            raise ValidationError(
                {"resume": "This resume is empty: upload a file or write it first."}, code="resume_empty"
            )
    else:
        if active.filter(cover_letter=cover_letter).exists():
            raise ValidationError(
                {"cover_letter": "This cover letter already has a review waiting or in progress."},
                code="review_active",
            )
        written = CoverLetter.objects.filter(pk=cover_letter.pk).exclude(status=CoverLetter.Status.GENERATING)
        if not written.exclude(content="").exists():
            raise ValidationError(
                {"cover_letter": "This cover letter has no text yet: let the coach finish it or write it first."},
                code="letter_empty",
            )
    if active.count() >= MAX_ACTIVE_REQUESTS_PER_USER:
        raise ValidationError(
            f"You already have {MAX_ACTIVE_REQUESTS_PER_USER} reviews waiting or in progress. "
            "You can ask for another one when one of them is done.",
            code="review_limit",
        )
    review = ReviewRequest(
        requester=requester,
        resume=resume,
        cover_letter=cover_letter,
        kind=ReviewRequest.Kind.RESUME if resume is not None else ReviewRequest.Kind.COVER_LETTER,
        note=note.strip(),
        target_role=target_role.strip(),
    )
    review.full_clean()
    review.save()
    return review


def _noun(is_letter: bool) -> str:
    return "cover letter" if is_letter else "resume"


def review_document_title(review: ReviewRequest) -> str:
    """How pages, notifications and emails name the reviewed document."""
    if review.kind == ReviewRequest.Kind.COVER_LETTER:
        return str(review.cover_letter) if review.cover_letter_id else "cover letter"
    return review.resume.title if review.resume_id else "resume"


def _lock(review: ReviewRequest) -> ReviewRequest:
    """The request's row, locked and fresh: every state change starts here."""
    return ReviewRequest.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_cancel(*, review: ReviewRequest, requester: User) -> ReviewRequest:
    review = _lock(review)
    if review.requester_id != requester.pk:
        raise PermissionDenied("Only the person who asked for the review can cancel it.")
    if review.status != ReviewRequest.Status.OPEN:
        raise ValidationError("Only a review that no mentor has started can be cancelled.", code="review_not_open")
    review.status = ReviewRequest.Status.CANCELLED
    review.cancelled_at = timezone.now()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_rate(*, review: ReviewRequest, requester: User, rating: int, comment: str = "") -> ReviewRequest:
    """The requester rates a completed review, once."""
    review = _lock(review)
    if review.requester_id != requester.pk:
        raise PermissionDenied("Only the person who asked for the review can rate it.")
    if review.status != ReviewRequest.Status.COMPLETED:
        raise ValidationError("You can rate a review once it is complete.", code="review_not_completed")
    if review.rating is not None:
        raise ValidationError("You have already rated this review.", code="review_already_rated")
    review.rating = rating
    review.rating_comment = comment.strip()
    review.rated_at = timezone.now()
    review.full_clean()
    review.save()
    return review


# --- Review requests: the mentor's side ----------------------------------------------------------


def _require_verified_mentor(user: User) -> None:
    if not selectors.mentor_is_verified(user=user):
        raise PermissionDenied("Only verified mentors can review resumes.")


def _require_holder(review: ReviewRequest, mentor: User) -> None:
    if review.status != ReviewRequest.Status.CLAIMED or review.mentor_id != mentor.pk:
        raise ValidationError("You are not reviewing this request (any more).", code="review_not_held")


@transaction.atomic
def review_claim(*, review: ReviewRequest, mentor: User) -> ReviewRequest:
    """Take an open request from the queue. The row lock makes concurrent claims queue up:
    the first one wins and the others find the request no longer open."""
    _require_verified_mentor(mentor)
    review = _lock(review)
    if review.status != ReviewRequest.Status.OPEN:
        raise ValidationError("Another mentor has already taken this request.", code="review_taken")
    if review.requester_id == mentor.pk:
        raise ValidationError(
            f"You cannot review your own {_noun(review.kind == ReviewRequest.Kind.COVER_LETTER)}.", code="review_own"
        )
    held = ReviewRequest.objects.filter(mentor=mentor, status=ReviewRequest.Status.CLAIMED).count()
    if held >= MAX_CLAIMS_PER_MENTOR:
        raise ValidationError(
            f"You already hold {MAX_CLAIMS_PER_MENTOR} reviews. Complete or return one first.", code="review_limit"
        )
    review.status = ReviewRequest.Status.CLAIMED
    review.mentor = mentor
    review.claimed_at = timezone.now()
    review.full_clean()
    review.save()
    return review


def _return_to_queue(review: ReviewRequest) -> ReviewRequest:
    # The draft belongs to the mentor who wrote it: the next mentor starts afresh and
    # never sees another mentor's unfinished notes.
    review.comments.all().delete()
    review.status = ReviewRequest.Status.OPEN
    review.mentor = None
    review.claimed_at = None
    review.overall_feedback = ""
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_unclaim(*, review: ReviewRequest, mentor: User) -> ReviewRequest:
    """The mentor gives the request back to the queue (their draft is discarded)."""
    review = _lock(review)
    _require_holder(review, mentor)
    return _return_to_queue(review)


@transaction.atomic
def review_feedback_save(*, review: ReviewRequest, mentor: User, overall_feedback: str) -> ReviewRequest:
    """Save the mentor's overall feedback as a draft (the requester sees it on completion)."""
    _require_verified_mentor(mentor)
    review = _lock(review)
    _require_holder(review, mentor)
    review.overall_feedback = overall_feedback.strip()
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_comment_add(*, review: ReviewRequest, mentor: User, section: str, text: str) -> ReviewComment:
    _require_verified_mentor(mentor)
    review = _lock(review)
    _require_holder(review, mentor)
    if section not in selectors.review_section_labels(kind=review.kind):
        raise ValidationError({"section": "Choose one of the sections listed."}, code="invalid_section")
    comment = ReviewComment(request=review, section=section, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def review_comment_delete(*, comment: ReviewComment, mentor: User) -> None:
    review = _lock(comment.request)
    _require_holder(review, mentor)
    ReviewComment.objects.filter(pk=comment.pk, request=review).delete()


@transaction.atomic
def review_complete(*, review: ReviewRequest, mentor: User, overall_feedback: str | None = None) -> ReviewRequest:
    """Hand the review to the requester: in-app notification now, email after commit."""
    _require_verified_mentor(mentor)
    review = _lock(review)
    _require_holder(review, mentor)
    if overall_feedback is not None:
        review.overall_feedback = overall_feedback.strip()
    if not review.overall_feedback:
        raise ValidationError(
            {"overall_feedback": "Write your overall feedback before completing the review."}, code="feedback_missing"
        )
    review.status = ReviewRequest.Status.COMPLETED
    review.completed_at = timezone.now()
    review.full_clean()
    review.save()
    account_services.notification_create(
        user=review.requester,
        kind="review_completed",
        text=f"A mentor has reviewed your {_noun(review.kind == ReviewRequest.Kind.COVER_LETTER)} "
        f"“{review_document_title(review)}”.",
        link=reverse("coaching:review_detail", args=[review.pk]),
    )
    from coaching.tasks import review_completed_email_send_task

    review_id = str(review.pk)
    transaction.on_commit(lambda: review_completed_email_send_task.delay(review_id))
    return review


# --- Back office -------------------------------------------------------------------------------


@transaction.atomic
def review_reassign(*, review: ReviewRequest, mentor: User) -> ReviewRequest:
    """An admin hands an open or claimed request to ``mentor`` (who must be verified).

    A request moving between mentors loses the previous mentor's draft, as on unclaim.
    """
    _require_verified_mentor(mentor)
    review = _lock(review)
    if review.status not in _ACTIVE:
        raise ValidationError("Only open or claimed requests can be reassigned.", code="review_closed")
    if review.requester_id == mentor.pk:
        raise ValidationError(
            f"A mentor cannot review their own {_noun(review.kind == ReviewRequest.Kind.COVER_LETTER)}.",
            code="review_own",
        )
    if review.mentor_id == mentor.pk:
        return review
    if review.status == ReviewRequest.Status.CLAIMED:
        _return_to_queue(review)
    review.status = ReviewRequest.Status.CLAIMED
    review.mentor = mentor
    review.claimed_at = timezone.now()
    review.full_clean()
    review.save()
    account_services.notification_create(
        user=mentor,
        kind="review_assigned",
        text=f"An admin assigned a {_noun(review.kind == ReviewRequest.Kind.COVER_LETTER)} review to you.",
        link=reverse("coaching:mentor_review", args=[review.pk]),
    )
    return review


@transaction.atomic
def review_return_to_queue(*, review: ReviewRequest) -> ReviewRequest:
    """An admin takes a claimed request from its mentor and puts it back in the queue."""
    review = _lock(review)
    if review.status != ReviewRequest.Status.CLAIMED:
        return review
    return _return_to_queue(review)


# --- Email ---------------------------------------------------------------------------------------


def review_completed_email_send(*, review_id: UUID | str) -> bool:
    """Email the requester that their review is ready. Safe to run twice: the row is claimed
    with a conditional UPDATE first, and released again if sending fails (so a retry sends)."""
    now = timezone.now()
    claimed = ReviewRequest.objects.filter(
        pk=review_id, status=ReviewRequest.Status.COMPLETED, email_sent_at__isnull=True
    ).update(email_sent_at=now)
    if claimed != 1:
        return False
    review = ReviewRequest.objects.select_related("requester", "resume", "cover_letter", "mentor").get(pk=review_id)
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "user": review.requester,
        "review": review,
        "resume_title": review_document_title(review),
        "document_label": _noun(review.kind == ReviewRequest.Kind.COVER_LETTER),
        "mentor_name": review.mentor.first_name or "Your mentor",
        "comment_count": review.comments.count(),
        "review_url": f"{settings.SITE_URL}{reverse('coaching:review_detail', args=[review.pk])}",
    }
    try:
        subject = " ".join(render_to_string("emails/review_completed-subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/review_completed-body.txt", context),
            to=[review.requester.email],
            headers={"X-CareerCoach-Review": str(review.pk)},
        )
        message.attach_alternative(render_to_string("emails/review_completed-body.html", context), "text/html")
        message.send()
    except Exception:
        ReviewRequest.objects.filter(pk=review_id, email_sent_at=now).update(email_sent_at=None)
        raise
    return True
