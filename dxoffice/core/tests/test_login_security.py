"""Logging in: password hashing, the login page, lock-out after failed attempts, CSRF, headers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from django.urls import reverse

import dxoffice.settings as project_settings
from dxoffice.core.tests.factories import UserFactory

PASSWORD = "pw-test-12345"
LOGIN_URL = "/accounts/login/"


@pytest.fixture
def person(db):
    return UserFactory(username="nguyenvana", password=PASSWORD)


def attempt(client, password, username="nguyenvana"):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Password hashing -------------------------------------------------------------------------


def test_real_settings_hash_with_argon2_first():
    # conftest swaps in a fast hasher for tests, so read the project's own settings module.
    assert project_settings.PASSWORD_HASHERS[0] == "dxoffice.core.hashers.BoundedArgon2PasswordHasher"


def test_argon2_hashes_and_verifies(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    encoded = make_password("một mật khẩu dài", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("một mật khẩu dài", encoded)  # two Argon2 runs only: each is slow on purpose


def test_production_defaults_when_secret_key_is_set(tmp_path):
    """Setting SECRET_KEY switches to production defaults: no DEBUG, secure cookies, HSTS."""
    code = (
        "import dxoffice.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_PROXY_SSL_HEADER, s.ALLOWED_HOSTS)"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES", "ALLOWED_HOSTS"}}
    env.update(SECRET_KEY="test-secret-" + "x" * 50, DXOFFICE_VAR_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "False True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') []"


# --- The login page ---------------------------------------------------------------------------


def test_login_page_is_vietnamese_by_default(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert b'<html lang="vi">' in response.content
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_login_page_is_vietnamese_until_english_is_chosen(client, db, settings):
    assert client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(LOGIN_URL)["Content-Language"] == "en"


def test_wrong_password_shows_a_vietnamese_error(client, person):
    response = attempt(client, "wrong-password")

    assert response.status_code == 200
    assert "Vui lòng" in response.content.decode()  # Django's own Vietnamese message
    assert not logged_in(client)


def test_login_redirects_to_the_home_page(client, person):
    response = attempt(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert logged_in(client)


def test_login_honours_a_safe_next_but_not_an_external_one(client, person):
    response = client.post(
        LOGIN_URL + "?next=/tasks/", {"username": "nguyenvana", "password": PASSWORD, "next": "/tasks/"}
    )
    assert response["Location"] == "/tasks/"

    client.logout()
    response = client.post(
        LOGIN_URL, {"username": "nguyenvana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


def test_inactive_user_cannot_log_in(client, person):
    person.is_active = False
    person.save()

    assert attempt(client, PASSWORD).status_code == 200
    assert not logged_in(client)


def test_anonymous_root_redirects_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


def test_anonymous_pages_redirect_to_login(client, db):
    response = client.get(reverse("core:unit_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# --- Lock-out (django-axes) ---------------------------------------------------------------------


def test_lockout_after_the_failure_limit(client, person):
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit == 5

    for _ in range(limit - 1):
        response = attempt(client, "wrong-password")
        assert response.status_code == 200  # the form again, with an error
    response = attempt(client, "wrong-password")  # the limit-th failure locks the account
    assert response.status_code == 429

    # Now even the right password is refused, with the lock-out page.
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert b'data-testid="locked-out"' in response.content
    assert not logged_in(client)


def test_lockout_is_per_username_and_address(client, person):
    UserFactory(username="tranthib", password=PASSWORD)
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-password")

    # Another account from the same address is not locked ...
    assert attempt(client, PASSWORD, username="tranthib").status_code == 302
    # ... nor the same account from another address.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert attempt(other, PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, person):
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        attempt(client, "wrong-password")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()

    for _ in range(limit - 1):
        assert attempt(client, "wrong-password").status_code == 200
    assert attempt(client, PASSWORD).status_code == 302


# --- CSRF and headers -------------------------------------------------------------------------


def test_login_form_enforces_csrf(person):
    client = Client(enforce_csrf_checks=True)

    assert attempt(client, PASSWORD).status_code == 403
    assert not logged_in(client)

    client.get(LOGIN_URL)
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN_URL, {"username": "nguyenvana", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert logged_in(client)


def test_security_headers(client, db):
    response = client.get(LOGIN_URL)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_http_only(client, person):
    attempt(client, PASSWORD)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
