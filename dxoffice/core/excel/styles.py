"""The shared look of the workbooks we write: header rows, key rows, reference tables, widths.
Every text goes through `safe`, so nothing written here is ever taken for a formula."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dxoffice.core.excel.columns import Column
from dxoffice.core.excel.safe import styled, write

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
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
MONEY_FORMAT = "#,##0"
AUTHOR = "dxoffice"


def write_column_headers(ws: Any, row: int, columns: Sequence[Column], *, comments: bool = True) -> None:
    """Bilingual labels in `row` and the machine keys in the row below (what the importer reads)."""
    for index, column in enumerate(columns, start=1):
        label = write(ws, row, index, column.header)
        label.font, label.alignment, label.border = HEADER_FONT, HEADER_ALIGN, BOX
        label.fill = REQUIRED_FILL if column.required else HEADER_FILL
        if comments and (column.hint_vi or column.hint_en):
            comment = Comment(f"{column.hint_vi}\n{column.hint_en}".strip(), AUTHOR)
            comment.width, comment.height = 260, 90
            label.comment = comment
        key = write(ws, row + 1, index, column.key)
        key.font, key.alignment = KEY_FONT, Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[row].height = 45


def header_cells(ws: Any, columns: Sequence[Column]) -> tuple[list[Any], list[Any]]:
    """The label row and the key row of `columns` as styled cells, for a write-only sheet's `append`."""
    labels, keys = [], []
    for column in columns:
        label = styled(ws, column.header)
        label.font, label.fill, label.alignment, label.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BOX
        labels.append(label)
        key = styled(ws, column.key)
        key.font = KEY_FONT
        keys.append(key)
    return labels, keys


def write_table(ws: Any, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]) -> int:
    """A plain table with a bold header and a frozen first row. Returns the last row."""
    for index, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = write(ws, 1, index, title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        ws.column_dimensions[get_column_letter(index)].width = width
    last = 1
    for last, values in enumerate(rows, start=2):
        for index, value in enumerate(values, start=1):
            write(ws, last, index, value)
    ws.freeze_panes = "A2"
    return last
