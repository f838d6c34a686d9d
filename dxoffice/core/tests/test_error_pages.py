"""What a person sees when a page is missing, refused or broken, with DEBUG off (`make run`):
the application's own pages, in their language, and never Django's debug pages."""

import logging

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dxoffice.core import api as core_api
from dxoffice.core import errors
from dxoffice.core.tests import api_contract
from dxoffice.core.tests.urls_errors import REFUSAL
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("dxoffice.core.tests.urls_errors")]

DEBUG_PAGE_MARKERS = ("Django tried these URL patterns", "Using the URLconf", "Raised by:", "Traceback")


def in_language(code: str, msgid: str) -> str:
    with translation.override(code):
        return gettext(msgid)


def assert_no_debug_page(content: str) -> None:
    for marker in DEBUG_PAGE_MARKERS:
        assert marker not in content


@override_settings(DEBUG=False)
def test_focal_point_opening_another_units_task_gets_the_404_page_in_the_layout(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b)
    client.force_login(world.focal_a)

    response = client.get(reverse("planning:task_detail", args=[task.pk]))

    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert in_language("vi", "Page not found") in content
    assert 'data-testid="user-menu"' in content  # the application's layout, with the person's menu
    assert 'data-testid="error-page"' in content
    assert task.title not in content
    assert_no_debug_page(content)


@override_settings(DEBUG=False)
def test_the_404_page_speaks_english_to_who_chose_english(client, world):
    world.focal_a.language = "en"
    world.focal_a.save(update_fields=["language"])
    client.force_login(world.focal_a)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_anonymous_404_offers_to_log_in(client):
    content = client.get("/no-such-page/").content.decode()

    assert f"{reverse('login')}?next=/no-such-page/" in content
    assert_no_debug_page(content)


def test_a_refusal_with_a_message_shows_the_message_in_the_layout(client, world):
    client.force_login(world.viewer)

    response = client.get("/test-errors/refuse-with-message/")

    assert response.status_code == 403
    content = response.content.decode()
    assert REFUSAL in content
    assert in_language("vi", "Access denied") in content
    assert 'data-testid="user-menu"' in content


def test_a_refusal_without_a_message_explains_in_general_terms(client, world):
    client.force_login(world.viewer)

    response = client.get("/test-errors/refuse/")

    assert response.status_code == 403
    assert in_language("vi", "Your account may not do this here.") in response.content.decode()


def test_a_stale_form_is_refused_with_an_explanation_not_djangos_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    content = response.content.decode()
    assert 'data-testid="error-page"' in content
    with translation.override("vi"):
        assert str(errors.STALE_FORM) in content
    assert "CSRF verification failed" not in content


@override_settings(DEBUG=False)
def test_a_bug_gives_the_500_page_not_a_traceback(client, world):
    client.force_login(world.coordinator)
    client.raise_request_exception = False

    response = client.get("/test-errors/boom/")

    assert response.status_code == 500
    content = response.content.decode()
    assert 'data-testid="error-page"' in content
    assert in_language("vi", "Something went wrong on our side.") in content
    assert "a bug" not in content
    assert_no_debug_page(content)


def test_the_500_page_touches_neither_the_database_nor_context_processors(
    rf: RequestFactory, django_assert_num_queries, settings
):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                "context_processors": ["dxoffice.core.tests.test_error_pages.broken_context_processor"]
            },
        }
    ]
    request = rf.get("/tasks/")

    with django_assert_num_queries(0):
        response = errors.server_error(request)

    assert response.status_code == 500
    assert 'data-testid="error-page"' in response.content.decode()


def test_if_even_the_500_page_fails_a_plain_message_is_served(rf: RequestFactory, monkeypatch):
    def missing_static_manifest(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "get_template", missing_static_manifest)

    response = errors.server_error(rf.get("/tasks/"))

    assert response.status_code == 500
    assert in_language("vi", "Something went wrong on our side.") in response.content.decode()


def broken_context_processor(request):
    raise RuntimeError("a context processor that fails, as when the database is down")


def test_the_500_page_follows_the_language_cookie(rf: RequestFactory):
    request = rf.get("/tasks/")
    request.COOKIES["django_language"] = "en"

    with translation.override("vi"):
        response = errors.server_error(request)

    assert "Something went wrong on our side." in response.content.decode()
    assert '<html lang="en">' in response.content.decode()


def test_the_api_answers_unknown_paths_in_json(client):
    response = client.get("/api/v1/no-such-endpoint")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
    assert response.json()["errors"] == {}  # the API's one error envelope


@override_settings(DEBUG=False)
def test_a_bug_in_an_api_operation_answers_the_envelope_and_nothing_of_the_cause(client, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug near /srv/dxoffice/secret.py")

    monkeypatch.setattr(core_api, "units_in_scope", broken)
    monkeypatch.setattr(api_contract, "check_response", lambda response: None)  # no operation documents 500
    client.force_login(world.coordinator)
    client.raise_request_exception = False

    response = client.get("/api/v1/units")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": in_language("vi", "Something went wrong on our side."), "errors": {}}
    assert_no_debug_page(response.content.decode())
    assert b"secret" not in response.content and b"RuntimeError" not in response.content


@override_settings(DEBUG=False)
def test_static_files_are_served_with_debug_off(client):
    response = client.get("/static/dxoffice/print.css")

    assert response.status_code == 200
    assert b"@page" in b"".join(response.streaming_content)


def test_a_request_is_logged_once() -> None:
    """The server's access line goes to one handler only: Django's own console handler (active
    with DEBUG) would repeat it, and `django.request` does not add a second line for a 4xx."""
    handlers = []
    logger: logging.Logger | None = logging.getLogger("django.channels.server")
    while logger is not None:
        handlers += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
        logger = logger.parent if logger.propagate else None

    assert len(handlers) == 1
    assert not logging.getLogger("django.request").isEnabledFor(logging.WARNING)
    assert logging.getLogger("django.request").isEnabledFor(logging.ERROR)
