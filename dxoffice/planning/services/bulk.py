"""Actions on a selection of the register, each audited per task: remind the lead units, move the
deadlines with a reason, hand the tasks to another lead unit. All or nothing: a task the person may
not plan, or that cannot take the change, refuses the whole action and names the task."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import OrgUnit, Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.permissions import Action, can
from dxoffice.core.selectors import users_with_role_on
from dxoffice.core.services import save_audited
from dxoffice.planning.models import OPEN_STATUSES, Task
from dxoffice.planning.services.guards import require_open_task
from dxoffice.planning.services.tasks import lock_task, task_update, validate_task

BULK_LIMIT = 200


def _plannable(by: User, tasks: Iterable[Task]) -> list[Task]:
    chosen = list(tasks)
    if not chosen:
        raise ValidationError({"task": _("Choose at least one task.")})
    if len(chosen) > BULK_LIMIT:
        raise ValidationError(
            {"task": _("Choose at most %(limit)s tasks at a time.") % {"limit": BULK_LIMIT}}
        )
    for task in chosen:
        if not can(by, Action.PLAN, task.lead_unit):
            raise PermissionDenied(_("You do not plan the task %(code)s.") % {"code": task.code})
    return chosen


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason[:2000]


@transaction.atomic
def tasks_remind(*, by: User, tasks: Iterable[Task], message: str = "") -> int:
    """Remind the focal points and coordinators of each task's lead unit; the reminder is kept in
    the task's history. Returns the number of tasks reminded."""
    chosen = _plannable(by, tasks)
    for task in chosen:
        task = lock_task(task)
        require_open_task(task)
        save_audited(task, by=by, event="task.reminded", reason=(message or "").strip()[:2000])
        notify(
            kind="task.reminded",
            recipients=users_with_role_on(task.lead_unit, (Role.FOCAL, Role.COORDINATOR)),
            title=Message(gettext_lazy("Reminder on %(code)s: %(title)s"), code=task.code, title=task.title),
            body=(message or "").strip()[:500],
            url=reverse("planning:task_detail", args=[task.pk]),
            target=task,
            by=by,
        )
    return len(chosen)


@transaction.atomic
def tasks_move_deadline(*, by: User, tasks: Iterable[Task], due_date: date, reason: str) -> int:
    """Move the deadline of each open, non-regular task to `due_date`, the reason in each history."""
    chosen = _plannable(by, tasks)
    reason = _reason(reason)
    for task in chosen:
        task = lock_task(task)
        require_open_task(task)
        if task.is_recurring or task.status not in OPEN_STATUSES:
            raise StateConflict(
                _("The task %(code)s is finished or regular: its deadline does not move.")
                % {"code": task.code}
            )
        task.due_date = due_date
        try:
            validate_task(task, list(task.coordinating_units.all()))
        except ValidationError as exc:
            raise ValidationError(
                _("%(code)s: %(problem)s") % {"code": task.code, "problem": " ".join(exc.messages)}
            ) from exc
        save_audited(task, by=by, event="task.deadline_moved", reason=reason)
    return len(chosen)


@transaction.atomic
def tasks_reassign(*, by: User, tasks: Iterable[Task], lead_unit: OrgUnit) -> int:
    """Hand each task to another lead unit (which the person must plan too); the new unit hears of it
    as of any task assigned to it."""
    chosen = _plannable(by, tasks)
    if not can(by, Action.PLAN, lead_unit):
        raise PermissionDenied(_("You do not plan the unit %(unit)s.") % {"unit": lead_unit.name})
    for task in chosen:
        task_update(by=by, task=task, lead_unit=lead_unit)
    return len(chosen)
