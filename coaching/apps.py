from django.apps import AppConfig


class CoachingConfig(AppConfig):
    """AI coach, mock interviews, goals and mentors."""

    name = "coaching"
    verbose_name = "Coaching"

    def ready(self):
        from accounts import scopes

        scopes.register(
            "coaching:read",
            "Read your coach conversations, mock interviews, quizzes, cover letters, goals, stories and insights",
        )
        scopes.register(
            "coaching:write",
            "Chat with the coach, start interviews and quizzes, write cover letters, goals and stories (uses your AI quota)",
        )
