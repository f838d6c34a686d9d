"""The demo's tasks: which tracking class each gets, their dates, workflow, reports and evidence.

Classes are dealt once from a seeded shuffle (independent of the day); dates are offsets from the
load day drawn from a generator seeded by the task code (see loader's docstring).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from dxoffice.core.models import OrgUnit, User
from dxoffice.demo import data
from dxoffice.demo.budget import add_budget, add_milestones
from dxoffice.demo.state import Demo
from dxoffice.demo.workflow import backdate_history, date_next_history, moment, run_workflow
from dxoffice.planning.models import Directive, Objective, Priority, Task, TaskStatus, Tracking
from dxoffice.planning.services import task_change_status, task_create

SEED = "dxoffice-demo-camau"
ON_TIME, LATE = Tracking.COMPLETED_ON_TIME, Tracking.COMPLETED_LATE
PROGRESS, OVERDUE, RECURRING = Tracking.IN_PROGRESS_ON_TIME, Tracking.OVERDUE, Tracking.RECURRING
COMPLETED = (ON_TIME, LATE)

# Share of all tasks per class, as the national Resolution-57 tracker reports them.
TARGET_COMPLETED, TARGET_LATE_SHARE, TARGET_OVERDUE = 0.47, 0.15, 0.08

# The focal users' units get a fixed story: template -> (class, what happens to the latest report).
FORCED = {
    data.FOCAL_COMMUNE: {
        "platform": (PROGRESS, "submitted"),
        "digitise": (OVERDUE, "draft"),
        "train": (ON_TIME, "accepted"),
        "literacy": (PROGRESS, "returned"),
        "trace": (LATE, "accepted"),
        "community": (RECURRING, "accepted"),
    },
    data.FOCAL2_WARD: {
        "platform": (PROGRESS, "submitted"),
        "digitise": (ON_TIME, "accepted"),
        "paperless": (OVERDUE, "submitted"),
        "ecommerce": (PROGRESS, "accepted"),
    },
}
COMMUNE_COORDINATION = {
    "platform": "SKHCN",
    "digitise": "TTHCC",
    "train": "SNV",
    "paperless": "VPUB",
    "literacy": "SKHCN",
    "ecommerce": "SCT",
    "tourism": "SVHTTDL",
    "trace": "SNNMT",
    "coverage": "SKHCN",
    "community": "SKHCN",
}


@dataclass
class Spec:
    code: str
    seed: data.TaskSeed
    title: str
    lead: OrgUnit
    coord: list[OrgUnit]
    parent: Spec | None = None
    children: list[Spec] = field(default_factory=list)
    commune: str = ""
    template: str = ""
    tracking: str = ""
    report_plan: str = ""
    due_soon: bool = False
    task: Task | None = None

    @property
    def rng(self) -> random.Random:
        return random.Random(f"{SEED}:{self.code}")


def build_tasks(demo: Demo) -> list[Task]:
    specs = _specs(demo)
    _deal_classes(specs)
    paused = False
    tasks: list[Task] = []
    for index, spec in enumerate(specs):
        rng = spec.rng
        start, due, completed_on = _dates(spec, demo.today, rng)
        task = spec.task = _create(demo, spec, index, rng, start, due)
        add_milestones(task, spec.tracking, demo.today, completed_on, by=demo.system)
        run_workflow(demo, task, spec.tracking, spec.report_plan, rng, completed_on)
        if spec.tracking == OVERDUE and not paused and not spec.commune and not spec.children:
            date_next_history(task, when=moment(demo.today - timedelta(days=3), 10))
            task_change_status(
                by=demo.users["coordinator"],
                task=task,
                status=TaskStatus.PAUSED,
                reason="Tạm dừng chờ bố trí vốn bổ sung năm nay.",
            )
            paused = True
        planner = demo.users["coordinator"] if index % 8 == 3 else demo.system
        add_budget(demo, task, spec.tracking, rng, by=planner)
        tasks.append(task)
    return tasks


# Which tasks exist ---------------------------------------------------------------------------------


def _specs(demo: Demo) -> list[Spec]:
    counters: dict[str, int] = {}

    def code_for(pillar: str) -> str:
        counters[pillar] = counters.get(pillar, 0) + 1
        return f"{pillar}-{counters[pillar]:02d}"

    specs: list[Spec] = []
    focal = demo.commune(data.FOCAL_COMMUNE)
    for seed in data.PROVINCIAL_TASKS + data.RECURRING_TASKS:
        code = code_for(seed.pillar)
        lead = demo.units[seed.lead]
        coord = [demo.units[c] for c in seed.coord]
        rng = random.Random(f"{SEED}:coord:{code}")
        if not coord:
            pool = [demo.units[c] for c in ("SKHCN", "STC", "SNV", "VPUB") if c != seed.lead]
            coord = rng.sample(pool, rng.choice((1, 1, 2)))
        if "xã" in seed.title:
            others = [u for u in demo.communes if u != focal]
            coord += [focal] + rng.sample(others, 2)
        spec = Spec(code, seed, seed.title, lead, coord)
        specs.append(spec)
        for number, title in enumerate(seed.subtasks, start=1):
            child_seed = seed._replace(kind="task", subtasks=())
            child = Spec(f"{code}.{number}", child_seed, title, lead, list(coord), parent=spec)
            spec.children.append(child)
            specs.append(child)
    for name, templates in data.COMMUNE_TASKS:
        unit = demo.commune(name)
        for key in templates:
            pillar, sector, kind, partner, title = data.COMMUNE_TEMPLATES[key]
            in_text = unit.name[0].lower() + unit.name[1:]  # "xã Tân Thuận"
            seed = data.TaskSeed(
                pillar,
                unit.code,
                title.format(unit=in_text),
                sector=sector,
                kind=kind,
                partner=partner,
                cycle="Q" if key == "community" else "",
            )
            coord = [demo.units[COMMUNE_COORDINATION[key]]]
            specs.append(Spec(code_for(pillar), seed, seed.title, unit, coord, commune=name, template=key))
    return specs


def _deal_classes(specs: list[Spec]) -> None:
    """Give every task its tracking class: forced stories first, then a seeded shuffle of the rest."""
    total = len(specs)
    completed = round(total * TARGET_COMPLETED)
    late = round(completed * TARGET_LATE_SHARE)
    overdue = round(total * TARGET_OVERDUE)
    recurring = sum(1 for s in specs if s.seed.cycle)
    pool: dict[str, int] = {
        ON_TIME: completed - late,
        LATE: late,
        OVERDUE: overdue,
        PROGRESS: total - recurring - completed - overdue,
    }
    for spec in specs:
        forced = FORCED.get(spec.commune, {}).get(spec.template)
        if spec.seed.cycle:
            spec.tracking, spec.report_plan = RECURRING, forced[1] if forced else ""
        elif forced:
            spec.tracking, spec.report_plan = forced
        elif spec.children:
            spec.tracking = PROGRESS
        elif spec.parent:
            spec.tracking = PROGRESS if spec is spec.parent.children[-1] else ON_TIME
        if spec.tracking and spec.tracking != RECURRING:
            pool[spec.tracking] -= 1
    deck = [tracking for tracking, count in pool.items() for _ in range(count)]
    rng = random.Random(SEED)
    rng.shuffle(deck)
    open_specs = [s for s in specs if not s.tracking]
    assert len(deck) == len(open_specs), "the class counts do not add up"
    for spec, tracking in zip(open_specs, deck, strict=True):
        spec.tracking = tracking
    dealt_progress = [s for s in open_specs if s.tracking == PROGRESS]
    for spec in dealt_progress[:5]:
        spec.due_soon = True
    for spec in specs:
        if spec.commune == data.FOCAL2_WARD and spec.template == "ecommerce":
            spec.due_soon = True
    plans: dict[str, list[str]] = {
        PROGRESS: ["accepted"] * 9 + ["submitted"] * 6 + ["draft"] * 2 + ["none"] * 3,
        OVERDUE: ["submitted", "accepted", "accepted", "none"],
        RECURRING: ["accepted"] * 7 + ["submitted"] * 3,
    }
    returned = 0
    for spec in specs:
        if spec.report_plan:
            continue
        if spec.tracking in COMPLETED:
            spec.report_plan = "accepted"
            continue
        spec.report_plan = rng.choice(plans[spec.tracking])
        if spec.tracking == PROGRESS and spec.report_plan == "submitted" and returned < 2:
            spec.report_plan, returned = "returned", returned + 1


# Dates ---------------------------------------------------------------------------------------------


def _dates(spec: Spec, today: date, rng: random.Random) -> tuple[date, date | None, date | None]:
    """(start, due, completed on) for the spec's class, as offsets from `today`."""

    def days(low: int, high: int) -> timedelta:
        return timedelta(days=rng.randint(low, high))

    parent = spec.parent.task if spec.parent else None
    tracking = spec.tracking
    if spec.children:
        return today - days(200, 330), today + days(60, 300), None
    if parent is not None:
        if parent.start_date is None or parent.due_date is None:
            raise ValueError(f"demo task {parent.code} has sub-tasks but no start or due date")
        if tracking == ON_TIME:
            start = parent.start_date + days(0, 30)
            due = start + days(60, 150)
            return start, due, due - days(0, 15)
        return today - days(10, 60), min(today + days(15, 120), parent.due_date), None
    if tracking == RECURRING:
        return today - days(60, 420), None, None
    if tracking == ON_TIME:
        if rng.random() < 0.25:  # finished ahead of a deadline still to come
            completed_on = today - days(1, 60)
            return completed_on - days(60, 200), today + days(10, 150), completed_on
        due = today - days(10, 330)
        completed_on = due - days(0, 30)
        return completed_on - days(60, 240), due, completed_on
    if tracking == LATE:
        due = today - days(40, 330)
        return due - days(90, 240), due, due + days(5, 35)
    if tracking == OVERDUE:
        due = today - days(5, 150)
        return due - days(90, 300), due, None
    if spec.due_soon:
        return today - days(30, 200), today + days(1, 7), None
    if spec.report_plan == "none" and rng.random() < 0.6:  # planned, not started yet
        start = today + days(5, 45)
        return start, start + days(60, 240), None
    return today - days(20, 240), today + days(15, 360), None


