"""The annual-plan template: the workbook people fill in Excel and upload to import a plan.

Sheets: Instructions (Vietnamese, then English), Tasks (one row per task), Budget (one row per
task, year and funding source), and reference sheets listing the codes valid for the plan's
program, which also feed the drop-downs. Sheet names and the labels the list drop-downs offer are
in the language the template is downloaded in ("Nhiệm vụ", "Hằng quý" in Vietnamese); the import
accepts either language and the codes (see choices.py).
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO
from typing import Any

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dxoffice.core.excel import styles
from dxoffice.core.excel.columns import BOOL, CHOICE, DATE, MONEY, YEAR, Column
from dxoffice.core.excel.safe import write
from dxoffice.core.models import GOVERNMENT_KINDS, PARTNER_KINDS, OrgUnit
from dxoffice.planning.excel.choices import offered_labels
from dxoffice.planning.excel.columns import (
    BUDGET_COLUMNS,
    CHOICE_LISTS,
    PARTNER,
    PILLAR,
    SECTOR,
    SHEET_NAMES,
    TASK_COLUMNS,
    UNIT,
    sheet_name,
)
from dxoffice.planning.models import AnnualPlan, Directive

FIRST_DATA_ROW = 3  # row 1: labels, row 2: machine keys
LAST_ROW = 1048576
REFERENCE_SHEETS = ("units", "partners", "pillars", "sectors", "directives", "objectives", "lists")

INSTRUCTIONS_VI = (
    "HƯỚNG DẪN NHẬP KẾ HOẠCH NĂM",
    "1. Mỗi dòng ở trang {tasks} là một nhiệm vụ. Ghi từ dòng 3; không sửa dòng 1 (tên cột) và dòng 2 "
    "(mã cột).",
    "2. Cột có dấu (*) là bắt buộc. Hạn hoàn thành bắt buộc, trừ nhiệm vụ thường xuyên.",
    "3. Dùng mã ở các trang {units}, {partners}, {pillars}, {sectors}, {directives}, {objectives}. Nhiều mã "
    "trong một ô cách nhau bởi dấu phẩy hoặc chấm phẩy. Các cột chọn từ danh sách (loại, kỳ báo cáo, mức ưu "
    "tiên, nguồn gốc, nguồn vốn) nhận nhãn tiếng Việt, nhãn tiếng Anh hoặc mã ở trang {lists}.",
    "4. Ngày ghi dạng dd/mm/yyyy (ví dụ 31/12/2026) hoặc nhập ngày của Excel; cũng nhận yyyy-mm-dd.",
    "5. Nhập lại cùng tệp không tạo trùng: nhiệm vụ được nhận biết bằng mã trong kế hoạch; nhiệm vụ đã có "
    "chỉ được cập nhật khi có thay đổi. Ô trống ở một cột có trong tệp nghĩa là để trống (hoặc giá trị "
    "mặc định).",
    "6. Trạng thái nhiệm vụ không nhập từ tệp; trạng thái thay đổi trên hệ thống (hoàn thành cần minh "
    "chứng).",
    "7. Ngân sách: trang {budget}, mỗi dòng là một nhiệm vụ, một năm, một nguồn vốn (số tiền VND, số nguyên, "
    "không âm; giải ngân không vượt vốn được giao). Năm để trống là năm của kế hoạch.",
    "8. Công thức được chấp nhận nếu tệp đã được lưu bằng Excel (có kết quả tính). Nếu có lỗi, không dòng "
    "nào được lưu; hệ thống liệt kê dòng, cột và lỗi để sửa. Có thể chọn “Chỉ kiểm tra” trước khi nhập.",
    "9. Chỉ nhập được nhiệm vụ của đơn vị mà bạn có quyền lập kế hoạch.",
)
INSTRUCTIONS_EN = (
    "HOW TO FILL IN THE ANNUAL PLAN",
    "1. Each row of the {tasks} sheet is one task. Start at row 3; do not change row 1 (labels) or row 2 "
    "(column keys).",
    "2. Columns marked (*) are required. The due date is required unless the task is recurring.",
    "3. Use the codes listed in the {units}, {partners}, {pillars}, {sectors}, {directives} and {objectives} "
    "sheets. Separate several codes in one cell with commas or semicolons. Columns chosen from a list (kind, "
    "reporting cycle, priority, origin, funding source) take the Vietnamese label, the English label or the "
    "code shown in the {lists} sheet.",
    "4. Write dates as dd/mm/yyyy (e.g. 31/12/2026) or enter an Excel date; yyyy-mm-dd is accepted too.",
    "5. Importing the same file again creates no duplicates: a task is identified by its code within the "
    "plan, and an existing task is updated only when something changed. An empty cell in a column the file "
    "has means empty (or the default).",
    "6. Task status is not imported; it changes in the application (completion needs evidence).",
    "7. Budget: the {budget} sheet, one row per task, year and funding source (amounts in VND, whole numbers, "
    "not negative; disbursed not more than allocated). An empty year means the plan's year.",
    "8. Formulas are accepted when the file was saved by Excel (with computed results). If there is any "
    "problem nothing is saved; the list gives the row, column and problem. Use “Check only” first if you "
    "like.",
    "9. You can only import tasks of units you plan for.",
)


def build_template(plan: AnnualPlan) -> Workbook:
    """The template in the active language: its sheet names and drop-down labels."""
    names = {key: sheet_name(key) for key in SHEET_NAMES}
    workbook = Workbook()
    instructions = workbook.worksheets[0]
    instructions.title = names["instructions"]
    tasks = workbook.create_sheet(names["tasks"])
    budget = workbook.create_sheet(names["budget"])
    ranges = _reference_sheets(workbook, plan, names)
    _instructions(instructions, plan, names)
    _data_sheet(tasks, _named(TASK_COLUMNS, names), ranges, plan, freeze="C3")
    _data_sheet(budget, _named(BUDGET_COLUMNS, names), ranges, plan, freeze="B3")
    workbook.active = 1  # open on the Tasks sheet
    return workbook


def _named(columns: tuple[Column, ...], names: dict[str, str]) -> tuple[Column, ...]:
    """The columns with the sheets their hints mention named as in this workbook."""
    return tuple(
        replace(column, hint_vi=column.hint_vi.format_map(names), hint_en=column.hint_en.format_map(names))
        for column in columns
    )


def template_bytes(plan: AnnualPlan) -> bytes:
    buffer = BytesIO()
    build_template(plan).save(buffer)
    return buffer.getvalue()


def _instructions(ws: Any, plan: AnnualPlan, names: dict[str, str]) -> None:
    ws.column_dimensions["A"].width = 120
    row = 1
    heading = f"{plan.code} · {plan.title} ({plan.year}) · {timezone.localdate():%d/%m/%Y}"
    write(ws, row, 1, heading).font = styles.BOLD
    for block in (INSTRUCTIONS_VI, INSTRUCTIONS_EN):
        row += 2
        write(ws, row, 1, block[0]).font = styles.TITLE_FONT
        for line in block[1:]:
            row += 1
            write(ws, row, 1, line.format_map(names)).alignment = styles.WRAP_TOP
    row += 2
    write(ws, row, 1, "CỘT / COLUMNS").font = styles.TITLE_FONT
    for key, columns in (("tasks", TASK_COLUMNS), ("budget", BUDGET_COLUMNS)):
        row += 1
        write(ws, row, 1, names[key]).font = styles.BOLD
        for column in _named(columns, names):
            row += 1
            mark = " (*)" if column.required else ""
            hint = " — ".join(part for part in (column.hint_vi, column.hint_en) if part)
            text = f"{column.key}: {column.vi} / {column.en}{mark}" + (f" — {hint}" if hint else "")
            write(ws, row, 1, text).alignment = styles.WRAP_TOP


def _range(sheet: str, column: int, count: int) -> str | None:
    if not count:
        return None
    letter = get_column_letter(column)
    return f"{quote_sheetname(sheet)}!${letter}$2:${letter}${count + 1}"


def _reference_sheets(workbook: Workbook, plan: AnnualPlan, names: dict[str, str]) -> dict[str, str | None]:
    """Write the reference sheets; return the drop-down source range of each list."""
    program = plan.program
    units = list(OrgUnit.objects.filter(kind__in=GOVERNMENT_KINDS).select_related("parent"))
    partners = list(OrgUnit.objects.filter(kind__in=PARTNER_KINDS).order_by("code"))
    pillars = list(program.pillars.all())
    sectors = list(program.sectors.all())
    in_program = set(program.directives.values_list("pk", flat=True))
    directives = list(Directive.objects.all())
    objectives = list(program.objectives.select_related("pillar"))
    sheets = {key: workbook.create_sheet(names[key]) for key in REFERENCE_SHEETS}
    styles.write_table(
        sheets["units"],
        ["Mã / Code", "Tên / Name", "Loại / Kind", "Trực thuộc / Parent"],
        ([u.code, u.name, u.get_kind_display(), u.parent.code if u.parent else ""] for u in units),
        [14, 50, 18, 14],
    )
    styles.write_table(
        sheets["partners"],
        ["Mã / Code", "Tên / Name", "Loại / Kind"],
        ([p.code, p.name, p.get_kind_display()] for p in partners),
        [14, 50, 20],
    )
    styles.write_table(
        sheets["pillars"],
        ["Mã / Code", "Tên / Name", "English", "Loại / Kind"],
        ([p.code, p.name, p.name_en, p.get_kind_display()] for p in pillars),
        [12, 40, 40, 14],
    )
    styles.write_table(
        sheets["sectors"],
        ["Mã / Code", "Tên / Name", "English"],
        ([s.code, s.name, s.name_en] for s in sectors),
        [12, 40, 40],
    )
    styles.write_table(
        sheets["directives"],
        [
            "Số hiệu / Number",
            "Trích yếu / Title",
            "Ngày ban hành / Issued",
            "Thuộc chương trình / In program",
        ],
        ([d.number, d.title, d.issued_on, "x" if d.pk in in_program else ""] for d in directives),
        [18, 70, 14, 14],
    )
    for row in sheets["directives"].iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = styles.DATE_FORMAT
    styles.write_table(
        sheets["objectives"],
        ["Mã / Code", "Tên / Title", "Đơn vị tính / Unit", "Trụ cột / Pillar"],
        ([o.code, o.title, o.unit_of_measure, o.pillar.code if o.pillar else ""] for o in objectives),
        [14, 70, 14, 12],
    )
    ranges = {
        UNIT: _range(names["units"], 1, len(units)),
        PARTNER: _range(names["partners"], 1, len(partners)),
        PILLAR: _range(names["pillars"], 1, len(pillars)),
        SECTOR: _range(names["sectors"], 1, len(sectors)),
    }
    ranges.update(_lists(sheets["lists"]))
    return ranges


def _lists(ws: Any) -> dict[str, str | None]:
    """Each choice list as its codes and the labels its drop-down offers (the source range)."""
    ranges: dict[str, str | None] = {}
    for position, (key, title, choices) in enumerate(CHOICE_LISTS):
        column = 1 + position * 3
        for offset, header in enumerate((title, "Nhãn / Label")):
            cell = write(ws, 1, column + offset, header)
            cell.font, cell.fill, cell.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.HEADER_ALIGN
        for row, (value, label) in enumerate(offered_labels(choices).items(), start=2):
            write(ws, row, column, value)
            write(ws, row, column + 1, label)
        ws.column_dimensions[get_column_letter(column)].width = 16
        ws.column_dimensions[get_column_letter(column + 1)].width = 34
        ranges[key] = _range(ws.title, column + 1, len(choices.values))
    ws.freeze_panes = "A2"
    return ranges


def _title(column: Column) -> str:
    """The column's name in the template's language, as the title of Excel's prompt and error."""
    vietnamese = (translation.get_language() or "vi").startswith("vi")
    return (column.vi if vietnamese else column.en)[:32]


