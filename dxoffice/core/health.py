"""Health of the services dxoffice depends on: database, cache and channel layer.

Two questions, two endpoints. `/livez` (liveness) asks only "is this process serving?": it touches
nothing else, so it answers in well under a millisecond even when the machine is loaded, and a
supervisor restarts the process only when that fails. `/healthz` (readiness, also at `/readyz`) checks the
database (`SELECT 1`, within DB_CONNECT_TIMEOUT), the cache (within REDIS_TIMEOUT) and the channel layer
(a round trip within CHANNEL_TIMEOUT_SECONDS): a load balancer stops sending requests to a server whose
database check fails (503), and "degraded" means pages work without the cache or live features."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
CHANNEL_TIMEOUT_SECONDS = 2


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # noqa: BLE001 - a health check reports every failure
        logger.warning("health check %s failed", check.__name__, exc_info=True)
        # The page is public: name the kind of failure, and the details only when debugging.
        detail = f"{type(exc).__name__}: {exc}" if settings.DEBUG else type(exc).__name__
        return {"ok": False, "error": detail[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("value written was not read back")
    cache.delete(key)


def _channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def roundtrip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz.ping"})
        message = await asyncio.wait_for(layer.receive(channel), CHANNEL_TIMEOUT_SECONDS)
        if message.get("type") != "healthz.ping":
            raise RuntimeError("unexpected message")

    async_to_sync(roundtrip)()


def check_all() -> tuple[bool, dict]:
    """(database_ok, report). Only the database failing makes the service unavailable."""
    report = {"database": _timed(_database), "cache": _timed(_cache), "channel_layer": _timed(_channel_layer)}
    return report["database"]["ok"], report


@require_safe
def livez(request: HttpRequest) -> JsonResponse:
    """The process is up and serving. Touches no database, cache or channel layer."""
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-cache, no-store"
    return response
