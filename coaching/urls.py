"""Coaching URLs. The mentor review flow is listed here; every AI feature's views module
owns its routes (``urlpatterns`` at its bottom)."""

from django.urls import path

from coaching import views
from coaching.views import chat, cover_letters, generations, goals, hub, insights, interviews, quizzes, stories

app_name = "coaching"

urlpatterns = [
    path("", hub.index, name="index"),  # the coach hub; mentors get their dashboard
    # Job seekers: asking for and reading reviews.
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<uuid:review_id>/", views.review_detail, name="review_detail"),
    path("reviews/<uuid:review_id>/cancel/", views.review_cancel, name="review_cancel"),
    path("reviews/<uuid:review_id>/rate/", views.review_rate, name="review_rate"),
    # Mentors: the queue and the review workspace.
    path("mentor/queue/", views.mentor_queue, name="mentor_queue"),
    path("mentor/profile/", views.mentor_profile_edit, name="mentor_profile_edit"),
    path("mentor/reviews/<uuid:review_id>/", views.mentor_review, name="mentor_review"),
    path("mentor/reviews/<uuid:review_id>/claim/", views.review_claim, name="review_claim"),
    path("mentor/reviews/<uuid:review_id>/unclaim/", views.review_unclaim, name="review_unclaim"),
    path("mentor/reviews/<uuid:review_id>/complete/", views.review_complete, name="review_complete"),
    path("mentor/reviews/<uuid:review_id>/comments/", views.review_comment_add, name="review_comment_add"),
    path("mentor/comments/<uuid:comment_id>/delete/", views.review_comment_delete, name="review_comment_delete"),
    path("mentor/reviews/<uuid:review_id>/resume/", views.mentor_resume_download, name="mentor_resume_download"),
    # Public (to logged-in users) mentor pages.
    path("mentors/<uuid:user_id>/", views.mentor_profile, name="mentor_profile"),
    # The AI coach.
    *generations.urlpatterns,  # polling a generation, trying a failed one again
    *chat.urlpatterns,  # /coach/chat/…
    *interviews.urlpatterns,  # /coach/interviews/…
    *quizzes.urlpatterns,  # /coach/quizzes/…
    *cover_letters.urlpatterns,  # /coach/cover-letters/…
    *goals.urlpatterns,  # /coach/goals/…
    *stories.urlpatterns,  # /coach/stories/…
    *insights.urlpatterns,  # /coach/insights/…
]