def _prompt(column: Column) -> str:
    lines = [column.hint_vi, column.hint_en]
    if column.choices is not None:
        lines += list(offered_labels(column.choices).values())
    return "\n".join(line for line in lines if line)[:255]


def _validation(
    column: Column, ranges: dict[str, str | None], plan: AnnualPlan
) -> tuple[DataValidation, str] | None:
    """The drop-down or check of a column, with the (bilingual) message Excel shows on bad input."""
    common: dict[str, Any] = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True}
    if column.kind == CHOICE or column.kind in (UNIT, PARTNER, PILLAR, SECTOR):
        source = ranges.get(column.key if column.kind == CHOICE else column.kind)
        if source is None:
            return None
        rule = DataValidation(type="list", formula1=source, errorStyle="warning", **common)
        return rule, "Chọn trong danh sách / Choose from the list"
    if column.kind == BOOL:
        rule = DataValidation(type="list", formula1='"Có,Không"', errorStyle="warning", **common)
        return rule, "Có hoặc Không / Yes or no"
    if column.kind == DATE:
        rule = DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1990,1,1)",
            formula2="DATE(2100,12,31)",
            errorStyle="warning",
            **common,
        )
        return rule, "Ngày dạng dd/mm/yyyy / A date, dd/mm/yyyy"
    if column.kind == MONEY:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **common)
        return rule, "Số tiền VND, không âm / An amount in VND, not negative"
    if column.kind == YEAR:
        years = plan.program.years
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1=str(years.start),
            formula2=str(years.stop - 1),
            **common,
        )
        return rule, f"Năm {years.start}–{years.stop - 1} / A year {years.start}–{years.stop - 1}"
    if column.max_length:
        rule = DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length), **common
        )
        return rule, f"Tối đa {column.max_length} ký tự / At most {column.max_length} characters"
    return None


def _data_sheet(
    ws: Any, columns: tuple[Column, ...], ranges: dict[str, str | None], plan: AnnualPlan, *, freeze: str
) -> None:
    styles.write_column_headers(ws, 1, columns)
    ws.freeze_panes = freeze
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        dimension = ws.column_dimensions[letter]
        if column.kind == DATE:
            dimension.number_format = styles.DATE_FORMAT
        elif column.kind == MONEY:
            dimension.number_format = styles.MONEY_FORMAT
        elif column.kind != YEAR:
            dimension.number_format = "@"  # text: codes such as 01 keep their leading zero
        found = _validation(column, ranges, plan)
        if found is None:
            continue
        validation, message = found
        validation.promptTitle = validation.errorTitle = _title(column)
        validation.prompt = _prompt(column) or None
        validation.error = message[:225]
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_ROW}")
        ws.add_data_validation(validation)
