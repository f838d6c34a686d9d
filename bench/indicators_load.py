"""Building and loading the indicators benchmark's data (used by bench/indicators.py).

PROVINCES provinces of UNITS communes each, one framework of INDICATORS min-max indicators in 4 pillars,
PERIODS monthly periods of approved values. The values go in through the database's own bulk path
(COPY through psycopg on PostgreSQL, executemany on SQLite) with every index of the table in place, as
the live table grows; one sample is also loaded through the ORM's bulk_create beside the same rows
through the plain bulk path."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

PILLARS = 4
POOL = 65521  # a prime: values cycle through a pool of pre-formatted random numbers
SAMPLE_PERIOD = "1999M01"  # a period code no page shows, for the load-rate sample (removed again)
COLUMNS = (
    "indicator_id",
    "unit_id",
    "period",
    "value",
    "choice",
    "status",
    "evidence",
    "comment",
    "updated_at",
)


@dataclass
class World:
    actor: object
    provinces: list
    units: list  # the communes, province by province
    version: object
    periods: list[str]


def months(count: int) -> list[str]:
    codes = []
    year, month = 2022, 1
    for _ in range(count):
        codes.append(f"{year}M{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return codes


def build(provinces: int, units: int, indicators: int, periods: int) -> World:
    from dxoffice.core.actors import system_actor
    from dxoffice.core.models import OrgUnit, UnitKind
    from dxoffice.indicators import services

    actor = system_actor()
    tops, communes = [], []
    with transaction.atomic():
        for p in range(provinces):
            top = OrgUnit.objects.create(code=f"BT{p:02d}", name=f"Tỉnh thử {p}", kind=UnitKind.PROVINCE)
            tops.append(top)
            for n in range(units):
                unit = OrgUnit(code=f"X{p:02d}{n:04d}", name=f"Xã {p}.{n}", kind=UnitKind.COMMUNE, parent=top)
                unit.save()
                communes.append(unit)
    framework = {
        "code": "BENCH",
        "name": "Bộ chỉ số thử",
        "components": [{"code": f"P{p}", "name": f"Trụ cột {p}", "weight": str(p + 1)} for p in range(PILLARS)],
        "indicators": [
            {"code": f"I{i:03d}", "name": f"Chỉ số {i}", "component": f"P{i % PILLARS}", "value_type": "number",
             "source": "entered", "scoring": "minmax", "weight": str(1 + i % 3), "period_type": "month",
             "unit_kinds": ["commune"]}
            for i in range(indicators)
        ],
    }  # fmt: skip
    version = services.framework_import(by=actor, data=framework, owner_unit=tops[0])
    return World(actor, tops, communes, version, months(periods))


def find(periods: int) -> World:
    """The world a kept database already holds (`--reuse`)."""
    from dxoffice.core.actors import system_actor
    from dxoffice.core.models import OrgUnit
    from dxoffice.indicators.models import FrameworkVersion

    tops = list(OrgUnit.objects.filter(code__startswith="BT", kind="province").order_by("code"))
    communes = list(OrgUnit.objects.filter(parent__in=tops).order_by("code"))
    version = FrameworkVersion.objects.get(framework__code="BENCH")
    return World(system_actor(), tops, communes, version, months(periods))


def _pool() -> list[str]:
    rng = random.Random(7)
    return [f"{rng.randint(0, 10000) / 100:.2f}" for _ in range(POOL)]


def rows(world: World, skip: set[int]):
    """Every (indicator, unit, period) value but the last period of the units in `skip` (collected
    through a campaign by the approval measurement), as tuples of COLUMNS minus the constants."""
    pool = _pool()
    indicator_ids = sorted(world.version.indicators.values_list("pk", flat=True))  # before COPY begins
    unit_ids = [u.pk for u in world.units]
    last = world.periods[-1]
    return _rows(world.periods, indicator_ids, unit_ids, last, skip, pool)


def _rows(periods, indicator_ids, unit_ids, last, skip, pool):
    for p, period in enumerate(periods):
        for i, indicator_id in enumerate(indicator_ids):
            base = p * 7919 + i * 104729
            for n, unit_id in enumerate(unit_ids):
                if period == last and unit_id in skip:
                    continue
                yield indicator_id, unit_id, period, pool[(base + n * 40503) % POOL]


def load(world: World, skip: set[int]) -> tuple[int, float]:
    """Load every value through the plain bulk path; (rows, seconds)."""
    started = time.perf_counter()
    with transaction.atomic():
        count = (
            _copy(rows(world, skip)) if connection.vendor == "postgresql" else _executemany(rows(world, skip))
        )
    return count, time.perf_counter() - started


def _now() -> str:
    return "2026-12-04 00:00:00+00"


def _copy(source) -> int:
    count = 0
    now = _now()
    names = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY indicators_datavalue ({names}) FROM STDIN") as copy:
            lines = []
            for indicator_id, unit_id, period, value in source:
                lines.append(f"{indicator_id}\t{unit_id}\t{period}\t{value}\t\tapproved\t\t\t{now}\n")
                if len(lines) >= 20000:
                    copy.write("".join(lines))
                    count += len(lines)
                    lines = []
            copy.write("".join(lines))
            count += len(lines)
    return count


def _executemany(source) -> int:
    count = 0
    now = _now()
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO indicators_datavalue ({', '.join(COLUMNS)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        batch = []
        for indicator_id, unit_id, period, value in source:
            batch.append((indicator_id, unit_id, period, value, "", "approved", "", "", now))
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        cursor.executemany(sql, batch)
        count += len(batch)
    return count


def sample_rates(world: World, units: int) -> tuple[int, float, float]:
    """(rows, ORM bulk_create rows/s, plain bulk path rows/s) for one period's values of the first
    `units` communes under a throwaway period code, each removed again."""
    from dxoffice.indicators.models import DataValue, ValueStatus

    pool = _pool()
    indicator_ids = sorted(world.version.indicators.values_list("pk", flat=True))
    sample = [
        (indicator_id, unit.pk, SAMPLE_PERIOD, pool[(i * 31 + n * 7) % POOL])
        for i, indicator_id in enumerate(indicator_ids)
        for n, unit in enumerate(world.units[:units])
    ]

    def remove() -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM indicators_datavalue WHERE period = %s", [SAMPLE_PERIOD])

    with transaction.atomic():
        started = time.perf_counter()
        DataValue.objects.bulk_create(
            [
                DataValue(indicator_id=i, unit_id=u, period=p, value=Decimal(v), status=ValueStatus.APPROVED)
                for i, u, p, v in sample
            ],
            batch_size=5000,
        )
        orm = len(sample) / (time.perf_counter() - started)
        remove()
    with transaction.atomic():
        started = time.perf_counter()
        _copy(iter(sample)) if connection.vendor == "postgresql" else _executemany(iter(sample))
        plain = len(sample) / (time.perf_counter() - started)
        remove()
    return len(sample), orm, plain
