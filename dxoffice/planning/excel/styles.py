"""Shared look of the workbooks we write: header rows, key rows, widths."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dxoffice.planning.excel.columns import Column

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="833C0B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
KEY_FONT = Font(italic=True, size=8, color="808080")
TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
BOLD = Font(bold=True)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "DD/MM/YYYY"
MONEY_FORMAT = "#,##0"
AUTHOR = "dxoffice"


def write_column_headers(ws, row: int, columns: tuple[Column, ...], *, comments: bool = True) -> None:
    """Bilingual labels in `row` and the machine keys in the row below (what the importer reads)."""
    for index, column in enumerate(columns, start=1):
        label = ws.cell(row=row, column=index, value=column.header)
        label.font, label.alignment, label.border = HEADER_FONT, HEADER_ALIGN, BOX
        label.fill = REQUIRED_FILL if column.required else HEADER_FILL
        if comments and (column.hint_vi or column.hint_en):
            comment = Comment(f"{column.hint_vi}\n{column.hint_en}".strip(), AUTHOR)
            comment.width, comment.height = 260, 90
            label.comment = comment
        key = ws.cell(row=row + 1, column=index, value=column.key)
        key.font, key.alignment = KEY_FONT, Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[row].height = 45


def write_table(ws, headers: list[str], rows, widths: list[int]) -> int:
    """A plain reference table with a bold header and a frozen first row. Returns the last row."""
    for index, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            ws.cell(row=last, column=index, value=value)
    ws.freeze_panes = "A2"
    return last
