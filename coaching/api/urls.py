"""Coaching API routes; each module owns its ``urlpatterns``."""

from coaching.api import chat, cover_letters, generations, goals, insights, interviews, quizzes, stories

app_name = "coaching_api"

urlpatterns = [
    *generations.urlpatterns,
    *chat.urlpatterns,
    *interviews.urlpatterns,
    *quizzes.urlpatterns,
    *cover_letters.urlpatterns,
    *goals.urlpatterns,
    *stories.urlpatterns,
    *insights.urlpatterns,
]
