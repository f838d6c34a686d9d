"""Importing an annual plan from the Excel template.

`import_plan` streams the workbook, checks every row (collecting the problems, bounded), and only
when there is none applies the rows in one transaction through the planning services (or their bulk
path), so permissions and the audit trail are the same as in the UI. Rows are keyed by (plan, task
code): importing the same file again changes nothing. A file may hold at most `max_rows()` rows per
sheet (setting DXOFFICE_IMPORT_MAX_ROWS); larger sheets are refused from their declared size before
any row is read. Files above `job_threshold()` rows (DXOFFICE_IMPORT_JOB_ROWS) are imported as a
background job from the upload page (see jobs.py).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dxoffice.core.excel import result as core_result
from dxoffice.core.excel.columns import Column
from dxoffice.core.excel.reader import (
    SheetRows,
    SheetTooLarge,
    WorkbookError,
    count_rows,
    find_sheet,
    open_workbook,
    read_sheet,
)
from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.core.templatetags.dx import grouped
from dxoffice.planning.excel import bulk
from dxoffice.planning.excel.columns import (
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    PLAN_COLUMN,
    TASK_COLUMNS,
    TASKS_SHEET,
    sheet_aliases,
)
from dxoffice.planning.excel.validate import CREATE, UNCHANGED, UPDATE, BudgetRow, Checker, TaskRow
from dxoffice.planning.freshness import register_changed
from dxoffice.planning.models import AnnualPlan, Task
from dxoffice.planning.services import budget_line_save, task_create, task_update

logger = logging.getLogger(__name__)

# Above this many new rows, tasks and budget lines are created through the bulk path (bulk.py):
# same permission checks, rules and history, batched. Below it, through the services one by one.
BULK_THRESHOLD = 200
DEFAULT_MAX_ROWS = 20_000
DEFAULT_JOB_ROWS = 2_000
PROGRESS_EVERY = 500  # rows between two progress reports while checking

Progress = Callable[[int, str], None]  # (percent, message)


def max_rows() -> int:
    """Rows one sheet of an import may hold."""
    return int(getattr(settings, "DXOFFICE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def job_threshold() -> int:
    """Above this many rows the upload page imports as a background job."""
    return int(getattr(settings, "DXOFFICE_IMPORT_JOB_ROWS", DEFAULT_JOB_ROWS))


@dataclass
class ImportResult(core_result.ImportResult):
    budget_created: int = 0
    budget_updated: int = 0
    budget_unchanged: int = 0

    def clear_counts(self) -> None:
        super().clear_counts()
        self.budget_created = self.budget_updated = self.budget_unchanged = 0


def _silent(percent: int, message: str) -> None:
    pass


def import_plan(
    file: Any, *, by, plan: AnnualPlan, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import the workbook `file` (a path or an open binary file) into `plan`, acting as `by`.

    With `dry_run` everything is checked and applied inside a transaction that is then rolled
    back, so the counts are exactly what a real import would do. Raises PermissionDenied when `by`
    may plan nowhere; every other problem is reported in the result. `progress(percent, message)`
    is told how far the import is."""
    if by is None or not can_anywhere(by, Action.PLAN):
        raise PermissionDenied
    started = perf_counter()
    result = ImportResult(dry_run=dry_run)
    report = progress or _silent
    try:
        workbook = _open(file, result)
        if workbook is not None:
            try:
                report(1, _("Reading the workbook"))
                sheets = _sheets(workbook, result)
                if sheets is not None:
                    _check_and_apply(sheets, by=by, plan=plan, result=result, progress=report)
            except WorkbookError as error:
                result.add("", None, "", str(error))
            finally:
                workbook.close()
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
        result.problem_count,
        dry_run,
        result.seconds,
    )
    return result


def estimate_rows(file: Any) -> int:
    """About how many rows the Tasks sheet of `file` has (its declared size, or counted up to just
    past the job threshold), without reading it all; 0 when the file cannot be read."""
    try:
        workbook = open_workbook(file)
    except WorkbookError:
        return 0
    try:
        sheet = find_sheet(workbook, TASKS_SHEET, sheet_aliases("tasks")) or workbook.worksheets[0]
        return count_rows(sheet, stop_after=job_threshold())
    except (WorkbookError, IndexError):
        return 0
    finally:
        workbook.close()
        if hasattr(file, "seek"):
            file.seek(0)


def _size(file) -> int | None:
    if hasattr(file, "size"):
        return file.size
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    return None


def _open(file, result: ImportResult) -> Any:
    size = _size(file)
    if size is not None and size > settings.DXOFFICE_MAX_UPLOAD_BYTES:
        limit = settings.DXOFFICE_MAX_UPLOAD_BYTES // (1024 * 1024)
        result.add("", None, "", _("The file is larger than %(limit)s MB.") % {"limit": limit})
        return None
    if size == 0:
        result.add("", None, "", _("The file is empty."))
        return None
    try:
        return open_workbook(file)
    except WorkbookError as error:
        result.add("", None, "", str(error))
        return None


