"""Helpers the planning endpoints share: turning the codes people use into records (an unknown
code is an UnknownReference naming the field: 422) and finding records through the permission gate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dxoffice.core.api import unit_by_code
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.planning.models import (
    AnnualPlan,
    Directive,
    Objective,
    Pillar,
    Program,
    ProgressReport,
    Sector,
    Task,
)
from dxoffice.planning.origins import manual_origin_choices, origin_kind
from dxoffice.planning.selectors import TaskFilters, reports_visible_to, task_for, tasks_visible_to


def resolve_all(**resolvers: Callable[[], Any]) -> dict[str, Any]:
    """Run each resolver; gather every unknown-code error into one UnknownReference."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, resolve in resolvers.items():
        try:
            values[name] = resolve()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise UnknownReference(errors)
    return values


def plan_by_code(code: str | None, year: int | None, field: str = "plan") -> AnnualPlan:
    if code:
        plan = AnnualPlan.objects.select_related("program").filter(code=code.strip()).first()
        if plan is None:
            raise UnknownReference({field: _("Unknown plan code “%(code)s”.") % {"code": code}})
        return plan
    if year is None:
        raise UnknownReference({field: _("Give the plan code (or the year of the plan).")})
    plans = list(AnnualPlan.objects.select_related("program").filter(year=year)[:2])
    if len(plans) != 1:
        message = _("Give the plan code: no single plan for %(year)s.") % {"year": year}
        raise UnknownReference({field: message})
    return plans[0]


def _unknown_code(label: str, code: str) -> str:
    return _("Unknown %(label)s code “%(code)s”.") % {"label": label, "code": code}


def _by_code(model, program: Program, code: str | None, field: str, label: str):
    if code is None or code == "":
        return None
    obj = model.objects.filter(program=program, code=code.strip()).first()
    if obj is None:
        raise UnknownReference({field: _unknown_code(label, code)})
    return obj


def pillar_by_code(program: Program, code: str | None, field: str = "pillar") -> Pillar | None:
    return _by_code(Pillar, program, code, field, _("pillar"))


def sector_by_code(program: Program, code: str | None, field: str = "sector") -> Sector | None:
    return _by_code(Sector, program, code, field, _("sector"))


def directives_by_numbers(numbers: Iterable[str] | None, field: str = "directives") -> list[Directive] | None:
    if numbers is None:
        return None
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    found = {d.number: d for d in Directive.objects.filter(number__in=wanted)}
    missing = [n for n in wanted if n not in found]
    if missing:
        message = _("Unknown directive number(s): %(numbers)s.") % {"numbers": ", ".join(missing)}
        raise UnknownReference({field: message})
    return [found[n] for n in wanted]


def objectives_by_codes(program: Program, codes: Iterable[str] | None, field: str = "objectives"):
    if codes is None:
        return None
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    found = {o.code: o for o in Objective.objects.filter(program=program, code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        message = _("Unknown objective code(s): %(codes)s.") % {"codes": ", ".join(missing)}
        raise UnknownReference({field: message})
    return [found[c] for c in wanted]


def manual_origin(code: str | None, field: str = "origin") -> str | None:
    """An origin given in the input: one a person may choose (not one a module sets with its record)."""
    if code is None:
        return None
    codes = [value for value, _label in manual_origin_choices()]
    if code not in codes:
        message = _("Unknown origin “%(value)s”; use one of: %(codes)s.") % {
            "value": code,
            "codes": ", ".join(codes),
        }
        raise UnknownReference({field: message})
    return code


def task_by_id(user: User, pk: int, field: str) -> Task:
    """A task given by id in the input (a budget line's): unknown or invisible names the field."""
    task = tasks_visible_to(user).filter(pk=pk).first()
    if task is None:
        raise UnknownReference({field: _("Unknown task %(id)s.") % {"id": pk}})
    return task


def visible_task_or_error(user: User, pk: int | None, field: str) -> Task | None:
    """An optional task given by id (a parent): None stays None."""
    return None if pk is None else task_by_id(user, pk, field)


def visible_task(user: User, pk: int) -> Task:
    """A task the caller may see, annotated with tracking and progress; Task.DoesNotExist (404)
    otherwise."""
    return task_for(user, pk)


def visible_report(user: User, pk: int) -> ProgressReport:
    """A report of a visible task that the caller may see (drafts only for the reporters)."""
    report = ProgressReport.objects.select_related("task__lead_unit").get(
        pk=pk, task__in=tasks_visible_to(user)
    )
    return reports_visible_to(user, report.task).get(pk=report.pk)


def check_filter_codes(filters: TaskFilters) -> None:
    """Unknown codes in the register's filters name the filter instead of finding nothing."""
    checks: dict[str, Callable[[], Any]] = {}
    if filters.unit:
        checks["unit"] = lambda: unit_by_code(filters.unit, "unit")
    if filters.partner:
        checks["partner"] = lambda: unit_by_code(filters.partner, "partner")
    for name, model, label in (
        ("pillar", Pillar, _("pillar")),
        ("sector", Sector, _("sector")),
        ("objective", Objective, _("objective")),
    ):
        code = getattr(filters, name)
        if code and not model.objects.filter(code=code).exists():
            checks[name] = _raiser(name, _unknown_code(label, code))
    if filters.directive and not Directive.objects.filter(number=filters.directive).exists():
        checks["directive"] = _raiser(
            "directive", _("Unknown directive number “%(number)s”.") % {"number": filters.directive}
        )
    if filters.origin and origin_kind(filters.origin) is None:
        checks["origin"] = _raiser("origin", _("Unknown origin “%(value)s”.") % {"value": filters.origin})
    resolve_all(**checks)


def _raiser(field: str, message: str) -> Callable[[], Any]:
    def fail():
        raise UnknownReference({field: message})

    return fail
