"""Who may do what in the indicators module, asked of the one permission gate (core.permissions)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, AnyUser, can, can_anywhere
from dxoffice.indicators.models import Framework
from dxoffice.planning.selectors import can_read_program


def may_administer(user: AnyUser, framework: Framework) -> bool:
    """Edit frameworks, import them and make new versions."""
    return can(user, Action.ADMINISTER, framework.owner_unit)


def may_run_campaigns(user: AnyUser, framework: Framework) -> bool:
    return can(user, Action.PLAN, framework.owner_unit)


def may_enter(user: AnyUser, unit: OrgUnit) -> bool:
    """Enter and submit a unit's values."""
    return can(user, Action.REPORT, unit)


def may_review(user: AnyUser, unit: OrgUnit) -> bool:
    """Approve or return a unit's submission."""
    return can(user, Action.REVIEW, unit)


def may_read_results(user: AnyUser) -> bool:
    """Approved values, scores and ranks of every unit: anyone who may view the program."""
    return can_read_program(user)


def may_see_unit(user: AnyUser, unit: OrgUnit) -> bool:
    """A unit's values before approval: those whose view scope covers it."""
    return can(user, Action.VIEW, unit)


def reviews_anywhere(user: AnyUser) -> bool:
    return can_anywhere(user, Action.REVIEW)


def require_results_reader(user: AnyUser) -> None:
    if not may_read_results(user):
        raise PermissionDenied
