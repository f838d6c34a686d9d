"""Speed of the indicators module, each figure beside a baseline timed in the same run.

Presets (`--preset`):

- `quick` (default, what `make bench` runs): 1 province x 100 communes, 40 indicators, 12 months
  (48,000 values); SQLite unless `--postgres`;
- `province`: 1 province x 100 communes, 200 indicators, 60 months (1.2 M values); SQLite or
  `--postgres`;
- `national`: 34 provinces x 100 communes, 200 indicators, 60 months (40.8 M values); PostgreSQL only.

Every indicator is a min-max indicator in one of 4 pillars; the communes are peers across the whole
country, the provinces (their values rolled up from their communes) among themselves. The run measures:

- load rate: the values through the plain bulk path (COPY on PostgreSQL, executemany on SQLite), and a
  sample through the ORM's bulk_create beside the same rows through the plain path;
- the full recompute of one period (`recompute_period`: values, roll-ups, scores, sub-indices, index,
  ranks, written to the derived tables) beside one hand-written SQL statement doing the same work for
  the communes (min-max per indicator across peers, weighted pillar means, the overall index, the rank),
  both rankings checked equal; once with the derived rows already current and once from empty;
- approval to visible: approving one commune's submission, then reading its index and rank, beside one
  UPDATE approving the same rows plus the SQL statement reading the rank;
- p50/p95 over HTTP (uvicorn, production settings, a plain keep-alive client) of the index overview and
  of a unit scorecard, beside `/livez` of the same server;
- peak memory: Python allocations during a recompute (tracemalloc) and the process's maximum RSS.

    .venv/bin/python bench/indicators.py
    .venv/bin/python bench/indicators.py --preset province
    .venv/bin/python bench/indicators.py --preset province --postgres
    .venv/bin/python bench/indicators.py --preset national --keep     # PostgreSQL; keep the database
    .venv/bin/python bench/indicators.py --preset national --reuse    # measure again without loading

PostgreSQL: BENCH_PG (default postgres://postgres@127.0.0.1:5432) and the database BENCH_IND_DB
(default dxoffice_bench_ind_<preset>), created and dropped by the run unless --keep / --reuse.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from indicators_http import production_environment  # noqa: E402

PRESETS = {
    "quick": {"provinces": 1, "units": 100, "indicators": 40, "periods": 12, "scored": 12},
    "province": {"provinces": 1, "units": 100, "indicators": 200, "periods": 60, "scored": 60},
    "national": {"provinces": 34, "units": 100, "indicators": 200, "periods": 60, "scored": 3},
}
APPROVALS = 8  # communes collected through a campaign in the last period, approved one by one

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--preset", choices=sorted(PRESETS), default=os.environ.get("BENCH_IND_PRESET", "quick"))
parser.add_argument("--postgres", action="store_true", help="PostgreSQL (always for national)")
parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
parser.add_argument("--reuse", action="store_true", help="measure a kept database again, without loading")
parser.add_argument("--load-only", action="store_true", help="build and load, keep the database, stop")
parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_IND_RUNS", "21")))
parser.add_argument("--parts", default="recompute,approval,pages", help="what to measure (comma-separated)")
parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
ARGS = parser.parse_args()
PRESET = PRESETS[ARGS.preset]
POSTGRES = ARGS.postgres or ARGS.preset == "national" or ARGS.reuse
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_IND_DB", f"dxoffice_bench_ind_{ARGS.preset}")

os.environ.update(production_environment())
if POSTGRES:
    os.environ["DATABASE_URL"] = f"{PG}/{DB}"
    if not ARGS.reuse:
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
else:
    os.environ.pop("DATABASE_URL", None)
VAR_DIR = tempfile.mkdtemp(prefix="dxoffice-bench-ind-")  # SQLite, static files; removed at the end
os.environ["DXOFFICE_VAR_DIR"] = VAR_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

import indicators_load as data  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from indicators_http import Client, Server, session_for  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def timed(fn, runs: int) -> tuple[float, float]:
    """(median, 95th percentile) in ms, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def figure(label: str, ours: tuple[float, float], base: tuple[float, float], unit: str = "ms") -> None:
    ratio = ours[0] / max(base[0], 1e-9)
    print(f"{label}: p50 {ours[0]:,.1f} {unit}, p95 {ours[1]:,.1f} {unit}; "
          f"baseline p50 {base[0]:,.1f} {unit}, p95 {base[1]:,.1f} {unit}; ratio {ratio:.2f}x")  # fmt: skip


