"""bench/meetings.py --production: a meeting's live channel in the production shape.

Two uvicorn worker processes (`--workers 2`, production settings: DEBUG off, connection pool) serve
the ASGI application against PostgreSQL and the Redis channel layer. N participants (2,000) connect
over real WebSockets with their own sessions, V of them (500) vote. Two polls run:

1. Clean: the chair opens the poll (an API request); we time until every client holds it (p50/p95/
   p99), then every voter's ballot round trip over the socket, then the close and publish (API
   requests) until every client holds the result.
2. With a fault: the poll is opened, the voters send their ballots and one worker is killed
   (SIGKILL) at once. Its clients reconnect (backoff as on the live page) and resend the ballots not
   answered; uvicorn starts a new worker. Then close and publish. Counted: reconnects, ballots lost
   or doubled (the poll's counts against the voters), clients that never got the result.

Memory: the resident size of each worker, sampled every half second (peak), and Redis's.
Baseline, same run, same workers and layer: bench/meetings_baseline.py (no app logic): a message of
the size of the app's state sent to the group (fan-out), and an echo over the socket (round trip).

Uses its own database (dx_bench_meet_<pid>) and Redis database (BENCH_MEETINGS_REDIS, default /5),
dropped and flushed afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import random
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_MEETINGS_REDIS", "redis://127.0.0.1:6379/5")
HOST = "127.0.0.1"
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "2000"))
VOTERS = min(int(os.environ.get("BENCH_VOTERS", "500")), PARTICIPANTS)
WORKERS = int(os.environ.get("BENCH_MEETINGS_WORKERS", "2"))
WAIT = float(os.environ.get("BENCH_MEETINGS_TIMEOUT", "120"))  # seconds any phase may take
DB = f"dx_bench_meet_{os.getpid()}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


def ms(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 0.95) * 1000:.0f} ms, "
        f"p99 {percentile(values, 0.99) * 1000:.0f} ms (n={len(values)})"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def environment() -> dict[str, str]:
    var = tempfile.mkdtemp(prefix="dxoffice-bench-meet-")
    Path(var, "static").mkdir()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dxoffice.settings",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": f"{PG}/{DB}",
        "REDIS_URL": REDIS,
        "DXOFFICE_VAR_DIR": var,
    }


# --- The server -------------------------------------------------------------------------------------


class Server:
    """`uvicorn --workers N` on a free port; its worker processes are found through /proc."""

    def __init__(self, env: dict[str, str], app: list[str]) -> None:
        self.port = free_port()
        command = [str(BIN / "uvicorn"), *app, "--host", HOST, "--port", str(self.port)]
        command += ["--workers", str(WORKERS), "--no-access-log", "--log-level", "error"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(self.workers()) == WORKERS and self._answers():
                break
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("the ASGI workers did not come up within 120 s")
        threading.Thread(target=self._sample, daemon=True).start()

    def _answers(self) -> bool:
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
            connection.request("GET", "/livez")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split() if "spawn_main" in cmdline(int(pid))]  # not the tracker

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            for pid in self.workers():
                self.peak[pid] = max(self.peak.get(pid, 0), rss(pid))

    def kill_one(self) -> int:
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# --- The data ---------------------------------------------------------------------------------------


@dataclass
class Setup:
    meeting: int
    polls: list[int]
    sessions: list[str]
    token: str


def build() -> Setup:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from dxoffice.core.models import OrgUnit, Role, RoleGrant, UnitKind, User
    from dxoffice.core.services import token_create
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
        ends_at=now + timezone.timedelta(hours=3),
    )
    people = User.objects.bulk_create(
        User(username=f"bench-{n}", full_name=f"Đại biểu {n}") for n in range(PARTICIPANTS)
    )
    Participant.objects.bulk_create(
        Participant(meeting=meeting, user=u, role=ParticipantRole.MEMBER, attendance=Attendance.IN_PERSON)
        for u in people
    )
    item = services.item_save(by=secretary, meeting=meeting, title="Thông qua kế hoạch")
    services.meeting_start(by=secretary, meeting=meeting)
    polls = [
        services.poll_create(by=secretary, meeting=meeting, item=item, question=q, secret=True).pk
        for q in ("Thông qua kế hoạch?", "Thông qua dự toán?")
    ]
    sessions = [
        Session(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            session_data=SessionStore().encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=now + timezone.timedelta(days=1),
        )
        for user in User.objects.filter(username__startswith="bench-").exclude(pk=secretary.pk).order_by("pk")
    ]
    Session.objects.bulk_create(sessions)
    _token, raw = token_create(user=secretary, name="bench")
    return Setup(meeting.pk, polls, [s.session_key for s in sessions], raw)


# --- The clients ------------------------------------------------------------------------------------


@dataclass
class Client:
    """One participant's socket: it keeps the newest state, answers, and reconnects when dropped,
    resending a ballot not yet answered (as the live page does)."""

    url: str
    headers: dict[str, str]
    state: dict[str, Any] = field(default_factory=dict)
    seen: dict[tuple[int, str], float] = field(default_factory=dict)  # (poll, state) -> first seen
    answers: dict[str, float] = field(default_factory=dict)  # request id -> answered at
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    reconnects: int = 0
    closing: bool = False
    ws: Any = None

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.url, additional_headers=self.headers, max_queue=256, open_timeout=WAIT, ping_interval=None
        )

    async def run(self) -> None:
        from websockets.exceptions import ConnectionClosed

        retry = 0
        while not self.closing:
            try:
                if self.ws is None:
                    await self.open()
                    retry = 0
                    for message in list(self.pending.values()):
                        await self.ws.send(json.dumps(message))
                async for text in self.ws:
                    self._take(json.loads(text))
            except (ConnectionClosed, OSError, TimeoutError):
                pass
            if self.closing:
                return
            self.ws = None
            self.reconnects += 1
            retry = min(retry + 1, 6)
            await asyncio.sleep(min(0.5 * 2**retry, 15) * random.uniform(0.5, 1.0))

    def _take(self, message: dict[str, Any]) -> None:
        now = time.perf_counter()
        if message.get("type") == "state":
            state = message["state"]
            if state.get("version", 0) < self.state.get("version", -1):
                return
            self.state = state
            poll = state.get("poll") or {}
            if poll:
                self.seen.setdefault((poll["id"], poll["state"]), now)
        elif message.get("request_id"):
            self.answers.setdefault(message["request_id"], now)
            self.pending.pop(message["request_id"], None)

    async def send(self, message: dict[str, Any]) -> None:
        self.pending[message["request_id"]] = message
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.send(json.dumps(message))

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()


async def until(clients: list[Client], test: Any, timeout: float = WAIT) -> bool:
    """Wait until `test(client)` holds for every client (False if the timeout came first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(test(c) for c in clients):
            return True
        await asyncio.sleep(0.02)
    return False


async def connect_all(url: str, sessions: list[str | None], origin: str) -> tuple[list[Client], float]:
    gate = asyncio.Semaphore(64)
    clients = [
        Client(url, {"Origin": origin, **({"Cookie": f"sessionid={key}"} if key else {})}) for key in sessions
    ]

    async def one(client: Client) -> None:
        async with gate:
            await client.open()

    started = time.perf_counter()
    await asyncio.gather(*(one(c) for c in clients))
    return clients, time.perf_counter() - started


def api(port: int, token: str, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=WAIT)
    connection.request("POST", path, headers={"Authorization": f"Bearer {token}", "Content-Length": "0"})
    response = connection.getresponse()
    response.read()
    return response.status


def warm(port: int, token: str, path: str) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=WAIT)
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    connection.getresponse().read()


