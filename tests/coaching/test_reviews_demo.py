import pytest

from coaching.demo import seed_demo_reviews
from coaching.models import ReviewRequest
from tests.accounts.factories import UserFactory
from tests.coaching.factories import verified_mentor
from tests.jobs.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_reviews_is_idempotent():
    seeker, mentor = UserFactory(), verified_mentor()
    assert seed_demo_reviews(seeker=seeker, mentor=mentor) == 0  # no resume yet
    ResumeFactory(user=seeker, file="resumes/demo.pdf")
    assert seed_demo_reviews(seeker=seeker, mentor=mentor) == 2
    assert seed_demo_reviews(seeker=seeker, mentor=mentor) == 0
    statuses = sorted(ReviewRequest.objects.values_list("status", "rating"), key=str)
    assert statuses == [("COMPLETED", 5), ("OPEN", None)]
    assert mentor.mentor_profile.headline