BASELINE = """
WITH v AS (
  SELECT d.unit_id, d.indicator_id AS code, CAST(i.weight AS DOUBLE PRECISION) AS w, c.id AS pillar,
    CAST(c.weight AS DOUBLE PRECISION) AS pw, CAST(d.value AS DOUBLE PRECISION) AS x
  FROM indicators_datavalue d
  JOIN indicators_indicator i ON i.id = d.indicator_id
  JOIN indicators_component c ON c.id = i.component_id
  JOIN core_orgunit u ON u.id = d.unit_id
  WHERE i.version_id = %s AND d.period = %s AND d.status = 'approved' AND d.value IS NOT NULL
    AND d.archived_at IS NULL AND u.kind = 'commune'
), s AS (
  SELECT unit_id, pillar, pw, w,
    CASE WHEN MAX(x) OVER (PARTITION BY code) = MIN(x) OVER (PARTITION BY code) THEN 1.0
    ELSE (x - MIN(x) OVER (PARTITION BY code)) / (MAX(x) OVER (PARTITION BY code) - MIN(x) OVER (PARTITION BY code)) END AS score
  FROM v
), p AS (
  SELECT unit_id, pillar, pw, SUM(score * w) / SUM(w) AS ps FROM s GROUP BY unit_id, pillar, pw
), o AS (
  SELECT unit_id, SUM(ps * pw) / SUM(pw) AS idx FROM p GROUP BY unit_id
)
SELECT unit_id, idx, RANK() OVER (ORDER BY idx DESC) AS rnk FROM o ORDER BY rnk, unit_id
"""  # noqa: E501


def baseline(version, period):
    with connection.cursor() as cursor:
        cursor.execute(BASELINE, [version.pk, period])
        return cursor.fetchall()


def clear_derived(version, period) -> None:
    """Empty the period's derived rows; on PostgreSQL vacuum them away too (as autovacuum would between
    two full recomputes), so that each run does not wade through the last one's dead rows."""
    tables = ("indicators_indicatorscore", "indicators_indexscore")
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table} WHERE version_id = %s AND period = %s", [version.pk, period])
    if POSTGRES:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM {table}")


def measure_load(world) -> None:
    skip = {u.pk for u in world.units[:APPROVALS]}
    count, seconds = data.load(world, skip)
    path = "COPY (psycopg)" if POSTGRES else "executemany"
    print(f"load: {count:,} values in {seconds:,.1f} s through {path}, {count / seconds:,.0f} values/s "
          "(every index of the table in place)")  # fmt: skip
    rows, orm, plain = data.sample_rates(world, min(100, len(world.units)))
    print(f"  sample of {rows:,} rows: ORM bulk_create {orm:,.0f} values/s; {path} of the same rows "
          f"{plain:,.0f} values/s; ratio {plain / orm:.2f}x slower through the ORM")  # fmt: skip
    if POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE indicators_datavalue")
            cursor.execute("SELECT pg_total_relation_size('indicators_datavalue')")
            print(f"  values table with its indexes: {cursor.fetchone()[0] / 2**30:.2f} GiB")


