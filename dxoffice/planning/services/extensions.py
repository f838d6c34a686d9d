"""Writes of deadline extensions ("gia hạn"): the lead unit asks with a reason, the planner of the
lead unit approves (the task's deadline moves) or refuses with a note; each step audited and told."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.permissions import Action, require
from dxoffice.core.selectors import users_with_role_on
from dxoffice.core.services import save_audited
from dxoffice.planning.discussion import ExtensionRequest, ExtensionStatus
from dxoffice.planning.models import OPEN_STATUSES, Task
from dxoffice.planning.selectors import can_report_on
from dxoffice.planning.services.guards import require_open_task
from dxoffice.planning.services.tasks import task_update


def _task_url(task: Task) -> str:
    return reverse("planning:task_detail", args=[task.pk]) + "?tab=discussion"


@transaction.atomic
def extension_request(*, by: User, task: Task, proposed_due_date: date, reason: str) -> ExtensionRequest:
    """The lead unit (or the task's partner) asks to move an open task's deadline later."""
    if not can_report_on(by, task):
        raise PermissionDenied(_("Only the lead unit asks for more time on its task."))
    require_open_task(task)
    if task.is_recurring or task.due_date is None:
        raise StateConflict(_("A regular task has no deadline to extend."))
    if task.status not in OPEN_STATUSES:
        raise StateConflict(_("Only an open task's deadline can be extended."))
    if proposed_due_date is None or proposed_due_date <= task.due_date:
        raise ValidationError({"proposed_due_date": _("Propose a deadline after the current one.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if ExtensionRequest.objects.filter(task=task, status=ExtensionStatus.PENDING).exists():
        raise StateConflict(_("An extension of this task already awaits a decision."))
    request = ExtensionRequest(
        task=task,
        current_due_date=task.due_date,
        proposed_due_date=proposed_due_date,
        reason=reason.strip(),
        requested_by=by,
    )
    save_audited(request, by=by, event="extension.requested", reason=request.reason)
    deciders = users_with_role_on(task.lead_unit, (Role.COORDINATOR, Role.ADMIN))
    notify(
        kind="extension.requested",
        recipients=deciders,
        title=Message(
            gettext_lazy("Extension asked for %(code)s: %(title)s"), code=task.code, title=task.title
        ),
        body=request.reason[:500],
        url=_task_url(task),
        target=task,
        by=by,
        dedupe_key=f"extension.requested:{request.pk}",
    )
    return request


@transaction.atomic
def extension_decide(
    *, by: User, request: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the deadline moves to the proposed date) or refuse (with a note) a pending request.
    The row is locked and its state read again, so two deciders cannot both decide."""
    task = request.task
    require(by, Action.PLAN, task.lead_unit)
    ExtensionRequest.objects.select_for_update().filter(pk=request.pk).exists()
    request.refresh_from_db()
    if request.status != ExtensionStatus.PENDING:
        raise StateConflict(_("This extension request was already decided."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"decision_note": _("Say why the extension is refused.")})
    if approve:
        task_update(by=by, task=Task.objects.get(pk=task.pk), due_date=request.proposed_due_date)
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note
    event = "extension.approved" if approve else "extension.refused"
    save_audited(request, by=by, event=event, reason=note)
    title = (
        gettext_lazy("Extension approved for %(code)s: %(title)s")
        if approve
        else gettext_lazy("Extension refused for %(code)s: %(title)s")
    )
    notify(
        kind="extension.decided",
        recipients=[request.requested_by],
        title=Message(title, code=task.code, title=task.title),
        body=note[:500],
        url=_task_url(task),
        target=task,
        by=by,
        dedupe_key=f"extension.decided:{request.pk}",
    )
    return request
