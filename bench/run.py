"""Speed of the program register at national scale.

Builds (in a throwaway database) 34 provinces x 98 communes (3,332 commune-level units) and N tasks
spread across them, a fifth with a coordinating commune of another province and a seventh with a
partner, then times the reads people wait for: the scope filter (lead unit, coordinating units and
partner), the register's first page with filters, the dashboard's aggregates and the rendered pages.
Each figure is the median and the 95th percentile of several runs; the scope counts are timed beside a
hand-written SQL statement that returns the same rows (checked), in the same run.

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

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_TASKS = int(os.environ.get("BENCH_TASKS", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "11"))


def timed(fn, runs=RUNS) -> tuple[float, float]:
    """(median, 95th percentile) in ms, after one warm-up call."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]


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
    # A fifth of the tasks have a coordinating commune in another province, a seventh a partner.
    partners = []
    for k in range(7):
        unit = OrgUnit(code=f"DN{k}", name=f"Doanh nghiệp {k}", kind=UnitKind.TECH_PARTNER)
        unit.save()
        partners.append(unit)
    through = Task.coordinating_units.through
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    through.objects.bulk_create(
        [
            through(task_id=pk, orgunit_id=communes[(i * 131 + 7) % len(communes)].pk)
            for i, pk in enumerate(ids)
            if i % 5 == 0
        ],
        batch_size=5000,
    )
    for k, partner in enumerate(partners):
        Task.objects.filter(
            pk__in=[pk for i, pk in enumerate(ids) if i % 7 == 0 and (i // 7) % 7 == k]
        ).update(partner=partner)
    focal = User.objects.create(username="focal")
    RoleGrant.objects.create(user=focal, unit=communes[5], role=Role.FOCAL)
    leader = User.objects.create(username="leader")
    RoleGrant.objects.create(user=leader, unit=provinces[3], role=Role.LEADER)
    partner_user = User.objects.create(username="partner")
    RoleGrant.objects.create(user=partner_user, unit=partners[2], role=Role.FOCAL)
    return focal, leader, partner_user


# The same work as `tasks_visible_to(user).count()`, by hand: read the paths of the person's role grants
# (each covers its unit's subtree), then count the tasks led, partnered or coordinated by a unit under one.
GRANTS_SQL = (
    "SELECT g.path FROM core_rolegrant r JOIN core_orgunit g ON g.id = r.unit_id "
    "WHERE r.user_id = %s AND g.archived_at IS NULL"
)
SCOPE_SQL = """
    SELECT COUNT(*) FROM planning_task t JOIN planning_annualplan p ON p.id = t.plan_id
    WHERE t.archived_at IS NULL AND p.archived_at IS NULL AND t.id IN (
        SELECT id FROM planning_task WHERE lead_unit_id IN (SELECT id FROM core_orgunit WHERE {paths})
        UNION SELECT id FROM planning_task WHERE partner_id IN (SELECT id FROM core_orgunit WHERE {paths})
        UNION SELECT task_id FROM planning_task_coordinating_units
              WHERE orgunit_id IN (SELECT id FROM core_orgunit WHERE {paths}))
"""


def main():
    from dxoffice.core.permissions import forget_scope
    from dxoffice.planning.selectors import TaskFilters, local_today, task_register, tasks_visible_to
    from dxoffice.planning.stats import on_time_by_unit, tracking_counts

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    focal, leader, partner = build()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # a live database has statistics; a bulk-loaded one not yet
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

    rows = []
    ratios: list[str] = []
    with connection.cursor() as cursor:

        def raw_count(user):
            cursor.execute(GRANTS_SQL, [user.pk])
            paths = [row[0] + "%" for row in cursor.fetchall()]
            where = " OR ".join(["path LIKE %s"] * len(paths))
            cursor.execute(SCOPE_SQL.format(paths=where), paths * 3)
            return cursor.fetchone()[0]

        for label, user in (
            ("commune focal point", focal),
            ("province leader", leader),
            ("partner", partner),
        ):
            assert scope_count(user) == raw_count(user), f"{label}: the ORM and the SQL disagree"
            orm, raw = timed(lambda u=user: scope_count(u)), timed(lambda u=user: raw_count(u))
            rows.append((f"{label}: count the tasks it may see", orm))
            rows.append((f"— hand-written SQL, the same work and rows ({raw_count(user)})", raw))
            ratios.append(f"{label} {orm[0] / raw[0]:.1f}x (p95 {orm[1] / raw[1]:.1f}x)")
        rows += [
            (
                "province leader: register first page (overdue, sorted by due)",
                timed(lambda: first_page(leader, overdue="true", sort="due")),
            ),
            (
                "province leader: register search 'chuyen doi' first page",
                timed(lambda: first_page(leader, q="chuyen doi 123")),
            ),
            (
                "province leader: dashboard tracking counts",
                timed(lambda: tracking_counts(tasks_visible_to(leader), today)),
            ),
            (
                "province leader: on-time ranking by unit",
                timed(lambda: on_time_by_unit(tasks_visible_to(leader), today)),
            ),
        ]
    setup_test_environment()
    client = Client()
    client.force_login(leader)
    for path in ("/", "/dashboard/", "/tasks/", "/tasks/?overdue=true"):
        assert client.get(path).status_code == 200, path
        rows.append(
            (
                f"GET {path} (whole page, province leader)",
                timed(lambda p=path: client.get(p), runs=PAGE_RUNS),
            )
        )

    def dashboard_afresh():
        cache.clear()  # the figures computed anew, as after a write or for the first reader of a scope
        return client.get("/dashboard/")

    rows.append(
        ("GET /dashboard/ computed afresh (cache emptied each run)", timed(dashboard_afresh, runs=PAGE_RUNS))
    )
    print(f"\n| measurement ({N_TASKS} tasks, {connection.vendor}) | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for name, (p50, p95) in rows:
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")
    print("\nScope count, ORM / hand-written SQL: " + "; ".join(ratios))


if __name__ == "__main__":
    main()
