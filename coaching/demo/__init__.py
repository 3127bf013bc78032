"""Demo data for mentor reviews: a completed, rated review and an open one (seed_demo)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from coaching import services
from coaching.models import ReviewRequest

DEMO_COMMENTS = [
    ("SUMMARY", "Lead with the outcome you deliver, not the tools: one sentence a recruiter can repeat."),
    (
        "EXPERIENCE",
        "Most bullets describe duties. Add the result and a number: “cut p95 latency from 900 ms to 180 ms”.",
    ),
    ("SKILLS", "Group skills (languages, data, cloud) and drop the ones you would not want to be interviewed on."),
]


@transaction.atomic
def seed_demo_reviews(*, seeker: User, mentor: User) -> int:
    """Give the demo mentor a completed, rated review and an open one in the queue, on the
    seeker's primary (or first) resume. Returns the number of requests created: 0 when the
    seeker has requests already or no resume yet."""
    if ReviewRequest.objects.filter(requester=seeker).exists():
        return 0
    resume = seeker.resumes.order_by("-is_primary", "created_at").first()
    if resume is None:
        return 0
    profile = services.mentor_profile_update(user=mentor, data={})
    if not profile.headline:
        services.mentor_profile_update(
            user=mentor,
            data={
                "headline": "Engineering manager · hired 40+ engineers",
                "bio": "I have read thousands of resumes as a hiring manager. I review for clarity and impact.",
                "expertise": ["Software engineering", "Resume review", "Interviewing"],
                "years_of_experience": 14,
            },
        )
    done = services.review_request_create(
        requester=seeker,
        resume=resume,
        note="Is my experience section convincing?",
        target_role="Senior backend engineer",
    )
    services.review_claim(review=done, mentor=mentor)
    for section, text in DEMO_COMMENTS:
        services.review_comment_add(review=done, mentor=mentor, section=section, text=text)
    services.review_complete(
        review=done,
        mentor=mentor,
        overall_feedback="A solid resume with relevant experience. Make the impact of your work visible in every "
        "bullet and tighten the summary; then it is ready for senior roles.",
    )
    services.review_rate(review=done, requester=seeker, rating=5, comment="Concrete and quick, thank you!")
    services.review_request_create(
        requester=seeker, resume=resume, note="Second pass after your edits, please.", target_role="Staff engineer"
    )
    return 2
