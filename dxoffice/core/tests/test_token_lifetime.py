"""API tokens expire by default, the tokens page offers a lifetime, and a password change or a
deactivation revokes every token the person holds (audited)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dxoffice.core.models import ApiToken
from dxoffice.core.services import TOKEN_DEFAULT_DAYS, token_create

pytestmark = pytest.mark.django_db


def test_a_token_expires_by_default(world):
    token, _raw = token_create(user=world.focal_a, name="tích hợp")
    assert token.expires_at is not None
    assert abs(token.expires_at - (timezone.now() + timedelta(days=TOKEN_DEFAULT_DAYS))) < timedelta(
        minutes=1
    )
    with pytest.raises(ValidationError):
        token_create(user=world.focal_a, name="quá dài", expires_at=timezone.now() + timedelta(days=800))
    forever, _raw = token_create(user=world.focal_a, name="máy chủ", never_expires=True)
    assert forever.expires_at is None


def test_the_tokens_page_offers_a_lifetime_with_a_default(client, world):
    client.force_login(world.focal_a)
    page = client.get(reverse("core:token_list"))
    assert 'name="expires_in"' in page.content.decode()
    client.post(reverse("core:token_list"), {"name": "báo cáo", "expires_in": "30"})
    token = ApiToken.objects.get(user=world.focal_a, name="báo cáo")
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    client.post(reverse("core:token_list"), {"name": "mặc định"})
    token = ApiToken.objects.get(user=world.focal_a, name="mặc định")
    assert token.expires_at - timezone.now() > timedelta(days=TOKEN_DEFAULT_DAYS - 1)
    client.post(reverse("core:token_list"), {"name": "lạ", "expires_in": "9999"})
    assert not ApiToken.objects.filter(name="lạ").exists()


def test_a_password_change_revokes_the_persons_tokens(world):
    token, _raw = token_create(user=world.focal_a, name="a")
    other, _raw = token_create(user=world.focal_b, name="b")
    world.focal_a.set_password("mật-khẩu-mới-2026")
    world.focal_a.save()
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None
    assert token.history.first().history_event == "token.revoked"


def test_signing_in_does_not_revoke_tokens(client, world):
    token, _raw = token_create(user=world.focal_a, name="a")
    # A sign-in may rehash the password (a stronger hasher): that is no password change.
    signed_in = client.post(
        reverse("login"), {"username": world.focal_a.username, "password": "pw-test-12345"}
    )
    assert signed_in.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_deactivation_revokes_the_persons_tokens(world):
    token, _raw = token_create(user=world.focal_a, name="a")
    world.focal_a.is_active = False
    world.focal_a.save()
    token.refresh_from_db()
    assert token.revoked_at is not None
