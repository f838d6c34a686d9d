"""What a task carrying a commitment or a school project can take: the plans and pillars offered by
planning's selectors (by id for the pages, by code for the API; an unknown code is an
UnknownReference naming its field), and the units the person may choose from."""

from __future__ import annotations

from django.db.models import QuerySet

from dxoffice.core.models import GOVERNMENT_KINDS, OrgUnit
from dxoffice.core.permissions import Action, AnyUser, units_in_scope
from dxoffice.planning.selectors import open_plan as plan_by_id
from dxoffice.planning.selectors import pillar_by_code, pillar_choices, plan_by_code, plan_choices
from dxoffice.planning.selectors import pillar_of as pillar_by_id

__all__ = [
    "coordinating_units",
    "lead_units",
    "pillar_by_code",
    "pillar_by_id",
    "pillar_choices",
    "plan_by_code",
    "plan_by_id",
    "plan_choices",
]


def lead_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """The government units the person may plan for: a task's lead unit."""
    return units_in_scope(user, Action.PLAN).filter(kind__in=GOVERNMENT_KINDS).order_by("path")


def coordinating_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """The government units the person sees: those that may coordinate a task."""
    return units_in_scope(user, Action.VIEW).filter(kind__in=GOVERNMENT_KINDS).order_by("path")
