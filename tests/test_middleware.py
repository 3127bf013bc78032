import pytest


@pytest.mark.django_db
def test_htmx_request_after_session_expiry_redirects_whole_page(client):
    response = client.post(
        "/profile/experience/add/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/profile/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fprofile%2F"


@pytest.mark.django_db
def test_plain_request_keeps_normal_login_redirect(client):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "HX-Redirect" not in response


@pytest.mark.django_db
def test_request_log_line_has_structured_fields(client, caplog):
    with caplog.at_level("INFO", logger="careercoach.request"):
        client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "careercoach.request")
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.duration_ms >= 0


@pytest.mark.django_db
def test_device_last_seen_is_refreshed_at_most_once_per_interval(client, settings, django_assert_max_num_queries):
    from allauth.usersessions.models import UserSession

    from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert UserSession.objects.filter(user=user).count() == 1
    client.get("/settings/")  # records the visit
    first_seen = UserSession.objects.get(user=user).last_seen_at
    with django_assert_max_num_queries(4):  # session, user, and the page's own reads
        client.get("/healthz")
    assert UserSession.objects.get(user=user).last_seen_at == first_seen

    settings.USERSESSIONS_TRACK_INTERVAL = 0
    client.get("/settings/")
    assert UserSession.objects.get(user=user).last_seen_at > first_seen


def _zone_seen(rf, user):
    from django.utils import timezone

    from careercoach.middleware import UserTimezoneMiddleware

    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return None

    request = rf.get("/")
    request.user = user
    UserTimezoneMiddleware(view)(request)
    return seen["zone"]


@pytest.mark.django_db
def test_times_are_shown_in_the_users_time_zone(rf):
    from django.contrib.auth.models import AnonymousUser

    from tests.accounts.factories import UserFactory

    assert _zone_seen(rf, UserFactory(timezone="Asia/Tokyo")) == "Asia/Tokyo"
    assert _zone_seen(rf, AnonymousUser()) == "UTC"
