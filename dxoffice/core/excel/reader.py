"""Reading an uploaded workbook: streamed sheet by sheet, cached formula values only, bounded.

openpyxl's read-only, data-only mode yields a formula's cached value, but a formula saved without
one (a file written by a program, never opened in Excel) reads as an empty cell. The parser below
keeps that difference, for a missing and for an empty cached value alike, so an importer can name
the cell instead of silently importing a blank.

Rows are streamed from the sheet's XML one at a time and never all held at once. A sheet whose
declared size (its <dimension>) is beyond the limit is refused before any row is read; a sheet
without a declared size (files written in openpyxl's write-only mode, our own exports among them)
has its stored rows counted first by a bare XML pass that stops just past the limit, and is counted
again, exactly, while it is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from dxoffice.core.excel.columns import Column, header_lookup
from dxoffice.core.excel.values import is_blank
from dxoffice.core.templatetags.dx import grouped
from dxoffice.core.text import fold

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
_INLINE_TAG = f"{{{SHEET_MAIN_NS}}}is"
_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"
_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"

Row = tuple[int, dict[int, object]]


class WorkbookError(Exception):
    """The upload is not a workbook we can read at all."""


class SheetTooLarge(Exception):
    """A sheet has more rows than one file may bring; the message says so and what to do."""

    def __init__(self, sheet: str, limit: int, rows: int | None = None):
        self.sheet, self.limit, self.rows = sheet, limit, rows
        if rows:
            message = _(
                "The sheet “%(sheet)s” has %(rows)s rows; at most %(limit)s rows can be imported from one "
                "file. Split it into several files (rows formatted but left empty count too: delete them)."
            ) % {"sheet": sheet, "rows": grouped(rows), "limit": grouped(limit)}
        else:
            message = _(
                "The sheet “%(sheet)s” has more than %(limit)s rows; at most %(limit)s rows can be imported "
                "from one file. Split it into several files."
            ) % {"sheet": sheet, "limit": grouped(limit)}
        super().__init__(message)


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell saved without a computed value (no cached value, or an empty one)."""


@dataclass(frozen=True)
class ErrorValue:
    code: str  # "#DIV/0!", "#REF!", ...


UNCOMPUTED = Uncomputed()


class _Parser(WorkSheetParser):
    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if element.find(_FORMULA_TAG) is not None:
            cached = element.find(_VALUE_TAG)
            if cached is None or not cached.text:
                cell["value"] = UNCOMPUTED
                return cell
        if cell["data_type"] == "e" and cell["value"] is not None:
            cell["value"] = ErrorValue(str(cell["value"]))
        return cell


def _declared_size(worksheet: Any) -> None:
    """openpyxl's read-only sheet reads its <dimension> when the workbook is opened; without one it
    parses the whole sheet looking for it (seconds per 100,000 rows, for every sheet). This reads
    the same element but stops where the rows begin, so opening a large file costs nothing."""
    with worksheet._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == _DIMENSION_TAG:
                dimension: Any = SheetDimension.from_tree(element)
                boundaries = dimension.boundaries
                if boundaries is not None:
                    worksheet._min_column, worksheet._min_row, worksheet._max_column, worksheet._max_row = (
                        boundaries
                    )
                return
            if element.tag == _DATA_TAG:
                return


setattr(ReadOnlyWorksheet, "_get_size", _declared_size)  # noqa: B010 - openpyxl's result, without the full parse


def open_workbook(file: str | IO[bytes] | Any) -> Any:
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


def find_sheet(workbook: Any, name: str, aliases: Sequence[str]) -> Any:
    for title in workbook.sheetnames:
        if title == name or fold(title) in aliases:
            return workbook[title]
    return None


def declared_rows(worksheet: Any) -> int | None:
    """The last row the sheet says it uses (its <dimension>, read without reading rows), if any."""
    last = getattr(worksheet, "max_row", None)
    return last if isinstance(last, int) and last > 1 else None


def iter_rows(worksheet: Any, *, last_row: int | None = None) -> Iterator[Row]:
    """Yield (row number, {column index: value}) for every stored row of a read-only sheet, one at
    a time, stopping after `last_row`."""
    if not hasattr(worksheet, "_get_source"):  # a chart sheet
        return
    book = worksheet.parent
    try:
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
                if last_row is not None and number > last_row:
                    return
                yield number, {cell["column"]: cell["value"] for cell in cells if cell["value"] is not None}
    except Exception as exc:  # damaged sheet XML inside a valid zip (raised here, never by the caller)
        logger.info("unreadable sheet %r: %r", worksheet.title, exc)
        raise WorkbookError(_("The workbook is damaged and cannot be read. Save it again in Excel.")) from exc


