"""Tasks in the program register: the filtered list, create, read, update, status and archive,
and the files (evidence) attached to a task."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, units_by_codes, with_errors
from dxoffice.core.api_inputs import RecordId, Upload
from dxoffice.core.models import User
from dxoffice.core.services import attachments_of
from dxoffice.planning import services
from dxoffice.planning.api.common import (
    check_filter_codes,
    directives_by_numbers,
    manual_origin,
    objectives_by_codes,
    pillar_by_code,
    plan_by_code,
    resolve_all,
    sector_by_code,
    visible_task,
    visible_task_or_error,
)
from dxoffice.planning.models import Program
from dxoffice.planning.schemas import (
    ArchivedOut,
    AttachmentOut,
    ReasonIn,
    TaskIn,
    TaskItemOut,
    TaskOut,
    TaskPatch,
    TaskQuery,
    TaskStatusIn,
)
from dxoffice.planning.selectors import TaskFilters, task_register

router = Router(tags=["tasks"])


def _filters(query: TaskQuery) -> TaskFilters:
    return TaskFilters(
        q=query.q.strip(),
        pillar=query.pillar.strip(),
        sector=query.sector.strip(),
        unit=query.unit.strip().upper(),
        status=[value for part in query.status for value in part.split(",")],
        tracking=query.tracking or "",
        year=query.year,
        directive=query.directive.strip(),
        objective=query.objective.strip(),
        origin=query.origin.strip(),
        priority=query.priority or "",
        partner=query.partner.strip().upper(),
        funding=query.funding or "",
        overdue=query.overdue,
        due_soon=query.due_soon,
        sort=query.sort,
    )


@router.get("/tasks", response=with_errors({200: Page[TaskItemOut]}, 401, 422), operation_id="task_list")
def task_list(request: HttpRequest, query: Query[TaskQuery], page: Query[PageParams]):
    """The task register the caller may see, with the register's filters, tracking and progress.
    An unknown code in a filter is a 422 naming the filter."""
    filters = _filters(query)
    check_filter_codes(filters)
    return paginate(task_register(caller(request), filters), page)


def _references(user: User, program: Program, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the codes in `values` into records; every unknown code names its field."""
    resolvers: dict[str, Callable[[Any], Any]] = {
        "pillar": partial(pillar_by_code, program),
        "sector": partial(sector_by_code, program),
        "lead_unit": lambda code: unit_by_code(code, "lead_unit"),
        "partner": lambda code: unit_by_code(code, "partner"),
        "parent": lambda pk: visible_task_or_error(user, pk, "parent"),
        "coordinating_units": lambda codes: units_by_codes(codes, "coordinating_units"),
        "directives": directives_by_numbers,
        "objectives": partial(objectives_by_codes, program),
        "origin": manual_origin,
    }
    return resolve_all(
        **{name: partial(resolve, values[name]) for name, resolve in resolvers.items() if name in values}
    )


@router.post(
    "/tasks",
    response=with_errors({201: TaskOut}, 400, 401, 403, 409, 422),
    operation_id="task_create",
)
def task_create(request: HttpRequest, payload: TaskIn):
    """Create a task in a plan (coordinators and administrators of the lead unit). Units, pillars,
    sectors, directives and objectives are given by their codes; an unknown one is a 422 naming
    the field."""
    user = caller(request)
    data = payload.dict()
    plan = plan_by_code(data.pop("plan"), data.pop("year"))
    data.update(_references(user, plan.program, data))
    relations = {name: data.pop(name) for name in ("coordinating_units", "directives", "objectives")}
    task = services.task_create(by=user, plan=plan, **relations, **data)
    return Status(201, visible_task(user, task.pk))


@router.get("/tasks/{task_id}", response=with_errors({200: TaskOut}, 401, 404, 422), operation_id="task_get")
def task_detail(request: HttpRequest, task_id: RecordId):
    """One task with its tracking class, progress and the status moves open to the caller."""
    return visible_task(caller(request), task_id)


@router.patch(
    "/tasks/{task_id}",
    response=with_errors({200: TaskOut}, 400, 401, 403, 404, 409, 422),
    operation_id="task_update",
)
def task_update(request: HttpRequest, task_id: RecordId, payload: TaskPatch):
    """Change some fields of a task; only the fields sent change. The origin of a task made from
    another record (a meeting conclusion...) cannot change: 409. Send the `version` you read to
    make sure nobody changed the task meanwhile (409 if someone did)."""
    user = caller(request)
    task = visible_task(user, task_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    changes.update(_references(user, task.plan.program, changes))
    services.task_update(by=user, task=task, expected_version=version, **changes)
    return visible_task(user, task_id)


@router.post(
    "/tasks/{task_id}/status",
    response=with_errors({200: TaskOut}, 400, 401, 403, 404, 409, 422),
    operation_id="task_status_change",
)
def task_status(request: HttpRequest, task_id: RecordId, payload: TaskStatusIn):
    """Move the task through its workflow (`allowed_transitions` lists the moves open to the
    caller; another move is a 409). Completing needs evidence (upload a file first); pausing,
    cancelling and reopening need a reason."""
    user = caller(request)
    task = visible_task(user, task_id)
    services.task_change_status(
        by=user,
        task=task,
        status=payload.status.value,
        reason=payload.reason,
        completed_on=payload.completed_on,
        expected_version=payload.version,
    )
    return visible_task(user, task_id)


@router.post(
    "/tasks/{task_id}/archive",
    response=with_errors({200: ArchivedOut}, 401, 403, 404, 422),
    operation_id="task_archive",
)
def task_archive(request: HttpRequest, task_id: RecordId, payload: ReasonIn | None = None):
    """Archive the task (nothing is deleted; the history keeps who and why)."""
    user = caller(request)
    reason = payload.reason if payload else ""
    return services.task_archive(by=user, task=visible_task(user, task_id), reason=reason)


@router.get(
    "/tasks/{task_id}/attachments",
    response=with_errors({200: Page[AttachmentOut]}, 401, 404, 422),
    operation_id="task_attachment_list",
)
def task_attachments(request: HttpRequest, task_id: RecordId, page: Query[PageParams]):
    """Files attached to the task (evidence)."""
    return paginate(attachments_of(visible_task(caller(request), task_id)), page)


@router.post(
    "/tasks/{task_id}/attachments",
    response=with_errors({201: AttachmentOut}, 400, 401, 403, 404, 422),
    operation_id="task_attachment_add",
)
def task_attachment_add(
    request: HttpRequest,
    task_id: RecordId,
    file: File[Upload],
    description: Form[str] = "",
):
    """Attach a file (multipart form) to the task, e.g. evidence of completion. Refused with a
    400 naming `file`: an empty file, one too large, or a type not accepted."""
    user = caller(request)
    task = visible_task(user, task_id)
    return Status(201, services.task_attachment_add(by=user, task=task, upload=file, description=description))
