"""Refusals several writes share: nothing is written under an archived task or plan."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.planning.models import AnnualPlan, Task


def require_open_plan(plan: AnnualPlan) -> None:
    if plan.archived_at is not None:
        raise StateConflict(
            _("The plan %(plan)s is archived: its tasks can no longer change.") % {"plan": plan.code}
        )


def require_open_task(task: Task) -> None:
    """An archived task, or a task of an archived plan, takes no change, report or budget line."""
    if task.archived_at is not None:
        raise StateConflict(
            _("The task %(code)s is archived: it can no longer change.") % {"code": task.code}
        )
    require_open_plan(task.plan)
