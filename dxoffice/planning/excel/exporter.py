"""The register export: the filtered task register as a workbook.

The Tasks sheet uses the import template's column keys (in the row under the labels), codes rather
than names where a code exists, and the plan code, so an export can be edited and imported back
into its plan. Sheet names and choice labels are in the active language; the importer reads either
language, and the codes. Derived columns (status, tracking class, progress, totals) are read-only: the
importer ignores columns it does not know.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dxoffice.core.excel import safe, styles
from dxoffice.core.excel.columns import Column
from dxoffice.planning.excel.columns import BUDGET_COLUMNS, PLAN_COLUMN, sheet_name
from dxoffice.planning.excel.columns import TASK_COLUMNS as T
from dxoffice.planning.models import (
    BudgetLine,
    FundingSource,
    Priority,
    Task,
    TaskKind,
    TaskStatus,
    Tracking,
)
from dxoffice.planning.origins import ORIGINS
from dxoffice.planning.selectors import TaskFilters, progress_of, task_register

_TASK = {column.key: column for column in T}
EXPORT_COLUMNS: tuple[Column, ...] = (
    PLAN_COLUMN,
    _TASK["code"],
    _TASK["title"],
    _TASK["kind"],
    _TASK["pillar"],
    Column("pillar_name", "Trụ cột", "Pillar", width=22),
    _TASK["sector"],
    Column("sector_name", "Lĩnh vực", "Sector", width=18),
    _TASK["lead_unit"],
    Column("lead_unit_name", "Đơn vị chủ trì", "Lead unit", width=28),
    _TASK["coordinating_units"],
    _TASK["partner"],
    Column("partner_name", "Đối tác", "Partner", width=22),
    _TASK["directives"],
    _TASK["objectives"],
    _TASK["start_date"],
    _TASK["due_date"],
    _TASK["is_recurring"],
    Column("status", "Trạng thái", "Status", width=14),
    Column("tracking", "Phân loại theo dõi", "Tracking class", width=22),
    Column("progress", "Tiến độ (%)", "Progress (%)", width=10),
    Column("latest_period", "Kỳ báo cáo gần nhất", "Latest report period", width=12),
    _TASK["priority"],
    _TASK["origin"],
    Column("budget_planned", "Tổng dự kiến (VND)", "Planned total (VND)", width=18),
    Column("budget_allocated", "Tổng vốn giao (VND)", "Allocated total (VND)", width=18),
    Column("budget_disbursed", "Tổng giải ngân (VND)", "Disbursed total (VND)", width=18),
)
DATE_KEYS = {"start_date", "due_date"}
MONEY_KEYS = {"budget_planned", "budget_allocated", "budget_disbursed", "planned", "allocated", "disbursed"}
HEADER_ROW = 3  # row 1: title, row 2: filters; labels in 3, keys in 4, data from 5
CHUNK = 1000


RELATED_CODES = {
    "coordinating_units": "orgunit__code",
    "directives": "directive__number",
    "objectives": "objective__code",
}


def _related_codes(register: QuerySet[Task]) -> dict[str, dict[int, str]]:
    """Codes of each task's units, directives and objectives: one query per relation, no objects."""
    found: dict[str, dict[int, str]] = {}
    for name, code in RELATED_CODES.items():
        links = getattr(Task, name).through.objects.filter(task__in=register.values("pk"))
        by_task: dict[int, list[str]] = defaultdict(list)
        for task_id, value in links.order_by("task_id", code).values_list("task_id", code):
            by_task[task_id].append(value)
        found[name] = {task_id: "; ".join(values) for task_id, values in by_task.items()}
    return found


class Labels:
    """Choice labels in the active language, translated once per export rather than once per cell."""

    def __init__(self):
        self.choices = {
            name: {value: str(label) for value, label in choices.choices}
            for name, choices in (
                ("kind", TaskKind),
                ("status", TaskStatus),
                ("tracking", Tracking),
                ("priority", Priority),
                ("origin", ORIGINS),
                ("source", FundingSource),
            )
        }
        self.yes, self.no = _("Yes"), _("No")

    def __call__(self, name: str, value: str) -> str:
        return self.choices[name].get(value, value)


