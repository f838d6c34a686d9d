"""dxoffice under load, deployed as docs/deploy.md says, beside a trivial endpoint of the same stack.

Starts the production stack on this machine: a fresh PostgreSQL database with the Cà Mau demo, Redis,
uvicorn with 4 workers (production settings: connection pool, Redis cache and channel layer) and the
huey task worker; nginx is left out (it adds TLS, not application work). Then it drives it with
USERS simultaneous signed-in people (the demo's accounts, round robin) for SECONDS, each sending its next
request as soon as the last one is answered: pages (home, dashboard, register, a task), API reads (task
list, one task) and a few report writes. The baseline is the same driver against `/livez` of the same
stack in the same run (it touches neither the database nor Redis): what the server and this client can
do at all on this machine. Prints requests per second and p50/p95 per kind of request, and checks that
no write was lost or doubled.

    .venv/bin/python bench/load.py        # needs PostgreSQL and Redis on 127.0.0.1 (their standard ports)
    BENCH_LOAD_USERS=50 BENCH_LOAD_SECONDS=90 .venv/bin/python bench/load.py
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/9")
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
ACCOUNTS = ["coordinator", "leader", "focal", "focal2", "dept", "viewer", "partner", "admin"]
PASSWORD = "dxoffice-demo"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --- The stack --------------------------------------------------------------------------------------


class Stack:
    """PostgreSQL database, uvicorn workers and the huey worker, started and removed again."""

    def __init__(self) -> None:
        self.db = f"dxoffice_bench_load_{os.getpid()}"
        self.port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.env = {
            **os.environ,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": HOST,
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": f"{PG}/{self.db}",
            "REDIS_URL": REDIS,
            "DXOFFICE_VAR_DIR": str(ROOT / "var" / "bench-load"),
            "LOG_LEVEL": "ERROR",
            "DEBUG": "0",
        }

    def psql(self, sql: str) -> None:
        subprocess.run(["psql", f"{PG}/postgres", "-qc", sql], check=True, capture_output=True)

    def manage(self, *args: str) -> None:
        subprocess.run([str(BIN / "dxoffice"), *args], env=self.env, check=True, capture_output=True)

    def __enter__(self) -> Stack:
        self.psql(f"CREATE DATABASE {self.db}")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v", "0")
        web = [str(BIN / "uvicorn"), "dxoffice.asgi:application", "--host", HOST, "--port", str(self.port)]
        web += ["--workers", str(WORKERS), "--no-access-log", "--log-level", "warning"]
        self.processes.append(subprocess.Popen(web, cwd=ROOT, env=self.env))
        self.processes.append(
            subprocess.Popen(
                [str(BIN / "dxoffice"), "run_huey"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Client(self.port).get("/livez").status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the stack did not come up within 60 s")

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.psql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")

    def count(self, sql: str) -> int:
        out = subprocess.run(
            ["psql", f"{PG}/{self.db}", "-tAc", sql], check=True, capture_output=True, text=True
        ).stdout
        return int(out.strip())


# --- A plain client ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


@dataclass
class Client:
    """One person's keep-alive connection, with the cookies the site set."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        sent = {"Host": HOST, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()  # a kept-alive connection the server closed: reconnect once
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, data, {k.lower(): v for k, v in response.getheaders()})

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_json(self, path: str, payload: dict) -> Answer:
        return self.request("POST", path, json.dumps(payload).encode(), {"Content-Type": "application/json"})

    def log_in(self, username: str) -> Answer:
        page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, "no CSRF token on the login page"
        form = f"csrfmiddlewaretoken={token.group(1).decode()}&username={username}&password={PASSWORD}"
        return self.request(
            "POST", "/accounts/login/", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )


# --- The load ----------------------------------------------------------------------------------------


@dataclass
class Person:
    username: str
    pages: Client
    api: Client
    tasks: list[int]


Samples = dict[str, list[tuple[float, int]]]


def prepare(port: int) -> list[Person]:
    people = []
    tokens: dict[str, str] = {}
    tasks: dict[str, list[int]] = {}
    for username in ACCOUNTS:
        client = Client(port)
        answer = client.post_json("/api/v1/auth/token", {"username": username, "password": PASSWORD})
        tokens[username] = json.loads(answer.body)["token"]
        client.token = tokens[username]
        listed = json.loads(client.get("/api/v1/tasks?page_size=500").body)
        tasks[username] = [item["id"] for item in listed["items"]]
    for i in range(USERS):
        username = ACCOUNTS[i % len(ACCOUNTS)]
        people.append(Person(username, Client(port), Client(port, token=tokens[username]), tasks[username]))
    return people


def log_in_all(people: list[Person], samples: Samples) -> None:
    def one(person: Person) -> None:
        started = time.perf_counter()
        answer = person.pages.log_in(person.username)
        samples["log in (form post)"].append(((time.perf_counter() - started) * 1000, answer.status))

    run_threads([lambda p=p: one(p) for p in people])


REPORT_WRITERS = {"focal", "focal2", "dept", "coordinator"}


