"""Back office for reviews: list, filters, search and the hand-over actions."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from accounts.models import User
from coaching import services
from coaching.models import ReviewRequest
from tests.accounts.factories import UserFactory
from tests.coaching.factories import ReviewCommentFactory, ReviewRequestFactory, verified_mentor

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:coaching_reviewrequest_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True, role=User.Role.ADMIN))
    return client


@pytest.fixture
def claimed():
    mentor = verified_mentor()
    return services.review_claim(review=ReviewRequestFactory(), mentor=mentor)


@pytest.mark.parametrize(
    "params", [{}, {"status__exact": "CLAIMED"}, {"q": "example"}, {"kind__exact": "RESUME"}, {"rating": "5"}]
)
def test_changelist_renders(admin_client, claimed, params):
    ReviewRequestFactory()
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200


def test_changelist_query_count_does_not_grow(admin_client, django_assert_max_num_queries):
    ReviewRequestFactory()
    admin_client.get(CHANGELIST)
    ReviewRequestFactory.create_batch(10)
    with django_assert_max_num_queries(15):
        assert admin_client.get(CHANGELIST).status_code == 200


def test_change_page_renders_read_only(admin_client, claimed):
    ReviewCommentFactory(request=claimed)
    response = admin_client.get(reverse("admin:coaching_reviewrequest_change", args=[claimed.pk]))
    assert response.status_code == 200
    assert "status" not in response.context["adminform"].form.fields


def test_comment_admin_renders(admin_client):
    comment = ReviewCommentFactory()
    assert admin_client.get(reverse("admin:coaching_reviewcomment_changelist"), {"q": "x"}).status_code == 200
    assert admin_client.get(reverse("admin:coaching_reviewcomment_change", args=[comment.pk])).status_code == 200


def test_no_add_pages(admin_client):
    assert admin_client.get(reverse("admin:coaching_reviewrequest_add")).status_code == 403
    assert admin_client.get(reverse("admin:coaching_reviewcomment_add")).status_code == 403


def _action(client, action, reviews, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(r.pk) for r in reviews], **extra}
    return client.post(CHANGELIST, data)


def test_reassign_shows_an_intermediate_page_with_verified_mentors_only(admin_client, claimed):
    mentor = verified_mentor(first_name="Vera")
    unverified = UserFactory(role=User.Role.MENTOR, first_name="Uma")
    response = _action(admin_client, "reassign", [claimed])
    assert response.status_code == 200
    assert "coaching/admin/reassign_confirmation.html" in [t.name for t in response.templates]
    choices = response.context["form"].fields["mentor"].queryset
    assert mentor in choices and unverified not in choices


def test_reassign_applies(admin_client, claimed):
    mentor = verified_mentor()
    open_review = ReviewRequestFactory()
    response = _action(admin_client, "reassign", [claimed, open_review], apply="yes", mentor=str(mentor.pk))
    assert response.status_code == 302
    for review in (claimed, open_review):
        review.refresh_from_db()
        assert review.mentor == mentor and review.status == ReviewRequest.Status.CLAIMED


def test_reassign_skips_closed_requests_with_a_message(admin_client, claimed):
    services.review_complete(review=claimed, mentor=claimed.mentor, overall_feedback="Done")
    previous = claimed.mentor
    response = _action(admin_client, "reassign", [claimed], apply="yes", mentor=str(verified_mentor().pk))
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.mentor == previous and claimed.status == ReviewRequest.Status.COMPLETED


def test_reassign_rejects_an_unverified_mentor(admin_client, claimed):
    unverified = UserFactory(role=User.Role.MENTOR)
    response = _action(admin_client, "reassign", [claimed], apply="yes", mentor=str(unverified.pk))
    assert response.status_code == 200 and "mentor" in response.context["form"].errors
    claimed.refresh_from_db()
    assert claimed.mentor != unverified


def test_return_to_queue(admin_client, claimed):
    response = _action(admin_client, "return_to_queue", [claimed, ReviewRequestFactory()])
    assert response.status_code == 302
    claimed.refresh_from_db()
    assert claimed.status == ReviewRequest.Status.OPEN and claimed.mentor is None
