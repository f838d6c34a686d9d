"""When the database cannot be reached, every page and API call answers 503 with Retry-After: a
Vietnamese "temporarily unavailable" page for the web, the JSON envelope for /api/ (never HTML); and
it recovers by itself once the database is back."""

import pytest
from django.db import OperationalError
from django.db.backends import utils as db_utils
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def database(monkeypatch):
    """`down()`: every statement fails as it does while PostgreSQL restarts; `up()` brings it back."""
    original = db_utils.CursorWrapper._execute

    def refused(self, sql, params, *ignored):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    class Switch:
        @staticmethod
        def down():
            monkeypatch.setattr(db_utils.CursorWrapper, "_execute", refused)

        @staticmethod
        def up():
            monkeypatch.setattr(db_utils.CursorWrapper, "_execute", original)

    return Switch


@override_settings(DEBUG=False)
def test_a_signed_in_page_says_temporarily_unavailable_in_vietnamese(world, database):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    database.down()

    response = client.get(reverse("planning:dashboard"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "tạm thời" in content
    assert "Traceback" not in content and "Server Error (500)" not in content


@override_settings(DEBUG=False)
def test_the_api_answers_503_in_json_never_html(world, database):
    database.down()

    response = Client(raise_request_exception=False).get("/api/v1/tasks", HTTP_AUTHORIZATION="Bearer abc")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]


@override_settings(DEBUG=False)
def test_it_recovers_by_itself_when_the_database_is_back(world, database):
    client = Client(raise_request_exception=False)
    client.force_login(world.coordinator)
    database.down()
    assert client.get(reverse("planning:task_list")).status_code == 503

    database.up()

    assert client.get(reverse("planning:task_list")).status_code == 200


def test_every_api_operation_documents_the_outage_answer():
    from dxoffice.api import api

    schema = api.get_openapi_schema()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "503" not in operation["responses"]
    ]
    assert schema["paths"] and missing == []
