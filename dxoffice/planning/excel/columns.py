"""The column layout of the plan workbook, shared by the template, the importer and the export.

Each column has a stable machine key (the model field it feeds), written in its own header row, so
a workbook is read by key whatever language its labels are in. Labels are bilingual on purpose:
the template is a fixed exchange format (Vietnamese first, English second), independent of the
UI language, so they are literal text rather than translated messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import translation

from dxoffice.core.text import fold
from dxoffice.planning.models import FundingSource, Origin, Priority, ReportingCycle, TaskKind, TaskStatus

TASKS_SHEET = "Tasks"
BUDGET_SHEET = "Budget"
INSTRUCTIONS_SHEET = "Instructions"
TASKS_SHEET_ALIASES = ("tasks", "nhiem vu", "nhiemvu")
BUDGET_SHEET_ALIASES = ("budget", "ngan sach", "ngansach")

# Cell kinds: how a cell is read (see values.py).
TEXT, LONGTEXT, CHOICE, BOOL, DATE, MONEY, YEAR = (
    "text",
    "longtext",
    "choice",
    "bool",
    "date",
    "money",
    "year",
)
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


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    kind: str = TEXT
    required: bool = False
    max_length: int | None = None
    width: int = 16
    choices: type[TextChoices] | None = None
    hint_vi: str = ""
    hint_en: str = ""

    @property
    def label(self) -> str:
        """How problems name the column: "Tên nhiệm vụ / Title"."""
        return f"{self.vi} / {self.en}"

    @property
    def header(self) -> str:
        mark = " (*)" if self.required else ""
        return f"{self.vi}{mark}\n{self.en}"


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
        hint_vi="Xem trang Pillars.",
        hint_en="See the Pillars sheet.",
    ),
    Column(
        "sector",
        "Mã lĩnh vực",
        "Sector code",
        SECTOR,
        width=12,
        hint_vi="Xem trang Sectors.",
        hint_en="See the Sectors sheet.",
    ),
    Column(
        "lead_unit",
        "Mã đơn vị chủ trì",
        "Lead unit code",
        UNIT,
        required=True,
        width=14,
        hint_vi="Xem trang Units.",
        hint_en="See the Units sheet.",
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
        hint_vi="Xem trang Partners.",
        hint_en="See the Partners sheet.",
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
        hint_vi="Xem trang Objectives.",
        hint_en="See the Objectives sheet.",
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
    Column("origin", "Nguồn gốc", "Origin", CHOICE, choices=Origin, width=12),
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
        hint_vi="Mã nhiệm vụ ở trang Tasks hoặc đã có trong kế hoạch.",
        hint_en="A task code from the Tasks sheet or already in the plan.",
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

# Lists offered as drop-downs (and in the Lists sheet), in order.
CHOICE_LISTS: tuple[tuple[str, str, type[TextChoices]], ...] = (
    ("kind", "Loại / Kind", TaskKind),
    ("reporting_cycle", "Kỳ báo cáo / Reporting cycle", ReportingCycle),
    ("priority", "Mức ưu tiên / Priority", Priority),
    ("origin", "Nguồn gốc / Origin", Origin),
    ("source", "Nguồn vốn / Funding source", FundingSource),
    ("status", "Trạng thái / Status", TaskStatus),
)

YES_WORDS = {"yes", "y", "co", "x", "true", "1", "dung"}
NO_WORDS = {"no", "n", "khong", "false", "0", "sai"}


def choice_label(choices: type[TextChoices], value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label)


def bilingual_label(choices: type[TextChoices], value: str) -> str:
    vi, en = choice_label(choices, value, "vi"), choice_label(choices, value, "en")
    return vi if vi == en else f"{vi} / {en}"


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Folded code, English label and Vietnamese label -> stored value."""
    lookup: dict[str, str] = {}
    for value in choices.values:
        for language in ("en", "vi"):
            lookup.setdefault(fold(choice_label(choices, value, language)), value)
        lookup.setdefault(fold(bilingual_label(choices, value)), value)
    for value in choices.values:
        lookup[fold(value)] = value
    return lookup


def header_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Folded key, label or header text -> column, for finding the header row."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for text in (column.vi, column.en, column.label, column.header, f"{column.vi}\n{column.en}"):
            lookup.setdefault(fold(text.replace("(*)", "")), column)
    for column in columns:
        lookup[column.key.lower()] = column
    return lookup
