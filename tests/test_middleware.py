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
