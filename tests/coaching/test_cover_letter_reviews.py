"""Mentor reviews of cover letters: the queue, claim, workspace (the letter's sanitised text),
comment sections for letters, complete (notification + email), rating, and scoping."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from coaching import services
from coaching.models import ReviewComment, ReviewRequest
from tests.coaching.factories import CoverLetterFactory, verified_mentor

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mentor():
    return verified_mentor(first_name="Maria", email="maria@example.com")


@pytest.fixture
def mentor_client(mentor):
    return _client(mentor)


@pytest.fixture
def letter(owner):
    return CoverLetterFactory(
        user=owner,
        company_name="Northwind",
        job_title="Backend Engineer",
        title="Letter for Northwind",
        content="Dear Northwind hiring team,\n\nI build **reliable** APIs.<script>alert(1)</script>\n\nOlivia Owner",
    )


@pytest.fixture
def review(owner, letter):
    return services.review_request_create(requester=owner, cover_letter=letter, note="Tone?", target_role="Backend")


@pytest.fixture
def claimed(review, mentor):
    return services.review_claim(review=review, mentor=mentor)


def test_the_queue_lists_letter_requests(mentor_client, review):
    page = mentor_client.get(reverse("coaching:mentor_queue")).content.decode()
    assert "Cover letter" in page and "Letter for Northwind" in page
    assert reverse("coaching:review_claim", args=[review.pk]) in page
    assert "Olivia" in page and "owner@example.com" not in page


def test_claim_and_workspace_show_the_letter_sanitised(mentor_client, review, mentor):
    response = mentor_client.post(reverse("coaching:review_claim", args=[review.pk]))
    assert response["Location"] == reverse("coaching:mentor_review", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CLAIMED and review.mentor == mentor
    page = mentor_client.get(reverse("coaching:mentor_review", args=[review.pk])).content.decode()
    assert "Review of cover letter “Letter for Northwind”" in page
    assert "<strong>reliable</strong>" in page and "<script>alert(1)" not in page
    assert "Download the resume" not in page
    # Letter sections, not the resume's.
    assert '<option value="SUMMARY">Opening</option>' in page and 'value="EDUCATION"' not in page
    assert mentor_client.get(reverse("coaching:mentor_resume_download", args=[review.pk])).status_code == 404


def test_comments_use_the_letters_sections(mentor_client, claimed):
    url = reverse("coaching:review_comment_add", args=[claimed.pk])
    fragment = mentor_client.post(
        url, {"section": "SKILLS", "text": "Answer the Go requirement."}, **HTMX
    ).content.decode()
    assert "Fit with the job&#x27;s requirements" in fragment and "<html" not in fragment
    assert ReviewComment.objects.filter(request=claimed, section="SKILLS").count() == 1
    response = mentor_client.post(url, {"section": "EDUCATION", "text": "x"}, **HTMX)
    assert response.status_code == 200 and ReviewComment.objects.filter(request=claimed).count() == 1


def test_the_service_refuses_a_resume_only_section_on_a_letter(claimed, mentor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_comment_add(review=claimed, mentor=mentor, section="EDUCATION", text="x")


def test_complete_notifies_and_emails_about_the_letter(
    mentor_client, claimed, owner, django_capture_on_commit_callbacks
):
    services.review_comment_add(review=claimed, mentor=claimed.mentor, section="SUMMARY", text="Open with impact.")
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor_client.post(
            reverse("coaching:review_complete", args=[claimed.pk]), {"overall_feedback": "Strong letter."}
        )
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.COMPLETED
    notification = Notification.objects.get(user=owner, kind="review_completed")
    assert "cover letter “Letter for Northwind”" in notification.text
    assert len(mail.outbox) == 1
    assert "cover letter" in mail.outbox[0].subject and "Letter for Northwind" in mail.outbox[0].subject
    assert "reviewed your cover letter" in mail.outbox[0].body


def test_the_requester_reads_the_feedback_next_to_the_letter_and_rates(owner, claimed, mentor):
    services.review_comment_add(review=claimed, mentor=mentor, section="FORMATTING", text="Shorter, please.")
    services.review_complete(review=claimed, mentor=mentor, overall_feedback="Good start.")
    client = _client(owner)
    page = client.get(reverse("coaching:review_detail", args=[claimed.pk])).content.decode()
    assert "Your cover letter" in page and "<strong>reliable</strong>" in page and "<script>alert" not in page
    assert "Tone, length and layout" in page and "Shorter, please." in page and "Good start." in page
    client.post(reverse("coaching:review_rate", args=[claimed.pk]), {"rating": 5})
    claimed.refresh_from_db()
    assert claimed.rating == 5


def test_strangers_and_other_mentors_get_404(stranger, claimed, review):
    stranger_client = _client(stranger)
    assert stranger_client.get(reverse("coaching:review_detail", args=[review.pk])).status_code == 404
    other_mentor = _client(verified_mentor(email="other@example.com"))
    for name in ("mentor_review", "mentor_resume_download"):
        assert other_mentor.get(reverse(f"coaching:{name}", args=[claimed.pk])).status_code == 404
    for name in ("review_complete", "review_comment_add", "review_unclaim"):
        assert (
            other_mentor.post(reverse(f"coaching:{name}", args=[claimed.pk]), {"overall_feedback": "x"}).status_code
            == 404
        )
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.CLAIMED and not claimed.comments.exists()


def test_a_mentor_cannot_claim_their_own_letter(mentor, mentor_client):
    own = CoverLetterFactory(user=mentor)
    review = services.review_request_create(requester=mentor, cover_letter=own)
    assert mentor_client.post(reverse("coaching:review_claim", args=[review.pk])).status_code == 404
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN


def test_one_active_review_per_letter_but_a_new_one_after_completion(owner, letter, claimed, mentor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.review_request_create(requester=owner, cover_letter=letter)
    services.review_complete(review=claimed, mentor=mentor, overall_feedback="Done.")
    again = services.review_request_create(requester=owner, cover_letter=letter)
    assert again.status == ReviewRequest.Status.OPEN


def test_dashboard_and_requester_list_name_the_letter(mentor_client, claimed):
    page = mentor_client.get(reverse("coaching:index")).content.decode()
    assert "Cover letter “Letter for Northwind”" in page


def test_the_letter_page_links_the_active_review(owner, review, letter):
    page = _client(owner).get(reverse("coaching:cover_letter_detail", args=[letter.pk])).content.decode()
    assert reverse("coaching:review_detail", args=[review.pk]) in page
    assert "waiting in the mentors' queue" in page


def test_cancelled_letter_review_links_back_to_the_letter(owner, review, letter):
    services.review_cancel(review=review, requester=owner)
    page = _client(owner).get(reverse("coaching:review_detail", args=[review.pk])).content.decode()
    assert reverse("coaching:cover_letter_detail", args=[letter.pk]) in page
