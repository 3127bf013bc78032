import pytest

from accounts.models import User
from coaching import services
from coaching.models import MentorProfile
from tests.accounts.factories import UserFactory
from tests.coaching.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


def test_verify_makes_a_verified_mentor():
    admin = UserFactory(role=User.Role.ADMIN, is_staff=True)
    user = UserFactory()
    mentor = services.mentor_verify(user=user, verified_by=admin)
    user.refresh_from_db()
    assert user.role == User.Role.MENTOR
    assert mentor.is_verified and mentor.verified_by == admin


def test_verify_twice_keeps_the_first_verification():
    user = UserFactory()
    first = services.mentor_verify(user=user, verified_by=None).verified_at
    second = services.mentor_verify(user=user, verified_by=UserFactory()).verified_at
    assert first == second
    assert MentorProfile.objects.filter(user=user).count() == 1


def test_unverify_clears_verification():
    mentor = MentorProfileFactory()
    services.mentor_verify(user=mentor.user, verified_by=None)
    services.mentor_unverify(user=mentor.user)
    mentor.refresh_from_db()
    assert not mentor.is_verified