# Creation and workflow -----------------------------------------------------------------------------


def _create(demo: Demo, spec: Spec, index: int, rng: random.Random, start: date, due: date | None) -> Task:
    seed = spec.seed
    if spec.parent is not None:
        if spec.parent.task is None:
            raise ValueError(f"demo task {spec.code} comes before its parent")
        plan = spec.parent.task.plan
    else:
        year = min(max((due or demo.today).year, 2026), 2027)
        plan = demo.plans[year]
    partner = demo.units[seed.partner] if seed.partner else None
    # Until the partnership and meetings modules link these tasks to their commitments and
    # conclusions, the demo names the source document as the origin reference.
    origin = "other" if seed.origin in ("A", "M") else "plan"
    origin_ref = {
        "A": "Thỏa thuận hợp tác toàn diện về chuyển đổi số ngày 17/09/2025",
        "M": "Kết luận phiên họp Ban Chỉ đạo chuyển đổi số tỉnh",
    }.get(seed.origin, "")
    pillar = demo.pillars[seed.pillar]
    sector = demo.sectors[seed.sector] if seed.sector else None
    if seed.kind in ("project", "scheme") or (spec.tracking == OVERDUE and rng.random() < 0.5):
        priority = Priority.HIGH
    else:
        priority = rng.choice([Priority.HIGH] * 3 + [Priority.NORMAL] * 15 + [Priority.LOW] * 2)
    description = f"Nhiệm vụ thuộc {pillar.name.lower()}"
    if sector:
        description += f", lĩnh vực {sector.name.lower()}"
    description += f"; đơn vị chủ trì: {spec.lead.name}."
    if partner:
        description += f" Phối hợp với đối tác: {partner.name}."
    by = demo.users["coordinator"] if index % 10 == 7 else demo.system
    task = task_create(
        by=by,
        plan=plan,
        origin=origin,
        code=spec.code,
        title=spec.title,
        description=description,
        kind=seed.kind,
        pillar=pillar,
        sector=sector,
        lead_unit=spec.lead,
        partner=partner,
        parent=spec.parent.task if spec.parent else None,
        start_date=start,
        due_date=due,
        is_recurring=bool(seed.cycle),
        reporting_cycle=seed.cycle or ("M" if seed.kind == "project" else "Q"),
        priority=priority,
        origin_ref=origin_ref,
        expected_result=_expected(seed),
    )
    codes = data.PILLAR_OBJECTIVES[seed.pillar]
    objectives = [demo.objectives[code] for code in rng.sample(codes, min(2, len(codes)))]
    _relate(task, by, spec.coord, _directives(demo, spec, plan.year), objectives)
    backdate_history(task, moment(start - timedelta(days=rng.randint(3, 20)), 8, rng.randint(0, 59)))
    return task


