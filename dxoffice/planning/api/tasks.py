"""Tasks in the program register: the filtered list, create, read, update, status and archive,
and the files (evidence) attached to a task."""

from __future__ import annotations

from functools import partial

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, units_by_codes
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import attachment_add, attachments_of
from dxoffice.planning import services
from dxoffice.planning.api.common import (
    check_filter_codes,
    directives_by_numbers,
    objectives_by_codes,
    pillar_by_code,
    plan_by_code,
    resolve_all,
    sector_by_code,
    visible_task,
    visible_task_or_error,
)
from dxoffice.planning.schemas import (
    ArchivedOut,
    AttachmentOut,
    ReasonIn,
    StatusIn,
    TaskIn,
    TaskItemOut,
    TaskOut,
    TaskPatch,
    TaskQuery,
)
from dxoffice.planning.selectors import TaskFilters, task_register

router = Router(tags=["tasks"])


@router.get("/tasks", response=Page[TaskItemOut])
def task_list(request: HttpRequest, filters: Query[TaskQuery], page: Query[PageParams]):
    """The task register the caller may see, with the register's filters, tracking and progress."""
    parsed = TaskFilters.from_params(request.GET)
    parsed.unit, parsed.partner = parsed.unit.upper(), parsed.partner.upper()
    check_filter_codes(parsed)
    return paginate(task_register(caller(request), parsed), page)


def _references(user, program, values: dict) -> dict:
    """Turn the codes in `values` into records; every unknown code names its field."""
    resolvers = {
        "pillar": partial(pillar_by_code, program),
        "sector": partial(sector_by_code, program),
        "lead_unit": lambda code: unit_by_code(code, "lead_unit"),
        "partner": lambda code: unit_by_code(code, "partner"),
        "parent": lambda pk: visible_task_or_error(user, pk, "parent"),
        "coordinating_units": lambda codes: units_by_codes(codes, "coordinating_units"),
        "directives": directives_by_numbers,
        "objectives": partial(objectives_by_codes, program),
    }
    return resolve_all(
        **{name: partial(resolve, values[name]) for name, resolve in resolvers.items() if name in values}
    )


@router.post("/tasks", response={201: TaskOut})
def task_create(request: HttpRequest, payload: TaskIn):
    """Create a task in a plan (coordinators and administrators of the lead unit)."""
    user = caller(request)
    data = payload.dict()
    plan = plan_by_code(data.pop("plan"), data.pop("year"))
    data.update(_references(user, plan.program, data))
    relations = {name: data.pop(name) for name in ("coordinating_units", "directives", "objectives")}
    task = services.task_create(by=user, plan=plan, origin=data.pop("origin"), **relations, **data)
    return Status(201, visible_task(user, task.pk))


@router.get("/tasks/{task_id}", response=TaskOut)
def task_detail(request: HttpRequest, task_id: int):
    """One task with its tracking class, progress and the status moves open to the caller."""
    return visible_task(caller(request), task_id)


@router.patch("/tasks/{task_id}", response=TaskOut)
def task_update(request: HttpRequest, task_id: int, payload: TaskPatch):
    """Change some fields of a task; only the fields sent change."""
    user = caller(request)
    task = visible_task(user, task_id)
    changes = payload.dict(exclude_unset=True)
    changes.update(_references(user, task.plan.program, changes))
    services.task_update(by=user, task=task, **changes)
    return visible_task(user, task_id)


@router.post("/tasks/{task_id}/status", response=TaskOut)
def task_status(request: HttpRequest, task_id: int, payload: StatusIn):
    """Move the task through its workflow. Completing needs evidence (upload a file first);
    pausing, cancelling and reopening need a reason."""
    user = caller(request)
    task = visible_task(user, task_id)
    services.task_change_status(
        by=user,
        task=task,
        status=payload.status.value,
        reason=payload.reason,
        completed_on=payload.completed_on,
    )
    return visible_task(user, task_id)


@router.post("/tasks/{task_id}/archive", response=ArchivedOut)
def task_archive(request: HttpRequest, task_id: int, payload: ReasonIn | None = None):
    """Archive the task (nothing is deleted; the history keeps who and why)."""
    user = caller(request)
    reason = payload.reason if payload else ""
    return services.task_archive(by=user, task=visible_task(user, task_id), reason=reason)


@router.get("/tasks/{task_id}/attachments", response=Page[AttachmentOut])
def task_attachments(request: HttpRequest, task_id: int, page: Query[PageParams]):
    """Files attached to the task (evidence)."""
    return paginate(attachments_of(visible_task(caller(request), task_id)), page)


@router.post("/tasks/{task_id}/attachments", response={201: AttachmentOut})
def task_attachment_add(
    request: HttpRequest, task_id: int, file: File[UploadedFile], description: Form[str] = ""
):
    """Attach a file (multipart form) to the task, e.g. evidence of completion."""
    user = caller(request)
    task = visible_task(user, task_id)
    require(user, Action.REPORT, task.lead_unit)
    return Status(201, attachment_add(by=user, target=task, upload=file, description=description))
