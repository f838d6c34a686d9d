"""Pages without login under /public/: anyone may open them, they show only what is published, and
they are cached and shared by every visitor (one copy per language)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dxoffice.core.registry import Module, PublicPage, Registry, registry

pytestmark = pytest.mark.django_db

INDEX = "/public/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(monkeypatch):
    """A module that publishes one page (its URL name: any that takes no argument)."""
    module = Module(
        name="transparency",
        label="Transparency",
        public=[PublicPage(key="certificates", title="Trang công khai thử nghiệm", url_name="healthz")],
    )
    monkeypatch.setitem(registry.modules, module.name, module)
    return module


def in_language(code: str, msgid: str) -> str:
    with translation.override(code):
        return gettext(msgid)


def test_anyone_may_open_the_landing_page_without_a_session(client, world):
    response = client.get(INDEX)

    assert response.status_code == 200
    content = response.content.decode()
    assert world.province.name in content  # the province's name heads the page
    assert in_language("vi", "Public information") in content
    assert reverse("public:language", args=["en"]) in content  # the language switch
    assert response.cookies == {}  # no session, no CSRF cookie
    assert "csrfmiddlewaretoken" not in content


def test_the_landing_page_lists_what_modules_publish(client, world, published):
    content = client.get(INDEX).content.decode()

    assert "Trang công khai thử nghiệm" in content
    assert f'href="{reverse("healthz")}"' in content
    assert 'data-testid="public-empty"' not in content


def test_with_nothing_published_the_page_says_so(client, world, monkeypatch):
    unpublished = {name: module for name, module in registry.modules.items() if not module.public}
    monkeypatch.setattr(registry, "modules", unpublished)
    assert 'data-testid="public-empty"' in client.get(INDEX).content.decode()


def test_nothing_about_the_visitor_or_private_records_shows(client, world):
    anonymous = client.get(INDEX).content
    cache.clear()
    client.force_login(world.coordinator)

    signed_in = client.get(INDEX).content

    assert signed_in == anonymous  # the page does not depend on who is looking
    text = signed_in.decode()
    assert world.coordinator.username not in text
    assert 'data-testid="user-menu"' not in text
    for unit in (world.commune_a, world.commune_b, world.department, world.partner_org):
        assert unit.name not in text


def test_responses_are_cached_and_say_so(client, world, published, monkeypatch):
    first = client.get(INDEX)
    monkeypatch.setattr(published, "public", [])  # published pages change ...

    second = client.get(INDEX)

    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert first.has_header("Expires")
    assert second.content == first.content  # ... the cached copy is served until it expires
    cache.clear()
    assert "Trang công khai thử nghiệm" not in client.get(INDEX).content.decode()


def test_each_language_has_its_own_cached_copy(client, world):
    vietnamese = client.get(INDEX)
    client.cookies["django_language"] = "en"

    english = client.get(INDEX)

    assert vietnamese["Content-Language"] == "vi" and english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    assert "Public information" in english.content.decode()
    assert "Cookie" in english["Vary"]


def test_the_language_switch_sets_the_cookie_and_returns(client):
    response = client.get(reverse("public:language", args=["en"]), {"next": INDEX})

    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert response.cookies["django_language"].value == "en"
    assert "no-cache" in response["Cache-Control"]


def test_the_language_switch_never_sends_visitors_elsewhere(client):
    response = client.get(reverse("public:language", args=["en"]), {"next": "https://evil.example/"})

    assert response["Location"] == reverse("public:index")


def test_an_unknown_language_changes_nothing(client):
    response = client.get(reverse("public:language", args=["xx"]), {"next": INDEX})

    assert response.status_code == 302
    assert "django_language" not in response.cookies


def test_public_pages_only_read(client):
    assert client.post(INDEX).status_code == 405


def test_the_registry_orders_public_pages():
    fresh = Registry()
    fresh.register(Module(name="b", label="B", public=[PublicPage("later", "Later", "healthz", order=20)]))
    fresh.register(Module(name="a", label="A", public=[PublicPage("first", "First", "healthz", order=10)]))

    assert [page.key for page in fresh.public_pages()] == ["first", "later"]
