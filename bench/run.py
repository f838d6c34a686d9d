"""Speed of the program register at national scale.

Builds (in a throwaway database) 34 provinces x ~98 communes (3,332 commune-level units) and
N tasks spread across them, then times the reads people wait for: the scope filter of a commune focal
point, the register's first page with filters, the dashboard's aggregates and the rendered pages.
Each figure is the median of several runs; a hand-written SQL baseline for the same count is printed
beside the ORM figure.

    .venv/bin/python bench/run.py                 # SQLite, 20,000 tasks
    BENCH_TASKS=100000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/dxoffice_bench .venv/bin/python bench/run.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if not os.environ.get("DATABASE_URL"):
    os.environ["DXOFFICE_VAR_DIR"] = tempfile.mkdtemp(prefix="dxoffice-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxoffice.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_TASKS = int(os.environ.get("BENCH_TASKS", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def timed(fn, runs=RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def build():
    from dxoffice.core.models import OrgUnit, Role, RoleGrant, UnitKind, User
    from dxoffice.planning.models import AnnualPlan, Pillar, Program, Task

    nation = OrgUnit.objects.create(code="VN", name="Việt Nam", kind=UnitKind.PROVINCE)
    provinces = [
        OrgUnit(code=f"P{i:02d}", name=f"Tỉnh {i}", kind=UnitKind.PROVINCE, parent=nation) for i in range(34)
    ]
    for unit in provinces:
        unit.save()
    communes = []
    for province in provinces:
        for j in range(98):
            unit = OrgUnit(
                code=f"{province.code}-X{j:03d}",
                name=f"Xã {j} {province.name}",
                kind=UnitKind.COMMUNE,
                parent=province,
            )
            communes.append(unit)
    for unit in communes:  # save() sets the path; creation of units is not what we measure
        unit.save()
    program = Program.objects.create(
        code="CDS", name="CĐS", owner_unit=nation, start_year=2026, end_year=2030
    )
    pillars = [Pillar.objects.create(program=program, code=c, name=c) for c in ("CQS", "KTS", "XHS", "HT")]
    plan = AnnualPlan.objects.create(program=program, year=2026, code="KH-2026", title="KH 2026")
    start = date(2026, 1, 1)
    Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=f"T{i:06d}",
                title=f"Nhiệm vụ chuyển đổi số số {i}",
                pillar=pillars[i % 4],
                lead_unit=communes[i % len(communes)],
                start_date=start,
                due_date=start + timedelta(days=(i * 37) % 700),
                status=["not_started", "in_progress", "completed"][i % 3],
                completed_on=start + timedelta(days=(i * 17) % 500) if i % 3 == 2 else None,
                search_text=f"t{i:06d} nhiem vu chuyen doi so so {i}",
            )
            for i in range(N_TASKS)
        ],
        batch_size=2000,
    )
    focal = User.objects.create(username="focal")
    RoleGrant.objects.create(user=focal, unit=communes[5], role=Role.FOCAL)
    leader = User.objects.create(username="leader")
    RoleGrant.objects.create(user=leader, unit=provinces[3], role=Role.LEADER)
    return focal, leader, communes[5], provinces[3]


def main():
    from dxoffice.core.permissions import forget_scope
    from dxoffice.planning.selectors import TaskFilters, local_today, task_register, tasks_visible_to
    from dxoffice.planning.stats import on_time_by_unit, tracking_counts

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    focal, leader, commune, province = build()
    print(
        f"built {N_TASKS} tasks over 3,332 commune units in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )
    today = local_today()

    def scope_count(user):
        forget_scope(user)
        return tasks_visible_to(user).count()

    def first_page(user, **params):
        forget_scope(user)
        return list(task_register(user, TaskFilters.from_params(params))[:25])

    with connection.cursor() as cursor:

        def raw_province_count():
            cursor.execute(
                "SELECT COUNT(*) FROM planning_task t JOIN core_orgunit u ON u.id = t.lead_unit_id "
                "WHERE u.path LIKE %s AND t.archived_at IS NULL",
                [province.path + "%"],
            )
            cursor.fetchone()

        rows = [
            ("commune focal point: count visible tasks", timed(lambda: scope_count(focal)), None),
            (
                "province leader: count visible tasks",
                timed(lambda: scope_count(leader)),
                timed(raw_province_count),
            ),
            (
                "province leader: register first page (overdue, sorted by due)",
                timed(lambda: first_page(leader, overdue="true", sort="due")),
                None,
            ),
            (
                "province leader: register search 'chuyen doi' first page",
                timed(lambda: first_page(leader, q="chuyen doi 123")),
                None,
            ),
            (
                "province leader: dashboard tracking counts",
                timed(lambda: tracking_counts(tasks_visible_to(leader), today)),
                None,
            ),
            (
                "province leader: on-time ranking by unit",
                timed(lambda: on_time_by_unit(tasks_visible_to(leader), today)),
                None,
            ),
        ]
    setup_test_environment()
    client = Client()
    client.force_login(leader)
    rows.append(("GET / (dashboard page, province leader)", timed(lambda: client.get("/"), runs=5), None))
    rows.append(
        (
            "GET /tasks/?overdue=true (register page)",
            timed(lambda: client.get("/tasks/?overdue=true"), runs=5),
            None,
        )
    )
    print(f"\n| measurement ({N_TASKS} tasks, {connection.vendor}) | median ms | raw SQL ms |")
    print("|---|---:|---:|")
    for name, ms, raw in rows:
        print(f"| {name} | {ms:.1f} | {'' if raw is None else f'{raw:.1f}'} |")


if __name__ == "__main__":
    main()
