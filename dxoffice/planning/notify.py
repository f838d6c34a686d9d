"""Planning's notifications: who is told what when a task or a report moves, and the escalation
ladder for overdue work (run by the daily job in planning.reminders).

Reactions to planning's own signals (sent after commit, see planning.signals):
- a task assigned to a unit (created, or its lead unit changed): the unit's focal points and
  coordinators;
- a report submitted: those who review the lead unit's reports (leaders and coordinators of the
  unit or above it), never the submitter;
- a report returned: the person who submitted it.

Who hears about a unit's work follows the reminders' rule: grants on the unit itself, or on an
ancestor that is not the province (a province-wide grant covers every commune, and the province's
people follow the dashboard instead). Reviews are the exception: the province reviews communes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from dxoffice.core.models import OrgUnit, Role, UnitKind, User
from dxoffice.core.notifications.services import Message, notifications_settle, notify
from dxoffice.core.periods import Period
from dxoffice.core.selectors import users_with_role_on
from dxoffice.planning import signals
from dxoffice.planning.models import ProgressReport, Task

UNIT_CONTACTS = (Role.FOCAL, Role.COORDINATOR)
UNIT_HEADS = (Role.LEADER, Role.COORDINATOR)
REVIEWERS = (Role.LEADER, Role.COORDINATOR)
DX_OFFICE = (Role.COORDINATOR,)
NOT_FROM_PROVINCE = (UnitKind.PROVINCE,)


def escalation_days() -> tuple[int, int, int]:
    """Days overdue after which the focal points, the unit's head and the DX office hear of it."""
    days = tuple(int(value) for value in getattr(settings, "DXOFFICE_ESCALATION_DAYS", (1, 7, 14)))
    if len(days) != 3 or not 0 < days[0] <= days[1] <= days[2]:
        raise ImproperlyConfigured(
            f"DXOFFICE_ESCALATION_DAYS needs three ascending numbers of days (e.g. 1,7,14), not {days}"
        )
    return days[0], days[1], days[2]


def task_url(task: Task) -> str:
    return reverse("planning:task_detail", args=[task.pk])


def unit_contacts(unit: OrgUnit) -> list[User]:
    return list(users_with_role_on(unit, UNIT_CONTACTS, skip_ancestor_kinds=NOT_FROM_PROVINCE))


def reviewers_of(unit: OrgUnit) -> list[User]:
    return list(users_with_role_on(unit, REVIEWERS))


# Reactions -------------------------------------------------------------------------------------


def on_task_assigned(
    sender: Any, *, task: Task, by: User, units: Iterable[OrgUnit] = (), **kwargs: Any
) -> None:
    for unit in units:
        notify(
            kind="task.assigned",
            recipients=unit_contacts(unit),
            title=Message(_("Task assigned to %(unit)s: %(task)s"), unit=unit.display_name, task=str(task)),
            body=Message(_("Due %(due)s"), due=task.due_date) if task.due_date else "",
            url=task_url(task),
            target=task,
            by=by,
        )


def on_report_submitted(sender: Any, *, report: ProgressReport, by: User, **kwargs: Any) -> None:
    task = report.task
    submitter = report.submitted_by_id or by.pk
    notify(
        kind="report.submitted",
        recipients=[user for user in reviewers_of(task.lead_unit) if user.pk != submitter],
        title=Message(
            _("Report %(period)s waiting for your review: %(task)s"),
            period=Period.parse(report.period),
            task=str(task),
        ),
        body=Message(
            _("%(unit)s · submitted by %(name)s"), unit=task.lead_unit.display_name, name=by.display_name
        ),
        url=task_url(task) + "?tab=reports",
        target=report,
        by=by,
        dedupe_key=f"report.submitted:{report.pk}:{report.submitted_at:%Y%m%d%H%M%S%f}",
    )


def on_report_returned(sender: Any, *, report: ProgressReport, by: User, **kwargs: Any) -> None:
    recipient = report.submitted_by or report.created_by
    notify(
        kind="report.returned",
        recipients=[recipient],
        title=Message(
            _("Report %(period)s returned: %(task)s"),
            period=Period.parse(report.period),
            task=str(report.task),
        ),
        body=report.review_comment,
        url=reverse("planning:report_edit", args=[report.pk]),
        target=report,
        by=by,
        dedupe_key=f"report.returned:{report.pk}:{report.reviewed_at:%Y%m%d%H%M%S%f}",
    )


def on_report_reviewed(sender: Any, *, report: ProgressReport, **kwargs: Any) -> None:
    """Once one reviewer has decided, the others' "waiting for your review" is settled."""
    notifications_settle(kind="report.submitted", target=report)


def connect_receivers() -> None:
    signals.report_accepted.connect(on_report_reviewed, dispatch_uid="planning.notify.report_accepted")
    signals.report_returned.connect(on_report_reviewed, dispatch_uid="planning.notify.report_reviewed")
    signals.task_assigned.connect(on_task_assigned, dispatch_uid="planning.notify.task_assigned")
    signals.report_submitted.connect(on_report_submitted, dispatch_uid="planning.notify.report_submitted")
    signals.report_returned.connect(on_report_returned, dispatch_uid="planning.notify.report_returned")


# Texts of the daily notifications --------------------------------------------------------------

OVERDUE_BODY = ngettext_lazy(
    "%(unit)s · due %(due)s, %(days)d day overdue", "%(unit)s · due %(due)s, %(days)d days overdue", "days"
)
DUE_SOON_BODY = ngettext_lazy(
    "%(unit)s · due %(due)s, in %(days)d day", "%(unit)s · due %(due)s, in %(days)d days", "days"
)
DUE_TODAY_BODY = _("%(unit)s · due today")
MISSING_REPORT_BODY = _("%(unit)s · no submitted report for period %(period)s (%(cycle)s reporting)")
ESCALATED_TITLE = ngettext_lazy(
    "Still overdue after %(days)d day: %(task)s", "Still overdue after %(days)d days: %(task)s", "days"
)
ESCALATED_BODY = {
    2: _("%(unit)s · due %(due)s. The unit's focal points were told; now its leaders are."),
    3: _("%(unit)s · due %(due)s. The unit and its leaders were told; now the DX office is."),
}