def next_request(person: Person, rng: random.Random, period: str) -> tuple[str, Callable[[], Answer]]:
    """The mix: mostly pages, then API reads, a few report writes by those who report."""
    task = rng.choice(person.tasks) if person.tasks else None
    roll = rng.random()
    if roll < 0.15:
        return "page: home", lambda: person.pages.get("/")
    if roll < 0.30:
        return "page: dashboard", lambda: person.pages.get("/dashboard/")
    if roll < 0.50:
        return "page: register (overdue)", lambda: person.pages.get("/tasks/?overdue=true")
    if roll < 0.65 and task:
        return "page: task", lambda: person.pages.get(f"/tasks/{task}/")
    if roll < 0.80:
        return "api: task list", lambda: person.api.get("/api/v1/tasks?page_size=50")
    if roll < 0.97 and task:
        return "api: task", lambda: person.api.get(f"/api/v1/tasks/{task}")
    if person.username in REPORT_WRITERS and task:
        payload = {"period": period, "percent_complete": rng.randint(1, 99), "work_done": "Tải thử"}
        return "api: report write", lambda: person.api.post_json(f"/api/v1/tasks/{task}/reports", payload)
    return "api: task list", lambda: person.api.get("/api/v1/tasks?page_size=50")


def drive(people: list[Person], seconds: float, pick: Callable, samples: Samples) -> float:
    """Every person sends its next request when the last is answered, until the time is up."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def loop(person: Person, seed: int) -> None:
        rng = random.Random(seed)
        local: Samples = defaultdict(list)
        while time.monotonic() < deadline:
            kind, send = pick(person, rng)
            started = time.perf_counter()
            try:
                status = send().status
            except OSError:
                status = 0  # no answer at all
            local[kind].append(((time.perf_counter() - started) * 1000, status))
        with lock:
            for kind, values in local.items():
                samples[kind].extend(values)

    started = time.monotonic()
    run_threads([lambda p=p, i=i: loop(p, i) for i, p in enumerate(people)])
    return time.monotonic() - started


def run_threads(jobs: list[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(title: str, samples: Samples, elapsed: float) -> dict[str, float]:
    total = sum(len(v) for v in samples.values())
    errors = sum(1 for v in samples.values() for _ms, status in v if status == 0 or status >= 500)
    print(
        f"\n{title}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} requests/s, {errors} errors"
    )
    print(f"  {'request':<28}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    every: list[float] = []
    for kind in sorted(samples):
        values = [ms for ms, _status in samples[kind]]
        every += values
        statuses = Counter(status for _ms, status in samples[kind])
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        print(
            f"  {kind:<28}{len(values):>7}{percentile(values, 0.5):>9.1f}{percentile(values, 0.95):>9.1f}  {shown}"
        )
    return {
        "rps": total / elapsed,
        "p50": percentile(every, 0.5) if every else 0.0,
        "p95": percentile(every, 0.95) if every else 0.0,
        "errors": errors,
    }


def main() -> None:
    print(f"dxoffice load: {USERS} people, {SECONDS:.0f} s per phase, uvicorn x{WORKERS}, PostgreSQL + Redis")
    with Stack() as stack:
        people = prepare(stack.port)
        baseline: Samples = defaultdict(list)
        elapsed = drive(
            people, SECONDS / 3, lambda p, rng: ("livez (baseline)", lambda: p.api.get("/livez")), baseline
        )
        base = report("Baseline, the same stack's /livez", baseline, elapsed)

        logins: Samples = defaultdict(list)
        started = time.monotonic()
        log_in_all(people, logins)
        report(f"{USERS} simultaneous log-ins", logins, time.monotonic() - started)

        reports_before = stack.count("SELECT count(*) FROM planning_progressreport")
        period = time.strftime("%YM%m")
        mix: Samples = defaultdict(list)
        elapsed = drive(people, SECONDS, lambda p, rng: next_request(p, rng, period), mix)
        load = report("The mix (pages, API reads, report writes)", mix, elapsed)

        created = sum(1 for _ms, status in mix.get("api: report write", []) if status == 201)
        reports_after = stack.count("SELECT count(*) FROM planning_progressreport")
        doubled = stack.count(
            "SELECT count(*) FROM (SELECT task_id, period FROM planning_progressreport "
            "WHERE archived_at IS NULL GROUP BY task_id, period HAVING count(*) > 1) AS d"
        )
        print(
            f"\nWrites: {created} answered 201, {reports_after - reports_before} new rows, {doubled} doubled"
        )
        print(
            f"\nSummary: mix {load['rps']:.1f} requests/s (p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms), "
            f"baseline {base['rps']:.1f} requests/s (p50 {base['p50']:.0f} ms, p95 {base['p95']:.0f} ms); "
            f"mix / baseline = {load['rps'] / base['rps']:.2f}"
        )
        if load["errors"] or created != reports_after - reports_before or doubled:
            sys.exit(1)


if __name__ == "__main__":
    main()
