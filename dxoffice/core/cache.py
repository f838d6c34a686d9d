"""Figures computed once and shared until the data under them changes.

Leaders' pages recompute the same aggregates for everyone with the same scope. `cached(topic, parts,
compute)` keeps what `compute()` returns in the cache (Redis in production, so every worker shares it)
under a key made of the topic's current *data version* and `parts` (the scope, the filters, the day, the
language: whatever the figures depend on). A module announces a write with `data_changed(topic)`: the
topic gets a new version at once and again after the transaction commits, so the next read computes
afresh and a write shows at once everywhere; old entries simply expire.

A version is a random token, not a counter, so a cache that lost the version (a restart, an eviction)
starts a new one instead of reusing stale entries.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
DEFAULT_TIMEOUT = 600  # seconds: an entry outlives no change, and is re-computed at least this often
_MISSING = object()


def _version_key(topic: str) -> str:
    return f"dxoffice:version:{topic}"


def data_version(topic: str) -> str:
    """The topic's current version (made on first use)."""
    key = _version_key(topic)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key) or "unversioned"
    return str(version)


def data_changed(topic: str) -> None:
    """The topic's data changed: give it a new version now (so the writing transaction itself reads
    afresh) and again once the transaction commits (so nothing computed from the uncommitted state by
    another request outlives the commit)."""

    def new_version() -> None:
        cache.set(_version_key(topic), uuid.uuid4().hex, timeout=None)

    new_version()
    transaction.on_commit(new_version)


def cached(
    topic: str, parts: tuple[Hashable, ...], compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT
) -> T:
    """`compute()`'s result for these parts at the topic's current version, computed at most once."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"dxoffice:cached:{topic}:{data_version(topic)}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
