"""Speed of training's coverage: the figures per unit and position level against the year's targets,
the trend by month and the list of who still must, for a province's officials and the nation's.

Builds (in a throwaway SQLite database unless DATABASE_URL is set) provinces of communes, wards and
departments, PEOPLE officials on their staff lists, ten courses required in 2026 (and two optional
ones) and their completions with certificates, loaded fast (COPY on PostgreSQL, batched
bulk_create on SQLite). Then, each figure beside a hand-written SQL statement computing the same thing
in the same run (the results are checked equal), p50 and p95 and the ratio:

- `coverage_counts` for a unit and its children (per unit, position level and course);
- the trend by month (`coverage_trend`), "who still must" (`still_must`, the page's first 500 and
  the count), and the whole `coverage_report` the coverage page builds;
- the coverage page and the "who still must" page over real HTTP (uvicorn, one worker, DEBUG off)
  beside `/livez` of the same server fetched by the same plain client;
- peak Python memory of the selectors (tracemalloc) and of the server process (its high-water RSS).

    .venv/bin/python bench/training.py --quick                 # 3,000 officials, one province
    .venv/bin/python bench/training.py                         # a province of 30,000
    DATABASE_URL=postgres://.../dx_bench_train .venv/bin/python bench/training.py --people 2000000 --provinces 34

On PostgreSQL point DATABASE_URL at an empty database (or one an earlier run of the same size
loaded: the data is then reused, not loaded again).
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DXOFFICE_VAR_DIR"] = tempfile.mkdtemp(prefix="dxoffice-bench-training-")


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


# The server and this process share Redis as the cache where there is one, so that the benchmark can
# give the coverage figures a new version (as a write does) and time the page computed afresh.
if not os.environ.get("REDIS_URL") and _redis_up():
    os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/14"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

import training_data  # noqa: E402
import training_sql  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

HOST = "127.0.0.1"
Timing = tuple[float, float]


def timed(fn: Callable[[], Any], runs: int) -> Timing:
    """(p50, p95) in ms, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1024 * 1024)


# --- checks: the module and the SQL say the same ------------------------------------------------


def check_coverage(world: training_data.World, unit: Any, on: date) -> None:
    from dxoffice.core.models import OrgUnit
    from dxoffice.training.selectors import coverage_counts

    children = list(OrgUnit.objects.filter(parent=unit))
    counts = coverage_counts(training_data.YEAR, [unit, *children], on)
    sql = training_sql.coverage(training_data.YEAR, unit, on)
    own = counts[unit.pk]
    assert {k: (t.must, t.done) for k, t in own.levels.items()} == sql["levels"], "levels differ"
    assert {k: (t.must, t.done) for k, t in own.courses.items()} == sql["courses"], "courses differ"
    got = {
        c.pk: (counts[c.pk].people.must, counts[c.pk].people.done)
        for c in children
        if counts[c.pk].people.must
    }
    assert got == sql["children"], "children differ"


def check_still_must(unit: Any, on: date, limit: int) -> None:
    from dxoffice.training.selectors import still_must

    rows, total = still_must(training_data.YEAR, unit, on, limit=limit)
    sql_rows, sql_total = training_sql.still_must(training_data.YEAR, unit, on, limit)
    assert total == sql_total, f"totals differ: {total} != {sql_total}"
    assert [(m.learner.pk, m.course_ids) for m in rows] == sql_rows, "rows differ"


