"""GET /healthz: what a load balancer and an operator see."""

import pytest
from asgiref.sync import async_to_sync
from django.db import OperationalError
from django.test import AsyncClient

from dxoffice.core import health

pytestmark = pytest.mark.django_db


def test_all_services_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    for part in ("database", "cache", "channel_layer"):
        assert body[part]["ok"] is True
        assert body[part]["ms"] >= 0
    # Never cached by a proxy: a stale "ok" would hide an outage.
    assert "no-cache" in response["Cache-Control"]


def test_needs_no_login(client, django_user_model):
    assert client.get("/healthz").status_code == 200
    assert not django_user_model.objects.exists()


def test_database_failure_is_503_down(client, monkeypatch, settings):
    settings.DEBUG = True

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_database", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == {"ok": False, "error": "OperationalError: connection refused"}
    assert body["cache"]["ok"] is True and body["channel_layer"]["ok"] is True


def test_failing_cache_is_degraded_but_200(client, settings):
    # The dummy cache forgets every value: the write-then-read check fails for real.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.DEBUG = True

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["ok"] is False
    assert "not read back" in body["cache"]["error"]
    assert body["database"]["ok"] is True


def test_missing_channel_layer_is_degraded_but_200(client, settings):
    settings.CHANNEL_LAYERS = {}
    settings.DEBUG = True

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["channel_layer"] == {"ok": False, "error": "RuntimeError: no channel layer configured"}


def test_errors_name_only_the_kind_of_failure_unless_debugging(client, monkeypatch, settings):
    settings.DEBUG = False

    def broken():
        raise OperationalError("could not connect to server db-internal.example:5432")

    monkeypatch.setattr(health, "_database", broken)
    assert client.get("/healthz").json()["database"] == {"ok": False, "error": "OperationalError"}


def test_long_errors_are_cut_short(client, monkeypatch, settings):
    settings.DEBUG = True

    def broken():
        raise RuntimeError("x" * 1000)

    monkeypatch.setattr(health, "_cache", broken)

    body = client.get("/healthz").json()
    assert len(body["cache"]["error"]) == 300


def test_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_ok_under_asgi_too():
    """Production serves ASGI: the sync view drives the async channel-layer round trip from a thread."""
    response = async_to_sync(AsyncClient().get)("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_head_for_load_balancer_probes(client):
    assert client.head("/healthz").status_code == 200
