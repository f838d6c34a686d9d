"""Writing text into a workbook so that no spreadsheet program takes it for a formula.

Text from people (a task titled "=HYPERLINK(...)", a reason starting with "-") must reach the reader
as the same text. openpyxl writes a string starting with "=" as a formula, and a person editing a cell
that starts with "=", "+", "-" or "@" makes Excel evaluate it. Text starting with one of those (or with
a tab or carriage return) is therefore written as a string cell with Excel's "quote prefix" style: shown
and kept as text, never evaluated, and read back unchanged by openpyxl (so our own import of our own
export sees the original text, without an added apostrophe).

Every writer goes through `cell_value` (for `ws.append`, normal and write-only sheets) or `write`
(for `ws.cell`).
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: Any) -> bool:
    """Text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def as_text(cell: Cell) -> Cell:
    """Make `cell` (holding risky text) a plain string cell with the quote-prefix style."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def cell_value(ws: Any, value: Any) -> Any:
    """What to put in a row passed to `ws.append`: the value itself, or for risky text a string cell
    of `ws` that is never evaluated. Works for normal and write-only worksheets."""
    if not is_risky(value):
        return value
    return as_text(WriteOnlyCell(ws, value=value))


def safe_row(ws: Any, values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [cell_value(ws, value) for value in values]


def write(ws: Any, row: int, column: int, value: Any) -> Cell:
    """`ws.cell(row=, column=, value=)` that writes risky text as text."""
    cell: Cell = ws.cell(row=row, column=column)
    cell.value = value
    if is_risky(value):
        as_text(cell)
    return cell


def styled(ws: Any, value: Any) -> Cell:
    """A detached cell for a write-only sheet (to style before `ws.append`), risky text kept as text."""
    cell = WriteOnlyCell(ws, value=value)
    if is_risky(value):
        as_text(cell)
    return cell
