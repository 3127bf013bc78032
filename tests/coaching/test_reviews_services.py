"""Resume reviews: the services' rules (who may do what, in which state) and side effects."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Notification, User
from coaching import selectors, services
from coaching.models import ReviewComment, ReviewRequest
from tests.accounts.factories import UserFactory
from tests.coaching.factories import MentorProfileFactory, ReviewRequestFactory, verified_mentor
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor():
    return verified_mentor(first_name="Maria", email="maria@example.com")


@pytest.fixture
def resume(owner):
    return ResumeFactory(user=owner, title="Data analyst CV", raw_text="Olivia Owner\nSkills: SQL")


def _claimed(mentor, **kwargs) -> ReviewRequest:
    return services.review_claim(review=ReviewRequestFactory(**kwargs), mentor=mentor)


# --- Asking -------------------------------------------------------------------------------------


def test_request_create_opens_a_request(owner, resume):
    review = services.review_request_create(requester=owner, resume=resume, note=" Help ", target_role=" Analyst ")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN
    assert (review.requester, review.resume, review.note, review.target_role) == (owner, resume, "Help", "Analyst")
    assert review.kind == ReviewRequest.Kind.RESUME and review.mentor is None


def test_request_create_refuses_someone_elses_resume(stranger, resume):
    with pytest.raises(PermissionDenied):
        services.review_request_create(requester=stranger, resume=resume)
    assert not ReviewRequest.objects.exists()


def test_request_create_refuses_a_second_active_request_for_the_resume(owner, resume):
    services.review_request_create(requester=owner, resume=resume)
    with pytest.raises(ValidationError) as e:
        services.review_request_create(requester=owner, resume=resume)
    assert "resume" in e.value.error_dict
    assert ReviewRequest.objects.count() == 1


def test_many_reviews_per_resume_over_time(owner, resume, mentor):
    first = services.review_request_create(requester=owner, resume=resume)
    services.review_claim(review=first, mentor=mentor)
    services.review_complete(review=first, mentor=mentor, overall_feedback="Good.")
    second = services.review_request_create(requester=owner, resume=resume)
    assert second.pk != first.pk
    assert ReviewRequest.objects.filter(resume=resume).count() == 2


def test_request_create_caps_active_requests(owner):
    for _ in range(services.MAX_ACTIVE_REQUESTS_PER_USER):
        services.review_request_create(requester=owner, resume=ResumeFactory(user=owner, raw_text="CV"))
    with pytest.raises(ValidationError):
        services.review_request_create(requester=owner, resume=ResumeFactory(user=owner, raw_text="CV"))


def test_cancel_only_while_open(owner, mentor):
    review = ReviewRequestFactory(resume__user=owner)
    services.review_cancel(review=review, requester=owner)
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CANCELLED and review.cancelled_at
    claimed = _claimed(mentor, resume__user=owner)
    with pytest.raises(ValidationError):
        services.review_cancel(review=claimed, requester=owner)


def test_cancel_refuses_another_user(owner, stranger):
    review = ReviewRequestFactory(resume__user=owner)
    with pytest.raises(PermissionDenied):
        services.review_cancel(review=review, requester=stranger)


# --- Mentors ------------------------------------------------------------------------------------


def test_claim_gives_the_request_to_the_mentor(mentor):
    review = _claimed(mentor)
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CLAIMED
    assert review.mentor == mentor and review.claimed_at


def test_claim_refuses_a_job_seeker(owner):
    review = ReviewRequestFactory()
    with pytest.raises(PermissionDenied):
        services.review_claim(review=review, mentor=owner)
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN


def test_claim_refuses_an_unverified_mentor():
    unverified = MentorProfileFactory().user
    with pytest.raises(PermissionDenied):
        services.review_claim(review=ReviewRequestFactory(), mentor=unverified)


def test_claim_refuses_a_mentor_whose_verification_was_removed(mentor):
    services.mentor_unverify(user=mentor)
    with pytest.raises(PermissionDenied):
        services.review_claim(review=ReviewRequestFactory(), mentor=mentor)


def test_claim_refuses_an_already_claimed_request(mentor):
    review = _claimed(mentor)
    with pytest.raises(ValidationError):
        services.review_claim(review=review, mentor=verified_mentor())
    review.refresh_from_db()
    assert review.mentor == mentor


def test_claim_refuses_own_resume(mentor):
    review = ReviewRequestFactory(resume__user=mentor)
    with pytest.raises(ValidationError):
        services.review_claim(review=review, mentor=mentor)


def test_claim_caps_reviews_held(mentor):
    for _ in range(services.MAX_CLAIMS_PER_MENTOR):
        _claimed(mentor)
    with pytest.raises(ValidationError):
        _claimed(mentor)


def test_unclaim_returns_to_queue_and_discards_the_draft(mentor):
    review = _claimed(mentor)
    services.review_feedback_save(review=review, mentor=mentor, overall_feedback="Draft")
    services.review_comment_add(review=review, mentor=mentor, section="SKILLS", text="Add SQL")
    services.review_unclaim(review=review, mentor=mentor)
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN
    assert review.mentor is None and review.claimed_at is None and review.overall_feedback == ""
    assert not review.comments.exists()


def test_unclaim_refuses_another_mentor(mentor):
    review = _claimed(mentor)
    with pytest.raises(ValidationError):
        services.review_unclaim(review=review, mentor=verified_mentor())


def test_comments_only_by_the_holder(mentor):
    review = _claimed(mentor)
    comment = services.review_comment_add(review=review, mentor=mentor, section="SUMMARY", text=" Sharper ")
    assert comment.text == "Sharper"
    other = verified_mentor()
    with pytest.raises(ValidationError):
        services.review_comment_add(review=review, mentor=other, section="SUMMARY", text="x")
    with pytest.raises(ValidationError):
        services.review_comment_delete(comment=comment, mentor=other)
    services.review_comment_delete(comment=comment, mentor=mentor)
    assert not ReviewComment.objects.exists()


def test_comment_rejects_an_unknown_section(mentor):
    with pytest.raises(ValidationError):
        services.review_comment_add(review=_claimed(mentor), mentor=mentor, section="HOBBIES", text="x")


def test_complete_requires_overall_feedback(mentor):
    review = _claimed(mentor)
    with pytest.raises(ValidationError) as e:
        services.review_complete(review=review, mentor=mentor, overall_feedback="   ")
    assert "overall_feedback" in e.value.error_dict
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CLAIMED


def test_complete_notifies_and_emails_the_requester_once(mentor, owner, django_capture_on_commit_callbacks):
    review = _claimed(mentor, resume__user=owner, resume__title="Data analyst CV")
    services.review_comment_add(review=review, mentor=mentor, section="SKILLS", text="Add SQL")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_complete(review=review, mentor=mentor, overall_feedback="Solid, tighten bullets.")
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.COMPLETED and review.completed_at and review.email_sent_at
    notification = Notification.objects.get(user=owner)
    assert notification.kind == "review_completed"
    assert notification.link == reverse("coaching:review_detail", args=[review.pk])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert "Data analyst CV" in message.subject
    assert "Maria" in message.body and str(review.pk) in message.body
    assert "1 comment" in message.body
    assert str(review.pk) in message.alternatives[0][0]
    # The task is safe to run twice.
    assert services.review_completed_email_send(review_id=review.pk) is False
    assert len(mail.outbox) == 1


def test_email_is_not_sent_before_commit(mentor, django_capture_on_commit_callbacks):
    review = _claimed(mentor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.review_complete(review=review, mentor=mentor, overall_feedback="Fine")
    assert len(callbacks) == 1 and mail.outbox == []


def test_email_send_failure_releases_the_claim(mentor, settings):
    review = _claimed(mentor)
    services.review_complete(review=review, mentor=mentor, overall_feedback="Fine")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    with pytest.raises(OSError):
        services.review_completed_email_send(review_id=review.pk)
    review.refresh_from_db()
    assert review.email_sent_at is None


def test_complete_refuses_someone_elses_claim(mentor):
    review = _claimed(mentor)
    with pytest.raises(ValidationError):
        services.review_complete(review=review, mentor=verified_mentor(), overall_feedback="x")


# --- Rating -------------------------------------------------------------------------------------


def _completed(mentor, owner) -> ReviewRequest:
    review = _claimed(mentor, resume__user=owner)
    return services.review_complete(review=review, mentor=mentor, overall_feedback="Good")


def test_rate_once_by_the_requester(mentor, owner):
    review = _completed(mentor, owner)
    services.review_rate(review=review, requester=owner, rating=4, comment=" Helpful ")
    review.refresh_from_db()
    assert (review.rating, review.rating_comment) == (4, "Helpful") and review.rated_at
    with pytest.raises(ValidationError):
        services.review_rate(review=review, requester=owner, rating=1)
    review.refresh_from_db()
    assert review.rating == 4


def test_rate_refuses_others_and_unfinished_reviews(mentor, owner, stranger):
    review = _completed(mentor, owner)
    with pytest.raises(PermissionDenied):
        services.review_rate(review=review, requester=stranger, rating=5)
    with pytest.raises(PermissionDenied):
        services.review_rate(review=review, requester=mentor, rating=5)
    claimed = _claimed(mentor, resume__user=owner)
    with pytest.raises(ValidationError):
        services.review_rate(review=claimed, requester=owner, rating=5)


@pytest.mark.parametrize("rating", [0, 6])
def test_rate_rejects_out_of_range(mentor, owner, rating):
    review = _completed(mentor, owner)
    with pytest.raises(ValidationError):
        services.review_rate(review=review, requester=owner, rating=rating)


def test_database_enforces_the_rules(mentor):
    review = _claimed(mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.filter(pk=review.pk).update(mentor=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.filter(pk=review.pk).update(rating=3)  # not completed
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequestFactory(resume=review.resume)  # a second active request
    services.review_complete(review=review, mentor=mentor, overall_feedback="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.filter(pk=review.pk).update(rating=9)


# --- Admin services -----------------------------------------------------------------------------


def test_reassign_moves_a_claimed_request_and_drops_the_draft(mentor):
    review = _claimed(mentor)
    services.review_comment_add(review=review, mentor=mentor, section="SKILLS", text="Draft")
    other = verified_mentor()
    services.review_reassign(review=review, mentor=other)
    review.refresh_from_db()
    assert review.mentor == other and review.status == ReviewRequest.Status.CLAIMED
    assert not review.comments.exists()
    assert Notification.objects.filter(user=other, kind="review_assigned").exists()


def test_reassign_assigns_an_open_request(mentor):
    review = services.review_reassign(review=ReviewRequestFactory(), mentor=mentor)
    assert review.status == ReviewRequest.Status.CLAIMED and review.mentor == mentor


def test_reassign_refuses_unverified_and_closed(mentor, owner):
    with pytest.raises(PermissionDenied):
        services.review_reassign(review=ReviewRequestFactory(), mentor=UserFactory(role=User.Role.MENTOR))
    with pytest.raises(ValidationError):
        services.review_reassign(review=_completed(mentor, owner), mentor=verified_mentor())


def test_return_to_queue(mentor):
    review = services.review_return_to_queue(review=_claimed(mentor))
    assert review.status == ReviewRequest.Status.OPEN and review.mentor is None


# --- Selectors ----------------------------------------------------------------------------------


def test_queue_is_oldest_first_and_hides_own_and_taken(mentor):
    first, second = ReviewRequestFactory(), ReviewRequestFactory()
    ReviewRequestFactory(resume__user=mentor)
    _claimed(verified_mentor())
    assert list(selectors.review_queue(mentor=mentor)) == [first, second]


def test_queue_loads_no_requester_data_but_the_first_name(mentor, django_assert_max_num_queries):
    ReviewRequestFactory.create_batch(5)
    with django_assert_max_num_queries(1):
        reviews = list(selectors.review_queue(mentor=mentor))
    assert reviews[0].requester.get_deferred_fields() >= {"email", "last_name", "phone_number"}


def test_mentor_sees_only_held_or_completed_requests(mentor, owner):
    held = _claimed(mentor)
    done = _completed(mentor, owner)
    _claimed(verified_mentor())
    ReviewRequestFactory()
    assert set(selectors.review_list_for_mentor(mentor=mentor)) == {held, done}


def test_mentor_stats_and_public_profile(mentor, owner):
    for rating in (5, 4):
        review = _completed(mentor, UserFactory())
        services.review_rate(review=review, requester=review.requester, rating=rating)
    _claimed(mentor)
    stats = selectors.mentor_stats(mentor=mentor)
    assert (stats["claimed"], stats["completed"], stats["average_rating"], stats["rating_count"]) == (1, 2, 4.5, 2)
    profile = selectors.mentor_profile_public_list().get(user=mentor)
    assert (profile.completed_count, profile.average_rating, profile.rating_count) == (2, 4.5, 2)


def test_comments_by_section_follow_the_resume_order(mentor):
    review = _claimed(mentor)
    for section in ("OTHER", "SKILLS", "SUMMARY", "SKILLS"):
        services.review_comment_add(review=review, mentor=mentor, section=section, text=section)
    review = selectors.review_get_for_mentor(mentor=mentor, review_id=review.pk)
    groups = selectors.review_comments_by_section(review=review)
    assert [(label, len(items)) for label, items in groups] == [("Summary", 1), ("Skills", 2), ("Other", 1)]


# --- Mentor profile -----------------------------------------------------------------------------


def test_mentor_profile_update(mentor):
    profile = services.mentor_profile_update(
        user=mentor,
        data={"headline": "Recruiter", "expertise": ["Tech"], "years_of_experience": 12, "verified_at": None},
    )
    profile.refresh_from_db()
    assert (profile.headline, profile.expertise, profile.years_of_experience) == ("Recruiter", ["Tech"], 12)
    assert profile.is_verified  # not theirs to change


def test_mentor_profile_update_refuses_job_seekers(owner):
    with pytest.raises(PermissionDenied):
        services.mentor_profile_update(user=owner, data={"headline": "x"})


def test_unverifying_a_mentor_returns_their_claims_to_the_queue(mentor, owner):
    held = _claimed(mentor)
    done = _completed(mentor, owner)
    services.mentor_unverify(user=mentor)
    held.refresh_from_db()
    done.refresh_from_db()
    assert held.status == ReviewRequest.Status.OPEN and held.mentor is None
    assert done.status == ReviewRequest.Status.COMPLETED and done.mentor == mentor


def test_queue_skips_requests_of_suspended_users(mentor):
    from accounts import services as account_services

    review = ReviewRequestFactory()
    account_services.user_suspend(user=review.requester, reason="spam")
    assert list(selectors.review_queue(mentor=mentor)) == []


def test_request_create_refuses_an_empty_resume(owner):
    empty = ResumeFactory(user=owner, status="DRAFT", raw_text="", content="")
    with pytest.raises(ValidationError) as e:
        services.review_request_create(requester=owner, resume=empty)
    assert "resume" in e.value.error_dict
    draft = ResumeFactory(user=owner, status="DRAFT", content="# Olivia Owner")
    assert services.review_request_create(requester=owner, resume=draft).pk
