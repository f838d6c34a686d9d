"""Writes of tasks: create, change, archive, files, the status workflow and milestones."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict, UnknownReference
from dxoffice.core.models import Attachment, OrgUnit, User
from dxoffice.core.permissions import Action, can, require
from dxoffice.core.services import archive, attachment_add, attachments_of, save_audited, validate_upload
from dxoffice.planning import signals
from dxoffice.planning.models import (
    AnnualPlan,
    Directive,
    Milestone,
    Objective,
    ReportStatus,
    Task,
    TaskStatus,
)
from dxoffice.planning.origins import DEFAULT_ORIGIN, origin_kind
from dxoffice.planning.selectors import can_report_on, local_today, unused_task_code
from dxoffice.planning.services.guards import require_open_plan, require_open_task
from dxoffice.planning.signals import send_after_commit

TASK_FIELDS = {
    "code",
    "title",
    "description",
    "kind",
    "pillar",
    "sector",
    "lead_unit",
    "partner",
    "parent",
    "start_date",
    "due_date",
    "is_recurring",
    "reporting_cycle",
    "priority",
    "origin_ref",
    "expected_result",
}
TASK_RELATIONS = {"coordinating_units", "directives", "objectives"}


def validate_task(task: Task, coordinating_units: Iterable[OrgUnit] | None) -> None:
    """The task rules beyond field validation; bulk paths (Excel import) call it too."""
    errors: dict[str, list[str]] = {}
    if task.is_recurring:
        task.due_date = None
    elif task.due_date is None:
        errors.setdefault("due_date", []).append(
            _("A task needs a due date, unless it is a regular (recurring) task.")
        )
    if task.start_date and task.due_date and task.due_date < task.start_date:
        errors.setdefault("due_date", []).append(_("The due date is before the start date."))
    if task.partner_id and task.partner and not task.partner.is_partner:
        errors.setdefault("partner", []).append(_("The partner must be a partner organisation."))
    if task.lead_unit_id and task.lead_unit and not task.lead_unit.is_government:
        errors.setdefault("lead_unit", []).append(_("The lead unit must be a department, agency or commune."))
    if task.pillar_id and task.plan_id and task.pillar.program_id != task.plan.program_id:
        errors.setdefault("pillar", []).append(_("This pillar belongs to another program."))
    if (
        task.sector_id
        and task.plan_id
        and task.sector is not None
        and task.sector.program_id != task.plan.program_id
    ):
        errors.setdefault("sector", []).append(_("This sector belongs to another program."))
    if (
        task.plan_id
        and task.code
        and Task.all_objects.filter(plan_id=task.plan_id, code=task.code).exclude(pk=task.pk).exists()
    ):
        errors.setdefault("code", []).append(
            _("The code %(code)s is already used in this plan (perhaps by an archived task).")
            % {"code": task.code}
        )
    errors.update(_parent_errors(task))
    if coordinating_units is not None and any(not unit.is_government for unit in coordinating_units):
        errors.setdefault("coordinating_units", []).append(
            _("Coordinating units are departments, agencies or communes; a partner is named as the partner.")
        )
    lead_also_coordinates = coordinating_units is not None and any(
        unit.pk == task.lead_unit_id for unit in coordinating_units
    )
    if task.lead_unit_id and lead_also_coordinates:
        errors.setdefault("coordinating_units", []).append(
            _("The lead unit cannot also be a coordinating unit.")
        )
    if errors:
        raise ValidationError(errors)


def _parent_errors(task: Task) -> dict[str, list[str]]:
    """Sub-tasks are one level deep: a parent is a top-level task of the same plan, and a task
    with sub-tasks of its own is not made a sub-task (no cycles, no deep nesting)."""
    if not task.parent_id:
        return {}
    parent = task.parent
    if task.pk and task.parent_id == task.pk:
        return {"parent": [_("A task cannot be its own parent.")]}
    if parent is not None and parent.parent_id is not None:
        return {"parent": [_("The parent task is itself a sub-task; sub-tasks are one level deep.")]}
    if task.pk and Task.all_objects.filter(parent_id=task.pk).exists():
        return {"parent": [_("This task has sub-tasks of its own, so it cannot become a sub-task.")]}
    if parent is not None and task.plan_id and parent.plan_id != task.plan_id:
        return {"parent": [_("The parent task belongs to another plan.")]}
    return {}


def _set_relations(task: Task, relations: dict[str, Any]) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(task, name).set(values)


def task_code_next(plan: AnnualPlan, prefix: str) -> str:
    """The plan's first free code `<prefix>-<n>` for a task another module creates on a person's
    behalf (a meeting's conclusion, a commitment). Call inside the transaction that creates the task:
    the plan's row stays locked until it ends, so two tasks created at once never take one code."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("task_code_next must run inside the transaction that creates the task")
    AnnualPlan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).first()
    return unused_task_code(plan, prefix)


