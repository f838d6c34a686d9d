"""Two consumers that share nothing but the Redis channel layer (as two ASGI worker processes do)
both receive a change to their meeting."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from channels.db import database_sync_to_async

from dxoffice.meetings import services
from dxoffice.meetings.tests.factories import running_meeting
from dxoffice.meetings.tests.test_consumer import connect, run

pytestmark = pytest.mark.django_db(transaction=True)


def _redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_a_change_reaches_clients_of_two_workers_through_redis(world, settings, monkeypatch):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"], "prefix": f"test-{uuid.uuid4().hex[:8]}"},
        }
    }
    monkeypatch.setattr("dxoffice.meetings.live.transaction.on_commit", lambda callback: callback())
    meeting, _rows = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận")

    @database_sync_to_async
    def move_to_item():
        services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)

    async def scenario():
        first, second = connect(world.focal_a, meeting), connect(world.leader, meeting)
        for client in (first, second):
            await client.connect()
            await client.receive_json_from(timeout=5)
        await move_to_item()
        seen = [await client.receive_json_from(timeout=5) for client in (first, second)]
        for client in (first, second):
            await client.disconnect()
        return seen

    seen = run(scenario)
    assert [event["state"]["item"]["title"] for event in seen] == ["Thảo luận", "Thảo luận"]


def _production_layer_config() -> dict:
    """The channel layer the settings build when REDIS_URL is set, read from a fresh interpreter."""
    script = (
        "import json, django.conf, dxoffice.settings as s; "
        "print(json.dumps(s.CHANNEL_LAYERS['default']['CONFIG']))"
    )
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "dxoffice.settings",
    }
    env.pop("CHANNEL_LAYER_CONNECTIONS", None)
    shown = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, check=True, text=True
    )
    return json.loads(shown.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=False)
def test_a_crowd_leaving_at_once_leaves_its_group():
    """Three hundred members leave (and join) a meeting's group at the same moment in one worker:
    the layer's pool has room for each call, where the client's default (100) refused the rest."""
    from channels_redis.core import RedisChannelLayer

    config = _production_layer_config()
    layer = RedisChannelLayer(**{**config, "prefix": f"test-{uuid.uuid4().hex[:8]}"})
    group, channels = "meeting-crowd", [f"specific.crowd!{n}" for n in range(300)]

    async def scenario():
        await asyncio.gather(*(layer.group_add(group, channel) for channel in channels))
        await asyncio.gather(*(layer.group_discard(group, channel) for channel in channels))
        connection = layer.connection(layer.consistent_hash(group))
        left = await connection.zcard(layer._group_key(group))
        await layer.flush()
        return left

    assert asyncio.run(scenario()) == 0
