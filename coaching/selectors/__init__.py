"""Reads for coaching. Every lookup of a review is scoped to who asks:

- the requester sees their own requests;
- a verified mentor sees the queue (open requests, without the requester's identity) and
  the requests they hold or completed — and through those, only the requested resume or
  cover letter.
"""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet

from accounts.models import User
from coaching.models import MentorProfile, ReviewComment, ReviewRequest

# Resume columns no review page needs (the builder's sources and ATS results).
_RESUME_UNUSED = ("resume__parsed_data", "resume__content", "resume__feedback", "resume__layout")
_RESUME_HEAVY = ("resume__raw_text", *_RESUME_UNUSED)
# A reviewed cover letter: its text on the review pages, never the job it was written from.
_LETTER_HEAVY = ("cover_letter__content", "cover_letter__job_description")
_LETTER_UNUSED = ("cover_letter__job_description",)
_LETTER_TITLE_FIELDS = (
    *("cover_letter__id", "cover_letter__title", "cover_letter__company_name", "cover_letter__job_title"),
)
# What a mentor may see of a request: never the requester's email, profile or other data.
_MENTOR_LIST_FIELDS = (
    *("id", "kind", "note", "target_role", "status", "created_at", "claimed_at", "completed_at"),
    *("rating", "rating_comment", "rated_at", "resume_id", "requester_id", "mentor_id"),
    *("resume__id", "resume__title", "resume__page_count", "resume__status"),
    *("resume__file", "resume__original_name", "resume__mime_type", "requester__id", "requester__first_name"),
    *("cover_letter_id", *_LETTER_TITLE_FIELDS),
)
_MENTOR_DETAIL_FIELDS = (
    *_MENTOR_LIST_FIELDS,
    *("overall_feedback", "resume__status_message", "resume__raw_text", "resume__content", "resume__size"),
    "cover_letter__content",
)
_QUEUE_FIELDS = (
    *("id", "kind", "note", "target_role", "status", "created_at", "resume_id", "requester_id"),
    *("resume__id", "resume__title", "resume__page_count", "resume__status", "requester__id", "requester__first_name"),
    *("cover_letter_id", *_LETTER_TITLE_FIELDS),
)
_SECTION_ORDER = {value: i for i, value in enumerate(ReviewComment.Section.values)}
# A cover letter has no education or skills list of its own: its comment sections are a
# subset of the resume's, named for what they mean in a letter.
COVER_LETTER_SECTION_LABELS = {
    ReviewComment.Section.SUMMARY: "Opening",
    ReviewComment.Section.EXPERIENCE: "Experience and examples",
    ReviewComment.Section.SKILLS: "Fit with the job's requirements",
    ReviewComment.Section.FORMATTING: "Tone, length and layout",
    ReviewComment.Section.OTHER: "Other",
}


def review_section_labels(*, kind: str) -> dict[str, str]:
    """The comment sections a review of this kind offers, in reading order, with their labels."""
    if kind == ReviewRequest.Kind.COVER_LETTER:
        return {str(k): v for k, v in COVER_LETTER_SECTION_LABELS.items()}
    return {str(value): label for value, label in ReviewComment.Section.choices}


def mentor_is_verified(*, user: User) -> bool:
    if not user.is_authenticated or user.role != User.Role.MENTOR:
        return False
    return MentorProfile.objects.filter(user=user, verified_at__isnull=False).exists()


def mentor_profile_for_user(*, user: User) -> MentorProfile | None:
    return MentorProfile.objects.filter(user=user).first()


def _with_review_stats(profiles: QuerySet[MentorProfile]) -> QuerySet[MentorProfile]:
    completed = Q(user__reviews_taken__status=ReviewRequest.Status.COMPLETED)
    return profiles.select_related("user").annotate(
        completed_count=Count("user__reviews_taken", filter=completed),
        average_rating=Avg("user__reviews_taken__rating", filter=completed),
        rating_count=Count("user__reviews_taken__rating", filter=completed),
    )


def mentor_profile_public_list() -> QuerySet[MentorProfile]:
    """Verified, active mentors, each with ``completed_count``, ``average_rating`` and ``rating_count``."""
    return _with_review_stats(
        MentorProfile.objects.filter(verified_at__isnull=False, user__role=User.Role.MENTOR, user__is_active=True)
    )


def mentor_profile_with_stats(*, user: User) -> QuerySet[MentorProfile]:
    """The user's own mentor profile (verified or not) with the same figures."""
    return _with_review_stats(MentorProfile.objects.filter(user=user))