def check_trend(unit: Any, days: list[date]) -> None:
    from dxoffice.training.selectors.coverage import coverage_trend, needs_of_year

    tallies = coverage_trend(training_data.YEAR, unit, days, needs_of_year(training_data.YEAR))
    assert [(t.must, t.done) for t in tallies] == training_sql.trend(training_data.YEAR, unit, days)


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """uvicorn (one worker, DEBUG off) on the bench database, with a session of the leader."""

    def __init__(self, leader: Any) -> None:
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        store = SessionStore()
        store[SESSION_KEY] = str(leader.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = leader.get_session_auth_hash()
        store.create()
        self.cookie = f"sessionid={store.session_key}"
        self.port = free_port()
        env = {**os.environ, "DEBUG": "0", "LOG_LEVEL": "ERROR", "DB_POOL": "0"}
        command = [str(Path(sys.executable).parent / "uvicorn"), "dxoffice.asgi:application"]
        command += ["--host", HOST, "--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/livez")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start within 60 s")

    def get(self, url: str) -> tuple[int, bytes]:
        connection_ = http.client.HTTPConnection(HOST, self.port, timeout=600)
        try:
            connection_.request("GET", url, headers={"Cookie": self.cookie, "Accept-Language": "vi"})
            response = connection_.getresponse()
            return response.status, response.read()
        finally:
            connection_.close()

    def fetch(self, url: str) -> Callable[[], None]:
        def run() -> None:
            status, _body = self.get(url)
            assert status == 200, f"{url}: {status}"

        return run

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- the run ------------------------------------------------------------------------------------


def line(label: str, timing: Timing, base: Timing | None = None) -> None:
    ratio = f"   {timing[0] / base[0]:5.1f}x (p95 {timing[1] / base[1]:.1f}x)" if base else ""
    print(f"  {label:<58} p50 {timing[0]:9.1f} ms   p95 {timing[1]:9.1f} ms{ratio}")


def ratio(module: Timing, sql: Timing) -> None:
    print(f"  {'  module / SQL':<58} {module[0] / sql[0]:9.1f}x  (p95 {module[1] / sql[1]:.1f}x)")


def month_ends(on: date) -> list[date]:
    from dxoffice.core.periods import MONTH, Period

    months = [Period(training_data.YEAR, MONTH, m) for m in range(1, 13)]
    return [min(p.end, on) for p in months if p.start <= on]


def measure(unit: Any, on: date, runs: int, label: str) -> None:
    from dxoffice.core.models import OrgUnit
    from dxoffice.training import selectors
    from dxoffice.training.selectors.coverage import coverage_trend, needs_of_year
    from dxoffice.training.selectors.report import trend
    from dxoffice.training.views.coverage import STILL_MUST_PAGE

    year = training_data.YEAR
    children = list(OrgUnit.objects.filter(parent=unit))
    days = month_ends(on)
    needs = needs_of_year(year)
    print(f"{label}: {unit.name}, {len(children)} units below")
    line(
        "coverage_counts (unit and its children)",
        a := timed(lambda: selectors.coverage_counts(year, [unit, *children], on), runs),
    )
    line("  hand-written SQL, same figures", b := timed(lambda: training_sql.coverage(year, unit, on), runs))
    ratio(a, b)
    line(
        "trend by month (coverage_trend, 12 month ends)",
        a := timed(lambda: coverage_trend(year, unit, days, needs), runs),
    )
    line("  hand-written SQL, same figures", b := timed(lambda: training_sql.trend(year, unit, days), runs))
    ratio(a, b)
    line(
        "still_must (first 500 and the count)",
        a := timed(lambda: selectors.still_must(year, unit, on, limit=STILL_MUST_PAGE), runs),
    )
    line(
        "  hand-written SQL, same rows",
        b := timed(lambda: training_sql.still_must(year, unit, on, STILL_MUST_PAGE), runs),
    )
    ratio(a, b)
    line("coverage_report (everything the coverage page computes)", timed(lambda: REPORT(unit), runs))
    print(f"  peak Python memory: coverage_report {peak_mib(lambda: REPORT(unit)):.1f} MiB, "
          f"still_must {peak_mib(lambda: selectors.still_must(year, unit, on, limit=STILL_MUST_PAGE)):.1f} MiB, "
          f"trend {peak_mib(lambda: trend(year, unit, on, needs)):.1f} MiB")  # fmt: skip


REPORT: Callable[[Any], Any]


def main() -> None:
    global REPORT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3,000 officials (make bench)")
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--provinces", type=int, default=1)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--page-runs", type=int, default=11)
    parser.add_argument("--load-only", action="store_true", help="load the data and stop")
    args = parser.parse_args()
    people = 3_000 if args.quick else args.people
    call_command("migrate", verbosity=0, interactive=False)
    from dxoffice.training import selectors, timeutil

    world = training_data.existing(args.provinces, people)
    reused = world is not None
    if world is None:
        world = training_data.build(args.provinces, people)
    on = timeutil.local_today()
    REPORT = lambda unit: selectors.coverage_report(world.leader, year=training_data.YEAR, unit=unit)  # noqa: E731
    print(f"dxoffice training bench: {people:,} officials in {len(world.provinces)} province(s), "
          f"{len(world.units):,} units, {world.completions:,} completions with certificates; "
          f"database {connection.vendor}; day {on:%d/%m/%Y}")  # fmt: skip
    if reused:
        print("load: reused the data an earlier run loaded")
    else:
        rows = world.learners + 2 * world.completions
        how = (
            "COPY through psycopg" if connection.vendor == "postgresql" else "bulk_create in batches of 5,000"
        )
        print(f"load: {rows:,} rows in {world.seconds:.1f} s ({rows / world.seconds:,.0f} rows/s, {how})")
    if args.load_only:
        return
    from dxoffice.training.freshness import coverage_changed

    province = world.provinces[0]
    check_coverage(world, province, on)
    check_still_must(province, on, 500)
    check_trend(province, month_ends(on))
    print("checked: coverage per unit, level and course, the trend and who still must equal the SQL's")
    measure(province, on, args.runs, "province")
    if world.root != province:
        national(world, on)
    server = Server(world.leader)
    try:
        base = timed(server.fetch("/livez"), args.page_runs)
        print("over HTTP (uvicorn, one worker), leader's session:")
        line("GET /livez (baseline, same client and server)", base)
        query = f"?unit={province.code}&year={training_data.YEAR}"
        for page in ("/training/coverage/", "/training/coverage/still-must/"):
            fetch = server.fetch(f"{page}{query}")
            if os.environ.get("REDIS_URL"):
                line(
                    f"GET {page}, computed afresh",
                    timed(lambda f=fetch: (coverage_changed(), f()), args.page_runs),
                    base,
                )
            line(f"GET {page}, figures shared (cached)", timed(fetch, args.page_runs), base)
        print(f"  server peak memory (high-water RSS): {server.peak_rss_mib():.0f} MiB")
    finally:
        server.stop()


