"""Speed of the indicators module, each figure beside a hand-written SQL baseline of the same run.

Builds (in a throwaway SQLite database unless DATABASE_URL is set) one province with UNITS communes, a
framework of INDICATORS min-max indicators in 4 pillars and PERIODS monthly periods of approved values,
then measures:

- load rate: values inserted per second through the bulk path (batched inserts);
- full recompute of one period (`recompute_period`) beside one SQL statement that does the same work
  (min-max per indicator across peers, weighted pillar means, the overall index and the rank), and the
  ratio; the two rankings are checked equal;
- approval to visible: approving one unit's submission, then reading its updated index and rank;
- p50/p95 of the index overview and of a unit scorecard through Django's test client;
- peak Python memory of the recompute (tracemalloc).

    .venv/bin/python bench/indicators.py                        # small: 100 units, 40 indicators, 12 months
    BENCH_IND_UNITS=100 BENCH_IND_INDICATORS=200 BENCH_IND_PERIODS=60 .venv/bin/python bench/indicators.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DATABASE_URL"):
    os.environ["DXOFFICE_VAR_DIR"] = tempfile.mkdtemp(prefix="dxoffice-bench-ind-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

UNITS = int(os.environ.get("BENCH_IND_UNITS", "100"))
INDICATORS = int(os.environ.get("BENCH_IND_INDICATORS", "40"))
PERIODS = int(os.environ.get("BENCH_IND_PERIODS", "12"))
RUNS = int(os.environ.get("BENCH_IND_RUNS", "7"))
PILLARS = 4


def timed(fn, runs: int = RUNS) -> tuple[float, float]:
    """(median, 95th percentile) in ms, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


def months() -> list[str]:
    codes = []
    year, month = 2022, 1
    for _ in range(PERIODS):
        codes.append(f"{year}M{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return codes


def build():
    from dxoffice.core.actors import system_actor
    from dxoffice.core.models import OrgUnit, UnitKind
    from dxoffice.indicators import services

    actor = system_actor()
    province = OrgUnit.objects.create(code="BENCH", name="Tỉnh thử", kind=UnitKind.PROVINCE)
    units = []
    for n in range(UNITS):
        unit = OrgUnit(code=f"X{n:04d}", name=f"Xã {n}", kind=UnitKind.COMMUNE, parent=province)
        unit.save()
        units.append(unit)
    framework = {
        "code": "BENCH",
        "name": "Bộ chỉ số thử",
        "components": [{"code": f"P{p}", "name": f"Trụ cột {p}", "weight": str(p + 1)} for p in range(PILLARS)],
        "indicators": [
            {"code": f"I{i:03d}", "name": f"Chỉ số {i}", "component": f"P{i % PILLARS}", "value_type": "number",
             "source": "entered", "scoring": "minmax", "weight": str(1 + i % 3), "period_type": "month",
             "unit_kinds": ["commune"]}
            for i in range(INDICATORS)
        ],
    }  # fmt: skip
    version = services.framework_import(by=actor, data=framework, owner_unit=province)
    return actor, province, units, version


def load(version, units, periods) -> float:
    from django.db import transaction

    with transaction.atomic():
        return _load(version, units, periods)


def _load(version, units, periods) -> float:
    from dxoffice.indicators.models import DataValue, ValueStatus

    rng = random.Random(7)
    indicators = list(version.indicators.all())
    started = time.perf_counter()
    batch = []
    count = 0
    for period in periods:  # the first unit's last period is collected through a campaign below
        for indicator in indicators:
            for unit in units:
                if period == periods[-1] and unit == units[0]:
                    continue
                value = Decimal(rng.randint(0, 10000)) / 100
                batch.append(
                    DataValue(
                        indicator=indicator,
                        unit=unit,
                        period=period,
                        value=value,
                        status=ValueStatus.APPROVED,
                    )
                )
                if len(batch) >= 5000:
                    DataValue.objects.bulk_create(batch, batch_size=5000)
                    count += len(batch)
                    batch = []
    DataValue.objects.bulk_create(batch, batch_size=5000)
    count += len(batch)
    return count / (time.perf_counter() - started)


def sql_load_rate(period: str) -> float:
    """Server-side bulk insert of one period's rows under a new period code, then removed again."""
    from django.db import transaction

    columns = "indicator_id, unit_id, value, choice, status, evidence, comment, updated_at, archived_at"
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO indicators_datavalue (period, {columns}) SELECT '1999M01', {columns} "
            "FROM indicators_datavalue WHERE period = %s",
            [period],
        )
        rows = cursor.rowcount
        seconds = time.perf_counter() - started
        cursor.execute("DELETE FROM indicators_datavalue WHERE period = '1999M01'")
    return rows / seconds


