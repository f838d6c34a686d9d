"""Aggregates for the program dashboard, the budget summary and unit pages. Reads only, all
scoped through `tasks_visible_to`, each figure paired with the register filter that lists it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from dxoffice.planning.models import BudgetLine, FundingSource, Objective, Pillar, Task, Tracking
from dxoffice.planning.performance import Performance, performance_of
from dxoffice.planning.rules import disbursement_rate
from dxoffice.planning.selectors import with_tracking

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=20, decimal_places=0))
TRACKING_ORDER = [
    Tracking.COMPLETED_ON_TIME,
    Tracking.COMPLETED_LATE,
    Tracking.IN_PROGRESS_ON_TIME,
    Tracking.OVERDUE,
    Tracking.RECURRING,
]


def tracking_counts(tasks: QuerySet[Task], today: date) -> dict[str, int]:
    rows = with_tracking(tasks, today).order_by().values("tracking").annotate(n=Count("pk", distinct=True))
    counts = {key: 0 for key in Tracking.values}
    for row in rows:
        counts[row["tracking"]] = row["n"]
    return counts


def tracking_by_pillar(tasks: QuerySet[Task], today: date) -> list[dict]:
    rows = (
        with_tracking(tasks, today)
        .order_by()
        .values("pillar_id", "tracking")
        .annotate(n=Count("pk", distinct=True))
    )
    by_pillar: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Tracking.values, 0))
    for row in rows:
        by_pillar[row["pillar_id"]][row["tracking"]] = row["n"]
    pillars = Pillar.objects.filter(pk__in=by_pillar.keys()).order_by("order", "code")
    return [{"pillar": p, "counts": by_pillar[p.pk], "total": sum(by_pillar[p.pk].values())} for p in pillars]


@dataclass
class UnitOnTime:
    unit_id: int
    code: str
    name: str
    on_time: int
    late: int
    overdue: int
    in_progress: int

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> float | None:
        """Share completed on time among tasks whose deadline outcome is known."""
        return round(self.on_time * 100 / self.decided, 1) if self.decided else None


def on_time_by_unit(tasks: QuerySet[Task], today: date) -> list[UnitOnTime]:
    rows = (
        with_tracking(tasks, today)
        .order_by()
        .values("lead_unit_id", "lead_unit__code", "lead_unit__name")
        .annotate(
            on_time=Count("pk", filter=Q(tracking=Tracking.COMPLETED_ON_TIME), distinct=True),
            late=Count("pk", filter=Q(tracking=Tracking.COMPLETED_LATE), distinct=True),
            overdue=Count("pk", filter=Q(tracking=Tracking.OVERDUE), distinct=True),
            in_progress=Count("pk", filter=Q(tracking=Tracking.IN_PROGRESS_ON_TIME), distinct=True),
        )
    )
    units = [
        UnitOnTime(
            r["lead_unit_id"],
            r["lead_unit__code"],
            r["lead_unit__name"],
            r["on_time"],
            r["late"],
            r["overdue"],
            r["in_progress"],
        )
        for r in rows
    ]
    ranked = [u for u in units if u.rate is not None]
    ranked.sort(key=lambda u: (-(u.rate or 0.0), -u.decided, u.name))  # every ranked unit has a rate
    return ranked


def budget_totals(tasks: QuerySet[Task], group_by: str = "source", year: int | None = None) -> list[dict]:
    """Planned, allocated, disbursed and the disbursement rate, grouped by a BudgetLine field
    (source, year, task__pillar__code, task__lead_unit__code)."""
    lines = BudgetLine.objects.filter(task__in=tasks.values("pk"))
    if year:
        lines = lines.filter(year=year)
    rows = (
        lines.order_by()
        .values(group_by)
        .annotate(
            planned=Coalesce(Sum("planned"), ZERO),
            allocated=Coalesce(Sum("allocated"), ZERO),
            disbursed=Coalesce(Sum("disbursed"), ZERO),
            lines=Count("pk"),
        )
        .order_by(group_by)
    )
    result = []
    for row in rows:
        row = dict(row)
        row["key"] = row.pop(group_by)
        row["rate"] = disbursement_rate(row["disbursed"], row["allocated"])
        result.append(row)
    if group_by == "source":
        order = {value: index for index, value in enumerate(FundingSource.values)}
        result.sort(key=lambda r: order.get(r["key"], 99))
        for row in result:
            row["label"] = FundingSource(row["key"]).label
    return result


def budget_grand_total(rows: list[dict]) -> dict:
    total = {name: sum((r[name] for r in rows), Decimal(0)) for name in ("planned", "allocated", "disbursed")}
    total["rate"] = disbursement_rate(total["disbursed"], total["allocated"])
    return total


def objective_performance(
    program_ids: Iterable[int] | QuerySet[Any, Any], today: date
) -> list[tuple[Objective, Performance]]:
    objectives = (
        Objective.objects.filter(program_id__in=program_ids)
        .select_related("pillar", "lead_unit")
        .prefetch_related("targets", "actuals")
        .order_by("code")
    )
    return [(objective, performance_of(objective, today)) for objective in objectives]
