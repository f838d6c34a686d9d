"""Checking every row of a plan workbook before anything is saved.

The checker turns rows into the arguments of the planning services and decides, per row, whether
it creates, updates or leaves a task (or budget line) unchanged. All problems are collected, none
is raised, so the person importing sees the whole list at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dxoffice.core.excel import values as cells
from dxoffice.core.excel.columns import BOOL, CHOICE, DATE, LONGTEXT, MONEY, YEAR, Column
from dxoffice.core.excel.reader import ErrorValue, SheetRows, Uncomputed
from dxoffice.core.excel.result import ValidationResult
from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can
from dxoffice.planning.excel.choices import ChoiceReader
from dxoffice.planning.excel.columns import (
    DIRECTIVES,
    MULTI_KINDS,
    OBJECTIVES,
    PARTNER,
    PILLAR,
    SECTOR,
    UNIT,
    UNITS,
)
from dxoffice.planning.models import AnnualPlan, BudgetLine, Directive, Task
from dxoffice.planning.origins import DEFAULT_ORIGIN
from dxoffice.planning.rules import budget_line_errors
from dxoffice.planning.selectors import tasks_visible_to

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
FK_FIELDS = ("pillar", "sector", "lead_unit", "partner")
M2M_FIELDS = ("coordinating_units", "directives", "objectives")
MONEY_FIELDS = ("planned", "allocated", "disbursed")


@dataclass
class TaskRow:
    row: int
    code: str
    fields: dict = field(default_factory=dict)  # task_create/task_update arguments, columns present only
    existing: Any = None  # the Task, with the relation ids the checker read (_import_*)
    action: str = CREATE
    changes: dict = field(default_factory=dict)


@dataclass
class BudgetRow:
    row: int
    task_code: str
    year: int
    source: str
    amounts: dict = field(default_factory=dict)
    note: str = ""
    existing: BudgetLine | None = None
    action: str = CREATE


class CodeMap:
    """Active records by code, matched exactly first and then ignoring case."""

    def __init__(self, records, attr: str):
        self.exact = {getattr(record, attr): record for record in records}
        self.folded = {key.upper(): record for key, record in self.exact.items()}

    def get(self, code: str):
        return self.exact.get(code) or self.folded.get(code.upper())


class RowError(Exception):
    pass


OnRow = Callable[[SheetRows, int], None]  # (sheet, data rows read so far), for progress


class Checker:
    def __init__(self, *, by, plan: AnnualPlan, result: ValidationResult, on_row: OnRow | None = None):
        self.by, self.plan, self.result, self.on_row = by, plan, result, on_row
        program = plan.program
        self.units = CodeMap(OrgUnit.objects.all(), "code")
        self.pillars = CodeMap(program.pillars.all(), "code")
        self.sectors = CodeMap(program.sectors.all(), "code")
        self.directives = CodeMap(Directive.objects.all(), "number")
        self.objectives = CodeMap(program.objectives.all(), "code")
        self.lookups: dict[str, ChoiceReader] = {}
        self.existing: dict[str, Task] = {}
        self.denied_codes: set[str] = set()
        self.file_codes: set[str] = set()  # every task code the Tasks sheet names, valid or not
        self._visible: set[int] | None = None

    # Cells ----------------------------------------------------------------------------------------

    def _report(self, sheet: SheetRows, number: int, column: Column | None, message: str) -> None:
        letter = sheet.letter(column) if column else ""
        self.result.add(
            sheet.title,
            number,
            column.label if column else "",
            message,
            f"{letter}{number}" if letter else "",
        )

    def _records(self, column: Column, codes: list[str]):
        source = {
            UNIT: self.units,
            PARTNER: self.units,
            UNITS: self.units,
            PILLAR: self.pillars,
            SECTOR: self.sectors,
            DIRECTIVES: self.directives,
            OBJECTIVES: self.objectives,
        }[column.kind]
        found: list = []
        unknown: list = []
        for code in codes:
            record = source.get(code)
            (found if record is not None else unknown).append(record or code)
        if unknown:
            raise cells.CellError(_("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)})
        return found

    def read(self, column: Column, raw, default=None):
        """The Python value of one cell, or CellError."""
        if isinstance(raw, Uncomputed):
            raise cells.CellError(
                _("The formula has no saved result. Open the file in Excel, save it and upload it again.")
            )
        if isinstance(raw, ErrorValue):
            raise cells.CellError(_("The cell holds the error %(code)s.") % {"code": raw.code})
        if column.required and cells.is_blank(raw):
            raise cells.CellError(_("This cell is required."))
        kind = column.kind
        if kind == DATE:
            return cells.read_date(raw)
        if kind == BOOL:
            return cells.read_bool(raw)
        if kind == CHOICE:
            if column.key not in self.lookups:
                self.lookups[column.key] = ChoiceReader(column.choices)
            fallback = default if default is not None else column.choices.values[0]
            return self.lookups[column.key].read(raw, fallback)
        if kind == MONEY:
            return cells.read_money(raw)
        if kind == YEAR:
            return cells.read_year(raw, default)
        if kind in MULTI_KINDS:
            return self._records(column, cells.read_codes(raw))
        if kind in (UNIT, PARTNER, PILLAR, SECTOR):
            code = cells.read_text(raw)
            record = self._records(column, [code])[0] if code else None
            if record is not None and kind == UNIT and not record.is_government:
                raise cells.CellError(
                    _("“%(code)s” is not a department, agency or commune.") % {"code": code}
                )
            if record is not None and kind == PARTNER and not record.is_partner:
                raise cells.CellError(_("“%(code)s” is not a partner organisation.") % {"code": code})
            return record
        return cells.read_text(raw, max_length=column.max_length, multiline=kind == LONGTEXT)

    def _read_row(self, sheet: SheetRows, number: int, row: dict, defaults: dict) -> dict | None:
        values, ok = {}, True
        for index, column in sheet.columns.items():
            try:
                values[column.key] = self.read(column, row.get(index), defaults.get(column.key))
            except cells.CellError as error:
                self._report(sheet, number, column, str(error))
                ok = False
        start, due = values.get("start_date"), values.get("due_date")
        if not ok and start and due and due < start and not values.get("is_recurring"):
            # the row is already wrong elsewhere, but say now that the dates are too
            self._report(
                sheet, number, _column(sheet, "due_date"), _("The due date is before the start date.")
            )
        return values if ok else None

    # Tasks ----------------------------------------------------------------------------------------

    def _existing_tasks(self) -> dict[str, Task]:
        queryset = Task.all_objects.filter(plan=self.plan).select_related(*FK_FIELDS)
        tasks = {task.code: task for task in queryset}
        by_pk = {task.pk: task for task in tasks.values()}
        for name in M2M_FIELDS:
            through = getattr(Task, name).through
            target = getattr(Task, name).field.m2m_reverse_field_name()
            for task in tasks.values():
                setattr(task, f"_import_{name}", set())
            for task_id, target_id in through.objects.filter(task__plan=self.plan).values_list(
                "task_id", f"{target}_id"
            ):
                getattr(by_pk[task_id], f"_import_{name}").add(target_id)
        return tasks

    def tasks(self, sheet: SheetRows) -> list[TaskRow]:
        """Check the streamed task rows; raises SheetTooLarge (from the reader) past the row limit."""
        self.existing = existing = self._existing_tasks()
        seen: dict[str, int] = {}
        rows: list[TaskRow] = []
        code_column = next(c for c in sheet.columns.values() if c.key == "code")
        code_index, origin_index = sheet.index("code"), sheet.index("origin")
        defaults = {"origin": DEFAULT_ORIGIN, "kind": "task", "priority": "normal", "reporting_cycle": "Q"}
        for count, (number, raw) in enumerate(sheet.rows(), start=1):
            if self.on_row is not None:
                self.on_row(sheet, count)
            values = self._read_row(sheet, number, raw, defaults)
            code = cells.read_text(raw.get(code_index)) if code_index is not None else ""
            self.file_codes.add(code)
            if code and code in seen:
                self._report(
                    sheet,
                    number,
                    code_column,
                    _("The task code “%(code)s” is already used in row %(row)s.")
                    % {"code": code, "row": seen[code]},
                )
                continue
            if code:
                seen[code] = number
            if values is None:
                continue
            plan_code = values.pop("plan", "")
            if plan_code and plan_code.upper() != self.plan.code.upper():
                self._report(
                    sheet,
                    number,
                    next(c for c in sheet.columns.values() if c.key == "plan"),
                    _("This row belongs to plan “%(row_plan)s”, not “%(plan)s”.")
                    % {"row_plan": plan_code, "plan": self.plan.code},
                )
                continue
            origin_given = origin_index is not None and not cells.is_blank(raw.get(origin_index))
            task = existing.get(code)
            if task is not None and not self.in_scope(task):
                task = None  # out of the importer's scope: answered exactly as an unknown code
            try:
                rows.append(self._task_row(sheet, number, values, task, origin_given))
            except RowError:
                continue
        return rows

    def _task_row(
        self, sheet: SheetRows, number: int, values: dict, task: Task | None, origin_given: bool
    ) -> TaskRow:
        column = {c.key: c for c in sheet.columns.values()}
        problems: list[tuple[str, str]] = []
        if task is not None and task.archived_at:
            problems.append(("code", _("A task with this code was archived in this plan; use another code.")))
        if task is not None and "origin" in values:
            # An origin (and the record it links to) is set when a task is created; an empty cell
            # keeps it, another one is refused rather than silently ignored.
            origin = values.pop("origin")
            if origin_given and origin != task.origin:
                problems.append(("origin", _("The origin of an existing task cannot be changed by import.")))
        state = self._state(task)
        state.update(values)
        if state["is_recurring"]:
            state["due_date"] = None
            if "due_date" in values:
                values["due_date"] = None
        elif state["due_date"] is None:
            problems.append(("due_date", _("A due date is required, unless the task is recurring.")))
        if state["start_date"] and state["due_date"] and state["due_date"] < state["start_date"]:
            problems.append(("due_date", _("The due date is before the start date.")))
        lead = state["lead_unit"]
        if lead and any(unit.pk == lead.pk for unit in state["coordinating_units"] or ()):
            problems.append(("coordinating_units", _("The lead unit cannot also be a coordinating unit.")))
        row = TaskRow(number, values["code"], fields=values, existing=task)
        if task is not None:
            row.changes = self._changes(task, values)
            row.action = UPDATE if row.changes else UNCHANGED
        if not problems and not self._allowed(row, lead):
            self.denied_codes.add(row.code)
            problems.append(("lead_unit", _("You may not plan tasks of “%(unit)s”.") % {"unit": lead}))
        for key, message in problems:
            self._report(sheet, number, column.get(key), message)
        if problems:
            raise RowError
        return row

    @staticmethod
    def _state(task: Any) -> dict:
        if task is None:
            blank = Task()
            state = {name: getattr(blank, name) for name in ("start_date", "due_date", "is_recurring")}
            return {**state, "lead_unit": None, "coordinating_units": []}
        return {
            "start_date": task.start_date,
            "due_date": task.due_date,
            "is_recurring": task.is_recurring,
            "lead_unit": task.lead_unit,
            "coordinating_units": [OrgUnit(pk=pk) for pk in task._import_coordinating_units],
        }

    @staticmethod
    def _changes(task: Task, values: dict) -> dict:
        changes = {}
        for name, value in values.items():
            if name in M2M_FIELDS:
                if {record.pk for record in value} != getattr(task, f"_import_{name}"):
                    changes[name] = value
            elif name in FK_FIELDS:
                if getattr(task, f"{name}_id") != (value.pk if value else None):
                    changes[name] = value
            elif getattr(task, name) != value:
                changes[name] = value
        return changes

    def _allowed(self, row: TaskRow, lead: OrgUnit | None) -> bool:
        if row.action == UNCHANGED and row.existing is not None:
            return can(self.by, Action.PLAN, lead) or row.existing.pk in self.visible()
        if row.existing is not None and not can(self.by, Action.PLAN, row.existing.lead_unit):
            return False
        return can(self.by, Action.PLAN, lead)

    def in_scope(self, task: Task) -> bool:
        """May the importer know of this task at all? Those they see, and those they plan. Every
        other row is checked as if the code were unknown, before any comparison, so a dry run
        tells nothing of another unit's tasks (their lead unit, dates or budget figures)."""
        return task.pk in self.visible() or can(self.by, Action.PLAN, task.lead_unit)

    def visible(self) -> set[int]:
        if self._visible is None:
            self._visible = set(tasks_visible_to(self.by).filter(plan=self.plan).values_list("pk", flat=True))
        return self._visible

    # Budget ---------------------------------------------------------------------------------------

    def budget(self, sheet: SheetRows, task_rows: list[TaskRow]) -> list[BudgetRow]:
        file_codes = self.file_codes
        in_file = {row.code: row for row in task_rows}
        tasks = {
            code: task for code, task in self.existing.items() if not task.archived_at and self.in_scope(task)
        }
        lines = {
            (line.task.code, line.year, line.source): line
            for line in BudgetLine.objects.filter(task__plan=self.plan).select_related("task")
            if line.task.code in tasks
        }
        column = {c.key: c for c in sheet.columns.values()}
        seen: dict[tuple, int] = {}
        rows: list[BudgetRow] = []
        for count, (number, raw) in enumerate(sheet.rows(), start=1):
            if self.on_row is not None:
                self.on_row(sheet, count)
            values = self._read_row(sheet, number, raw, {"year": self.plan.year, "source": ""})
            if values is None:
                continue
            values.setdefault("year", self.plan.year)
            code = values["task"]
            if code not in in_file and code not in tasks:
                if code not in file_codes:  # a task row with its own problems is reported there
                    self._report(
                        sheet,
                        number,
                        column["task"],
                        _("No task with the code “%(code)s” in this file or plan.") % {"code": code},
                    )
                continue
            key = (code, values["year"], values["source"])
            if key in seen:
                self._report(
                    sheet,
                    number,
                    column["source"],
                    _("This task, year and source are already in row %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            amounts = {name: values.get(name, Decimal(0)) for name in MONEY_FIELDS}
            errors = budget_line_errors(
                year=values["year"], program_years=self.plan.program.years, **amounts
            )  # the rule the service applies, once
            for field_name, messages in errors.items():
                for message in messages:
                    self._report(sheet, number, column.get(field_name), message)
            if errors:
                continue
            row = BudgetRow(
                number,
                code,
                values["year"],
                values["source"],
                amounts,
                values.get("note", ""),
                existing=lines.get(key),
            )
            if row.existing is not None:
                same = all(getattr(row.existing, n) == amounts[n] for n in MONEY_FIELDS)
                row.action = UNCHANGED if same and row.existing.note == row.note else UPDATE
            task_row = in_file.get(code)
            lead = task_row.fields.get("lead_unit") if task_row else tasks[code].lead_unit
            writes = row.action != UNCHANGED and code not in self.denied_codes
            if writes and not can(self.by, Action.PLAN, lead):
                self._report(
                    sheet, number, column["task"], _("You may not plan tasks of “%(unit)s”.") % {"unit": lead}
                )
                continue
            rows.append(row)
        return rows


def _column(sheet: SheetRows, key: str) -> Column | None:
    return next((column for column in sheet.columns.values() if column.key == key), None)