def mentor_stats(*, mentor: User) -> dict:
    """The dashboard's figures for ``mentor``, in one query."""
    return ReviewRequest.objects.filter(mentor=mentor).aggregate(
        claimed=Count("pk", filter=Q(status=ReviewRequest.Status.CLAIMED)),
        completed=Count("pk", filter=Q(status=ReviewRequest.Status.COMPLETED)),
        average_rating=Avg("rating"),
        rating_count=Count("rating"),
    )


# --- The requester's side ------------------------------------------------------------------------


def review_list_for_requester(*, user: User) -> QuerySet[ReviewRequest]:
    """The user's own requests, newest first, with the document's title and mentor name."""
    return (
        ReviewRequest.objects.filter(requester=user)
        .select_related("resume", "cover_letter", "mentor")
        .defer(*_RESUME_HEAVY, *_LETTER_HEAVY)
        .order_by("-created_at")
    )


def review_get_for_requester(*, user: User, review_id) -> ReviewRequest:
    """One of the user's requests with its comments and the document's text (DoesNotExist otherwise)."""
    return (
        ReviewRequest.objects.filter(requester=user)
        .select_related("resume", "cover_letter", "mentor")
        .defer(*_RESUME_UNUSED, *_LETTER_UNUSED)
        .prefetch_related("comments")
        .get(pk=review_id)
    )


# --- The mentor's side ---------------------------------------------------------------------------


def review_queue(*, mentor: User) -> QuerySet[ReviewRequest]:
    """Open requests, oldest first — without the mentor's own. Templates show the
    requester's first name only; nothing else of theirs is loaded."""
    return (
        # A suspended job seeker's requests wait until they are back.
        ReviewRequest.objects.filter(status=ReviewRequest.Status.OPEN, requester__is_active=True)
        .exclude(requester=mentor)
        .select_related("resume", "cover_letter", "requester")
        .only(*_QUEUE_FIELDS)
        .order_by("created_at", "id")
    )


def review_queue_item(*, mentor: User, review_id) -> ReviewRequest:
    """An open request as the queue shows it (for claiming); DoesNotExist otherwise."""
    return review_queue(mentor=mentor).get(pk=review_id)


def review_list_to_claim(*, mentor: User) -> QuerySet[ReviewRequest]:
    """Any request but the mentor's own: the claim service says when another mentor was
    quicker, or the request is no longer open."""
    return ReviewRequest.objects.exclude(requester=mentor).only("pk")


def review_list_for_mentor(*, mentor: User) -> QuerySet[ReviewRequest]:
    """Requests ``mentor`` holds or completed: the only way a mentor reaches a resume or letter."""
    return (
        ReviewRequest.objects.filter(
            mentor=mentor, status__in=[ReviewRequest.Status.CLAIMED, ReviewRequest.Status.COMPLETED]
        )
        .select_related("resume", "cover_letter", "requester")
        .only(*_MENTOR_LIST_FIELDS)
    )


def review_get_for_mentor(*, mentor: User, review_id) -> ReviewRequest:
    """A request ``mentor`` holds or completed, with the document's text and the comments."""
    return (
        ReviewRequest.objects.filter(
            mentor=mentor, status__in=[ReviewRequest.Status.CLAIMED, ReviewRequest.Status.COMPLETED]
        )
        .select_related("resume", "cover_letter", "requester")
        .only(*_MENTOR_DETAIL_FIELDS)
        .prefetch_related("comments")
        .get(pk=review_id)
    )


def review_comment_get_for_mentor(*, mentor: User, comment_id) -> ReviewComment:
    return ReviewComment.objects.select_related("request").get(
        pk=comment_id, request__mentor=mentor, request__status=ReviewRequest.Status.CLAIMED
    )


def review_recent_ratings(*, mentor: User, limit: int = 5) -> QuerySet[ReviewRequest]:
    return review_list_for_mentor(mentor=mentor).filter(rating__isnull=False).order_by("-rated_at")[:limit]


def review_comments_by_section(*, review: ReviewRequest) -> list[tuple[str, list[ReviewComment]]]:
    """The (prefetched) comments grouped by section, in the document's reading order."""
    labels = review_section_labels(kind=review.kind)
    groups: dict[str, list[ReviewComment]] = {}
    for comment in sorted(review.comments.all(), key=lambda c: (_SECTION_ORDER.get(c.section, 99), c.created_at)):
        groups.setdefault(labels.get(comment.section) or comment.get_section_display(), []).append(comment)
    return list(groups.items())
