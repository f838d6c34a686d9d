"""Request and response shapes of the task and report endpoints (directive, plan, objective and
budget shapes live beside their endpoints in planning/api/). Units, pillars, sectors, plans and
objectives are named by their codes and directives by their numbers, as people know them."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from dxoffice.core.permissions import Action, can
from dxoffice.planning.models import (
    Priority,
    ProgressReport,
    ReportingCycle,
    Task,
    TaskKind,
    TaskStatus,
)
from dxoffice.planning.selectors import progress_of


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


def _name(user) -> str | None:
    return str(user) if user is not None else None


# Tasks -----------------------------------------------------------------------------------------


class TaskQuery(Schema):
    """The register's filters (parsed by the same code as the web register)."""

    q: str | None = Field(None, description="Words in code, title or description; accents optional.")
    status: str | None = Field(None, description="One or more statuses, comma-separated or repeated.")
    unit: str | None = Field(None, description="Unit code; includes its subtree and coordinating units.")
    pillar: str | None = Field(None, description="Pillar code.")
    sector: str | None = Field(None, description="Sector code.")
    year: str | None = Field(None, description="Plan year, e.g. 2026.")
    directive: str | None = Field(None, description="Directive number.")
    objective: str | None = Field(None, description="Objective code.")
    origin: str | None = Field(None, description="plan, meeting, assessment, agreement or other.")
    priority: str | None = None
    partner: str | None = Field(None, description="Partner organisation code.")
    tracking: str | None = Field(None, description="completed_on_time, overdue, ... (derived class).")
    overdue: str | None = Field(None, description="true: open tasks past their due date.")
    due_soon: str | None = Field(None, description="true: open tasks due within 7 days.")
    sort: str | None = Field(None, description="code, -code, due, -due, title, status, unit, progress, ...")


class TaskItemOut(Schema):
    id: int
    code: str
    title: str
    plan: str
    year: int
    kind: str
    pillar: str
    sector: str | None
    lead_unit: str
    lead_unit_name: str
    partner: str | None
    status: str
    priority: str
    origin: str
    start_date: date | None
    due_date: date | None
    completed_on: date | None
    is_recurring: bool
    tracking: str | None
    progress: int | None

    @staticmethod
    def resolve_plan(obj: Task) -> str:
        return obj.plan.code

    @staticmethod
    def resolve_year(obj: Task) -> int:
        return obj.plan.year

    @staticmethod
    def resolve_pillar(obj: Task) -> str:
        return obj.pillar.code

    @staticmethod
    def resolve_sector(obj: Task) -> str | None:
        return _code(obj.sector)

    @staticmethod
    def resolve_lead_unit(obj: Task) -> str:
        return obj.lead_unit.code

    @staticmethod
    def resolve_lead_unit_name(obj: Task) -> str:
        return obj.lead_unit.name

    @staticmethod
    def resolve_partner(obj: Task) -> str | None:
        return _code(obj.partner)

    @staticmethod
    def resolve_tracking(obj: Task) -> str | None:
        return getattr(obj, "tracking", None)

    @staticmethod
    def resolve_progress(obj: Task) -> int | None:
        return progress_of(obj)


class TaskPermissions(Schema):
    edit: bool = Field(description="May edit, archive and plan the budget (PLAN on the lead unit).")
    report: bool = Field(description="May write progress reports (REPORT on the lead unit).")
    review: bool = Field(description="May accept or return reports (REVIEW on the lead unit).")


class TaskOut(TaskItemOut):
    description: str
    reporting_cycle: str
    origin_ref: str
    status_note: str
    expected_result: str
    parent: int | None
    coordinating_units: list[str]
    directives: list[str]
    objectives: list[str]
    reported_period: str | None
    allowed_transitions: list[str]
    permissions: TaskPermissions

    @staticmethod
    def resolve_parent(obj: Task) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_coordinating_units(obj: Task) -> list[str]:
        return [unit.code for unit in obj.coordinating_units.all()]

    @staticmethod
    def resolve_directives(obj: Task) -> list[str]:
        return [d.number for d in obj.directives.all()]

    @staticmethod
    def resolve_objectives(obj: Task) -> list[str]:
        return [o.code for o in obj.objectives.all()]

    @staticmethod
    def resolve_reported_period(obj: Task) -> str | None:
        return getattr(obj, "reported_period", None)

    @staticmethod
    def resolve_allowed_transitions(obj: Task, context) -> list[str]:
        from dxoffice.planning.services import allowed_transitions

        return allowed_transitions(context["request"].auth, obj)

    @staticmethod
    def resolve_permissions(obj: Task, context) -> dict[str, bool]:
        user = context["request"].auth
        return {
            "edit": can(user, Action.PLAN, obj.lead_unit),
            "report": can(user, Action.REPORT, obj.lead_unit),
            "review": can(user, Action.REVIEW, obj.lead_unit),
        }


