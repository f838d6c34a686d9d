"""Build the Cà Mau demo: units, people, directives, the 2026–2030 program with its objectives,
the 2026 and 2027 plans, and ~150 tasks with reports, evidence and budget lines.

Determinism and dates. The app derives "overdue", "due soon" and the tracking classes from the
real date, and the workflow refuses completion dates in the future. A demo anchored to a fixed
"demo today" would drift: loaded a year later, every open task would be overdue. So all task
dates are computed relative to the day of loading (`local_today()`), with offsets drawn from
random generators seeded by fixed strings (one per task, keyed by its code). The result is the
same on every load made on a given day, and the tracking mix (about 47% completed, 31% in
progress within the deadline, 8% overdue, 14% regular) holds whatever day in 2026–2027 it is
loaded. Codes, titles, units, partners and tracking classes do not depend on the day at all;
only dates (and the plan a task falls in: the year of its due date, kept within 2026–2027) do.

Objective actuals follow a straight line from each objective's 2024 baseline (an annual value
for 2025 and one per quarter that has ended before the load day), so the early-warning outlook
(on track / at risk) is the same whatever the load day.

Everything goes through the planning and core services (by=the system actor for system writes, by=a demo
user where the workflow needs a person), inside one transaction. What the services notify is stored
under the bell but never e-mailed (notifications.email_paused).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from dxoffice.core.actors import system_actor
from dxoffice.core.models import OrgUnit, UnitKind, User
from dxoffice.core.notifications.services import email_paused
from dxoffice.core.periods import QUARTER, Period
from dxoffice.core.services import role_grant, save_audited
from dxoffice.demo import data, indicators, meetings, partners, training
from dxoffice.demo.state import Demo, local_code
from dxoffice.demo.tasks import build_tasks
from dxoffice.planning.models import (
    BudgetLine,
    Direction,
    Pillar,
    PlanStatus,
    Program,
    ProgressReport,
    Sector,
    Task,
)
from dxoffice.planning.selectors import local_today
from dxoffice.planning.services import directive_save, objective_record_actual, objective_save, plan_save

PLAN_YEARS = (2026, 2027)


@dataclass
class LoadResult:
    seconds: float
    units: int
    users: int
    tasks: int
    reports: int
    budget_lines: int


def is_empty() -> bool:
    return not OrgUnit.all_objects.exists()


def taken_usernames() -> list[str]:
    """Demo user names that already exist (the demo would clash with them)."""
    wanted = [row[0] for row in data.USERS]
    return sorted(User.objects.filter(username__in=wanted).values_list("username", flat=True))


def load_demo() -> LoadResult:
    """Load the whole demo in one transaction. The caller checks the database is empty."""
    started = time.perf_counter()
    # The demo's people hear of its story under the bell, never by e-mail.
    with email_paused(), transaction.atomic():
        demo = Demo(today=local_today(), system=system_actor())
        _units(demo)
        _users(demo)
        _directives(demo)
        _program(demo)
        _objectives(demo)
        _plans(demo)
        build_tasks(demo)
        # Each module adds its own part, in its own file of the demo.
        indicators.build(demo)
        meetings.build(demo)
        training.build(demo)
        partners.build(demo)
    return LoadResult(
        seconds=time.perf_counter() - started,
        units=OrgUnit.objects.count(),
        users=User.objects.count(),
        tasks=Task.objects.count(),
        reports=ProgressReport.objects.count(),
        budget_lines=BudgetLine.objects.count(),
    )


def _unit(demo: Demo, code: str, name: str, short: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    unit = save_audited(
        OrgUnit(code=code, name=name, short_name=short, kind=kind, parent=parent), by=demo.system
    )
    demo.units[code] = unit
    return unit


def _units(demo: Demo) -> None:
    code, name, short = data.PROVINCE
    province = _unit(demo, code, name, short, UnitKind.PROVINCE, None)
    for code, name, short, kind, parent in data.DEPARTMENTS:
        _unit(demo, code, name, short, kind, demo.units[parent] if parent else province)
    for name in data.WARDS:
        demo.communes.append(
            _unit(demo, local_code(name, True), f"Phường {name}", "", UnitKind.WARD, province)
        )
    for name in data.COMMUNES:
        demo.communes.append(
            _unit(demo, local_code(name, False), f"Xã {name}", "", UnitKind.COMMUNE, province)
        )
    for code, name, short, kind in data.PARTNERS:
        _unit(demo, code, name, short, kind, None)


def _users(demo: Demo) -> None:
    # One hash shared by the demo accounts (same password): hashing eight times would dominate
    # the load time. Demo only; real accounts get their own salt through set_password.
    password = make_password(data.DEMO_PASSWORD)
    special = {"@focal": local_code(data.FOCAL_COMMUNE), "@focal2": local_code(data.FOCAL2_WARD)}
    for username, full_name, position, unit_code, role, role_unit in data.USERS:
        unit = demo.units[special.get(unit_code, unit_code)]
        user = User(
            username=username,
            full_name=full_name,
            position=position,
            unit=unit,
            email=f"{username}@demo.dxoffice.example",
            password=password,
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        save_audited(user, by=demo.system)
        role_grant(by=demo.system, user=user, unit=demo.units[special.get(role_unit, role_unit)], role=role)
        demo.users[username] = user


def _directives(demo: Demo) -> None:
    for number, title, kind, level, issuer, issued_on, summary in data.DIRECTIVES:
        demo.directives[number] = directive_save(
            by=demo.system,
            number=number,
            title=title,
            kind=kind,
            level=level,
            issuer=issuer,
            issued_on=issued_on,
            summary=summary,
        )


def _program(demo: Demo) -> None:
    code, name, start, end = data.PROGRAM
    program = save_audited(
        Program(
            code=code,
            name=name,
            owner_unit=demo.units["CAMAU"],
            start_year=start,
            end_year=end,
            description="Cụ thể hóa Nghị quyết 57-NQ/TW và Thỏa thuận hợp tác toàn diện về chuyển đổi số "
            "ngày 17/09/2025 trên ba trụ cột: chính quyền số, kinh tế số, xã hội số.",
        ),
        by=demo.system,
    )
    program.directives.set(demo.directives.values())
    demo.program = program
    for order, (code, name, name_en, kind) in enumerate(data.PILLARS, start=1):
        demo.pillars[code] = save_audited(
            Pillar(program=program, code=code, name=name, name_en=name_en, kind=kind, order=order),
            by=demo.system,
        )
    for order, (code, name, name_en, priority) in enumerate(data.SECTORS, start=1):
        demo.sectors[code] = save_audited(
            Sector(program=program, code=code, name=name, name_en=name_en, is_priority=priority, order=order),
            by=demo.system,
        )


def objective_value(seed: data.ObjectiveSeed, on: date) -> Decimal:
    """The demo trend: baseline at the end of 2024 plus `slope` per year, kept within sense."""
    years = Decimal((on - date(2024, 12, 31)).days) / Decimal("365.25")
    value = seed.baseline + seed.slope * years
    if seed.unit == "%":
        value = min(value, Decimal(100))
    floor = seed.baseline / 5 if seed.lower_is_better else Decimal(0)
    return max(value, floor).quantize(Decimal("0.01"))


def _objectives(demo: Demo) -> None:
    common = [demo.directives["57-NQ/TW"], demo.directives[data.PROVINCIAL_RESOLUTION]]
    extra = {"KTS": "68-NQ/TW", "CQS": "2629/QĐ-TTg"}
    coordinator = demo.users["coordinator"]
    for index, seed in enumerate(data.OBJECTIVES):
        directives = common + ([demo.directives[extra[seed.pillar]]] if seed.pillar in extra else [])
        objective = objective_save(
            by=coordinator if index % 5 == 0 else demo.system,
            program=demo.program,
            code=seed.code,
            title=seed.title,
            kind=seed.kind,
            pillar=demo.pillars[seed.pillar],
            lead_unit=demo.units[seed.lead],
            unit_of_measure=seed.unit,
            direction=Direction.LOWER if seed.lower_is_better else Direction.HIGHER,
            baseline_value=seed.baseline,
            baseline_year=2024,
            targets=dict(zip(range(2026, 2031), (Decimal(str(v)) for v in seed.targets), strict=True)),
            directives=directives,
        )
        demo.objectives[seed.code] = objective
        for period, value in actual_points(seed, demo.today):
            note = "Số liệu tổng kết năm 2025" if period == "2025" else ""
            objective_record_actual(
                by=demo.system, objective=objective, period=period, value=value, note=note
            )


def actual_points(seed: data.ObjectiveSeed, today: date) -> list[tuple[str, Decimal]]:
    """The 2025 value and one per quarter of 2026 onwards that has ended before `today`."""
    points = [("2025", objective_value(seed, date(2025, 12, 31)))]
    period = Period(2026, QUARTER, 1)
    while period.end < today:
        points.append((period.code, objective_value(seed, period.end)))
        period = Period(period.year + (period.index == 4), QUARTER, period.index % 4 + 1)
    return points


def _plans(demo: Demo) -> None:
    for year in PLAN_YEARS:
        demo.plans[year] = plan_save(
            by=demo.system,
            program=demo.program,
            year=year,
            code=f"KH-CDS-{year}",
            title=f"Kế hoạch chuyển đổi số tỉnh Cà Mau năm {year}",
            directive=demo.directives[data.PLAN_2026_DIRECTIVE] if year == 2026 else None,
            status=PlanStatus.APPROVED,
        )