def _sheets(workbook, result: ImportResult) -> tuple[SheetRows, SheetRows | None] | None:
    """Find the two sheets and their header rows; nothing of their data is read yet."""
    limit = max_rows()
    try:
        sheet = find_sheet(workbook, TASKS_SHEET, sheet_aliases("tasks")) or workbook.worksheets[0]
        tasks = read_sheet(sheet, TASK_COLUMNS, extra=(PLAN_COLUMN,), max_rows=limit)
        sheet = find_sheet(workbook, BUDGET_SHEET, sheet_aliases("budget"))
        budget = read_sheet(sheet, BUDGET_COLUMNS, max_rows=limit) if sheet is not None else None
    except SheetTooLarge as error:
        result.add(error.sheet, None, "", str(error))
        return None
    if not _usable(tasks, TASK_COLUMNS, result):
        return None
    if budget is not None and not budget.found:
        if budget.has_content():
            _usable(budget, BUDGET_COLUMNS, result)
            return None
        budget = None
    if budget is not None and not _usable(budget, BUDGET_COLUMNS, result):
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


class _Ticker:
    """Progress while checking: rows read of the rows the sheet announces (2-60% for tasks, 60-70% for
    budget lines), told every PROGRESS_EVERY rows."""

    def __init__(self, progress: Progress, tasks: SheetRows):
        self.progress, self.tasks = progress, tasks

    def __call__(self, sheet: SheetRows, count: int) -> None:
        if count % PROGRESS_EVERY:
            return
        low, high = (2, 60) if sheet is self.tasks else (60, 70)
        expected = sheet.expected_rows
        share = min(1.0, count / expected) if expected else 0.5
        message = _("Checking the sheet “%(sheet)s”: %(count)s rows read") % {
            "sheet": sheet.title,
            "count": grouped(count),
        }
        self.progress(low + int((high - low) * share), message)


def _check_and_apply(sheets, *, by, plan: AnnualPlan, result: ImportResult, progress: Progress) -> None:
    tasks_sheet, budget_sheet = sheets
    checker = Checker(by=by, plan=plan, result=result, on_row=_Ticker(progress, tasks_sheet))
    try:
        progress(2, _("Checking the sheet “%(sheet)s”") % {"sheet": tasks_sheet.title})
        task_rows = checker.tasks(tasks_sheet)
        result.rows = tasks_sheet.count
        budget_rows: list[BudgetRow] = []
        if budget_sheet is not None:
            progress(60, _("Checking the sheet “%(sheet)s”") % {"sheet": budget_sheet.title})
            budget_rows = checker.budget(budget_sheet, task_rows)
    except SheetTooLarge as error:
        result.add(error.sheet, None, "", str(error))
        return
    if not result.rows and not (budget_sheet is not None and budget_sheet.count):
        result.add(tasks_sheet.title, None, "", _("There are no task rows to import below the header."))
    if not result.ok:
        return
    progress(70, _("Checked %(rows)s rows; saving") % {"rows": grouped(result.rows)})
    try:
        with transaction.atomic():
            saved = _apply_tasks(task_rows, by=by, plan=plan, result=result, sheet=tasks_sheet)
            if budget_rows and result.ok:
                saved.update({code: task for code, task in checker.existing.items() if code not in saved})
                _apply_budget(budget_rows, saved, by=by, result=result, sheet=budget_sheet)
            if not result.ok or result.dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        logger.warning("plan import conflict: %r", error)
        result.add(
            "",
            None,
            "",
            _("Some rows conflict with data saved at the same time; nothing was saved. Try again."),
        )
    if not result.ok:
        result.clear_counts()
    progress(100, _("Done"))


def _apply_tasks(rows: list[TaskRow], *, by, plan, result: ImportResult, sheet: SheetRows) -> dict[str, Task]:
    def report(number: int, error: Exception) -> None:
        _report_failure(result, sheet, number, error, TASK_COLUMNS)

    creates = [row for row in rows if row.action == CREATE]
    updates = [row for row in rows if row.action == UPDATE]
    saved = {row.code: row.existing for row in rows if row.action == UNCHANGED}
    result.unchanged = len(saved)
    if len(creates) + len(updates) > BULK_THRESHOLD:
        saved.update(bulk.save_tasks(creates, updates, by=by, plan=plan, report=report))
        register_changed()  # the bulk path writes without model signals
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
        register_changed()  # the bulk path writes without model signals
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
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
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
        for message in getattr(error, "messages", None) or [str(error)]:
            result.add(sheet.title, number, "", message)
