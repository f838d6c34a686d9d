"""Importing an annual plan from the Excel template.

`import_plan` reads the workbook, checks every row (collecting all problems), and only when there
is none applies the rows in one transaction through the planning services, so permissions and the
audit trail are the same as in the UI. Rows are keyed by (plan, task code): importing the same file
again changes nothing.
"""

from __future__ import annotations

import logging
import os
from time import perf_counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.planning.excel import bulk
from dxoffice.planning.excel.columns import (
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    BUDGET_SHEET_ALIASES,
    PLAN_COLUMN,
    TASK_COLUMNS,
    TASKS_SHEET,
    TASKS_SHEET_ALIASES,
    Column,
)
from dxoffice.planning.excel.reader import SheetRows, WorkbookError, find_sheet, open_workbook, read_sheet
from dxoffice.planning.excel.result import ImportResult
from dxoffice.planning.excel.validate import CREATE, UNCHANGED, UPDATE, BudgetRow, Checker, TaskRow
from dxoffice.planning.excel.values import clean_text
from dxoffice.planning.models import AnnualPlan, Task
from dxoffice.planning.services import budget_line_save, task_create, task_update

logger = logging.getLogger(__name__)

# Above this many new rows, tasks and budget lines are created through the bulk path (bulk.py):
# same permission checks, rules and history, batched. Below it, through the services one by one.
BULK_THRESHOLD = 200


def import_plan(file, *, by, plan: AnnualPlan, dry_run: bool = False) -> ImportResult:
    """Import the workbook `file` (a path or an open binary file) into `plan`, acting as `by`.

    With `dry_run` everything is checked and applied inside a transaction that is then rolled
    back, so the counts are exactly what a real import would do. Raises PermissionDenied when `by`
    may plan nowhere; every other problem is reported in the result."""
    if by is None or not can_anywhere(by, Action.PLAN):
        raise PermissionDenied
    started = perf_counter()
    result = ImportResult(dry_run=dry_run)
    try:
        sheets = _read(file, result)
        if sheets is not None:
            _check_and_apply(sheets, by=by, plan=plan, result=result)
    finally:
        result.seconds = round(perf_counter() - started, 2)
    logger.info(
        "plan import into %s by %s: rows=%s created=%s updated=%s unchanged=%s problems=%s dry_run=%s %.2fs",
        plan.code,
        by,
        result.rows,
        result.created,
        result.updated,
        result.unchanged,
        len(result.problems),
        dry_run,
        result.seconds,
    )
    return result


def _size(file) -> int | None:
    if hasattr(file, "size"):
        return file.size
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    return None


def _read(file, result: ImportResult) -> tuple[SheetRows, SheetRows | None] | None:
    size = _size(file)
    if size is not None and size > settings.DXOFFICE_MAX_UPLOAD_BYTES:
        limit = settings.DXOFFICE_MAX_UPLOAD_BYTES // (1024 * 1024)
        result.add("", None, "", _("The file is larger than %(limit)s MB.") % {"limit": limit})
        return None
    if size == 0:
        result.add("", None, "", _("The file is empty."))
        return None
    try:
        workbook = open_workbook(file)
    except WorkbookError as error:
        result.add("", None, "", str(error))
        return None
    try:
        sheet = find_sheet(workbook, TASKS_SHEET, TASKS_SHEET_ALIASES) or workbook.worksheets[0]
        tasks = read_sheet(sheet, TASK_COLUMNS, extra=(PLAN_COLUMN,))
        sheet = find_sheet(workbook, BUDGET_SHEET, BUDGET_SHEET_ALIASES)
        budget = read_sheet(sheet, BUDGET_COLUMNS) if sheet is not None else None
    except Exception as exc:  # damaged sheet XML inside a valid zip
        logger.info("unreadable sheet: %r", exc)
        result.add("", None, "", _("The workbook is damaged and cannot be read. Save it again in Excel."))
        return None
    finally:
        workbook.close()
    if not _usable(tasks, TASK_COLUMNS, result):
        return None
    if budget is not None and not budget.found:
        if budget.has_content:
            _usable(budget, BUDGET_COLUMNS, result)
            return None
        budget = None
    if budget is not None and not _usable(budget, BUDGET_COLUMNS, result):
        return None
    if not tasks.rows and not (budget and budget.rows):
        result.add(tasks.title, None, "", _("There are no task rows to import below the header."))
        return None
    return tasks, budget


def _labels(columns: list[Column]) -> str:
    return "; ".join(column.label for column in columns)


