"""Agreements, their scorecard and their commitments, and the tasks assigned from a commitment or a
school project. A partner sees only the agreements it is party to; another agreement is a 404, a
write the caller may not make a 403."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, units_by_codes, with_errors
from dxoffice.core.api_inputs import NOT_BLANK, InputSchema, IsoDate, RecordId, RequiredUnitCode, UnitCode
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.partners import planning_refs, selectors, services
from dxoffice.partners.models import Agreement, CommitmentStatus, SchoolProject
from dxoffice.partners.permissions import may_manage_agreement, may_manage_school_project
from dxoffice.planning import selectors as planning_selectors

router = Router(tags=["agreements"])
commitments = Router(tags=["commitments"])
school_projects = Router(tags=["school projects"])


class PartyOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class AgreementOut(Schema):
    id: int
    number: str
    title: str
    owner_unit: str = Field(description="Code of the government unit that keeps the agreement.")
    parties: list[PartyOut]
    signed_on: date
    valid_from: date
    valid_until: date | None
    scope: str

    @staticmethod
    def resolve_owner_unit(obj: Agreement) -> str:
        return obj.owner_unit.code

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[Any]:
        return list(obj.parties.all())


class CommitmentOut(Schema):
    id: int
    code: str
    party: str = Field(description="Code of the party that committed.")
    area: str
    title: str
    measure: str
    due_date: date
    status: str = Field(description="As recorded: not_started, in_progress, at_risk, met, dropped.")
    state: str = Field(
        description="As it stands today: met, late, at_risk, in_progress, not_started, dropped."
    )
    progress: int | None = Field(
        description="Mean progress of the tasks carrying it (%), null without tasks."
    )
    tasks: list[int] = Field(description="Ids of the tasks carrying it out that the caller may see.")
    met_on: date | None
    status_reason: str


class PartyScoreOut(Schema):
    party: str
    commitments: int
    counts: dict[str, int]
    due: int
    met_share: float | None = Field(description="% of the commitments due so far that are met.")
    people_trained: float | None = Field(
        description="From the training module; null when it publishes nothing."
    )
    enterprises_supported: int
    solutions_deployed: int


class ScorecardOut(Schema):
    agreement: int
    as_of: date
    counts: dict[str, int]
    training_available: bool
    parties: list[PartyScoreOut]


class StatusIn(InputSchema):
    status: CommitmentStatus
    reason: str = Field("", max_length=2000)
    met_on: IsoDate | None = Field(None, description="When it was met (today if left out).")


class TaskAssignIn(InputSchema):
    """A task of the program register carrying a commitment or a school project out. Plans, pillars
    and units are named by their codes; an unknown one is a 422 naming the field."""

    plan: str = Field(max_length=60, pattern=NOT_BLANK, description="Code of an open annual plan.")
    pillar: str = Field(max_length=20, pattern=NOT_BLANK, description="Pillar code (of the plan's program).")
    lead_unit: RequiredUnitCode
    coordinating_units: list[UnitCode] = Field(default_factory=list, description="Unit codes.")
    title: str | None = Field(
        None, max_length=500, description="The commitment's (or project's) title when left out."
    )
    code: str | None = Field(
        None, max_length=40, description="Task code; the plan's next free CK-<n> (TH-<n>) when left out."
    )
    start_date: IsoDate | None = None
    due_date: IsoDate | None = Field(
        None, description="The commitment's due date when left out; required for a school project."
    )


class AssignedTaskOut(Schema):
    """The task created, as the register shows it (GET /tasks/{id} gives every field)."""

    id: int
    code: str
    title: str
    plan: str = Field(description="Plan code.")
    year: int
    pillar: str = Field(description="Pillar code.")
    lead_unit: str = Field(description="Lead unit code.")
    coordinating_units: list[str]
    partner: str | None = Field(description="Code of the partner named on the task.")
    status: str
    start_date: date | None
    due_date: date | None
    tracking: str | None
    progress: int | None
    origin: str = Field(description="partners.commitment or partners.school_project.")
    origin_id: int = Field(description="Id of the commitment or school project it carries out.")


def _task_inputs(payload: TaskAssignIn) -> tuple[Any, dict[str, Any]]:
    """The plan and the fields for the service; every unknown code names its field (one 422)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def resolve(name: str, find: Callable[[], Any]) -> None:
        try:
            values[name] = find()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)

    resolve("plan", lambda: planning_refs.plan_by_code(payload.plan))
    if "plan" in values:
        resolve("pillar", lambda: planning_refs.pillar_by_code(values["plan"], payload.pillar))
    resolve("lead_unit", lambda: unit_by_code(payload.lead_unit, "lead_unit"))
    resolve("coordinating_units", lambda: units_by_codes(payload.coordinating_units, "coordinating_units"))
    if errors:
        raise UnknownReference(errors)
    plan = values.pop("plan")
    values.update(
        title=(payload.title or "").strip(),
        code=(payload.code or "").strip(),
        start_date=payload.start_date,
    )
    if payload.due_date is not None:
        values["due_date"] = payload.due_date
    return plan, values


def _task_out(user: User, task: Any) -> dict[str, Any]:
    task = planning_selectors.task_for(user, task.pk)
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "plan": task.plan.code,
        "year": task.plan.year,
        "pillar": task.pillar.code,
        "lead_unit": task.lead_unit.code,
        "coordinating_units": [unit.code for unit in task.coordinating_units.all()],
        "partner": task.partner.code if task.partner else None,
        "status": task.status,
        "start_date": task.start_date,
        "due_date": task.due_date,
        "tracking": getattr(task, "tracking", None),
        "progress": planning_selectors.progress_of(task),
        "origin": task.origin,
        "origin_id": task.origin_id,
    }


