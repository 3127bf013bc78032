from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from careercoach import views

admin.site.site_header = "CareerCoach administration"
admin.site.site_title = "CareerCoach admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("jobs/", include("jobs.urls")),
    path("coach/", include("coaching.urls")),
    path("billing/", include("billing.urls")),
    path("community/", include("community.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/", include("jobs.api.urls")),
    path("api/v1/", include("coaching.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler404 = "careercoach.views.page_not_found"
handler500 = "careercoach.views.server_error"
handler403 = "careercoach.views.permission_denied"
handler400 = "careercoach.views.bad_request"
