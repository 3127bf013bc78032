from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """Growth-diary posts, likes and replies."""

    name = "community"
    verbose_name = "Community"