async def step(port: int, token: str, path: str) -> int:
    for _attempt in range(20):  # a request reaching the worker just killed is retried, as a client would
        try:
            return await asyncio.to_thread(api, port, token, path)
        except (OSError, http.client.HTTPException):
            await asyncio.sleep(0.5)
    raise RuntimeError(f"{path}: no answer")


# --- The runs ---------------------------------------------------------------------------------------


async def drive_app(server: Server, setup: Setup) -> dict[str, Any]:
    origin = f"http://{HOST}:{server.port}"
    url = f"ws://{HOST}:{server.port}/ws/meetings/{setup.meeting}/"
    clients, connect_seconds = await connect_all(url, list(setup.sessions), origin)
    tasks = [asyncio.create_task(c.run()) for c in clients]
    assert await until(clients, lambda c: bool(c.state)), "not every client got the state on connect"
    figures: dict[str, Any] = {
        "connect_seconds": connect_seconds,
        "state_bytes": len(json.dumps(clients[0].state)),
    }
    base = "/api/v1/meetings/polls/{}/"
    first, second = setup.polls
    voters = clients[:VOTERS]

    # Warm both workers (the first requests of a process load the URLs, the API and the catalogues).
    for _n in range(8):
        await asyncio.to_thread(warm, server.port, setup.token, f"/api/v1/meetings/polls/{first}")

    # 1. Clean.
    opened = time.perf_counter()
    await step(server.port, setup.token, base.format(first) + "open")
    figures["open_request"] = time.perf_counter() - opened
    await until(clients, lambda c: (first, "open") in c.seen)
    figures["open_fanout"] = [c.seen[(first, "open")] - opened for c in clients if (first, "open") in c.seen]
    sent = time.perf_counter()
    await asyncio.gather(
        *(v.send({"type": "vote", "poll": first, "choice": [0], "request_id": f"v{first}"}) for v in voters)
    )
    await until(voters, lambda c: f"v{first}" in c.answers)
    answered = [v.answers[f"v{first}"] for v in voters if f"v{first}" in v.answers]
    figures["vote_rtt"] = [a - sent for a in answered]
    last_vote = max(answered)
    await step(server.port, setup.token, base.format(first) + "close")
    published = time.perf_counter()
    await step(server.port, setup.token, base.format(first) + "publish")
    await until(clients, lambda c: (first, "published") in c.seen)
    held = [c.seen[(first, "published")] for c in clients if (first, "published") in c.seen]
    figures["result_from_publish"] = [t - published for t in held]
    figures["result_from_last_vote"] = [t - last_vote for t in held]
    figures["peak_rss"] = dict(server.peak)

    # 2. With a fault: a worker dies while the ballots are in flight.
    figures["reconnects_clean"] = sum(c.reconnects for c in clients)  # no fault yet: links the server dropped
    await step(server.port, setup.token, base.format(second) + "open")
    await until(clients, lambda c: (second, "open") in c.seen)
    reconnects_before = sum(c.reconnects for c in clients)
    await asyncio.gather(
        *(v.send({"type": "vote", "poll": second, "choice": [1], "request_id": f"v{second}"}) for v in voters)
    )
    killed_at = time.perf_counter()
    figures["killed"] = server.kill_one()
    votes_in = await until(voters, lambda c: f"v{second}" in c.answers)
    figures["fault_votes_answered"] = sum(1 for v in voters if f"v{second}" in v.answers)
    figures["fault_vote_wait"] = time.perf_counter() - killed_at
    await step(server.port, setup.token, base.format(second) + "close")
    published = time.perf_counter()
    await step(server.port, setup.token, base.format(second) + "publish")
    everyone = await until(clients, lambda c: (second, "published") in c.seen)
    held = [c.seen[(second, "published")] for c in clients if (second, "published") in c.seen]
    figures["fault_result_from_publish"] = [t - published for t in held]
    figures["fault_result_everyone"] = everyone and votes_in
    figures["reconnects"] = sum(c.reconnects for c in clients) - reconnects_before
    figures["dropped_clients"] = sum(1 for c in clients if c.reconnects)
    figures["lost_updates"] = sum(1 for c in clients if (second, "published") not in c.seen)
    figures["workers_after"] = server.workers()
    for c in clients:
        await c.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return figures