def national(world: training_data.World, on: date) -> None:
    """The nation's figures at its root, each once (no warm-up): counts and who still must."""
    from dxoffice.core.models import OrgUnit
    from dxoffice.training import selectors
    from dxoffice.training.views.coverage import STILL_MUST_PAGE

    year, root = training_data.YEAR, world.root
    provinces = list(OrgUnit.objects.filter(parent=root))
    print(f"nation: {root.name}, {len(provinces)} provinces below, each figure computed once")

    def once(fn: Callable[[], Any]) -> Timing:
        start = time.perf_counter()
        fn()
        ms = (time.perf_counter() - start) * 1000
        return ms, ms

    line(
        "coverage_counts (the nation and its provinces)",
        a := once(lambda: selectors.coverage_counts(year, [root, *provinces], on)),
    )
    line("  hand-written SQL, same figures", b := once(lambda: training_sql.coverage(year, root, on)))
    ratio(a, b)
    line(
        "still_must (first 500 and the count)",
        a := once(lambda: selectors.still_must(year, root, on, limit=STILL_MUST_PAGE)),
    )
    line(
        "  hand-written SQL, same rows",
        b := once(lambda: training_sql.still_must(year, root, on, STILL_MUST_PAGE)),
    )
    ratio(a, b)  # fmt: skip


if __name__ == "__main__":
    main()
