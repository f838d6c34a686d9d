"""The bulk path for importing many tasks and budget lines at once.

Saving through `task_create` / `task_update` costs a dozen queries and up to four history records
per task; for a plan of thousands of rows that is many minutes. This path keeps what matters of the
services: the same permission checks (`require(by, PLAN, lead unit)`, before and after a change of
lead unit), the same task rules (`validate_task`) and field validation, `Task.save()` (text
normalisation, search text, signals), and one history record per row attributed to `by`, with its
many-to-many snapshot as simple-history records it, but it writes relations and history in
batches. Only rows the checker found valid, unique and permitted come here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, require
from dxoffice.planning.excel.validate import M2M_FIELDS, BudgetRow, TaskRow
from dxoffice.planning.models import BudgetLine, Task
from dxoffice.planning.services import validate_task

BATCH = 500
TASK_FK_FIELDS = ["plan", "pillar", "sector", "lead_unit", "partner", "parent", "created_by"]
Report = Callable[[int, Exception], None]


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _m2m_history_models() -> dict[str, Any]:
    """Task's historical many-to-many models (simple-history), by field name."""
    history: Any = Task.history.model
    found: dict[str, Any] = {}
    for field in history._history_m2m_fields:
        for relation in history._meta.related_objects:
            model = relation.related_model
            if relation.field.name == "history" and model.__name__.endswith(f"_{field.name}"):
                found[field.name] = model
    return found


def _save_without_history(obj: Any, by) -> None:
    obj._history_user = by
    obj.skip_history_when_saving = True
    try:
        obj.save()
    finally:
        del obj.skip_history_when_saving


def _history(model: Any, objs: list[Any], *, by, update: bool = False) -> list[Any]:
    """One history record per object ("+" or "~"), attributed to `by`."""
    records = model.history.bulk_history_create(
        objs,
        batch_size=BATCH,
        update=update,
        default_user=by,
        default_change_reason=_("imported from Excel"),
        default_date=timezone.now(),
    )
    return list(records or [])


def _check_task(task: Task, coordinating: list) -> None:
    validate_task(task, coordinating)
    task.full_clean(exclude=TASK_FK_FIELDS, validate_unique=False, validate_constraints=False)


def save_tasks(
    creates: list[TaskRow], updates: list[TaskRow], *, by, plan, report: Report
) -> dict[str, Task]:
    """Create and update the tasks of the rows; a row the services would refuse goes to `report`."""
    links: dict[str, list[tuple[Task, list]]] = {name: [] for name in M2M_FIELDS}
    replaced: dict[str, list[int]] = {name: [] for name in M2M_FIELDS}
    created: list[Task] = []
    for row in creates:
        fields = {name: value for name, value in row.fields.items() if name not in M2M_FIELDS}
        fields.setdefault("origin", "plan")
        task = Task(plan=plan, created_by=by, **fields)
        try:
            require(by, Action.PLAN, task.lead_unit)
            _check_task(task, list(row.fields.get("coordinating_units") or []))
        except (ValidationError, PermissionDenied) as error:
            report(row.row, error)
            continue
        _save_without_history(task, by)
        created.append(task)
        for name in M2M_FIELDS:
            if row.fields.get(name):
                links[name].append((task, row.fields[name]))
    updated: list[Task] = []
    for row in updates:
        task = row.existing
        task.plan = plan
        try:
            require(by, Action.PLAN, task.lead_unit)
            for name, value in row.changes.items():
                if name not in M2M_FIELDS:
                    setattr(task, name, value)
            require(by, Action.PLAN, task.lead_unit)
            coordinating = row.changes.get("coordinating_units")
            if coordinating is None:
                coordinating = [OrgUnit(pk=pk) for pk in task._import_coordinating_units]
            _check_task(task, list(coordinating))
        except (ValidationError, PermissionDenied) as error:
            report(row.row, error)
            continue
        _save_without_history(task, by)
        updated.append(task)
        for name in M2M_FIELDS:
            if name in row.changes:
                replaced[name].append(task.pk)
                links[name].append((task, row.changes[name]))
    _write_links(links, replaced)
    history = _history(Task, created, by=by) + _history(Task, updated, by=by, update=True)
    _m2m_history(history)
    return {task.code: task for task in created + updated}


def _write_links(links: dict[str, list[tuple[Task, list]]], replaced: dict[str, list[int]]) -> None:
    for name in M2M_FIELDS:
        descriptor = getattr(Task, name)
        through, target = descriptor.through, descriptor.field.m2m_reverse_field_name()
        for chunk in _chunks(replaced[name]):
            through.objects.filter(task_id__in=chunk).delete()
        rows = [through(task=task, **{target: record}) for task, records in links[name] for record in records]
        through.objects.bulk_create(rows, batch_size=BATCH)


def _m2m_history(history: list[Any]) -> None:
    """Snapshot each saved task's relations into its new history record, as simple-history does."""
    record_of = {record.id: record for record in history}
    task_ids = list(record_of)
    for name, model in _m2m_history_models().items():
        through = getattr(Task, name).through
        attnames = [field.attname for field in through._meta.fields]
        snapshots = []
        for chunk in _chunks(task_ids):
            for link in through.objects.filter(task_id__in=chunk):
                values = {attname: getattr(link, attname) for attname in attnames}
                snapshots.append(model(history=record_of[link.task_id], **values))
        model.objects.bulk_create(snapshots, batch_size=BATCH)


def save_budget_lines(
    creates: list[BudgetRow], updates: list[BudgetRow], tasks: dict[str, Task], *, by, report: Report
) -> None:
    """Create and update budget lines as `budget_line_save` would, in batches."""
    new_lines, changed = [], []
    for row in creates + updates:
        task = tasks[row.task_code]
        line = row.existing or BudgetLine(task=task, year=row.year, source=row.source)
        line.note = row.note or ""
        for name, amount in row.amounts.items():
            setattr(line, name, amount)
        try:
            require(by, Action.PLAN, task.lead_unit)
            line.full_clean(exclude=["task"], validate_unique=False, validate_constraints=False)
        except (ValidationError, PermissionDenied) as error:
            report(row.row, error)
            continue
        if row.existing is None:
            new_lines.append(line)
        else:
            _save_without_history(line, by)
            changed.append(line)
    BudgetLine.objects.bulk_create(new_lines, batch_size=BATCH)
    _history(BudgetLine, new_lines, by=by)
    _history(BudgetLine, changed, by=by, update=True)