BASELINE = """
WITH v AS (
  SELECT d.unit_id, i.code, i.weight AS w, c.id AS pillar, c.weight AS pw, CAST(d.value AS REAL) AS x
  FROM indicators_datavalue d
  JOIN indicators_indicator i ON i.id = d.indicator_id
  JOIN indicators_component c ON c.id = i.component_id
  JOIN core_orgunit u ON u.id = d.unit_id
  WHERE i.version_id = %s AND d.period = %s AND d.status = 'approved' AND u.kind = 'commune'
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
"""


def baseline(version, period):
    with connection.cursor() as cursor:
        cursor.execute(BASELINE, [version.pk, period])
        return cursor.fetchall()


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from dxoffice.indicators import selectors, services
    from dxoffice.indicators.models import IndexScore, Submission

    actor, province, units, version = build()
    periods = months()
    rate = load(version, units, periods)
    total = len(periods) * INDICATORS * UNITS - INDICATORS
    period = periods[-2]
    print(f"preset: {UNITS} units x {INDICATORS} indicators x {PERIODS} months; database {connection.vendor}")
    print(f"load: {total:,} values at {rate:,.0f} values/s (batched inserts through the ORM)")
    print(
        f"  baseline, one INSERT ... SELECT of a period's values: {sql_load_rate(periods[0]):,.0f} values/s"
    )

    recompute = timed(lambda: services.recompute_period(version, period), runs=max(3, RUNS // 2))
    sql = timed(lambda: baseline(version, period))
    print(
        f"full recompute of one period: p50 {recompute[0]:.0f} ms; one SQL statement {sql[0]:.0f} ms; ratio {recompute[0] / max(sql[0], 0.001):.1f}x"
    )
    ours = [(r.unit.pk, r.rank) for r in selectors.ranking(version, period, "commune")]
    theirs = [(unit_id, rank) for unit_id, _idx, rank in baseline(version, period)]
    print(f"  rankings equal: {ours == theirs}")
    tracemalloc.start()
    services.recompute_period(version, period)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  peak Python memory of a recompute: {peak / 2**20:.1f} MiB")

    # Approval to visible: the last period collected through a campaign, one unit approved.
    last = periods[-1]
    campaign = services.campaign_create(
        by=actor,
        version=version,
        period=last,
        title="Bench",
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
        units=units,
    )
    from dxoffice.core.tests.factories import user_with_role

    reviewer = user_with_role("coordinator", province, username="bench-reviewer")
    submission = Submission.objects.get(campaign=campaign, unit=units[0])
    values = {i.code: str(50 + n % 40) for n, i in enumerate(version.indicators.all())}
    services.values_save(by=actor, submission=submission, values=values)
    services.submission_submit(by=actor, submission=submission)
    started = time.perf_counter()
    services.submission_approve(by=reviewer, submission=submission)
    row = IndexScore.objects.get(version=version, period=last, unit=units[0], component__isnull=True)
    visible = (time.perf_counter() - started) * 1000
    print(f"approval to updated index and rank readable: {visible:.0f} ms (rank {row.rank}/{row.peers})")

    client = Client()
    client.force_login(actor)
    url = f"/indicators/?version={version.pk}&period={period}&kind=commune"
    overview = timed(lambda: client.get(url))
    card = timed(
        lambda: client.get(f"/indicators/units/{units[3].code}/?version={version.pk}&period={period}")
    )
    ranking_sql = timed(
        lambda: list(
            IndexScore.objects.filter(
                version=version, period=period, unit_kind="commune", component__isnull=True
            )
            .order_by("rank")
            .values_list("unit_id", "score")
        )
    )
    print(
        f"index overview: p50 {overview[0]:.0f} ms, p95 {overview[1]:.0f} ms (reading the stored ranking alone: {ranking_sql[0]:.1f} ms)"
    )
    print(f"unit scorecard: p50 {card[0]:.0f} ms, p95 {card[1]:.0f} ms")


if __name__ == "__main__":
    main()