def _usable(sheet: SheetRows, columns: tuple[Column, ...], result: ImportResult) -> bool:
    if not sheet.found:
        result.add(
            sheet.title,
            None,
            "",
            _(
                "This is not the annual-plan template: no header row was found in the sheet “%(sheet)s”. "
                "Download the template and copy your rows into it. Columns needed: %(columns)s."
            )
            % {"sheet": sheet.title, "columns": _labels([c for c in columns if c.required])},
        )
        return False
    if sheet.missing:
        result.add(
            sheet.title,
            sheet.header_row,
            "",
            _("Required columns are missing: %(columns)s.") % {"columns": _labels(sheet.missing)},
        )
    for column in sheet.duplicated:
        result.add(sheet.title, sheet.header_row, column.label, _("This column appears more than once."))
    return not (sheet.missing or sheet.duplicated)


def _check_and_apply(sheets, *, by, plan: AnnualPlan, result: ImportResult) -> None:
    tasks_sheet, budget_sheet = sheets
    result.rows = len(tasks_sheet.rows)
    checker = Checker(by=by, plan=plan, result=result)
    task_rows = checker.tasks(tasks_sheet)
    budget_rows: list[BudgetRow] = []
    if budget_sheet is not None and budget_sheet.rows:
        code_index = next(i for i, c in tasks_sheet.columns.items() if c.key == "code")
        file_codes = {clean_text(row.get(code_index)) for _number, row in tasks_sheet.rows}
        budget_rows = checker.budget(budget_sheet, task_rows, file_codes)
    if result.problems:
        return
    try:
        with transaction.atomic():
            saved = _apply_tasks(task_rows, by=by, plan=plan, result=result, sheet=tasks_sheet)
            if budget_rows and not result.problems:
                saved.update({code: task for code, task in checker.existing.items() if code not in saved})
                _apply_budget(budget_rows, saved, by=by, result=result, sheet=budget_sheet)
            if result.problems or result.dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        logger.warning("plan import conflict: %r", error)
        result.add(
            "",
            None,
            "",
            _("Some rows conflict with data saved at the same time; nothing was saved. Try again."),
        )
    if result.problems:
        result.clear_counts()


def _apply_tasks(rows: list[TaskRow], *, by, plan, result: ImportResult, sheet: SheetRows) -> dict[str, Task]:
    def report(number: int, error: Exception) -> None:
        _report_failure(result, sheet, number, error, TASK_COLUMNS)

    creates = [row for row in rows if row.action == CREATE]
    updates = [row for row in rows if row.action == UPDATE]
    saved = {row.code: row.existing for row in rows if row.action == UNCHANGED}
    result.unchanged = len(saved)
    if len(creates) + len(updates) > BULK_THRESHOLD:
        saved.update(bulk.save_tasks(creates, updates, by=by, plan=plan, report=report))
        result.created, result.updated = len(creates), len(updates)
        return saved
    for row in creates + updates:
        try:
            if row.action == CREATE:
                saved[row.code] = task_create(by=by, plan=plan, **row.fields)
                result.created += 1
            else:
                saved[row.code] = task_update(by=by, task=row.existing, **row.changes)
                result.updated += 1
        except (ValidationError, PermissionDenied) as error:
            report(row.row, error)
    return saved


def _apply_budget(
    rows: list[BudgetRow], tasks: dict[str, Task], *, by, result: ImportResult, sheet: SheetRows
) -> None:
    def report(number: int, error: Exception) -> None:
        _report_failure(result, sheet, number, error, BUDGET_COLUMNS)

    creates = [row for row in rows if row.action == CREATE]
    updates = [row for row in rows if row.action == UPDATE]
    result.budget_unchanged = len(rows) - len(creates) - len(updates)
    if len(creates) + len(updates) > BULK_THRESHOLD:
        bulk.save_budget_lines(creates, updates, tasks, by=by, report=report)
        result.budget_created, result.budget_updated = len(creates), len(updates)
        return
    for row in creates + updates:
        try:
            budget_line_save(
                by=by,
                task=tasks[row.task_code],
                year=row.year,
                source=row.source,
                note=row.note,
                line=row.existing,
                **row.amounts,
            )
        except (ValidationError, PermissionDenied) as error:
            report(row.row, error)
            continue
        if row.action == CREATE:
            result.budget_created += 1
        else:
            result.budget_updated += 1


def _report_failure(
    result: ImportResult, sheet: SheetRows, number: int, error: Exception, columns: tuple[Column, ...]
) -> None:
    """A service refused a row the checks let through: report it against the row's column."""
    by_key = {column.key: column for column in columns}
    if isinstance(error, PermissionDenied):
        result.add(sheet.title, number, "", _("You may not plan this task."))
    elif hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            column = by_key.get(name)
            for message in messages:
                result.add(
                    sheet.title,
                    number,
                    column.label if column else "",
                    message,
                    f"{sheet.letter(column)}{number}" if column and sheet.letter(column) else "",
                )
    else:
        for message in error.messages:
            result.add(sheet.title, number, "", message)
