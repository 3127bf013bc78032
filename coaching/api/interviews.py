"""API: filled in by its feature."""

urlpatterns = []
