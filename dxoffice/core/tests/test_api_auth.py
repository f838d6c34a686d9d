"""The API's front door: tokens, session auth with CSRF, lockout, the schema and the docs page,
and the units the caller may see."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from dxoffice.core.models import ApiToken
from dxoffice.core.services import token_create
from dxoffice.core.tests.api_client import ApiClient

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-12345"  # the factories' default


def obtain(client: ApiClient, username: str, password: str = PASSWORD, **extra):
    return client.post("/auth/token", {"username": username, "password": password, **extra})


def test_token_create_use_list_and_revoke(world):
    anonymous = ApiClient()
    response = obtain(anonymous, "coordinator", name="Cổng dữ liệu")
    assert response.status_code == 201, response.content
    body = response.json()
    raw = body["token"]
    assert raw.startswith("dxo_") and body["name"] == "Cổng dữ liệu" and body["active"] is True
    assert body["user"]["username"] == "coordinator"

    client = ApiClient(token=raw)
    me = client.get("/auth/me")
    assert me.status_code == 200 and me.json()["username"] == "coordinator"
    assert {"role": "coordinator", "unit": "CMU"} in me.json()["roles"]

    listed = client.get("/auth/tokens")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert raw not in listed.content.decode() and "token" not in listed.json()["items"][0]
    assert listed.json()["items"][0]["prefix"] == raw[:12]

    revoked = client.post(f"/auth/tokens/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["active"] is False
    assert ApiToken.objects.get(pk=body["id"]).revoked_at is not None

    after = client.get("/auth/me")
    assert after.status_code == 401
    assert after["WWW-Authenticate"].startswith("Bearer")


def test_delete_revokes_and_only_the_owner_can_revoke(world):
    mine = ApiClient(world.focal_a, bearer=True)
    other = obtain(ApiClient(), "focal2").json()
    other_raw = other["token"]
    assert mine.delete(f"/auth/tokens/{other['id']}").status_code == 404
    assert mine.post(f"/auth/tokens/{other['id']}/revoke").status_code == 404
    assert ApiClient(token=other_raw).get("/auth/me").status_code == 200

    own = ApiClient(token=other_raw)
    assert own.delete(f"/auth/tokens/{other['id']}").status_code == 200
    assert ApiClient(token=other_raw).get("/auth/me").status_code == 401


def test_unauthenticated_and_bad_tokens_get_401(world):
    assert ApiClient().get("/tasks").status_code == 401
    assert ApiClient(token="dxo_not-a-real-token").get("/tasks").status_code == 401
    # A bad bearer token is a 401 even with a valid session alongside it.
    client = ApiClient(token="dxo_wrong")
    client.client.force_login(world.coordinator)
    assert client.post("/tasks/1/status", {"status": "in_progress"}).status_code == 401


def test_expired_token_and_inactive_user_are_refused(world):
    token, raw = token_create(user=world.viewer, name="old", expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(token=raw).get("/auth/me").status_code == 401
    with pytest.raises(ValidationError) as error:
        token_create(user=world.viewer, name="past", expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in error.value.message_dict
    _token, raw = token_create(user=world.viewer, name="fresh")
    world.viewer.is_active = False
    world.viewer.save()
    assert ApiClient(token=raw).get("/auth/me").status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world):
    client = ApiClient(world.viewer, bearer=True)
    token = ApiToken.objects.get(user=world.viewer)
    assert token.last_used_at is None
    client.get("/auth/me")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/auth/me")
    token.refresh_from_db()
    assert token.last_used_at == recent

    old = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=old)
    client.get("/auth/me")
    token.refresh_from_db()
    assert token.last_used_at > old + timedelta(minutes=1)


def test_wrong_password_is_401_and_counts_toward_lockout(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = ApiClient()
    first = obtain(client, "focal", "wrong-password")
    assert first.status_code == 401
    assert "password" in first.json()["detail"].lower()
    assert AccessAttempt.objects.get(username="focal").failures_since_start == 1
    assert obtain(client, "focal", "wrong-password").status_code == 401
    locked = obtain(client, "focal", "wrong-password")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/json")
    assert "locked" in locked.json()["detail"]
    # Even the right password is refused while the account is locked.
    again = obtain(client, "focal")
    assert again.status_code == 429 and "locked" in again.json()["detail"]
    assert not ApiToken.objects.filter(user=world.focal_a).exists()
    # Another account is unaffected.
    assert obtain(client, "focal2").status_code == 201


def test_successful_sign_in_resets_failures(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = ApiClient()
    obtain(client, "focal", "wrong-password")
    obtain(client, "focal", "wrong-password")
    assert obtain(client, "focal").status_code == 201
    assert obtain(client, "focal", "wrong-password").status_code == 401
    assert obtain(client, "focal", "wrong-password").status_code == 401


def test_token_request_validation_names_fields(world):
    response = ApiClient().post("/auth/token", {"password": "x"})
    assert response.status_code == 422
    assert "username" in response.json()["errors"]


@pytest.mark.parametrize("expires_at", ["9999-12-31T23:59:59-01:00", "2026-02-30T10:00:00+07:00"])
def test_an_expiry_with_no_time_in_utc_or_no_such_day_is_a_422(world, expires_at):
    body = {"username": "focal", "password": PASSWORD, "expires_at": expires_at}

    response = ApiClient().post("/auth/token", body)

    assert response.status_code == 422
    assert "expires_at" in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_session_auth_needs_csrf_for_unsafe_methods(world):
    token = ApiToken.objects.create(user=world.viewer, name="t", prefix="dxo_x", key_hash="h" * 64)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.viewer)
    assert client.get("/api/v1/auth/tokens").status_code == 200
    refused = client.post(f"/api/v1/auth/tokens/{token.pk}/revoke")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    accepted = client.post(f"/api/v1/auth/tokens/{token.pk}/revoke", headers={"X-CSRFToken": secret})
    assert accepted.status_code == 200


def test_openapi_schema_lists_the_task_paths(world):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}",
        "/api/v1/tasks/{task_id}/status",
        "/api/v1/tasks/{task_id}/reports",
        "/api/v1/budget/summary",
        "/api/v1/auth/token",
    ):
        assert path in schema["paths"], path
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_docs_page_renders_with_local_static_files(world):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name


def test_units_are_scoped_and_searchable_without_accents(world):
    focal = ApiClient(world.focal_a, bearer=True)
    listed = focal.get("/units")
    assert listed.status_code == 200
    assert [unit["code"] for unit in listed.json()["items"]] == ["XA-A"]
    assert focal.get("/units/XA-B").status_code == 404
    assert focal.get("/units/xa-a").json()["parent"] == "CMU"

    coordinator = ApiClient(world.coordinator, bearer=True)
    found = coordinator.get("/units", {"q": "tan thuan"}).json()
    assert [unit["code"] for unit in found["items"]] == ["XA-A"]
    wards = coordinator.get("/units", {"kind": "ward"}).json()
    assert [unit["code"] for unit in wards["items"]] == ["XA-B"]
    assert coordinator.get("/units", {"kind": "planet"}).status_code == 422
    unknown_parent = coordinator.get("/units", {"parent": "NOPE"})
    assert unknown_parent.status_code == 422 and "parent" in unknown_parent.json()["errors"]
    assert ApiClient(world.outsider, bearer=True).get("/units").json()["count"] == 0


def test_messages_are_vietnamese_unless_the_caller_asks_otherwise(world):
    client = ApiClient(language="")
    response = obtain(client, "focal", "wrong-password")
    assert response.status_code == 401
    english = obtain(ApiClient(), "focal", "wrong-password").json()["detail"]
    assert response.json()["detail"] != english
