from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who people are: users, profiles, API keys."""

    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import scopes

        scopes.register("profile:read", "Read your account and profile")
        scopes.register("profile:write", "Change your profile, experience, education, skills and certifications")
