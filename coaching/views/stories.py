"""Views: filled in by its feature."""

urlpatterns = []
