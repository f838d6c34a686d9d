"""Password hashing that a server can afford under load.

Django's Argon2 defaults (memory 100 MiB, parallelism 8) cost about 100 MB per password check: two dozen
people logging in at once took the workers to 2.9 GB. We use the parameters OWASP's password storage
guidance recommends for Argon2id (19 MiB of memory, two passes, one lane) and let at most a few checks
run at once in each process, so memory stays bounded whatever arrives. A hash made with other
parameters is still verified, and Django re-hashes it with these at the next successful login
(`must_update`).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

# Set when the process starts (settings.DXOFFICE_PASSWORD_CHECKS): simultaneous hash computations
# allowed per process. Every log-in, token request and unknown-user check goes through it.
_gate: threading.BoundedSemaphore | None = None
_gate_lock = threading.Lock()


def check_gate() -> threading.BoundedSemaphore:
    global _gate
    with _gate_lock:
        if _gate is None:
            _gate = threading.BoundedSemaphore(max(1, int(getattr(settings, "DXOFFICE_PASSWORD_CHECKS", 4))))
        return _gate


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's minimum parameters, at most DXOFFICE_PASSWORD_CHECKS at once per process."""

    time_cost = 2
    memory_cost = 19456  # KiB: 19 MiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with check_gate():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with check_gate():
            return super().verify(password, encoded)