async def drive_baseline(server: Server, state_bytes: int) -> dict[str, Any]:
    from channels.layers import get_channel_layer

    origin = f"http://{HOST}:{server.port}"
    clients, connect_seconds = await connect_all(
        f"ws://{HOST}:{server.port}/ws/baseline/", [None] * PARTICIPANTS, origin
    )
    tasks = [asyncio.create_task(c.run()) for c in clients]
    layer = get_channel_layer()
    padding = "x" * max(0, state_bytes - 60)
    text = json.dumps(
        {"type": "state", "state": {"version": 1, "poll": {"id": 1, "state": "open"}, "pad": padding}}
    )
    await asyncio.sleep(1)  # every group_add done
    sent = time.perf_counter()
    await layer.group_send("bench.baseline", {"type": "bench.fanout", "text": text})
    await until(clients, lambda c: (1, "open") in c.seen)
    fanout = [c.seen[(1, "open")] - sent for c in clients if (1, "open") in c.seen]
    sent = time.perf_counter()
    await asyncio.gather(*(c.send({"type": "echo", "request_id": "e"}) for c in clients[:VOTERS]))
    await until(clients[:VOTERS], lambda c: "e" in c.answers)
    echo = [c.answers["e"] - sent for c in clients[:VOTERS] if "e" in c.answers]
    figures = {
        "connect_seconds": connect_seconds,
        "fanout": fanout,
        "echo": echo,
        "peak_rss": dict(server.peak),
        "reconnects": sum(c.reconnects for c in clients),
    }
    for c in clients:
        await c.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return figures