def _relate(
    task: Task,
    by: User,
    coordinating: list[OrgUnit],
    directives: list[Directive],
    objectives: list[Objective],
) -> None:
    """Attach the task's relations as one audited change. Passing them to task_create sets them
    one by one, and simple-history writes a full snapshot of all three relations for each (some
    40 queries a task, most of the load time). The lead unit is never a coordinating unit here,
    which is the one rule the service checks on relations."""
    assert coordinating and task.lead_unit not in coordinating, task.code
    directive_link = Task.directives.through
    directive_link.objects.bulk_create([directive_link(task=task, directive=d) for d in directives])
    objective_link = Task.objectives.through
    objective_link.objects.bulk_create([objective_link(task=task, objective=o) for o in objectives])
    task._history_user = by  # type: ignore[attr-defined]  # read by simple-history on the m2m change
    task.coordinating_units.set(coordinating)  # the one m2m change: snapshots all three relations


def _expected(seed: data.TaskSeed) -> str:
    if seed.cycle:
        return "Báo cáo định kỳ đúng hạn, số liệu được cập nhật đầy đủ."
    return {
        "project": "Hệ thống được nghiệm thu, đưa vào vận hành; có biên bản nghiệm thu.",
        "scheme": "Đề án, chương trình được cấp có thẩm quyền phê duyệt.",
    }.get(seed.kind, "Hoàn thành nhiệm vụ, có báo cáo kết quả kèm tài liệu kiểm chứng.")


def _directives(demo: Demo, spec: Spec, year: int) -> list[Directive]:
    seed = spec.seed
    numbers = ["57-NQ/TW"]
    if year == 2026:
        numbers.append(data.PLAN_2026_DIRECTIVE)
    if seed.partner == "DOITAC" or seed.origin == "A":
        numbers.append(data.AGREEMENT)
    numbers += {"KTS": ["68-NQ/TW"], "CQS": ["2629/QĐ-TTg"], "NL": ["71/NQ-CP"], "HT": ["71/NQ-CP"]}.get(
        seed.pillar, []
    )
    numbers += [number for number in ("66-NQ/TW", "59-NQ/TW") if number in spec.title]
    if seed.kind == "scheme":
        numbers.append(data.PROVINCIAL_RESOLUTION)
    return [demo.directives[number] for number in dict.fromkeys(numbers)]
