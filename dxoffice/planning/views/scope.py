"""What a filtered page of the program is about: the plan year it shows by default and the unit it
is filtered to, so the dashboard and the unit page compute the same figure the same way."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db.models import QuerySet
from django.http import HttpRequest

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.permissions import AnyUser, units_in_scope
from dxoffice.planning.models import AnnualPlan, Task

ALL_YEARS = "all"


def acting(request: HttpRequest) -> User:
    """The signed-in person of a view behind login_required."""
    return cast(User, request.user)


def plan_years() -> list[int]:
    return list(AnnualPlan.objects.order_by("year").values_list("year", flat=True).distinct())


def current_plan_year(years: list[int], today: date) -> int | None:
    """The plan of this year; else the latest plan already begun; else the first one."""
    if not years:
        return None
    if today.year in years:
        return today.year
    begun = [year for year in years if year <= today.year]
    return begun[-1] if begun else years[0]


def chosen_year(value: str | None, years: list[int], today: date) -> int | None:
    """The year a page shows: the one asked for, none for "all", the current plan year by default."""
    if value == ALL_YEARS:
        return None
    if value and value.isdigit():
        return int(value)
    return current_plan_year(years, today)


def unit_in_scope(user: AnyUser, code: str) -> OrgUnit | None:
    """The unit a page is filtered to, named only when the person may see it."""
    if not code:
        return None
    return units_in_scope(user).filter(code=code).first()


def led_by(tasks: QuerySet[Task], unit: OrgUnit | None) -> QuerySet[Task]:
    """The tasks a unit (or a unit below it) leads: whose money and results are the unit's own."""
    if unit is None:
        return tasks
    return tasks.filter(lead_unit__path__startswith=unit.path)
