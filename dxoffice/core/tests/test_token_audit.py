"""API tokens leave an audit trail: who made or revoked which token and when, with the event code,
whether through the API or the "API tokens" page. The token's hash never enters the trail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxoffice.core.models import ApiToken
from dxoffice.core.registry import registry
from dxoffice.core.services import token_create, token_revoke
from dxoffice.core.tests.api_client import ApiClient

pytestmark = pytest.mark.django_db

PASSWORD = "pw-test-12345"  # the factories' default


def trail(token: ApiToken) -> list[tuple[str, str]]:
    """(event, username) of each history record of the token, oldest first."""
    records = token.history.order_by("history_date", "history_id").select_related("history_user")
    return [(record.history_event, record.history_user.username) for record in records]


def test_a_token_made_and_revoked_through_the_api_is_in_its_trail(world):
    created = ApiClient().post("/auth/token", {"username": "focal", "password": PASSWORD, "name": "Cổng"})
    assert created.status_code == 201, created.content
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert trail(token) == [("token.created", "focal")]

    client = ApiClient(token=created.json()["token"])
    assert client.delete(f"/auth/tokens/{token.pk}").status_code == 200

    assert trail(token) == [("token.created", "focal"), ("token.revoked", "focal")]
    assert token.history.latest().revoked_at is not None


def test_revoking_by_post_is_audited_once_however_often_it_is_asked(world):
    client = ApiClient(world.viewer)
    token, _raw = token_create(user=world.viewer, name="integration")

    for _attempt in range(2):
        assert client.post(f"/auth/tokens/{token.pk}/revoke").status_code == 200

    assert trail(token) == [("token.created", "viewer"), ("token.revoked", "viewer")]


def test_the_tokens_page_writes_the_same_trail(client, world):
    client.force_login(world.coordinator)

    response = client.post(reverse("core:token_list"), {"name": "Báo cáo tự động"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.coordinator)
    client.post(reverse("core:token_revoke", args=[token.pk]))

    assert trail(token) == [("token.created", "coordinator"), ("token.revoked", "coordinator")]


def test_someone_elses_token_is_refused_and_nothing_is_recorded(world):
    token, _raw = token_create(user=world.focal_a, name="mine")

    with pytest.raises(PermissionDenied):
        token_revoke(by=world.focal_b, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert trail(token) == [("token.created", "focal")]


def test_the_trail_keeps_no_hash_and_names_its_events(world):
    history_fields = {field.name for field in ApiToken.history.model._meta.fields}

    assert "key_hash" not in history_fields
    assert {"name", "prefix", "expires_at", "revoked_at"} <= history_fields
    assert registry.event("token.created") is not None
    assert registry.event("token.revoked") is not None
