"""Resume review pages: job seekers ask and read, verified mentors claim and review.
Every URL: anonymous → login, wrong method → 405, not yours → 404 (or 403 for
non-mentors on mentor pages), happy path, htmx fragments, invalid input."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, User
from coaching import services
from coaching.models import MentorProfile, ReviewComment, ReviewRequest
from tests.accounts.factories import UserFactory
from tests.coaching.factories import MentorProfileFactory, ReviewRequestFactory, verified_mentor
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    # The first request registers the session with allauth's usersessions (an INSERT):
    # make it here so query counts are the steady state.
    client.get(reverse("coaching:index"))
    return client


@pytest.fixture
def owner_client(owner):
    return _client(owner)


@pytest.fixture
def mentor():
    return verified_mentor(first_name="Maria", email="maria@example.com")


@pytest.fixture
def mentor_client(mentor):
    return _client(mentor)


@pytest.fixture
def resume(owner):
    resume = ResumeFactory(user=owner, title="Data analyst CV", raw_text="OLIVIA OWNER\nSkills: SQL, Python")
    resume.file.save("cv.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return resume


@pytest.fixture
def review(owner, resume):
    return services.review_request_create(requester=owner, resume=resume, note="Focus on skills", target_role="Analyst")


@pytest.fixture
def claimed(review, mentor):
    return services.review_claim(review=review, mentor=mentor)


@pytest.fixture
def completed(claimed, mentor):
    services.review_comment_add(review=claimed, mentor=mentor, section="SKILLS", text="Group your tools.")
    return services.review_complete(review=claimed, mentor=mentor, overall_feedback="Strong start; quantify results.")


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- URL table: login, methods, strangers ---------------------------------------------------------


def _urls(review, comment=None):
    urls = {
        ("GET", "coaching:index", ()),
        ("GET", "coaching:review_create", ()),
        ("GET", "coaching:review_detail", (review.pk,)),
        ("POST", "coaching:review_cancel", (review.pk,)),
        ("POST", "coaching:review_rate", (review.pk,)),
        ("GET", "coaching:mentor_queue", ()),
        ("GET", "coaching:mentor_profile_edit", ()),
        ("GET", "coaching:mentor_review", (review.pk,)),
        ("POST", "coaching:review_claim", (review.pk,)),
        ("POST", "coaching:review_unclaim", (review.pk,)),
        ("POST", "coaching:review_complete", (review.pk,)),
        ("POST", "coaching:review_comment_add", (review.pk,)),
        ("GET", "coaching:mentor_resume_download", (review.pk,)),
        ("GET", "coaching:mentor_profile", (review.requester_id,)),
    }
    if comment:
        urls.add(("POST", "coaching:review_comment_delete", (comment.pk,)))
    return sorted(urls)


def test_anonymous_is_sent_to_login(client, claimed, mentor):
    comment = services.review_comment_add(review=claimed, mentor=mentor, section="OTHER", text="x")
    for method, name, args in _urls(claimed, comment):
        url = reverse(name, args=args)
        response = client.generic(method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize(
    "name,wrong",
    [
        ("coaching:review_cancel", "GET"),
        ("coaching:review_claim", "GET"),
        ("coaching:review_unclaim", "GET"),
        ("coaching:review_complete", "GET"),
        ("coaching:review_comment_add", "GET"),
        ("coaching:review_detail", "POST"),
        ("coaching:mentor_resume_download", "POST"),
        ("coaching:review_rate", "DELETE"),
        ("coaching:mentor_review", "PUT"),
    ],
)
def test_wrong_method_is_405(mentor_client, claimed, name, wrong):
    assert mentor_client.generic(wrong, reverse(name, args=[claimed.pk])).status_code == 405


@pytest.mark.parametrize("url_name", ["index", "mentor_queue", "mentor_profile_edit"])
def test_wrong_method_is_405_without_ids(mentor_client, url_name):
    assert mentor_client.delete(reverse(f"coaching:{url_name}")).status_code == 405


def test_wrong_method_is_405_on_comment_delete(mentor_client, claimed, mentor):
    comment = services.review_comment_add(review=claimed, mentor=mentor, section="OTHER", text="x")
    assert mentor_client.get(reverse("coaching:review_comment_delete", args=[comment.pk])).status_code == 405


@pytest.mark.parametrize(
    "method,name",
    [
        ("GET", "coaching:review_detail"),
        ("POST", "coaching:review_cancel"),
        ("POST", "coaching:review_rate"),
        ("GET", "coaching:review_rate"),
    ],
)
def test_requester_urls_are_404_for_strangers(stranger_client, review, method, name):
    assert stranger_client.generic(method, reverse(name, args=[review.pk])).status_code == 404


@pytest.mark.parametrize(
    "method,name",
    [
        ("GET", "coaching:review_detail"),
        ("POST", "coaching:review_cancel"),
        ("POST", "coaching:review_rate"),
    ],
)
def test_requester_urls_are_404_for_the_mentor_too(mentor_client, claimed, method, name):
    assert mentor_client.generic(method, reverse(name, args=[claimed.pk])).status_code == 404


@pytest.mark.parametrize(
    "method,name",
    [
        ("GET", "coaching:mentor_review"),
        ("POST", "coaching:mentor_review"),
        ("POST", "coaching:review_unclaim"),
        ("POST", "coaching:review_complete"),
        ("POST", "coaching:review_comment_add"),
        ("GET", "coaching:mentor_resume_download"),
    ],
)
def test_mentor_urls_are_404_for_another_mentor(claimed, method, name):
    other = _client(verified_mentor())
    response = other.generic(method, reverse(name, args=[claimed.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "method,name",
    [
        ("GET", "coaching:mentor_review"),
        ("GET", "coaching:mentor_resume_download"),
    ],
)
def test_mentor_cannot_open_an_unclaimed_request(mentor_client, review, method, name):
    assert mentor_client.generic(method, reverse(name, args=[review.pk])).status_code == 404


def test_mentor_urls_are_403_for_job_seekers(owner_client, claimed, mentor):
    comment = services.review_comment_add(review=claimed, mentor=mentor, section="OTHER", text="x")
    mentor_only = [
        u
        for u in _urls(claimed, comment)
        if "mentor" in u[1]
        or u[1].split(":")[1]
        in ("review_claim", "review_unclaim", "review_complete", "review_comment_add", "review_comment_delete")
    ]
    mentor_only = [u for u in mentor_only if u[1] != "coaching:mentor_profile"]
    assert len(mentor_only) == 9
    for method, name, args in mentor_only:
        assert owner_client.generic(method, reverse(name, args=args)).status_code == 403, name


def test_unverified_mentor_is_sent_back_with_a_message(review):
    unverified = MentorProfileFactory().user
    client = _client(unverified)
    response = client.get(reverse("coaching:mentor_queue"))
    assert response.status_code == 302 and response["Location"] == reverse("coaching:index")
    assert "waiting for verification" in _messages(response)[0]
    response = client.post(reverse("coaching:review_claim", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.OPEN
    page = client.get(reverse("coaching:index"))
    assert "waiting for verification" in page.content.decode()


# --- The coach page -----------------------------------------------------------------------------


def test_index_lists_the_job_seekers_requests(owner_client, review, django_assert_max_num_queries):
    ReviewRequestFactory.create_batch(3, resume__user=review.requester)
    ReviewRequestFactory()  # someone else's
    # The coach hub: session, plan, today's usage, the provider row, six tools' latest
    # items and the reviews — a fixed number of queries, whatever the amount of data.
    with django_assert_max_num_queries(14):
        response = owner_client.get(reverse("coaching:index"))
    assert response.status_code == 200
    assert len(response.context["reviews"]) == 4
    body = response.content.decode()
    assert "Data analyst CV" in body and "Your coach" in body and "offline coach" in body


def test_index_is_the_dashboard_for_mentors(mentor_client, completed, owner, django_assert_max_num_queries):
    services.review_rate(review=completed, requester=owner, rating=5, comment="Great help")
    with django_assert_max_num_queries(12):
        response = mentor_client.get(reverse("coaching:index"))
    assert response.status_code == 200
    assert response.context["stats"]["completed"] == 1
    body = response.content.decode()
    assert "Mentor dashboard" in body and "Great help" in body
    assert "owner@example.com" not in body


# --- Asking for a review -------------------------------------------------------------------------


def test_create_page_preselects_the_resume(owner_client, resume):
    response = owner_client.get(reverse("coaching:review_create") + f"?resume={resume.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["resume"] == resume


def test_create_page_ignores_someone_elses_or_bad_resume_ids(owner_client, resume):
    other = ResumeFactory()
    for value in (other.pk, "not-a-uuid"):
        response = owner_client.get(reverse("coaching:review_create"), {"resume": value})
        assert response.status_code == 200
        assert response.context["form"].initial.get("resume") is None
        assert other.title not in response.content.decode()


def test_create_page_without_resumes_points_to_upload(owner_client):
    response = owner_client.get(reverse("coaching:review_create"))
    assert "Upload a resume" in response.content.decode()


def test_create_opens_a_request(owner_client, owner, resume):
    data = {"resume": resume.pk, "target_role": "Analyst", "note": "Skills please"}
    response = owner_client.post(reverse("coaching:review_create"), data)
    review = ReviewRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("coaching:review_detail", args=[review.pk])
    assert (review.requester, review.resume, review.target_role, review.status) == (owner, resume, "Analyst", "OPEN")


def test_create_htmx_redirects_the_page(owner_client, resume):
    response = owner_client.post(reverse("coaching:review_create"), {"resume": resume.pk}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("coaching:review_detail", args=[ReviewRequest.objects.get().pk])


def test_create_refuses_someone_elses_resume(owner_client, resume):
    other = ResumeFactory()
    response = owner_client.post(reverse("coaching:review_create"), {"resume": other.pk})
    assert response.status_code == 200 and "resume" in response.context["form"].errors
    assert not ReviewRequest.objects.exists()


def test_create_errors_come_back_as_the_form_fragment(owner_client, review, resume):
    response = owner_client.post(reverse("coaching:review_create"), {"resume": resume.pk}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="review-request-form"' in body and "already has a review" in body
    assert ReviewRequest.objects.count() == 1


def test_create_rejects_an_overlong_note(owner_client, resume):
    response = owner_client.post(reverse("coaching:review_create"), {"resume": resume.pk, "note": "x" * 2001})
    assert "note" in response.context["form"].errors
    assert not ReviewRequest.objects.exists()


# --- Reading, cancelling and rating --------------------------------------------------------------


def test_detail_while_open(owner_client, review):
    response = owner_client.get(reverse("coaching:review_detail", args=[review.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "waiting in the mentors" in body and "Cancel this request" in body and "OLIVIA OWNER" in body


def test_detail_shows_feedback_next_to_the_resume(owner_client, completed, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("coaching:review_detail", args=[completed.pk]))
    body = response.content.decode()
    assert "Strong start; quantify results." in body and "Group your tools." in body
    assert "OLIVIA OWNER" in body and "Maria" in body and "Rate this review" in body


def test_detail_notes_a_resume_still_being_read(owner_client, owner):
    resume = ResumeFactory(user=owner, status="EXTRACTING", raw_text="", file="resumes/cv.pdf")
    review = services.review_request_create(requester=owner, resume=resume)
    body = owner_client.get(reverse("coaching:review_detail", args=[review.pk])).content.decode()
    assert "still reading this resume" in body


def test_cancel(owner_client, review):
    response = owner_client.post(reverse("coaching:review_cancel", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CANCELLED


def test_cancel_refused_once_claimed(owner_client, claimed):
    response = owner_client.post(reverse("coaching:review_cancel", args=[claimed.pk]))
    assert response.status_code == 302 and "Only a review" in _messages(response)[0]
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.CLAIMED


def test_rate(owner_client, completed):
    response = owner_client.post(
        reverse("coaching:review_rate", args=[completed.pk]), {"rating": 5, "comment": "Thanks"}
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    assert (completed.rating, completed.rating_comment) == (5, "Thanks")


def test_rate_htmx_returns_the_rating_fragment(owner_client, completed):
    response = owner_client.post(reverse("coaching:review_rate", args=[completed.pk]), {"rating": 4}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="review-rating"' in body and "Thank you" in body and "4 out of 5" in body


def test_rate_twice_is_refused(owner_client, completed, owner):
    services.review_rate(review=completed, requester=owner, rating=2)
    response = owner_client.post(reverse("coaching:review_rate", args=[completed.pk]), {"rating": 5}, **HTMX)
    assert response.status_code == 200
    completed.refresh_from_db()
    assert completed.rating == 2


def test_rate_invalid_value_shows_errors(owner_client, completed):
    response = owner_client.post(reverse("coaching:review_rate", args=[completed.pk]), {"rating": 9}, **HTMX)
    assert response.status_code == 200 and "rating" in response.context["rating_form"].errors
    completed.refresh_from_db()
    assert completed.rating is None


def test_rate_before_completion_is_refused(owner_client, claimed):
    response = owner_client.post(reverse("coaching:review_rate", args=[claimed.pk]), {"rating": 5})
    assert response.status_code == 200
    claimed.refresh_from_db()
    assert claimed.rating is None


def test_rate_get_goes_back_to_the_review(owner_client, completed):
    response = owner_client.get(reverse("coaching:review_rate", args=[completed.pk]))
    assert response.status_code == 302 and "#review-rating" in response["Location"]


# --- Mentors: queue, claim, review, complete -----------------------------------------------------


def test_queue_shows_open_requests_without_requester_details(mentor_client, review, django_assert_max_num_queries):
    ReviewRequestFactory.create_batch(5)
    with django_assert_max_num_queries(9):
        response = mentor_client.get(reverse("coaching:mentor_queue"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Data analyst CV" in body and "Analyst" in body and "Focus on skills" in body and "Olivia" in body
    assert "owner@example.com" not in body and "Owner" not in body.replace("OLIVIA OWNER", "")
    assert "OLIVIA OWNER" not in body  # no resume text before the claim


def test_claim(mentor_client, mentor, review):
    response = mentor_client.post(reverse("coaching:review_claim", args=[review.pk]))
    assert response["Location"] == reverse("coaching:mentor_review", args=[review.pk])
    review.refresh_from_db()
    assert review.status == ReviewRequest.Status.CLAIMED and review.mentor == mentor


def test_claim_taken_request_says_so(claimed):
    client = _client(verified_mentor())
    response = client.post(reverse("coaching:review_claim", args=[claimed.pk]))
    assert response["Location"] == reverse("coaching:mentor_queue")
    assert "already taken" in _messages(response)[0]


def test_claim_unknown_request_is_404(mentor_client):
    import uuid

    assert mentor_client.post(reverse("coaching:review_claim", args=[uuid.uuid4()])).status_code == 404


def test_workspace_shows_the_resume_text_and_download(mentor_client, claimed, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = mentor_client.get(reverse("coaching:mentor_review", args=[claimed.pk]))
    body = response.content.decode()
    assert "OLIVIA OWNER" in body and "Focus on skills" in body
    assert reverse("coaching:mentor_resume_download", args=[claimed.pk]) in body
    assert "owner@example.com" not in body


def test_download_serves_the_file_safely(mentor_client, claimed):
    response = mentor_client.get(reverse("coaching:mentor_resume_download", args=[claimed.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_download_after_completion_and_not_after_unclaim(mentor_client, mentor, claimed):
    url = reverse("coaching:mentor_resume_download", args=[claimed.pk])
    services.review_unclaim(review=claimed, mentor=mentor)
    assert mentor_client.get(url).status_code == 404


def test_save_draft(mentor_client, claimed):
    url = reverse("coaching:mentor_review", args=[claimed.pk])
    response = mentor_client.post(url, {"overall_feedback": "Draft text"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Draft saved" in body
    claimed.refresh_from_db()
    assert claimed.overall_feedback == "Draft text" and claimed.status == "CLAIMED"
    assert mentor_client.post(url, {"overall_feedback": "Again"}).status_code == 302


def test_save_draft_rejects_overlong_feedback(mentor_client, claimed):
    url = reverse("coaching:mentor_review", args=[claimed.pk])
    response = mentor_client.post(url, {"overall_feedback": "x" * 10001})
    assert "overall_feedback" in response.context["feedback_form"].errors
    claimed.refresh_from_db()
    assert claimed.overall_feedback == ""


def test_comment_add_and_remove_with_htmx(mentor_client, claimed):
    response = mentor_client.post(
        reverse("coaching:review_comment_add", args=[claimed.pk]), {"section": "SUMMARY", "text": "Be concrete"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and 'id="review-comments"' in body
    assert "Be concrete" in body
    comment = ReviewComment.objects.get()
    response = mentor_client.post(reverse("coaching:review_comment_delete", args=[comment.pk]), **HTMX)
    assert response.status_code == 200 and "Be concrete" not in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_comment_add_without_htmx_redirects(mentor_client, claimed):
    response = mentor_client.post(
        reverse("coaching:review_comment_add", args=[claimed.pk]), {"section": "SKILLS", "text": "x"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#review-comments")


def test_comment_add_invalid(mentor_client, claimed):
    url = reverse("coaching:review_comment_add", args=[claimed.pk])
    response = mentor_client.post(url, {"section": "HOBBIES", "text": ""}, **HTMX)
    form = response.context["comment_form"]
    assert "section" in form.errors and "text" in form.errors
    assert not ReviewComment.objects.exists()
    response = mentor_client.post(url, {"section": "SKILLS", "text": ""})
    assert response.status_code == 200 and "<html" in response.content.decode()


def test_comment_delete_of_another_mentor_is_404(claimed, mentor):
    comment = services.review_comment_add(review=claimed, mentor=mentor, section="OTHER", text="x")
    other = _client(verified_mentor())
    assert other.post(reverse("coaching:review_comment_delete", args=[comment.pk])).status_code == 404
    assert ReviewComment.objects.filter(pk=comment.pk).exists()


def test_complete_requires_feedback(mentor_client, claimed):
    response = mentor_client.post(
        reverse("coaching:review_complete", args=[claimed.pk]), {"overall_feedback": ""}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Write your overall feedback" in body
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.CLAIMED


def test_complete_notifies_and_emails(mentor_client, claimed, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor_client.post(
            reverse("coaching:review_complete", args=[claimed.pk]), {"overall_feedback": "Well done"}
        )
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.COMPLETED and claimed.overall_feedback == "Well done"
    assert Notification.objects.filter(user=owner, kind="review_completed").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    # The completed review stays readable for the mentor, without edit forms.
    page = mentor_client.get(reverse("coaching:mentor_review", args=[claimed.pk])).content.decode()
    assert "Well done" in page and "Complete the review" not in page


def test_complete_htmx_redirects(mentor_client, claimed):
    response = mentor_client.post(
        reverse("coaching:review_complete", args=[claimed.pk]), {"overall_feedback": "Fine"}, **HTMX
    )
    assert response["HX-Redirect"] == reverse("coaching:mentor_review", args=[claimed.pk])


def test_writes_on_a_completed_review_are_refused(mentor_client, completed):
    response = mentor_client.post(
        reverse("coaching:review_comment_add", args=[completed.pk]), {"section": "SKILLS", "text": "late"}, **HTMX
    )
    assert response.status_code == 200
    assert "not reviewing this request" in response.content.decode()
    assert completed.comments.count() == 1


def test_unclaim(mentor_client, claimed):
    response = mentor_client.post(reverse("coaching:review_unclaim", args=[claimed.pk]))
    assert response["Location"] == reverse("coaching:mentor_queue")
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.OPEN and claimed.mentor is None


def test_unclaim_of_a_completed_review_is_refused(mentor_client, completed):
    response = mentor_client.post(reverse("coaching:review_unclaim", args=[completed.pk]))
    assert response.status_code == 302
    completed.refresh_from_db()
    assert completed.status == ReviewRequest.Status.COMPLETED


def test_mentor_cannot_reach_other_resumes_of_the_requester(mentor_client, claimed, owner):
    other_resume = ResumeFactory(user=owner, title="Secret CV")
    assert mentor_client.get(reverse("jobs:resume_download", args=[other_resume.pk])).status_code == 404
    assert mentor_client.get(reverse("jobs:resume_download", args=[claimed.resume_id])).status_code == 404


# --- Mentor profiles ---------------------------------------------------------------------------


def test_mentor_profile_is_public_to_logged_in_users(owner_client, mentor, completed, owner):
    services.review_rate(review=completed, requester=owner, rating=4)
    MentorProfile.objects.filter(user=mentor).update(headline="Hiring manager", years_of_experience=15)
    response = owner_client.get(reverse("coaching:mentor_profile", args=[mentor.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hiring manager" in body and "15" in body and "4.0" in body and "Maria" in body
    assert "maria@example.com" not in body


def test_unverified_mentor_profile_is_404_but_visible_to_its_owner(owner_client):
    unverified = MentorProfileFactory().user
    assert owner_client.get(reverse("coaching:mentor_profile", args=[unverified.pk])).status_code == 404
    own = _client(unverified).get(reverse("coaching:mentor_profile", args=[unverified.pk]))
    assert own.status_code == 200 and "Waiting for verification" in own.content.decode()


def test_non_mentor_profile_is_404(owner_client, stranger):
    assert owner_client.get(reverse("coaching:mentor_profile", args=[stranger.pk])).status_code == 404


def test_mentor_profile_edit(mentor_client, mentor):
    url = reverse("coaching:mentor_profile_edit")
    assert mentor_client.get(url).status_code == 200
    data = {"headline": "Recruiter", "bio": "Hi", "expertise": "Tech, tech, Sales ", "years_of_experience": 8}
    response = mentor_client.post(url, data)
    assert response["Location"] == reverse("coaching:mentor_profile", args=[mentor.pk])
    profile = MentorProfile.objects.get(user=mentor)
    assert (profile.headline, profile.expertise, profile.years_of_experience) == ("Recruiter", ["Tech", "Sales"], 8)
    assert profile.is_verified


def test_mentor_profile_edit_invalid_htmx(mentor_client, mentor):
    response = mentor_client.post(
        reverse("coaching:mentor_profile_edit"), {"headline": "x", "years_of_experience": 200}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and 'id="mentor-profile-form"' in body
    assert "years_of_experience" in response.context["form"].errors
    assert MentorProfile.objects.get(user=mentor).headline != "x"


def test_unverified_mentor_can_create_a_profile():
    user = UserFactory(role=User.Role.MENTOR)
    response = _client(user).post(reverse("coaching:mentor_profile_edit"), {"headline": "New mentor"})
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=user)
    assert profile.headline == "New mentor" and not profile.is_verified


def test_mentor_profile_edit_is_403_for_job_seekers(owner_client):
    assert owner_client.get(reverse("coaching:mentor_profile_edit")).status_code == 403


# --- The resume list links here ------------------------------------------------------------------


def test_resume_list_links_to_asking_for_a_review(owner_client, resume):
    body = owner_client.get(reverse("jobs:resume_list")).content.decode()
    assert f"{reverse('coaching:review_create')}?resume={resume.pk}" in body
