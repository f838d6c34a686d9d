"""Writes of budget lines and of the program records: directives, plans, objectives."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.periods import Period, canonical_period
from dxoffice.core.permissions import Action, can, require
from dxoffice.core.services import archive, save_audited
from dxoffice.planning.models import (
    AnnualPlan,
    BudgetLine,
    Directive,
    Objective,
    ObjectiveActual,
    ObjectiveTarget,
    Task,
)
from dxoffice.planning.rules import budget_line_errors
from dxoffice.planning.selectors import administers_province, local_today
from dxoffice.planning.services.guards import require_open_task

# Budget ----------------------------------------------------------------------------------------


@transaction.atomic
def budget_line_save(
    *,
    by: User,
    task: Task,
    year: int,
    source: str,
    planned: Decimal = Decimal(0),
    allocated: Decimal = Decimal(0),
    disbursed: Decimal = Decimal(0),
    note: str = "",
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    """Create or update the budget line of a task for a year and source. `expected_version`, when
    given, is the version the editor loaded: a line changed meanwhile is a StateConflict."""
    require(by, Action.PLAN, task.lead_unit)
    require_open_task(task)
    if line is not None and line.pk:
        BudgetLine.all_objects.select_for_update().filter(pk=line.pk).exists()
        line.refresh_from_db()
        if expected_version is not None and expected_version != line.version:
            raise StateConflict(
                {
                    "version": _(
                        "Someone else changed this budget line meanwhile. Reload it and make your change again."
                    )
                }
            )
    errors = budget_line_errors(
        year=year,
        program_years=task.plan.program.years,
        planned=planned,
        allocated=allocated,
        disbursed=disbursed,
    )
    if errors:
        raise ValidationError(errors)
    if line is None:
        line = BudgetLine.objects.filter(task=task, year=year, source=source).first() or BudgetLine(task=task)
    line.year, line.source, line.note = year, source, note or ""
    line.planned, line.allocated, line.disbursed = planned, allocated, disbursed
    return save_audited(line, by=by, event="budget.saved")


@transaction.atomic
def budget_line_archive(*, by: User, line: BudgetLine) -> BudgetLine:
    require(by, Action.PLAN, line.task.lead_unit)
    return archive(line, by=by, event="budget.archived")


# Directives, objectives, plans -----------------------------------------------------------------


def _require_program_planner(by: User, unit: OrgUnit) -> None:
    require(by, Action.PLAN, unit)


@transaction.atomic
def directive_save(*, by: User, directive: Directive | None = None, **fields: Any) -> Directive:
    """Directives are province-wide reference records: administrators of the province keep them
    (here, in the API and in the admin alike); planners only link tasks and objectives to them."""
    if by is None:
        raise ValueError("a write needs an actor: pass by=<user> or by=system_actor()")
    if not administers_province(by):
        raise PermissionDenied(_("Directives are recorded and changed by the province's administrators."))
    directive = directive or Directive()
    for name, value in fields.items():
        setattr(directive, name, value)
    if Directive.all_objects.filter(number=directive.number).exclude(pk=directive.pk).exists():
        raise ValidationError({"number": _("A directive with this number exists (perhaps archived).")})
    return save_audited(directive, by=by, event="directive.saved")


@transaction.atomic
def plan_save(*, by: User, plan: AnnualPlan | None = None, **fields: Any) -> AnnualPlan:
    plan = plan or AnnualPlan()
    for name, value in fields.items():
        setattr(plan, name, value)
    _require_program_planner(by, plan.program.owner_unit)
    return save_audited(plan, by=by, event="plan.saved")


@transaction.atomic
def objective_save(
    *,
    by: User,
    objective: Objective | None = None,
    targets: dict[int, Decimal] | None = None,
    directives: Iterable[Directive] | None = None,
    **fields: Any,
) -> Objective:
    objective = objective or Objective()
    for name, value in fields.items():
        setattr(objective, name, value)
    _require_program_planner(by, objective.lead_unit or objective.program.owner_unit)
    save_audited(objective, by=by, event="objective.saved")
    if directives is not None:
        objective.directives.set(directives)
    for year, value in (targets or {}).items():
        if year not in objective.program.years:
            raise ValidationError({"targets": _("%(year)s is outside the program years.") % {"year": year}})
        target = ObjectiveTarget.objects.filter(objective=objective, year=year).first() or ObjectiveTarget(
            objective=objective, year=year
        )
        target.value = value
        save_audited(target, by=by, event="target.saved")
    return objective


@transaction.atomic
def objective_record_actual(
    *,
    by: User,
    objective: Objective,
    period: str,
    value: Decimal,
    note: str = "",
    source: str = "manual",
) -> ObjectiveActual:
    """Record the actual value of an objective for a period (indicators call this too)."""
    if not (
        can(by, Action.PLAN, objective.lead_unit or objective.program.owner_unit)
        or (objective.lead_unit and can(by, Action.REPORT, objective.lead_unit))
    ):
        raise PermissionDenied
    period = _actual_period(period)
    actual = ObjectiveActual.objects.filter(objective=objective, period=period).first() or ObjectiveActual(
        objective=objective, period=period
    )
    actual.value, actual.note, actual.source = value, note, source
    return save_audited(actual, by=by, event="actual.recorded")


def _actual_period(code: str) -> str:
    """Actuals follow the reports' period rules: one canonical code, and a period that has begun
    (a value for 2030 recorded in 2026 is not an actual)."""
    try:
        period = Period.parse(canonical_period(code))
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    if period.start > local_today():
        raise ValidationError({"period": _("%(period)s has not begun yet.") % {"period": period.code}})
    return period.code
