"""The public registration form: no login, no session, CSRF, bounded, a honeypot and a rate limit;
the tax code checked and duplicates refused with a clear message."""

import pytest
from django.core.cache import cache
from django.test import Client

from dxoffice.core.public.selectors import published_pages
from dxoffice.partners.models import Enterprise, SupportCase
from dxoffice.partners.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/partners/register/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def form(world, **overrides):
    data = {
        "name": "Công ty TNHH Du lịch Đất Mũi",
        "tax_code": "0100109106",
        "sector": "tourism",
        "size": "small",
        "commune": world.commune_a.pk,
        "contact_name": "Phạm Thị D",
        "contact_email": "dl@example.test",
        "need": "e_commerce",
        "description": "Bán tour trực tuyến",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_listed_and_sets_no_session(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert any(page.url == URL for page in published_pages())


def test_an_enterprise_registers_and_asks_for_help(client, world):
    response = client.post(URL, form(world))
    assert response.status_code == 302 and response["Location"] == "/partners/register/thanks/"
    assert "sessionid" not in response.cookies
    enterprise = Enterprise.objects.get()
    assert enterprise.status == "pending" and enterprise.tax_code == "0100109106"
    case = SupportCase.objects.get()
    assert (case.enterprise, case.need, case.status) == (enterprise, "e_commerce", "new")
    assert client.get("/partners/register/thanks/").status_code == 200


def test_a_duplicate_tax_code_is_refused_with_a_clear_message(client, world):
    EnterpriseFactory(tax_code="0100109106", commune=world.commune_a)
    response = client.post(URL, form(world))
    assert response.status_code == 400
    assert (
        "0100109106" in response.content.decode()
        and 'data-testid="error-tax_code"' in response.content.decode()
    )
    assert Enterprise.objects.count() == 1


def test_a_bad_tax_code_is_refused_naming_the_field(client, world):
    response = client.post(URL, form(world, tax_code="0100109107"))
    assert response.status_code == 400
    assert 'data-testid="error-tax_code"' in response.content.decode()
    assert not Enterprise.objects.exists()


def test_a_request_without_a_description_saves_nothing(client, world):
    response = client.post(URL, form(world, description=""))
    assert response.status_code == 400 and not Enterprise.objects.exists()


def test_robots_filling_the_hidden_field_are_refused(client, world):
    response = client.post(URL, form(world, website="http://spam.example"))
    assert response.status_code == 400 and not Enterprise.objects.exists()


def test_csrf_is_enforced(world):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, form(world)).status_code == 403
    page = strict.get(URL)
    token = page.cookies["csrftoken"].value
    assert strict.post(URL, form(world), HTTP_X_CSRFTOKEN=token).status_code == 302


def test_a_large_body_is_refused(client, world):
    response = client.post(URL, form(world, description="x" * 20_000))
    assert response.status_code == 413 and not Enterprise.objects.exists()


def test_an_address_registers_a_few_times_an_hour(client, world):
    from dxoffice.partners.tests.factories import valid_tax_code

    for n in range(5):
        assert client.post(URL, form(world, tax_code=valid_tax_code(500 + n), need="")).status_code == 302
    refused = client.post(URL, form(world, tax_code=valid_tax_code(600), need=""))
    assert refused.status_code == 429 and Enterprise.objects.count() == 5
