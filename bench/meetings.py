"""The live channel of a meeting under load: N participants connected over real WebSockets, a poll
opened, V of them voting at once, the poll closed and published.

Measures the time from the last vote to every client holding the published result (p50, p99), the
fan-out of the poll's opening, votes lost or counted twice (must be 0) and the process's memory.
It runs on its own against a throwaway SQLite database with the ASGI application served in this
process (one worker, in-memory channel layer); point DATABASE_URL at PostgreSQL and set the Redis layer
in the environment for the production shape.

    .venv/bin/python bench/meetings.py                        # 200 participants, 100 vote
    BENCH_PARTICIPANTS=500 BENCH_VOTERS=500 .venv/bin/python bench/meetings.py

The production shape (two uvicorn workers, PostgreSQL and Redis on 127.0.0.1, 2,000 participants of
whom 500 vote, a worker killed mid-run, a baseline without the app's logic) is bench/meetings_production.py:

    .venv/bin/python bench/meetings.py --production
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--production" in sys.argv:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from meetings_production import main as production

    production()
    sys.exit(0)
if not os.environ.get("DATABASE_URL"):
    os.environ["DXOFFICE_VAR_DIR"] = tempfile.mkdtemp(prefix="dxoffice-bench-meetings-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "200"))
VOTERS = min(int(os.environ.get("BENCH_VOTERS", "100")), PARTICIPANTS)


def build() -> tuple[object, object, object, list[tuple[object, str]]]:
    from dxoffice.core.models import OrgUnit, Role, RoleGrant, UnitKind, User
    from dxoffice.meetings import services
    from dxoffice.meetings.models import Attendance, Participant, ParticipantRole

    call_command("migrate", verbosity=0, interactive=False)
    province = OrgUnit.objects.create(code="BENCH", name="Tỉnh thử", kind=UnitKind.PROVINCE)
    secretary = User.objects.create(username="bench-secretary", full_name="Thư ký")
    RoleGrant.objects.create(user=secretary, unit=province, role=Role.COORDINATOR)
    now = timezone.now()
    meeting = services.meeting_create(
        by=secretary,
        unit=province,
        title="Hội nghị thử tải",
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=2),
    )
    people = User.objects.bulk_create(
        User(username=f"bench-{n}", full_name=f"Đại biểu {n}") for n in range(PARTICIPANTS)
    )
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user=u, role=ParticipantRole.MEMBER, attendance=Attendance.IN_PERSON)
        for u in people
    )
    services.meeting_start(by=secretary, meeting=meeting)
    poll = services.poll_create(by=secretary, meeting=meeting, question="Thông qua?", secret=True)
    sessions = []
    for user in User.objects.filter(username__startswith="bench-").exclude(pk=secretary.pk).order_by("pk"):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append((user, store.session_key))
    return meeting, poll, secretary, sessions


def serve() -> tuple[str, object]:
    import uvicorn

    from dxoffice.asgi import application

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws_max_queue=64
        )
    )
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"127.0.0.1:{port}", server


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def drive(
    host: str, meeting: object, poll: object, secretary: object, sessions: list[tuple[object, str]]
) -> dict[str, object]:
    from asgiref.sync import sync_to_async
    from websockets.asyncio.client import connect

    from dxoffice.meetings import services
    from dxoffice.meetings.models import Poll

    url = f"ws://{host}/ws/meetings/{meeting.pk}/"  # type: ignore[attr-defined]
    headers = {"Origin": f"http://{host}"}
    clients = []
    started = time.perf_counter()
    for _user, key in sessions:
        ws = await connect(url, additional_headers={**headers, "Cookie": f"sessionid={key}"}, max_queue=256)
        json.loads(await ws.recv())  # the state on connect
        clients.append(ws)
    connect_seconds = time.perf_counter() - started

    async def until(ws: object, test: object) -> float:
        while True:
            message = json.loads(await ws.recv())  # type: ignore[attr-defined]
            if test(message):  # type: ignore[operator]
                return time.perf_counter()

    def poll_open(m: dict) -> bool:
        return m.get("type") == "state" and (m["state"]["poll"] or {}).get("state") == "open"

    opened_at = time.perf_counter()
    waiting = [asyncio.create_task(until(ws, poll_open)) for ws in clients]
    await sync_to_async(services.poll_open)(by=secretary, poll=poll)
    fan_out = [t - opened_at for t in await asyncio.gather(*waiting)]

    async def vote(ws: object) -> float:
        await ws.send(json.dumps({"type": "vote", "poll": poll.pk, "choice": [0], "request_id": "v"}))  # type: ignore[attr-defined]
        return await until(ws, lambda m: m.get("type") in ("voted", "error") and m.get("request_id") == "v")

    answered = await asyncio.gather(*(vote(ws) for ws in clients[:VOTERS]))
    last_vote = max(answered)

    def published(m: dict) -> bool:
        return m.get("type") == "state" and (m["state"]["poll"] or {}).get("state") == "published"

    waiting = [asyncio.create_task(until(ws, published)) for ws in clients]
    current = await sync_to_async(Poll.objects.get)(pk=poll.pk)  # type: ignore[attr-defined]
    await sync_to_async(services.poll_close)(by=secretary, poll=current)
    await sync_to_async(services.poll_publish)(by=secretary, poll=current)
    result_at = [t - last_vote for t in await asyncio.gather(*waiting)]
    for ws in clients:
        await ws.close()
    final = await sync_to_async(lambda: Poll.objects.get(pk=poll.pk).result)()  # type: ignore[attr-defined]
    return {
        "connect_seconds": connect_seconds,
        "fan_out": fan_out,
        "result_latency": result_at,
        "counted": final["counts"][0],
        "votes_rows": final["votes_cast"],
    }


def main() -> None:
    meeting, poll, secretary, sessions = build()
    host, server = serve()
    figures = asyncio.run(drive(host, meeting, poll, secretary, sessions))
    server.should_exit = True  # type: ignore[attr-defined]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    latency = figures["result_latency"]
    fan_out = figures["fan_out"]
    print(f"participants connected: {len(sessions)} in {figures['connect_seconds']:.2f} s; voters: {VOTERS}")
    print(
        f"poll opening reached all: p50 {statistics.median(fan_out) * 1000:.0f} ms, p99 {percentile(fan_out, 0.99) * 1000:.0f} ms"
    )
    print(
        f"last vote -> result at every client (close + publish included): p50 {statistics.median(latency) * 1000:.0f} ms,"
        f" p99 {percentile(latency, 0.99) * 1000:.0f} ms"
    )
    lost = VOTERS - figures["counted"]  # type: ignore[operator]
    print(
        f"votes counted {figures['counted']}, ballots recorded {figures['votes_rows']}, lost or doubled: {lost}"
    )
    print(f"peak memory of the process (server and clients): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