def measure_recompute(world, period: str) -> None:
    from dxoffice.indicators import selectors, services

    version, runs = world.version, max(5, ARGS.runs // 3)
    sql = timed(lambda: baseline(version, period), runs)
    current = timed(lambda: services.recompute_period(version, period), runs)
    figure("full recompute of one period, derived rows current", current, sql)

    def cold() -> None:
        clear_derived(version, period)
        started = time.perf_counter()
        services.recompute_period(version, period)
        samples.append((time.perf_counter() - started) * 1000)

    samples: list[float] = []
    for _ in range(max(3, runs // 2)):
        cold()
    figure("full recompute of one period, derived rows empty", percentiles(samples), sql)
    ours = [(r.unit.pk, r.rank) for r in selectors.ranking(version, period, "commune")]
    theirs = [(unit_id, rank) for unit_id, _idx, rank in baseline(version, period)]
    print(f"  rankings equal to the SQL statement's: {ours == theirs} ({len(ours):,} communes)")
    tracemalloc.start()
    services.recompute_period(version, period)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  peak Python allocations of a recompute: {peak / 2**20:.1f} MiB")


def measure_approval(world) -> None:
    from dxoffice.core.tests.factories import user_with_role
    from dxoffice.indicators import services
    from dxoffice.indicators.models import IndexScore, Submission
    from dxoffice.indicators.services.incremental import recompute_units

    version, last = world.version, world.periods[-1]
    units = world.units[:APPROVALS]
    reset_campaign(version, last, units)
    campaign = services.campaign_create(by=world.actor, version=version, period=last, title="Bench",
                                        opens_on=date(2026, 1, 1), closes_on=date(2026, 12, 31), units=units)  # fmt: skip
    reviewer = user_with_role("coordinator", world.provinces[0], username=f"bench-reviewer-{time.time_ns()}")
    codes = list(version.indicators.values_list("code", flat=True))
    wired: list[float] = []  # submission_approve as it is wired: the whole period recomputed
    partial: list[float] = []  # approval, then services.incremental.recompute_units for the one unit
    for n, unit in enumerate(units):
        submission = Submission.objects.get(campaign=campaign, unit=unit)
        values = {code: str(40 + (n * 7 + k) % 50) for k, code in enumerate(codes)}
        services.values_save(by=world.actor, submission=submission, values=values,
                             comments=dict.fromkeys(values, "bench"))  # fmt: skip
        for flag in submission.flags.all():
            flag.comment = "bench"
            flag.save()
        services.submission_submit(by=world.actor, submission=submission)
        started = time.perf_counter()
        if n < len(units) // 2:
            services.submission_approve(by=reviewer, submission=submission)
        else:
            with transaction.atomic():
                services.submission_approve(by=reviewer, submission=submission, recompute=False)
                recompute_units(version, last, [unit.pk])
        row = IndexScore.objects.get(version=version, period=last, unit=unit, component__isnull=True)
        (wired if n < len(units) // 2 else partial).append((time.perf_counter() - started) * 1000)
    first = wired.pop(0)  # the first approval of the period has no derived rows yet
    unit = units[-1]

    def sql() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE indicators_datavalue SET status = 'submitted' WHERE unit_id = %s AND period = %s",
                           [unit.pk, last])  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("UPDATE indicators_datavalue SET status = 'approved' WHERE unit_id = %s AND period = %s",
                           [unit.pk, last])  # fmt: skip
            rank = [r for r in baseline(version, last) if r[0] == unit.pk]
            base.append((time.perf_counter() - started) * 1000)
        assert rank

    base: list[float] = []
    for _ in range(5):
        sql()
    baseline_figures = percentiles(base)
    figure(f"approval to index and rank readable, as wired ({len(wired)} approvals)", percentiles(wired),
           baseline_figures)  # fmt: skip
    figure(f"approval to index and rank readable, incremental ({len(partial)} approvals)", percentiles(partial),
           baseline_figures)  # fmt: skip
    print(f"  first approval of the period: {first:,.0f} ms; last rank {row.rank}/{row.peers}")


def reset_campaign(version, period: str, units) -> None:
    """A kept database measured again: remove what the last run's approvals left."""
    from dxoffice.indicators.models import Campaign, DataValue, Flag, Submission

    with transaction.atomic():
        for campaign in Campaign.objects.filter(version=version, period=period):
            Flag.objects.filter(submission__campaign=campaign).delete()
            Submission.objects.filter(campaign=campaign).delete()
            campaign.delete()
        DataValue.objects.filter(period=period, unit__in=units).delete()


def measure_pages(world, period: str) -> None:
    from dxoffice.core.tests.factories import user_with_role

    viewer = user_with_role("leader", world.provinces[0], username=f"bench-leader-{time.time_ns()}")
    session = session_for(viewer)
    version = world.version
    overview = f"/indicators/?version={version.pk}&period={period}&kind=commune"
    card = f"/indicators/units/{world.units[3].code}/?version={version.pk}&period={period}"
    call_command("collectstatic", interactive=False, verbosity=0)
    with Server(ARGS.workers) as server:
        client = Client(server.port, session)
        for path in (overview, card):
            status, size = client.get(path)
            assert status == 200, (path, status)
            print(f"  {path.split('?')[0]} answers {status}, {size:,} bytes")

        def fetch(path: str):
            return lambda: client.get(path)

        health = timed(fetch("/livez"), ARGS.runs)
        figure("index overview over HTTP", timed(fetch(overview), ARGS.runs), health)
        figure("unit scorecard over HTTP", timed(fetch(card), ARGS.runs), health)
    print(
        f"  (uvicorn x{ARGS.workers}, production settings, in-memory cache; baseline: /livez of the same server)"
    )


def main() -> None:
    started = time.perf_counter()
    preset = PRESET
    size = preset["provinces"] * preset["units"] * preset["indicators"] * preset["periods"]
    print(f"preset {ARGS.preset}: {preset['provinces']} province(s) x {preset['units']} communes, "
          f"{preset['indicators']} indicators, {preset['periods']} months = {size:,} values; "
          f"database {'PostgreSQL' if POSTGRES else 'SQLite'}")  # fmt: skip
    call_command("migrate", verbosity=0)
    if ARGS.reuse:
        world = data.find(preset["periods"])
    else:
        world = data.build(preset["provinces"], preset["units"], preset["indicators"], preset["periods"])
        measure_load(world)
        if ARGS.load_only:
            return
    from dxoffice.indicators.models import IndexScore
    from dxoffice.indicators.services import recompute_period

    periods = world.periods[-preset["scored"] - 1 : -1]
    scored = set(IndexScore.objects.filter(version=world.version).values_list("period", flat=True).distinct())
    todo = [period for period in periods if period not in scored]
    if todo:
        begun = time.perf_counter()
        for period in todo:
            recompute_period(world.version, period)
        seconds = time.perf_counter() - begun
        if POSTGRES:  # as autovacuum's analyze would soon after: the planner's statistics of the rows
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE indicators_indicatorscore")
                cursor.execute("ANALYZE indicators_indexscore")
        print(
            f"scores of {len(todo)} periods computed in {seconds:,.1f} s ({seconds / len(todo):,.2f} s a period)"
        )
    parts = set(ARGS.parts.split(","))
    if "recompute" in parts:
        measure_recompute(world, periods[-1])
    if "approval" in parts:
        measure_approval(world)
    if "pages" in parts:
        measure_pages(world, periods[-1])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the benchmark process (max RSS): {rss:,.0f} MiB")
    print(f"run took {time.perf_counter() - started:,.0f} s; other processes may share the 2 cores")


if __name__ == "__main__":
    try:
        main()
    finally:
        if POSTGRES and not ARGS.keep and not ARGS.load_only:
            connection.close()
            subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)"])
        shutil.rmtree(VAR_DIR, ignore_errors=True)