@transaction.atomic
def task_create(
    *,
    by: User,
    plan: AnnualPlan,
    origin: str = DEFAULT_ORIGIN,
    origin_object: models.Model | None = None,
    coordinating_units: Iterable[OrgUnit] | None = None,
    directives: Iterable[Directive] | None = None,
    objectives: Iterable[Objective] | None = None,
    **fields: Any,
) -> Task:
    """Create a task in a plan. Other modules pass the kind they registered as `origin` and the
    record that caused the task as `origin_object`; the task page links back to it."""
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    require_open_plan(plan)
    task = Task(plan=plan, created_by=by, **fields)
    _set_origin(task, origin, origin_object)
    require(by, Action.PLAN, task.lead_unit if task.lead_unit_id else None)
    units = list(coordinating_units) if coordinating_units is not None else None
    validate_task(task, units)
    save_audited(task, by=by, event="task.created")
    _set_relations(task, {"coordinating_units": units, "directives": directives, "objectives": objectives})
    send_after_commit(signals.task_created, Task, task=task, by=by)
    send_after_commit(signals.task_assigned, Task, task=task, by=by, units=[task.lead_unit])
    return task


def _set_origin(task: Task, origin: str, origin_object: models.Model | None) -> None:
    kind = origin_kind(origin or DEFAULT_ORIGIN)
    if kind is None:
        raise UnknownReference({"origin": _("Unknown origin “%(value)s”.") % {"value": origin}})
    if origin_object is not None:
        if not kind.model or origin_object._meta.label_lower != kind.model.lower():
            raise ValidationError({"origin": _("This origin does not take a linked record of this kind.")})
        task.origin_type = ContentType.objects.get_for_model(origin_object)
        task.origin_id = origin_object.pk
    task.origin = kind.code


def lock_task(task: Task, expected_version: int | None = None) -> Task:
    """Lock the task's row and read it again inside the transaction, so a change is decided on the
    task as it is now. `expected_version` is the version the editor loaded (the form's hidden
    field, the API's `version`): a task changed meanwhile is a StateConflict, never overwritten."""
    Task.all_objects.select_for_update().filter(pk=task.pk).exists()
    task.refresh_from_db()
    if expected_version is not None and expected_version != task.version:
        raise StateConflict(
            {"version": _("Someone else changed this task meanwhile. Reload it and make your change again.")}
        )
    return task


@transaction.atomic
def task_update(*, by: User, task: Task, expected_version: int | None = None, **changes: Any) -> Task:
    require(by, Action.PLAN, task.lead_unit)
    unknown = set(changes) - TASK_FIELDS - TASK_RELATIONS - {"origin"}
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
    lock_task(task, expected_version)
    require(by, Action.PLAN, task.lead_unit)
    require_open_task(task)
    previous_lead = task.lead_unit_id
    relations = {name: changes.pop(name) for name in list(changes) if name in TASK_RELATIONS}
    origin = changes.pop("origin", None)
    if origin is not None and origin != task.origin:
        if task.origin_id is not None:
            raise StateConflict(
                {"origin": _("The origin of a task created from another record cannot change.")}
            )
        _set_origin(task, origin, None)
    if "lead_unit" in changes and changes["lead_unit"] is None:
        raise ValidationError({"lead_unit": _("A task needs a lead unit.")})
    for name, value in changes.items():
        setattr(task, name, value)
    if "lead_unit" in changes:
        require(by, Action.PLAN, task.lead_unit)
    coordinating = relations.get("coordinating_units")
    coordinating = list(coordinating) if coordinating is not None else list(task.coordinating_units.all())
    validate_task(task, coordinating)
    save_audited(task, by=by, event="task.changed")
    _set_relations(task, relations)
    if task.lead_unit_id != previous_lead:
        send_after_commit(signals.task_assigned, Task, task=task, by=by, units=[task.lead_unit])
    return task


@transaction.atomic
def task_archive(*, by: User, task: Task, reason: str = "") -> Task:
    require(by, Action.PLAN, task.lead_unit)
    return archive(task, by=by, reason=reason, event="task.archived")


@transaction.atomic
def task_attachment_add(*, by: User, task: Task, upload: File, description: str = "") -> Attachment:
    """Attach a file to a task (evidence, a document): those who report on it (the lead unit, its
    partner) or plan its lead unit."""
    if not (can_report_on(by, task) or can(by, Action.PLAN, task.lead_unit)):
        raise PermissionDenied
    require_open_task(task)
    return attachment_add(by=by, target=task, upload=upload, description=description)


# Status workflow -------------------------------------------------------------------------------

TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.NOT_STARTED: {
        TaskStatus.IN_PROGRESS,
        TaskStatus.COMPLETED,
        TaskStatus.PAUSED,
        TaskStatus.CANCELLED,
    },
    TaskStatus.IN_PROGRESS: {TaskStatus.COMPLETED, TaskStatus.PAUSED, TaskStatus.CANCELLED},
    TaskStatus.PAUSED: {TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED},
    TaskStatus.COMPLETED: {TaskStatus.IN_PROGRESS},
    TaskStatus.CANCELLED: {TaskStatus.NOT_STARTED},
}
# Moves the lead unit's own focal point may make; the rest need the coordinator (PLAN).
REPORTER_MOVES = {TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED}


def allowed_transitions(user: User, task: Task) -> list[str]:
    moves = TRANSITIONS.get(task.status, set())
    if can(user, Action.PLAN, task.lead_unit):
        allowed = moves
    elif can(user, Action.REPORT, task.lead_unit):
        # Reopening a completed task and resuming one the coordinator paused are the coordinator's.
        held = task.status in (TaskStatus.COMPLETED, TaskStatus.PAUSED)
        allowed = {m for m in moves if m in REPORTER_MOVES and not held}
    else:
        allowed = set()
    return [value for value in TaskStatus.values if value in allowed]


def task_has_evidence(task: Task) -> bool:
    if attachments_of(task).exists():
        return True
    # A draft is not yet evidence, and a returned report's was not accepted as such.
    reports = task.reports.filter(status__in=(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED))
    return Attachment.objects.filter(
        content_type__app_label="planning",
        content_type__model="progressreport",
        object_id__in=reports.values("pk"),
    ).exists()


@transaction.atomic
def task_change_status(
    *,
    by: User,
    task: Task,
    status: str,
    reason: str = "",
    evidence: Iterable[File] = (),
    completed_on: date | None = None,
    expected_version: int | None = None,
) -> Task:
    """Move a task through its workflow. Completing needs evidence; cancelling, pausing,
    resuming a paused task and reopening need a reason. The move is decided on the task's row as
    it is now (locked), not as the screen loaded it."""
    lock_task(task, expected_version)
    require_open_task(task)
    if status not in allowed_transitions(by, task):
        if status in TRANSITIONS.get(task.status, set()):
            raise PermissionDenied
        refusal = StateConflict if status in TaskStatus.values else ValidationError
        raise refusal(
            {
                "status": _("A task that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": task.get_status_display(),
                    "to": TaskStatus(status).label if status in TaskStatus.values else status,
                }
            }
        )
    reason = (reason or "").strip()
    evidence = list(evidence)
    for upload in evidence:
        validate_upload(upload, field="evidence")
    if status in (TaskStatus.CANCELLED, TaskStatus.PAUSED) and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if task.status == TaskStatus.COMPLETED and not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the task.")})
    if task.status == TaskStatus.PAUSED and not reason:
        raise ValidationError({"reason": _("Give the reason for resuming the task.")})
    if status == TaskStatus.COMPLETED:
        if not evidence and not task_has_evidence(task):
            raise ValidationError({"evidence": _("Attach evidence of completion (a file).")})
        completed_on = completed_on or local_today()
        if completed_on > local_today():
            raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
        if task.start_date and completed_on < task.start_date:
            raise ValidationError({"completed_on": _("The completion date is before the task's start date.")})
        task.completed_on = completed_on
    else:
        task.completed_on = None
    for upload in evidence:
        attachment_add(by=by, target=task, upload=upload, description=_("Evidence of completion"))
    previous = task.status
    task.status = status
    task.status_note = reason
    save_audited(task, by=by, event="task.status_changed", reason=reason)
    send_after_commit(signals.task_status_changed, Task, task=task, by=by, previous=previous)
    if status == TaskStatus.COMPLETED:
        send_after_commit(signals.task_completed, Task, task=task, by=by)
    return task


# Milestones ------------------------------------------------------------------------------------


@transaction.atomic
def milestone_save(
    *, by: User, task: Task, title: str, due_date: date | None = None, milestone: Milestone | None = None
) -> Milestone:
    """Add or edit a milestone / deliverable of a task (planners of the lead unit)."""
    require(by, Action.PLAN, task.lead_unit)
    require_open_task(task)
    milestone = milestone or Milestone(task=task)
    if milestone.task_id != task.pk:
        raise ValidationError(_("This milestone belongs to another task."))
    milestone.title, milestone.due_date = (title or "").strip(), due_date
    return save_audited(milestone, by=by, event="milestone.saved")


@transaction.atomic
def milestone_mark_done(*, by: User, milestone: Milestone, done_on: date | None = None) -> Milestone:
    """The lead unit's reporters tick a milestone off; `done_on=None` on a done one reopens it."""
    require(by, Action.REPORT, milestone.task.lead_unit)
    require_open_task(milestone.task)
    if done_on and done_on > local_today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    milestone.done_on = done_on
    return save_audited(milestone, by=by, event="milestone.done" if done_on else "milestone.reopened")