class TaskIn(Schema):
    plan: str | None = Field(None, description="Plan code; or give `year` when one plan has that year.")
    year: int | None = None
    code: str = Field(max_length=40)
    title: str = Field(max_length=500)
    description: str = ""
    kind: TaskKind = TaskKind.TASK
    pillar: str = Field(description="Pillar code (of the plan's program).")
    sector: str | None = Field(None, description="Sector code.")
    lead_unit: str = Field(description="Unit code.")
    coordinating_units: list[str] = Field(default_factory=list, description="Unit codes.")
    partner: str | None = Field(None, description="Partner organisation code.")
    parent: int | None = Field(None, description="Parent task id.")
    start_date: date | None = None
    due_date: date | None = None
    is_recurring: bool = False
    reporting_cycle: ReportingCycle = ReportingCycle.QUARTERLY
    priority: Priority = Priority.NORMAL
    origin: str = Field("plan", max_length=40, description="A registered task origin: plan, direction, other.")
    origin_ref: str = Field("", max_length=200)
    expected_result: str = ""
    directives: list[str] = Field(default_factory=list, description="Directive numbers.")
    objectives: list[str] = Field(default_factory=list, description="Objective codes.")


class TaskPatch(Schema):
    code: str | None = Field(None, max_length=40)
    title: str | None = Field(None, max_length=500)
    description: str | None = None
    kind: TaskKind | None = None
    pillar: str | None = None
    sector: str | None = None
    lead_unit: str | None = None
    coordinating_units: list[str] | None = None
    partner: str | None = None
    parent: int | None = None
    start_date: date | None = None
    due_date: date | None = None
    is_recurring: bool | None = None
    reporting_cycle: ReportingCycle | None = None
    priority: Priority | None = None
    origin: str | None = Field(None, max_length=40)
    origin_ref: str | None = Field(None, max_length=200)
    expected_result: str | None = None
    directives: list[str] | None = None
    objectives: list[str] | None = None


class StatusIn(Schema):
    status: TaskStatus
    reason: str = ""
    completed_on: date | None = None


class ReasonIn(Schema):
    reason: str = ""


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    description: str
    uploaded_by: str
    uploaded_at: datetime
    url: str | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded_by(obj) -> str:
        return str(obj.uploaded_by)

    @staticmethod
    def resolve_url(obj) -> str | None:
        # Served through the permission-checked download view, never as a public media URL.
        from django.urls import reverse

        return reverse("core:attachment_download", args=[obj.pk]) if obj.file else None


# Progress reports ------------------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    task: int
    task_code: str
    period: str
    percent_complete: int
    work_done: str
    blockers: str
    proposals: str
    status: str
    created_by: str
    submitted_at: datetime | None
    submitted_by: str | None
    reviewed_at: datetime | None
    reviewed_by: str | None
    review_comment: str

    @staticmethod
    def resolve_task(obj: ProgressReport) -> int:
        return obj.task_id

    @staticmethod
    def resolve_task_code(obj: ProgressReport) -> str:
        return obj.task.code

    @staticmethod
    def resolve_created_by(obj: ProgressReport) -> str:
        return str(obj.created_by)

    @staticmethod
    def resolve_submitted_by(obj: ProgressReport) -> str | None:
        return _name(obj.submitted_by)

    @staticmethod
    def resolve_reviewed_by(obj: ProgressReport) -> str | None:
        return _name(obj.reviewed_by)


class ReportIn(Schema):
    period: str = Field(description="2026, 2026Q1 or 2026M03")
    percent_complete: int = Field(ge=0, le=100)
    work_done: str
    blockers: str = ""
    proposals: str = ""
    submit: bool = Field(False, description="Submit for review at once (otherwise a draft).")


class ReportPatch(Schema):
    period: str | None = None
    percent_complete: int | None = Field(None, ge=0, le=100)
    work_done: str | None = None
    blockers: str | None = None
    proposals: str | None = None
    submit: bool = False


class CommentIn(Schema):
    comment: str = ""


class ArchivedOut(Schema):
    id: int
    archived_at: datetime | None
