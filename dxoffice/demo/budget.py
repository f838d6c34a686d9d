"""Budget lines and milestones of the demo tasks (money in VND, rounded to the million)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from dxoffice.core.models import LOCAL_KINDS, User
from dxoffice.core.services import save_audited
from dxoffice.demo import data
from dxoffice.planning.models import FundingSource, Milestone, Task, TaskStatus, Tracking
from dxoffice.planning.services import budget_line_save

MILLION = Decimal(1_000_000)
COMPLETED = (Tracking.COMPLETED_ON_TIME, Tracking.COMPLETED_LATE)
# Share of the allocated capital disbursed, by tracking class.
DISBURSEMENT: dict[str, tuple[float, float]] = {
    Tracking.COMPLETED_ON_TIME: (0.85, 1.0),
    Tracking.COMPLETED_LATE: (0.75, 1.0),
    Tracking.IN_PROGRESS_ON_TIME: (0.1, 0.75),
    Tracking.OVERDUE: (0.0, 0.45),
    Tracking.RECURRING: (0.3, 0.9),
}


def _money(millions: float) -> Decimal:
    return Decimal(int(millions)) * MILLION


def _sources(task: Task, rng: random.Random) -> list[FundingSource]:
    if task.lead_unit.kind in LOCAL_KINDS:
        return [FundingSource.COMMUNE] + ([FundingSource.PROVINCIAL] if rng.random() < 0.5 else [])
    sources = [FundingSource.PROVINCIAL]
    if task.kind == "project" and rng.random() < 0.5:
        sources.append(FundingSource.CENTRAL)
    if task.partner_id and rng.random() < 0.4:
        sources.append(FundingSource.ENTERPRISE)
    if task.sector is not None and task.sector.code == "MT" and rng.random() < 0.6:
        sources.append(FundingSource.ODA)
    if rng.random() < 0.05:
        sources.append(FundingSource.OTHER)
    return sources


def add_budget(demo, task: Task, tracking: str, rng: random.Random, by: User) -> None:
    """Planned >= allocated >= disbursed for every line; the disbursement rate follows the class."""
    local = task.lead_unit.kind in LOCAL_KINDS
    if task.is_recurring:
        chance = 0.5
    elif task.kind in ("project", "scheme"):
        chance = 1.0
    elif task.parent_id:
        chance = 0.3
    else:
        chance = 0.7 if local else 0.55
    if rng.random() >= chance:
        return
    if task.parent_id:
        size = (200, 3000)
    else:
        default = (50, 600) if local else (100, 2500)
        size = {"project": (3000, 30000), "scheme": (800, 5000)}.get(task.kind, default)
    total = rng.randint(*size)
    sources = _sources(task, rng)
    primary = rng.uniform(0.5, 0.8) if len(sources) > 1 else 1.0
    rest = len(sources) - 1
    shares = [primary] + ([(1 - primary) / rest] * rest if rest else [])
    started = task.status != TaskStatus.NOT_STARTED
    low, high = DISBURSEMENT[tracking] if started else (0.0, 0.0)
    year = task.plan.year
    for source, share in zip(sources, shares, strict=True):
        planned_m = max(10, int(total * share))
        allocated_m = int(planned_m * rng.uniform(0.6, 1.0)) if started or year <= demo.today.year else 0
        # Nothing is disbursed on a year's allocation before that year begins.
        disbursed_m = int(allocated_m * rng.uniform(low, high)) if year <= demo.today.year else 0
        budget_line_save(
            by=by,
            task=task,
            year=year,
            source=source,
            planned=_money(planned_m),
            allocated=_money(allocated_m),
            disbursed=_money(disbursed_m),
        )
    if task.kind == "project" and tracking == Tracking.IN_PROGRESS_ON_TIME and year < 2030:
        budget_line_save(
            by=by,
            task=task,
            year=year + 1,
            source=sources[0],
            planned=_money(int(total * rng.uniform(0.3, 0.6))),
            note="Dự kiến nhu cầu vốn năm sau",
        )


def add_milestones(task: Task, tracking: str, today: date, completed_on: date | None, *, by: User) -> None:
    titles = data.MILESTONES.get(task.kind)
    if not titles or task.due_date is None:
        return
    if task.start_date is None:
        raise ValueError(f"demo task {task.code} has a due date but no start date")
    span = (task.due_date - task.start_date).days
    for number, title in enumerate(titles, start=1):
        last = number == len(titles)
        due = task.start_date + timedelta(days=span * number // len(titles))
        done: date | None
        if tracking in COMPLETED:
            if completed_on is None:
                raise ValueError(f"completed demo task {task.code} has no completion date")
            done = completed_on if last else min(due, completed_on)
        elif due < today and not (tracking == Tracking.OVERDUE and last):
            done = due
        else:
            done = None
        save_audited(Milestone(task=task, title=title, due_date=due, done_on=done), by=by)
