"""/livez says only that the process serves: it needs no database, so a loaded or failing database
never makes a supervisor restart healthy workers; /readyz is the full check under another name."""

import pytest
from django.db import OperationalError
from django.db.backends import utils as db_utils
from django.test import Client


@pytest.mark.django_db
def test_liveness_answers_while_the_database_is_down(monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(db_utils.CursorWrapper, "_execute", refused)
    client = Client(raise_request_exception=False)

    live = client.get("/livez")
    ready = client.get("/readyz")

    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert "no-store" in live["Cache-Control"]
    assert ready.status_code == 503 and ready.json()["database"]["ok"] is False


@pytest.mark.django_db
def test_readiness_is_the_full_check(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and set(body) == {"status", "database", "cache", "channel_layer"}