def _commitment_out(row: selectors.CommitmentRow) -> dict[str, Any]:
    c = row.commitment
    return {
        "id": c.pk,
        "code": c.code,
        "party": c.party.code,
        "area": c.area,
        "title": c.title,
        "measure": c.measure,
        "due_date": c.due_date,
        "status": c.status,
        "state": row.state,
        "progress": row.progress,
        "tasks": [task.pk for task in row.tasks],
        "met_on": c.met_on,
        "status_reason": c.status_reason,
    }


@router.get(
    "/partners/agreements",
    response=with_errors({200: Page[AgreementOut]}, 401, 422),
    operation_id="agreement_list",
)
def agreement_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    """The agreements the caller may see (a partner: those it is party to)."""
    return paginate(selectors.agreement_list(caller(request)), page)


@router.get(
    "/partners/agreements/{agreement_id}",
    response=with_errors({200: AgreementOut}, 401, 404, 422),
    operation_id="agreement_get",
)
def agreement_get(request: HttpRequest, agreement_id: RecordId) -> Any:
    return selectors.agreement_for(caller(request), agreement_id)


@router.get(
    "/partners/agreements/{agreement_id}/scorecard",
    response=with_errors({200: ScorecardOut}, 401, 404, 422),
    operation_id="agreement_scorecard",
)
def agreement_scorecard(request: HttpRequest, agreement_id: RecordId) -> Any:
    """Commitments by state, per party, with what each partner delivered: the screen's figures."""
    user = caller(request)
    card = selectors.scorecard(user, selectors.agreement_for(user, agreement_id))
    return {
        "agreement": card.agreement.pk,
        "as_of": card.today,
        "counts": card.counts,
        "training_available": card.training_available,
        "parties": [
            {
                "party": s.party.code,
                "commitments": s.total,
                "counts": s.counts,
                "due": s.due,
                "met_share": s.met_share,
                "people_trained": float(s.people_trained) if s.people_trained is not None else None,
                "enterprises_supported": s.enterprises_supported,
                "solutions_deployed": s.solutions_deployed,
            }
            for s in card.parties
        ],
    }


@commitments.get(
    "/partners/agreements/{agreement_id}/commitments",
    response=with_errors({200: list[CommitmentOut]}, 401, 404, 422),
    operation_id="commitment_list",
)
def commitment_list(request: HttpRequest, agreement_id: RecordId) -> Any:
    """Every commitment of the agreement with its state today, progress and tasks."""
    user = caller(request)
    return [
        _commitment_out(row)
        for row in selectors.commitments_of(user, selectors.agreement_for(user, agreement_id))
    ]


@commitments.post(
    "/partners/commitments/{commitment_id}/status",
    response=with_errors({200: CommitmentOut}, 400, 401, 403, 404, 409, 422),
    operation_id="commitment_status_set",
)
def commitment_status_set(request: HttpRequest, commitment_id: RecordId, payload: StatusIn) -> Any:
    """Move a commitment along: met needs evidence or its tasks completed (409); at risk, dropped
    and reopening need a reason (400)."""
    user = caller(request)
    commitment = selectors.commitment_for(user, commitment_id)
    services.commitment_set_status(
        by=user, commitment=commitment, status=payload.status, reason=payload.reason, met_on=payload.met_on
    )
    from dxoffice.partners.models import Commitment

    return _commitment_out(selectors.commitment_rows(user, Commitment.objects.filter(pk=commitment.pk))[0])


@commitments.post(
    "/partners/commitments/{commitment_id}/tasks",
    response=with_errors({201: AssignedTaskOut}, 400, 401, 403, 404, 409, 422),
    operation_id="commitment_task_create",
)
def commitment_task_create(request: HttpRequest, commitment_id: RecordId, payload: TaskAssignIn) -> Any:
    """Assign a task of the program register carrying the commitment out (those who may plan on the
    agreement's owner unit, and on the lead unit). A partner's commitment names the partner on the
    task; a dropped commitment takes no new task (409); planning's rules are a 400 naming the field."""
    user = caller(request)
    commitment = selectors.commitment_for(user, commitment_id)
    if not may_manage_agreement(user, commitment.agreement):
        raise PermissionDenied
    plan, fields = _task_inputs(payload)
    task = services.commitment_task_create(by=user, commitment=commitment, plan=plan, **fields)
    return Status(201, _task_out(user, task))


@school_projects.post(
    "/partners/school-projects/{project_id}/tasks",
    response=with_errors({201: AssignedTaskOut}, 400, 401, 403, 404, 409, 422),
    operation_id="school_project_task_create",
)
def school_project_task_create(request: HttpRequest, project_id: RecordId, payload: TaskAssignIn) -> Any:
    """Assign a task of the program register carrying a school project out, with the school as its
    partner (those who may plan on the project's owner unit, and on the lead unit)."""
    user = caller(request)
    project: SchoolProject = selectors.school_project_for(user, project_id)
    if not may_manage_school_project(user, project):
        raise PermissionDenied
    plan, fields = _task_inputs(payload)
    task = services.school_project_task_create(by=user, project=project, plan=plan, **fields)
    return Status(201, _task_out(user, task))