def task_values(task: Task, totals: dict, related: dict[str, dict[int, str]], labels: Labels) -> dict:
    planned, allocated, disbursed = totals.get(task.pk, (Decimal(0), Decimal(0), Decimal(0)))
    return {
        "plan": task.plan.code,
        "code": task.code,
        "title": task.title,
        "kind": labels("kind", task.kind),
        "pillar": task.pillar.code,
        "pillar_name": task.pillar.localized_name,
        "sector": task.sector.code if task.sector else "",
        "sector_name": task.sector.localized_name if task.sector else "",
        "lead_unit": task.lead_unit.code,
        "lead_unit_name": task.lead_unit.name,
        "coordinating_units": related["coordinating_units"].get(task.pk, ""),
        "partner": task.partner.code if task.partner else "",
        "partner_name": task.partner.name if task.partner else "",
        "directives": related["directives"].get(task.pk, ""),
        "objectives": related["objectives"].get(task.pk, ""),
        "start_date": task.start_date,
        "due_date": task.due_date,
        "is_recurring": labels.yes if task.is_recurring else labels.no,
        "status": labels("status", task.status),
        "tracking": labels("tracking", task.tracking),  # type: ignore[attr-defined]
        "progress": progress_of(task),
        "latest_period": task.reported_period or "",  # type: ignore[attr-defined]
        "priority": labels("priority", task.priority),
        "origin": labels("origin", task.origin),
        "budget_planned": planned,
        "budget_allocated": allocated,
        "budget_disbursed": disbursed,
    }


def _budget_totals(queryset: QuerySet[Task]) -> dict[int, tuple]:
    rows = (
        BudgetLine.objects.filter(task__in=queryset.values("pk"))
        .values("task_id")
        .annotate(planned=Sum("planned"), allocated=Sum("allocated"), disbursed=Sum("disbursed"))
        .order_by()
    )
    return {row["task_id"]: (row["planned"], row["allocated"], row["disbursed"]) for row in rows}


def _cell(ws, value, key: str):
    """Plain values are cheapest to write; only dates, amounts and text that could pass for a
    formula need a cell of their own."""
    if value is None or value == "":
        return None
    if key in DATE_KEYS and isinstance(value, date):
        cell = safe.styled(ws, value)
        cell.number_format = styles.DATE_FORMAT
        return cell
    if key in MONEY_KEYS:
        cell = safe.styled(ws, value)
        cell.number_format = styles.MONEY_FORMAT
        return cell
    return safe.cell_value(ws, value)


def _header(ws, columns: tuple[Column, ...], title: str, subtitle: str) -> None:
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    heading = safe.styled(ws, title)
    heading.font = styles.TITLE_FONT
    ws.append([heading])
    ws.append(safe.safe_row(ws, [subtitle]))
    labels, keys = styles.header_cells(ws, columns)
    ws.append(labels)
    ws.append(keys)


def describe_filters(filters: TaskFilters) -> str:
    params = filters.as_params()
    if not params:
        return _("All tasks you can see")
    return "; ".join(f"{name} = {value}" for name, value in params.items())


def build_export(user, filters: TaskFilters) -> Workbook:
    register = task_register(user, filters)
    totals, related, labels = _budget_totals(register), _related_codes(register), Labels()
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet_name("tasks"))
    now = timezone.localtime()
    subtitle = _("Filters: %(filters)s · exported %(when)s by %(user)s") % {
        "filters": describe_filters(filters),
        "when": f"{now:%d/%m/%Y %H:%M}",
        "user": user,
    }
    ws.freeze_panes = f"C{HEADER_ROW + 2}"  # write-only sheets take their view before the first row
    _header(ws, EXPORT_COLUMNS, _("Task register"), subtitle)
    count = 0
    for task in register.iterator(chunk_size=CHUNK):
        values = task_values(task, totals, related, labels)
        ws.append([_cell(ws, values[column.key], column.key) for column in EXPORT_COLUMNS])
        count += 1
    last = get_column_letter(len(EXPORT_COLUMNS))
    ws.auto_filter.ref = f"A{HEADER_ROW + 1}:{last}{HEADER_ROW + 1 + count}"
    _budget_sheet(workbook, register, subtitle, labels)
    return workbook


def _budget_sheet(workbook: Workbook, queryset: QuerySet[Task], subtitle: str, labels: Labels) -> None:
    ws = workbook.create_sheet(sheet_name("budget"))
    ws.freeze_panes = f"B{HEADER_ROW + 2}"
    _header(ws, BUDGET_COLUMNS, _("Budget lines"), subtitle)
    lines = (
        BudgetLine.objects.filter(task__in=queryset.values("pk"))
        .select_related("task")
        .order_by("task__code", "year", "source")
    )
    count = 0
    for line in lines.iterator(chunk_size=CHUNK):
        values = {
            "task": line.task.code,
            "year": line.year,
            "source": labels("source", line.source),
            "planned": line.planned,
            "allocated": line.allocated,
            "disbursed": line.disbursed,
            "note": line.note,
        }
        ws.append([_cell(ws, values[column.key], column.key) for column in BUDGET_COLUMNS])
        count += 1
    last = get_column_letter(len(BUDGET_COLUMNS))
    ws.auto_filter.ref = f"A{HEADER_ROW + 1}:{last}{HEADER_ROW + 1 + count}"


def export_bytes(user, filters: TaskFilters) -> bytes:
    buffer = BytesIO()
    build_export(user, filters).save(buffer)
    return buffer.getvalue()
