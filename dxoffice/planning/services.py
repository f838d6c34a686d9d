"""Writes of the program register.

Each service: checks permission through the one gate, validates, writes inside a transaction and
leaves the audit record (simple-history, attributed to `by`). The UI, the API, imports and other
modules (meetings, indicators, partners) all call these; none writes the models directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict, UnknownReference
from dxoffice.core.models import Attachment, OrgUnit, User
from dxoffice.core.periods import Period
from dxoffice.core.permissions import Action, can, require
from dxoffice.core.services import archive, attachment_add, attachments_of, save_audited, validate_upload
from dxoffice.planning import signals
from dxoffice.planning.models import (
    AnnualPlan,
    BudgetLine,
    Directive,
    Milestone,
    Objective,
    ObjectiveActual,
    ObjectiveTarget,
    ProgressReport,
    ReportStatus,
    Task,
    TaskStatus,
)
from dxoffice.planning.origins import DEFAULT_ORIGIN, origin_kind
from dxoffice.planning.rules import budget_line_errors
from dxoffice.planning.selectors import local_today
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
    if task.parent_id and task.pk and task.parent_id == task.pk:
        errors.setdefault("parent", []).append(_("A task cannot be its own parent."))
    lead_also_coordinates = coordinating_units is not None and any(
        unit.pk == task.lead_unit_id for unit in coordinating_units
    )
    if task.lead_unit_id and lead_also_coordinates:
        errors.setdefault("coordinating_units", []).append(
            _("The lead unit cannot also be a coordinating unit.")
        )
    if errors:
        raise ValidationError(errors)


def _set_relations(task: Task, relations: dict[str, Any]) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(task, name).set(values)


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


@transaction.atomic
def task_update(*, by: User, task: Task, **changes: Any) -> Task:
    require(by, Action.PLAN, task.lead_unit)
    unknown = set(changes) - TASK_FIELDS - TASK_RELATIONS - {"origin"}
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
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
        allowed = {m for m in moves if m in REPORTER_MOVES and task.status != TaskStatus.COMPLETED}
    else:
        allowed = set()
    return [value for value in TaskStatus.values if value in allowed]


def task_has_evidence(task: Task) -> bool:
    if attachments_of(task).exists():
        return True
    reports = task.reports.exclude(status=ReportStatus.DRAFT)
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
) -> Task:
    """Move a task through its workflow. Completing needs evidence; cancelling, pausing and
    reopening need a reason."""
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
    if status == TaskStatus.COMPLETED:
        if not evidence and not task_has_evidence(task):
            raise ValidationError({"evidence": _("Attach evidence of completion (a file).")})
        completed_on = completed_on or local_today()
        if completed_on > local_today():
            raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
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


# Progress reports ------------------------------------------------------------------------------

REPORT_FIELDS = {"percent_complete", "work_done", "blockers", "proposals"}


def _require_reporter(by: User, task: Task) -> None:
    require(by, Action.REPORT, task.lead_unit)
    if task.status == TaskStatus.CANCELLED:
        raise StateConflict(_("A cancelled task takes no reports."))


@transaction.atomic
def report_save(
    *,
    by: User,
    task: Task,
    period: str,
    report: ProgressReport | None = None,
    submit: bool = False,
    evidence: Iterable[File] = (),
    **fields: Any,
) -> ProgressReport:
    """Create or edit the lead unit's report for a period (draft or returned), optionally
    submitting it at once."""
    _require_reporter(by, task)
    unknown = set(fields) - REPORT_FIELDS
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    evidence = list(evidence)
    for upload in evidence:
        validate_upload(upload, field="evidence")
    if report is None:
        report = ProgressReport.all_objects.filter(task=task, period=period).first()
        if (
            report is not None
            and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
            and not report.archived_at
        ):
            pass
        elif report is not None:
            raise StateConflict(
                {"period": _("A report for %(period)s has already been submitted.") % {"period": period}}
            )
        else:
            report = ProgressReport(task=task, created_by=by)
    elif report.task_id != task.pk:
        raise ValidationError(_("This report belongs to another task."))
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise StateConflict(_("A submitted report can no longer be edited."))
    report.period = (period or "").strip().upper()
    _validate_report_period(task, report.period)
    for name, value in fields.items():
        setattr(report, name, value)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = by
    save_audited(report, by=by, event="report.submitted" if submit else "report.saved")
    for upload in evidence:
        attachment_add(by=by, target=report, upload=upload)
    if submit:
        send_after_commit(signals.report_submitted, ProgressReport, report=report, by=by)
    return report


def _validate_report_period(task: Task, code: str) -> None:
    """A report covers a period that has begun and does not end before the task started."""
    try:
        period = Period.parse(code)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc
    if period.start > local_today():
        raise ValidationError({"period": _("%(period)s has not begun yet.") % {"period": code}})
    if task.start_date and period.end < task.start_date:
        raise ValidationError({"period": _("%(period)s ends before the task started.") % {"period": code}})


@transaction.atomic
def report_submit(*, by: User, report: ProgressReport) -> ProgressReport:
    _require_reporter(by, report.task)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise StateConflict(_("Only a draft or returned report can be submitted."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    save_audited(report, by=by, event="report.submitted")
    send_after_commit(signals.report_submitted, ProgressReport, report=report, by=by)
    return report


def _require_reviewable(by: User, report: ProgressReport) -> None:
    require(by, Action.REVIEW, report.task.lead_unit)
    if report.status != ReportStatus.SUBMITTED:
        raise StateConflict(_("Only a submitted report can be reviewed."))
    if report.submitted_by_id == by.pk:
        raise PermissionDenied(_("A report is reviewed by someone other than the person who submitted it."))


@transaction.atomic
def report_accept(*, by: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    _require_reviewable(by, report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = (comment or "").strip()
    save_audited(report, by=by, event="report.accepted", reason=report.review_comment)
    task = report.task
    if task.status == TaskStatus.NOT_STARTED and report.percent_complete > 0:
        task.status = TaskStatus.IN_PROGRESS
        save_audited(task, by=by, event="task.started_by_report")
    send_after_commit(signals.report_accepted, ProgressReport, report=report, by=by)
    return report


@transaction.atomic
def report_return(*, by: User, report: ProgressReport, comment: str) -> ProgressReport:
    _require_reviewable(by, report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what needs to change when returning a report.")})
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = comment
    save_audited(report, by=by, event="report.returned", reason=comment)
    send_after_commit(signals.report_returned, ProgressReport, report=report, by=by)
    return report


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
) -> BudgetLine:
    """Create or update the budget line of a task for a year and source."""
    require(by, Action.PLAN, task.lead_unit)
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
    if not (by.is_superuser or _plans_somewhere(by)):
        raise PermissionDenied
    directive = directive or Directive()
    for name, value in fields.items():
        setattr(directive, name, value)
    if Directive.all_objects.filter(number=directive.number).exclude(pk=directive.pk).exists():
        raise ValidationError({"number": _("A directive with this number exists (perhaps archived).")})
    return save_audited(directive, by=by, event="directive.saved")


def _plans_somewhere(user: User) -> bool:
    from dxoffice.core.permissions import can_anywhere

    return can_anywhere(user, Action.PLAN)


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
    period = (period or "").strip().upper()
    actual = ObjectiveActual.objects.filter(objective=objective, period=period).first() or ObjectiveActual(
        objective=objective, period=period
    )
    actual.value, actual.note, actual.source = value, note, source
    return save_audited(actual, by=by, event="actual.recorded")


# Milestones ------------------------------------------------------------------------------------


@transaction.atomic
def milestone_save(
    *, by: User, task: Task, title: str, due_date: date | None = None, milestone: Milestone | None = None
) -> Milestone:
    """Add or edit a milestone / deliverable of a task (planners of the lead unit)."""
    require(by, Action.PLAN, task.lead_unit)
    milestone = milestone or Milestone(task=task)
    if milestone.task_id != task.pk:
        raise ValidationError(_("This milestone belongs to another task."))
    milestone.title, milestone.due_date = (title or "").strip(), due_date
    return save_audited(milestone, by=by, event="milestone.saved")


@transaction.atomic
def milestone_mark_done(*, by: User, milestone: Milestone, done_on: date | None = None) -> Milestone:
    """The lead unit's reporters tick a milestone off; `done_on=None` on a done one reopens it."""
    require(by, Action.REPORT, milestone.task.lead_unit)
    if done_on and done_on > local_today():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    milestone.done_on = done_on
    return save_audited(milestone, by=by, event="milestone.done" if done_on else "milestone.reopened")
