"""Reading an uploaded workbook: one streaming pass per sheet, cached formula values only.

openpyxl's read-only, data-only mode yields a formula's cached value, but a formula saved without
one (a file written by a program, never opened in Excel) reads as an empty cell. The parser below
keeps that difference so the importer can name the cell instead of silently importing a blank.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from dxoffice.core.text import fold
from dxoffice.planning.excel.columns import Column, header_lookup
from dxoffice.planning.excel.values import is_blank

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"


class WorkbookError(Exception):
    """The upload is not a workbook we can read at all."""


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell saved without a computed value."""


@dataclass(frozen=True)
class ErrorValue:
    code: str  # "#DIV/0!", "#REF!", ...


UNCOMPUTED = Uncomputed()


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if element.find(_FORMULA_TAG) is not None and element.find(_VALUE_TAG) is None:
            cell["value"] = UNCOMPUTED
        elif cell["data_type"] == "e" and cell["value"] is not None:
            cell["value"] = ErrorValue(str(cell["value"]))
        return cell


def open_workbook(file):
    """Open an .xlsx read-only; any failure becomes one WorkbookError with a plain message."""
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt upload can fail in many ways inside zipfile/lxml/openpyxl
        logger.info("unreadable workbook: %r", exc)
        raise WorkbookError(
            _(
                "The file is not a readable Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” "
                "and try again."
            )
        ) from exc


def find_sheet(workbook, name: str, aliases: tuple[str, ...]):
    for title in workbook.sheetnames:
        if title == name or fold(title) in aliases:
            return workbook[title]
    return None


def iter_rows(worksheet):
    """Yield (row number, {column index: value}) for every stored row of a read-only sheet."""
    if not hasattr(worksheet, "_get_source"):  # a chart sheet
        return
    book = worksheet.parent
    with worksheet._get_source() as source:
        parser = _Parser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            yield number, {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}


@dataclass
class SheetRows:
    title: str
    header_row: int = 0
    columns: dict[int, Column] = field(default_factory=dict)  # column index -> column
    rows: list[tuple[int, dict[int, object]]] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)
    duplicated: list[Column] = field(default_factory=list)
    has_content: bool = False

    @property
    def found(self) -> bool:
        return bool(self.header_row)

    def letter(self, column: Column) -> str:
        for index, candidate in self.columns.items():
            if candidate.key == column.key:
                return get_column_letter(index)
        return ""

    def has(self, key: str) -> bool:
        return any(column.key == key for column in self.columns.values())


def _match_header(cells: dict[int, object], lookup: dict[str, Column]) -> dict[int, Column]:
    matched: dict[int, Column] = {}
    for index, value in cells.items():
        if isinstance(value, str):
            text = value.strip()
            column = lookup.get(text.lower()) or lookup.get(fold(text.replace("(*)", "")))
            if column is not None:
                matched[index] = column
    return matched


def read_sheet(worksheet, columns: tuple[Column, ...], extra: tuple[Column, ...] = ()) -> SheetRows:
    """Find the header row (the lowest of the first rows naming the most known columns; the
    machine-key row in our files) and collect the non-blank data rows below it."""
    lookup = header_lookup(columns + extra)
    sheet = SheetRows(title=worksheet.title)
    stored = list(iter_rows(worksheet))
    sheet.has_content = any(not is_blank(value) for _number, cells in stored for value in cells.values())
    best: dict[int, Column] = {}
    for number, cells in stored:
        if number > HEADER_SCAN_ROWS:
            break
        matched = _match_header(cells, lookup)
        distinct = len({column.key for column in matched.values()})
        if distinct >= 2 and distinct >= len({column.key for column in best.values()}):
            best, sheet.header_row = matched, number
    if not sheet.found:
        sheet.missing = [column for column in columns if column.required]
        return sheet
    seen: set[str] = set()
    for index in sorted(best):
        column = best[index]
        if column.key in seen:
            sheet.duplicated.append(column)
        else:
            sheet.columns[index] = column
            seen.add(column.key)
    sheet.missing = [column for column in columns if column.required and column.key not in seen]
    for number, cells in stored:
        if number <= sheet.header_row:
            continue
        row = {index: value for index, value in cells.items() if index in sheet.columns}
        if any(not is_blank(value) for value in row.values()):
            sheet.rows.append((number, row))
    return sheet
