"""Password hashing a server can afford: Argon2id with OWASP's parameters, old hashes upgraded at
login, and a bound on how many hashes one process computes at once."""

import threading

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password
from django.test import Client

import dxoffice.settings as project_settings
from dxoffice.core import hashers
from dxoffice.core.models import User
from dxoffice.core.tests.factories import UserFactory

PASSWORD = "một mật khẩu dài 2026"


@pytest.fixture
def real_hashers(settings):
    # conftest swaps in a fast hasher for tests; these tests use the project's own.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_hashes_use_19_mib_two_passes_one_lane(real_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, encoded)
    assert not check_password("not it", encoded)


def test_a_hash_made_with_djangos_defaults_is_upgraded_at_login(real_hashers, db):
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    user = UserFactory(username="cu")
    User.objects.filter(pk=user.pk).update(password=old)

    assert Client().post("/accounts/login/", {"username": "cu", "password": PASSWORD}).status_code == 302
    upgraded = User.objects.get(pk=user.pk).password
    assert "m=19456,t=2,p=1" in upgraded
    assert isinstance(identify_hasher(upgraded), hashers.BoundedArgon2PasswordHasher)


def test_no_more_hashes_run_at_once_than_the_setting_allows(real_hashers, settings, monkeypatch):
    settings.DXOFFICE_PASSWORD_CHECKS = 2
    monkeypatch.setattr(hashers, "_gate", None)  # made again from the setting
    running = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()
    started = threading.Semaphore(0)

    def slow_encode(self, password, salt):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        started.release()
        release.wait(5)
        with lock:
            running -= 1
        return "argon2$done"

    monkeypatch.setattr(Argon2PasswordHasher, "encode", slow_encode)
    hasher = hashers.BoundedArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.encode, args=(PASSWORD, "salt")) for _ in range(5)]
    for thread in threads:
        thread.start()
    assert started.acquire(timeout=5) and started.acquire(timeout=5)
    assert not started.acquire(timeout=0.2)  # a third is held at the gate while two run
    release.set()
    for thread in threads:
        thread.join(5)
    assert most == 2 and running == 0
