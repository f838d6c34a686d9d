"""Request and response shapes of the task and report endpoints (directive, plan, objective and
budget shapes live beside their endpoints in planning/api/). Units, pillars, sectors, plans and
objectives are named by their codes and directives by their numbers, as people know them.

Input limits follow the models (lengths, ranges, choices, period codes), so a request the schema
accepts is refused only by a rule the schema cannot express; docs/api.md lists those."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from ninja import Field, Schema

from dxoffice.core.api_inputs import (
    MAX_ID,
    NOT_BLANK,
    Flag,
    InputSchema,
    IsoDate,
    Percent,
    PeriodCode,
    RefId,
    RequiredUnitCode,
    UnitCode,
    Year,
    YearParam,
    patch_field,
)
from dxoffice.core.permissions import Action, can
from dxoffice.planning.models import (
    FundingSource,
    Priority,
    ProgressReport,
    ReportingCycle,
    Task,
    TaskKind,
    TaskStatus,
    Tracking,
)
from dxoffice.planning.origins import manual_origin_choices, origin_choices, origin_label
from dxoffice.planning.selectors import can_report_on, progress_of
from dxoffice.planning.services import allowed_transitions

VERSION_DESCRIPTION = (
    "The `version` you read: when the record changed since, nothing is saved and the answer is a 409."
)


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


def _name(user) -> str | None:
    return str(user) if user is not None else None


def _listed(choices: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{code}` ({label})" for code, label in choices)


# Listed when the schema is built, after every module has registered its origins.
def _describe_origins(schema: dict[str, Any]) -> None:
    schema["description"] = f"Why the task exists, one of: {_listed(manual_origin_choices())}."


def _describe_origin_filter(schema: dict[str, Any]) -> None:
    schema["description"] = f"Only tasks of this origin, one of: {_listed(origin_choices())}."


PillarCode = Annotated[str, Field(max_length=20, description="Pillar code.")]
RequiredPillarCode = Annotated[
    str, Field(max_length=20, pattern=NOT_BLANK, description="Pillar code (of the plan's program).")
]
SectorCode = Annotated[str, Field(max_length=20, description="Sector code.")]
DirectiveNumber = Annotated[str, Field(max_length=60)]
ObjectiveCode = Annotated[str, Field(max_length=40)]
OriginCode = Annotated[str, Field(max_length=40, json_schema_extra=_describe_origins)]
_STATUS_LIST = "|".join(TaskStatus.values)
StatusList = Annotated[str, Field(pattern=f"^({_STATUS_LIST})(,({_STATUS_LIST}))*$")]
# The register's sorts (selectors.SORTS; a test keeps the two equal).
SortKey = Literal[
    "code", "-code", "due", "-due", "title", "-title", "status", "unit", "progress", "-progress", "priority"
]


# Tasks -----------------------------------------------------------------------------------------


class TaskQuery(Schema):
    """The register's filters, as on the register page."""

    q: str = Field("", max_length=200, description="Words in code, title or description; accents optional.")
    status: list[StatusList] = Field(
        default_factory=list, description="One or more statuses, comma-separated or repeated."
    )
    unit: UnitCode = Field("", description="Unit code; includes its subtree and coordinating units.")
    pillar: PillarCode = Field("", description="Pillar code.")
    sector: SectorCode = Field("", description="Sector code.")
    year: YearParam | None = Field(None, description="Plan year, e.g. 2026.")
    directive: DirectiveNumber = Field("", description="Directive number.")
    objective: ObjectiveCode = Field("", description="Objective code.")
    origin: str = Field("", max_length=40, json_schema_extra=_describe_origin_filter)
    priority: Priority | None = None
    funding: FundingSource | None = Field(None, description="Only tasks with budget from this source.")
    partner: UnitCode = Field("", description="Partner organisation code.")
    tracking: Tracking | None = Field(None, description="The derived tracking class.")
    overdue: bool = Field(False, description="Only open tasks past their due date.")
    due_soon: bool = Field(False, description="Only open tasks due within 7 days.")
    sort: SortKey = Field("code", description="Sort order; `-` first for descending.")


class OriginObjectOut(Schema):
    type: str = Field(description="The linked record's kind, as app_label.model.")
    id: int


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
    origin: str = Field(description="The origin code.")
    origin_label: str = Field(description="The origin, in the caller's language.")
    origin_object: OriginObjectOut | None = Field(description="The record that caused the task, if any.")
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
    def resolve_origin_label(obj: Task) -> str:
        return origin_label(obj.origin)

    @staticmethod
    def resolve_origin_object(obj: Task) -> dict[str, Any] | None:
        if obj.origin_type_id is None or obj.origin_id is None:
            return None
        kind = ContentType.objects.get_for_id(obj.origin_type_id)  # cached per process
        return {"type": f"{kind.app_label}.{kind.model}", "id": obj.origin_id}

    @staticmethod
    def resolve_tracking(obj: Task) -> str | None:
        return getattr(obj, "tracking", None)

    @staticmethod
    def resolve_progress(obj: Task) -> int | None:
        return progress_of(obj)


