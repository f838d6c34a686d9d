"""The baseline of bench/meetings.py's production mode: the same stack (uvicorn workers, the Redis
channel layer, Django's settings) without the meetings app's logic. Each WebSocket joins one group;
a text message is echoed back as is; a group message `bench.fanout` is forwarded as is. No session,
no database, no state computed.

    DJANGO_SETTINGS_MODULE=dxoffice.settings REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/uvicorn --app-dir bench meetings_baseline:application --workers 2
"""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "bench.baseline"


class EchoFanout(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()
        await self.send(text_data='{"type": "hello"}')

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        await self.send(text_data=text_data or "")

    async def bench_fanout(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


async def livez(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


application = ProtocolTypeRouter(
    {"http": livez, "websocket": URLRouter([path("ws/baseline/", EchoFanout.as_asgi())])}
)
