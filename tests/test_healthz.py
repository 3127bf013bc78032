import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_healthz_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] != "ok"


def test_healthz_503_when_database_is_down(client, monkeypatch):
    # The probe opens its own connection from these settings: point it at a closed port.
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] != "ok"
    assert body["checks"]["redis"] == "ok"


def test_healthz_get_only(client):
    assert client.post("/healthz").status_code == 405
