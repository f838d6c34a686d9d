"""Counting requests per key (a client address) in the shared cache, so every worker counts together:
the password reset, the enterprises' public registration."""

from __future__ import annotations

from django.core.cache import cache


def limit_reached(key: str, limit: int) -> bool:
    """Have `limit` requests been counted under `key` within its window?"""
    return int(cache.get(key, 0)) >= limit


def count_request(key: str, window: int) -> None:
    """Count one more request under `key`, for `window` seconds from the first (shared cache, so
    every worker counts together)."""
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, window)


def within_limit(key: str, limit: int, window: int) -> bool:
    """Count one more request under `key`; False once `limit` were counted within `window` seconds."""
    if limit_reached(key, limit):
        return False
    count_request(key, window)
    return True