def count_rows(worksheet: Any, *, stop_after: int) -> int:
    """About how many rows the sheet has: its declared size, or its stored rows holding a value,
    counted by a bare XML pass (no cell is read) up to `stop_after` + 1."""
    declared = declared_rows(worksheet)
    if declared is not None:
        return declared
    if not hasattr(worksheet, "_get_source"):  # a chart sheet
        return 0
    count = 0
    try:
        with worksheet._get_source() as source:
            for _event, element in iterparse(source):
                if element.tag != _ROW_TAG:
                    continue
                if any(
                    cell.find(_VALUE_TAG) is not None or cell.find(_INLINE_TAG) is not None
                    for cell in element
                ):
                    count += 1
                element.clear()
                if count > stop_after:
                    break
    except Exception as exc:  # damaged sheet XML
        logger.info("unreadable sheet %r: %r", worksheet.title, exc)
        raise WorkbookError(_("The workbook is damaged and cannot be read. Save it again in Excel.")) from exc
    return count


@dataclass
class SheetRows:
    """A sheet's header and columns; its data rows are streamed by `rows()`."""

    title: str
    worksheet: Any = field(default=None, repr=False)
    max_rows: int | None = None
    header_row: int = 0
    columns: dict[int, Column] = field(default_factory=dict)  # column index -> column
    missing: list[Column] = field(default_factory=list)
    duplicated: list[Column] = field(default_factory=list)
    declared_last_row: int | None = None
    count: int = 0  # data rows met by the last full pass of rows()

    @property
    def found(self) -> bool:
        return bool(self.header_row)

    @property
    def expected_rows(self) -> int | None:
        """Data rows the sheet's dimension announces (for progress), or None when it has none."""
        if self.declared_last_row is None:
            return None
        return max(0, self.declared_last_row - self.header_row)

    def letter(self, column: Column) -> str:
        for index, candidate in self.columns.items():
            if candidate.key == column.key:
                return get_column_letter(index)
        return ""

    def index(self, key: str) -> int | None:
        return next((index for index, column in self.columns.items() if column.key == key), None)

    def has(self, key: str) -> bool:
        return self.index(key) is not None

    def has_content(self) -> bool:
        return any(not is_blank(value) for _n, cells in iter_rows(self.worksheet) for value in cells.values())

    def rows(self) -> Iterator[Row]:
        """The non-blank data rows below the header (known columns only), streamed. Raises
        SheetTooLarge past `max_rows` data rows, or when rows run far past that below the header."""
        self.count = 0
        if not self.found:
            return
        limit = self.max_rows
        last_row = self.header_row + 2 * limit if limit else None
        for number, cells in iter_rows(self.worksheet):
            if number <= self.header_row:
                continue
            if last_row is not None and number > last_row:
                raise SheetTooLarge(self.title, limit or 0)
            row = {index: value for index, value in cells.items() if index in self.columns}
            if any(not is_blank(value) for value in row.values()):
                self.count += 1
                if limit is not None and self.count > limit:
                    raise SheetTooLarge(self.title, limit)
                yield number, row


def _match_header(cells: dict[int, object], lookup: dict[str, Column]) -> dict[int, Column]:
    matched: dict[int, Column] = {}
    for index, value in cells.items():
        if isinstance(value, str):
            text = value.strip()
            column = lookup.get(text.lower()) or lookup.get(fold(text.replace("(*)", "")))
            if column is not None:
                matched[index] = column
    return matched


def read_sheet(
    worksheet: Any,
    columns: Sequence[Column],
    extra: Sequence[Column] = (),
    *,
    max_rows: int | None = None,
) -> SheetRows:
    """Check the sheet's declared size, then find the header row (the lowest of the first rows naming
    the most known columns; the machine-key row in our files). Data rows are streamed later by
    `SheetRows.rows()`. Raises SheetTooLarge when the sheet declares more rows than `max_rows`."""
    sheet = SheetRows(title=worksheet.title, worksheet=worksheet, max_rows=max_rows)
    sheet.declared_last_row = declared_rows(worksheet)
    declared = sheet.declared_last_row
    if max_rows is not None and declared is not None and declared > max_rows + HEADER_SCAN_ROWS:
        raise SheetTooLarge(sheet.title, max_rows, declared)
    allowance = max_rows + HEADER_SCAN_ROWS if max_rows is not None else 0
    if max_rows is not None and declared is None and count_rows(worksheet, stop_after=allowance) > allowance:
        raise SheetTooLarge(sheet.title, max_rows)
    lookup = header_lookup(tuple(columns) + tuple(extra))
    best: dict[int, Column] = {}
    for number, cells in iter_rows(worksheet, last_row=HEADER_SCAN_ROWS):
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
    return sheet
