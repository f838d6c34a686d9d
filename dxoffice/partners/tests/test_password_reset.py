"""Password reset for enterprise accounts through Django's views: the e-mailed link with its token
sets the password (the first one too); staff accounts and unknown addresses get nothing, and the
page says the same either way."""

import re

import pytest
from django.core import mail

from dxoffice.partners import services
from dxoffice.partners.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tôm-sạch-2026-an-toàn"


@pytest.fixture
def verified(world):
    enterprise = EnterpriseFactory(
        commune=world.commune_a, status="pending", contact_email="ketoan@tomsach.example"
    )
    return services.enterprise_verify(by=world.coordinator, enterprise=enterprise)


def reset_link(message) -> str:
    [link] = re.findall(r"https?://[^/\s]+(/partners/account/reset/\S+/)", message.body)
    return link


def test_the_enterprise_sign_in_page_links_the_reset(client):
    page = client.get("/partners/account/login/").content.decode()
    assert 'href="/partners/account/password-reset/"' in page
    assert 'data-testid="enterprise-login-link"' in client.get("/partners/register/").content.decode()
    assert 'href="/partners/account/login/"' in client.get("/public/").content.decode()  # the public portal


def test_the_link_sets_the_first_password_and_the_enterprise_signs_in(client, verified):
    assert not verified.account.has_usable_password()
    sent = client.post("/partners/account/password-reset/", {"email": "KETOAN@tomsach.example"})
    assert sent.url == "/partners/account/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == ["ketoan@tomsach.example"]
    assert verified.account.username in message.body
    link = reset_link(message)
    form = client.get(link, follow=True)
    assert 'data-testid="new-password-form"' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.url == "/partners/account/reset/done/"
    verified.account.refresh_from_db()
    assert verified.account.check_password(NEW_PASSWORD)
    entry = verified.account.history.first()
    assert (entry.history_event, entry.history_user) == ("enterprise.password_reset", verified.account)
    # the link works once
    assert 'data-testid="invalid-link"' in client.get(link, follow=True).content.decode()
    client.logout()
    signed_in = client.post(
        "/partners/account/login/", {"username": verified.account.username, "password": NEW_PASSWORD}
    )
    assert signed_in.url == "/partners/me/"


def test_no_mail_for_staff_unknown_or_unverified_addresses(client, world):
    world.coordinator.email = "dieuphoi@camau.example"
    world.coordinator.save()
    EnterpriseFactory(commune=world.commune_a, status="pending", contact_email="cho@example.test")
    for email in ("dieuphoi@camau.example", "nobody@example.test", "cho@example.test"):
        response = client.post("/partners/account/password-reset/", {"email": email})
        assert response.url == "/partners/account/password-reset/sent/"  # the same answer
    assert mail.outbox == []


def test_a_forged_token_is_refused(client, verified):
    page = client.get("/partners/account/reset/MQ/abc-123/", follow=True).content.decode()
    assert 'data-testid="invalid-link"' in page


def test_an_address_asks_a_few_times_an_hour(client, verified):
    for _ in range(5):
        client.post("/partners/account/password-reset/", {"email": "ketoan@tomsach.example"})
    refused = client.post("/partners/account/password-reset/", {"email": "ketoan@tomsach.example"})
    assert refused.status_code == 429 and len(mail.outbox) == 5


def test_the_pages_speak_vietnamese_first(client, verified):
    assert "Đăng nhập" in client.get("/partners/account/login/").content.decode()
    client.post("/partners/account/password-reset/", {"email": "ketoan@tomsach.example"})
    [message] = mail.outbox
    assert "mật khẩu" in message.subject.lower()
