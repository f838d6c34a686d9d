"""A forgotten password: the e-mailed one-time link, the same answer whatever address is given, a
limit per client address, and the new password in the account's history (API tokens ended)."""

import re

import pytest
from django.core.cache import cache

from dxoffice.core.models import ApiToken, Role, UnitKind
from dxoffice.core.services import token_create
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mật-khẩu-mới-2026!"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def focal():
    unit = OrgUnitFactory(kind=UnitKind.COMMUNE, parent=OrgUnitFactory(kind=UnitKind.PROVINCE))
    return user_with_role(Role.FOCAL, unit, username="focal.tanthanh", email="focal@tanthanh.camau.gov.vn")


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/\S+/)", message.body).group(1)


def test_the_login_page_links_to_the_reset(client):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()


def test_a_person_sets_a_new_password_through_the_emailed_link(client, focal, mailoutbox):
    token_create(user=focal, name="Cổng")
    response = client.post("/accounts/password/reset/", {"email": "FOCAL@tanthanh.camau.gov.vn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    (message,) = mailoutbox
    assert message.to == [focal.email] and "focal.tanthanh" in message.body

    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and b"new-password-form" in form_page.content
    saved = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert saved.status_code == 302 and saved["Location"] == "/accounts/password/reset/done/"

    focal.refresh_from_db()
    assert focal.check_password(NEW_PASSWORD)
    last = focal.history.order_by("-history_date", "-history_id").first()
    assert last.history_event == "account.password_reset" and last.history_user_id == focal.pk
    assert not ApiToken.objects.filter(user=focal, revoked_at__isnull=True).exists()
    # The link worked once.
    assert b"invalid-link" in client.get(link, follow=True).content


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, focal, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.vn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mailoutbox == []


def test_a_bad_address_is_named_on_the_form(client):
    response = client.post("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200 and 'id="id_email"' in response.content.decode()
    assert "is-invalid" in response.content.decode()


def test_one_client_address_may_ask_only_a_few_times_an_hour(client, focal, mailoutbox):
    answers = [client.post("/accounts/password/reset/", {"email": focal.email}).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mailoutbox) == 5


def test_a_weak_password_is_refused_and_nothing_changes(client, focal, mailoutbox):
    client.post("/accounts/password/reset/", {"email": focal.email})
    form_page = client.get(reset_link(mailoutbox[0]), follow=True)
    refused = client.post(form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert refused.status_code == 200 and b"is-invalid" in refused.content
    focal.refresh_from_db()
    assert not focal.check_password("123")