class TaskPermissions(Schema):
    edit: bool = Field(description="May edit, archive and plan the budget (PLAN on the lead unit).")
    report: bool = Field(
        description="May write progress reports (REPORT on the lead unit, or on the task's partner)."
    )
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
    version: int = Field(
        description="Changes with every save; send it back with a change to refuse overwriting "
        "someone else's (409)."
    )

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
        return allowed_transitions(context["request"].auth, obj)

    @staticmethod
    def resolve_permissions(obj: Task, context) -> dict[str, bool]:
        user = context["request"].auth
        return {
            "edit": can(user, Action.PLAN, obj.lead_unit),
            "report": can_report_on(user, obj),
            "review": can(user, Action.REVIEW, obj.lead_unit),
        }


# "plan or year" is said in words, not as an `anyOf` of the schema: generated clients turn such an
# object into a union of bare types.
class TaskIn(InputSchema):
    """A new task. Its plan is given by `plan` (the code) or, when one plan has that year, by
    `year`; with neither, the answer is a 422 naming `plan`."""

    plan: str | None = Field(
        None, max_length=40, description="Plan code; or give `year` when one plan has that year."
    )
    year: Year | None = Field(None, description="The plan's year, when `plan` is not given.")
    code: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=500)
    description: str = Field("", max_length=4000)
    kind: TaskKind = TaskKind.TASK
    pillar: RequiredPillarCode
    sector: SectorCode | None = None
    lead_unit: RequiredUnitCode
    coordinating_units: list[UnitCode] = Field(default_factory=list, description="Unit codes.")
    partner: UnitCode | None = Field(None, description="Partner organisation code.")
    parent: RefId | None = Field(None, description="Parent task id.")
    start_date: IsoDate | None = None
    due_date: IsoDate | None = Field(None, description="Required unless the task is recurring.")
    is_recurring: Flag = False
    reporting_cycle: ReportingCycle = ReportingCycle.QUARTERLY
    priority: Priority = Priority.NORMAL
    origin: OriginCode = "plan"
    origin_ref: str = Field(
        "", max_length=200, description="A reference to the origin, e.g. a document number."
    )
    expected_result: str = Field("", max_length=2000)
    directives: list[DirectiveNumber] = Field(default_factory=list, description="Directive numbers.")
    objectives: list[ObjectiveCode] = Field(default_factory=list, description="Objective codes.")


class TaskPatch(InputSchema):
    """Only the fields sent change. `null` clears the fields that may be empty (sector, partner,
    parent, dates); the others take no null."""

    code: str = patch_field(min_length=1, max_length=40)
    title: str = patch_field(min_length=1, max_length=500)
    description: str = patch_field(max_length=4000)
    kind: TaskKind = patch_field()
    pillar: RequiredPillarCode = patch_field()
    sector: SectorCode | None = None
    lead_unit: RequiredUnitCode = patch_field()
    coordinating_units: list[UnitCode] = patch_field()
    partner: UnitCode | None = None
    parent: RefId | None = None
    start_date: IsoDate | None = None
    due_date: IsoDate | None = None
    is_recurring: Flag = patch_field()
    reporting_cycle: ReportingCycle = patch_field()
    priority: Priority = patch_field()
    origin: OriginCode = patch_field()
    origin_ref: str = patch_field(max_length=200)
    expected_result: str = patch_field(max_length=2000)
    directives: list[DirectiveNumber] = patch_field()
    objectives: list[ObjectiveCode] = patch_field()
    version: int = patch_field(ge=1, le=MAX_ID, description=VERSION_DESCRIPTION)


class TaskStatusIn(InputSchema):
    status: TaskStatus
    reason: str = Field("", max_length=2000, description="Required to pause, resume, cancel or reopen.")
    completed_on: IsoDate | None = Field(
        None,
        description="When completing: the day it was done (not in the future, not before the start date).",
    )
    version: int = patch_field(ge=1, le=MAX_ID, description=VERSION_DESCRIPTION)


class ReasonIn(InputSchema):
    reason: str = Field("", max_length=2000)


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
    version: int = Field(description="Changes with every save; send it back with an edit (409 when stale).")

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


class ReportIn(InputSchema):
    period: PeriodCode
    percent_complete: Percent
    work_done: str = Field(min_length=1, max_length=8000)
    blockers: str = Field("", max_length=4000)
    proposals: str = Field("", max_length=4000)
    submit: Flag = Field(False, description="Submit for review at once (otherwise a draft).")


class ReportPatch(InputSchema):
    period: PeriodCode = patch_field()
    percent_complete: Percent = patch_field()
    work_done: str = patch_field(min_length=1, max_length=8000)
    blockers: str = patch_field(max_length=4000)
    proposals: str = patch_field(max_length=4000)
    submit: Flag = Field(False, description="Also submit the report for review.")
    version: int = patch_field(ge=1, le=MAX_ID, description=VERSION_DESCRIPTION)


class CommentIn(InputSchema):
    comment: str = Field("", max_length=2000, description="The reviewer's comment.")


class ReturnIn(InputSchema):
    comment: str = Field(pattern=NOT_BLANK, max_length=2000, description="What needs to change (required).")


class ArchivedOut(Schema):
    id: int
    archived_at: datetime | None
