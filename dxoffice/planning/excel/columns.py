"""The column layout of the plan workbook, shared by the template, the importer and the export.

The generic pieces (Column, the cell kinds every module reads, choice labels and lookups) are in
`dxoffice.core.excel.columns`; this module adds planning's own kinds (codes of units, pillars,
sectors, directives and objectives) and its columns.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from dxoffice.core.excel.columns import BOOL, CHOICE, DATE, LONGTEXT, MONEY, YEAR, Column
from dxoffice.core.text import fold
from dxoffice.planning.models import FundingSource, Priority, ReportingCycle, TaskKind, TaskStatus
from dxoffice.planning.origins import ORIGINS

TASKS_SHEET = "Tasks"  # the name the importer tries first, exactly; then sheet_aliases("tasks")
BUDGET_SHEET = "Budget"

# The sheets of the workbook by key, named in the language it is downloaded in (English names are
# the messages, Vietnamese their translations). An import finds a sheet by its name in either
# language, folded, or by one of the older spellings below.
SHEET_NAMES: dict[str, Promise] = {
    "instructions": pgettext_lazy("excel sheet", "Instructions"),
    "tasks": pgettext_lazy("excel sheet", "Tasks"),
    "budget": pgettext_lazy("excel sheet", "Budget"),
    "units": pgettext_lazy("excel sheet", "Units"),
    "partners": pgettext_lazy("excel sheet", "Partners"),
    "pillars": pgettext_lazy("excel sheet", "Pillars"),
    "sectors": pgettext_lazy("excel sheet", "Sectors"),
    "directives": pgettext_lazy("excel sheet", "Directives"),
    "objectives": pgettext_lazy("excel sheet", "Objectives"),
    "lists": pgettext_lazy("excel sheet", "Lists"),
}
OLDER_SHEET_NAMES = {"tasks": ("nhiem vu", "nhiemvu"), "budget": ("ngan sach", "ngansach")}
SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_FORBIDDEN = re.compile(r"[\\/?*:\[\]]")


def sheet_name(key: str, language: str | None = None) -> str:
    """The sheet's name in `language` (the active one by default), as Excel allows it: at most 31
    characters, none of \\ / ? * : [ ], no apostrophe at either end."""
    with translation.override(language or translation.get_language()):
        name = _SHEET_FORBIDDEN.sub(" ", str(SHEET_NAMES[key]))
    return " ".join(name.split())[:SHEET_NAME_MAX].strip(" '") or key.title()


def sheet_aliases(key: str) -> tuple[str, ...]:
    """Folded names an import recognises the sheet by, whatever language the workbook is in."""
    names = {fold(sheet_name(key, language)) for language in ("vi", "en")}
    return tuple(sorted(names | set(OLDER_SHEET_NAMES.get(key, ()))))


# Planning's own cell kinds: codes of its records, read by validate.Checker.
UNIT, PARTNER, PILLAR, SECTOR, UNITS, DIRECTIVES, OBJECTIVES = (
    "unit",
    "partner",
    "pillar",
    "sector",
    "units",
    "directives",
    "objectives",
)
MULTI_KINDS = {UNITS, DIRECTIVES, OBJECTIVES}

# Hints name sheets as {pillars}, {tasks}...: the template writes the names of its own sheets there.
TASK_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "Mã nhiệm vụ",
        "Task code",
        required=True,
        max_length=40,
        width=14,
        hint_vi="Duy nhất trong kế hoạch; dùng để cập nhật khi nhập lại.",
        hint_en="Unique within the plan; re-importing updates the task with this code.",
    ),
    Column("title", "Tên nhiệm vụ", "Title", required=True, max_length=500, width=48),
    Column("description", "Mô tả", "Description", LONGTEXT, width=40),
    Column("kind", "Loại", "Kind", CHOICE, choices=TaskKind, width=11),
    Column(
        "pillar",
        "Mã trụ cột",
        "Pillar code",
        PILLAR,
        required=True,
        width=12,
        hint_vi="Xem trang {pillars}.",
        hint_en="See the {pillars} sheet.",
    ),
    Column(
        "sector",
        "Mã lĩnh vực",
        "Sector code",
        SECTOR,
        width=12,
        hint_vi="Xem trang {sectors}.",
        hint_en="See the {sectors} sheet.",
    ),
    Column(
        "lead_unit",
        "Mã đơn vị chủ trì",
        "Lead unit code",
        UNIT,
        required=True,
        width=14,
        hint_vi="Xem trang {units}.",
        hint_en="See the {units} sheet.",
    ),
    Column(
        "coordinating_units",
        "Mã đơn vị phối hợp",
        "Coordinating unit codes",
        UNITS,
        width=20,
        hint_vi="Nhiều mã, cách nhau bởi dấu phẩy hoặc chấm phẩy.",
        hint_en="Several codes, separated by commas or semicolons.",
    ),
    Column(
        "partner",
        "Mã đối tác",
        "Partner code",
        PARTNER,
        width=12,
        hint_vi="Xem trang {partners}.",
        hint_en="See the {partners} sheet.",
    ),
    Column(
        "directives",
        "Số hiệu văn bản chỉ đạo",
        "Directive numbers",
        DIRECTIVES,
        width=20,
        hint_vi="Ví dụ 57-NQ/TW; nhiều số cách nhau bởi dấu chấm phẩy.",
        hint_en="For example 57-NQ/TW; several separated by semicolons.",
    ),
    Column(
        "objectives",
        "Mã mục tiêu",
        "Objective codes",
        OBJECTIVES,
        width=16,
        hint_vi="Xem trang {objectives}.",
        hint_en="See the {objectives} sheet.",
    ),
    Column(
        "start_date", "Ngày bắt đầu", "Start date", DATE, width=13, hint_vi="dd/mm/yyyy", hint_en="dd/mm/yyyy"
    ),
    Column(
        "due_date",
        "Hạn hoàn thành",
        "Due date",
        DATE,
        width=13,
        hint_vi="dd/mm/yyyy; bắt buộc trừ nhiệm vụ thường xuyên.",
        hint_en="dd/mm/yyyy; required unless the task is recurring.",
    ),
    Column(
        "is_recurring",
        "Nhiệm vụ thường xuyên",
        "Recurring",
        BOOL,
        width=12,
        hint_vi="Có / Không",
        hint_en="yes / no",
    ),
    Column("reporting_cycle", "Kỳ báo cáo", "Reporting cycle", CHOICE, choices=ReportingCycle, width=11),
    Column("priority", "Mức ưu tiên", "Priority", CHOICE, choices=Priority, width=11),
    Column("origin", "Nguồn gốc", "Origin", CHOICE, choices=ORIGINS, width=12),
    Column("origin_ref", "Căn cứ / tham chiếu", "Origin reference", max_length=200, width=20),
    Column("expected_result", "Kết quả dự kiến", "Expected result", LONGTEXT, width=36),
)

# Read from an export so a re-import cannot land rows in the wrong plan; never in the template.
PLAN_COLUMN = Column("plan", "Kế hoạch", "Plan", width=12)

BUDGET_COLUMNS: tuple[Column, ...] = (
    Column(
        "task",
        "Mã nhiệm vụ",
        "Task code",
        required=True,
        max_length=40,
        width=14,
        hint_vi="Mã nhiệm vụ ở trang {tasks} hoặc đã có trong kế hoạch.",
        hint_en="A task code from the {tasks} sheet or already in the plan.",
    ),
    Column(
        "year",
        "Năm",
        "Year",
        YEAR,
        width=8,
        hint_vi="Để trống = năm của kế hoạch.",
        hint_en="Empty = the plan's year.",
    ),
    Column("source", "Nguồn vốn", "Funding source", CHOICE, required=True, choices=FundingSource, width=14),
    Column("planned", "Kinh phí dự kiến (VND)", "Planned (VND)", MONEY, width=18),
    Column("allocated", "Vốn được giao (VND)", "Allocated (VND)", MONEY, width=18),
    Column(
        "disbursed",
        "Đã giải ngân (VND)",
        "Disbursed (VND)",
        MONEY,
        width=18,
        hint_vi="Không vượt quá vốn được giao.",
        hint_en="Not more than allocated.",
    ),
    Column("note", "Ghi chú", "Note", max_length=400, width=30),
)

# Lists offered as drop-downs (and in the Lists sheet), in order. Each is a TextChoices class or a
# list with the same interface (ORIGINS: the origins the modules registered).
CHOICE_LISTS: tuple[tuple[str, str, Any], ...] = (
    ("kind", "Loại / Kind", TaskKind),
    ("reporting_cycle", "Kỳ báo cáo / Reporting cycle", ReportingCycle),
    ("priority", "Mức ưu tiên / Priority", Priority),
    ("origin", "Nguồn gốc / Origin", ORIGINS),
    ("source", "Nguồn vốn / Funding source", FundingSource),
    ("status", "Trạng thái / Status", TaskStatus),
)