def counted(setup: Setup) -> list[tuple[int, int, int, int]]:
    from dxoffice.meetings.models import Poll

    rows = []
    for pk in setup.polls:
        poll = Poll.objects.get(pk=pk)
        rows.append((pk, sum(poll.result.get("counts", [])), poll.votes.count(), poll.receipts.count()))
    return rows


def redis_memory() -> int:
    import redis

    return int(redis.Redis.from_url(REDIS).info("memory")["used_memory"])


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))  # stopped: still drop the database
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    env = environment()
    os.environ.update(env)
    subprocess.run(
        ["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True, capture_output=True
    )
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        started = time.perf_counter()
        setup = build()
        print(f"built {PARTICIPANTS} participants in {time.perf_counter() - started:.0f} s", flush=True)
        from django.db import connections

        connections.close_all()
        server = Server(env, ["dxoffice.asgi:application"])
        try:
            app = asyncio.run(drive_app(server, setup))
        finally:
            server.stop()
        app_redis = redis_memory()
        base_server = Server(env, ["--app-dir", "bench", "meetings_baseline:application"])
        try:
            base = asyncio.run(drive_baseline(base_server, app["state_bytes"]))
        finally:
            base_server.stop()
        report(setup, app, base, app_redis)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            ["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"],
            capture_output=True,
        )
        redis.Redis.from_url(REDIS).flushdb()
        shutil.rmtree(env["DXOFFICE_VAR_DIR"], ignore_errors=True)


def report(setup: Setup, app: dict[str, Any], base: dict[str, Any], app_redis: int) -> None:
    mb = 1024 * 1024
    print(
        f"workers: {WORKERS} uvicorn processes, PostgreSQL, Redis channel layer; participants {PARTICIPANTS}, voters {VOTERS}"
    )
    print(
        f"connected in {app['connect_seconds']:.1f} s (baseline {base['connect_seconds']:.1f} s); state {app['state_bytes']} bytes"
    )
    open_fanout, base_fanout = app["open_fanout"], base["fanout"]
    print(
        f"poll opening (API request, answered in {app['open_request'] * 1000:.0f} ms) -> every client: {ms(open_fanout)}"
    )
    print(f"  baseline fan-out of a message that size through the layer: {ms(base_fanout)}")
    print(f"  ratio p95: {percentile(open_fanout, 0.95) / percentile(base_fanout, 0.95):.1f}x")
    print(f"vote round trip (500 at once): {ms(app['vote_rtt'])}")
    print(f"  baseline echo round trip (500 at once): {ms(base['echo'])}")
    print(f"  ratio p95: {percentile(app['vote_rtt'], 0.95) / percentile(base['echo'], 0.95):.1f}x")
    print(f"result -> every client, from the publish request: {ms(app['result_from_publish'])}")
    print(
        f"result -> every client, from the last vote (close and publish included): {ms(app['result_from_last_vote'])}"
    )
    print(
        f"links the server dropped before any fault: {app['reconnects_clean']} (baseline run: {base['reconnects']}); "
        f"baseline clients without the fan-out message: {PARTICIPANTS - len(base_fanout)}"
    )
    for pk, total, votes, receipts in counted(setup):
        print(
            f"poll {pk}: counted {total}, ballots {votes}, receipts {receipts}; lost or doubled: {VOTERS - total}"
        )
    print(
        f"fault: worker {app['killed']} killed as the ballots were sent; {app['dropped_clients']} clients dropped, "
        f"{app['reconnects']} reconnects; ballots answered {app['fault_votes_answered']}/{VOTERS} after "
        f"{app['fault_vote_wait']:.1f} s; clients without the result (lost updates): {app['lost_updates']}; "
        f"result from publish: {ms(app['fault_result_from_publish'])}; workers now {app['workers_after']}"
    )
    peaks = ", ".join(f"{v / mb:.0f} MB" for v in app["peak_rss"].values())
    base_peaks = ", ".join(f"{v / mb:.0f} MB" for v in base["peak_rss"].values())
    print(f"peak memory per worker: {peaks} (baseline app: {base_peaks}); Redis used {app_redis / mb:.1f} MB")
