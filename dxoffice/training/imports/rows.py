"""Reading the rows of an uploaded list (.xlsx through core.excel, or .csv), by column key, bounded,
so each importer only checks and applies."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from dxoffice.core.excel.columns import Column, header_lookup
from dxoffice.core.excel.reader import SheetTooLarge, WorkbookError, open_workbook, read_sheet
from dxoffice.core.excel.result import ImportResult
from dxoffice.core.text import fold

MAX_ROWS = 5000


@dataclass
class Table:
    title: str
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (row number, {key: value})
    letters: dict[str, str] = field(default_factory=dict)


def _size_ok(upload: Any, result: ImportResult) -> bool:
    size = getattr(upload, "size", None)
    if size is not None and size > settings.DXOFFICE_MAX_UPLOAD_BYTES:
        result.add(
            "",
            None,
            "",
            _("The file is larger than %(limit)s MB.")
            % {"limit": settings.DXOFFICE_MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
        return False
    if size == 0:
        result.add("", None, "", _("The file is empty."))
        return False
    return True


def read_table(
    upload: Any, columns: Sequence[Column], result: ImportResult, *, max_rows: int = MAX_ROWS
) -> Table | None:
    """The rows of the upload's first sheet (or the CSV), or None with the problem in `result`."""
    if not _size_ok(upload, result):
        return None
    name = str(getattr(upload, "name", "") or "").lower()
    table = (
        _read_csv(upload, columns, result, max_rows)
        if name.endswith(".csv")
        else _read_xlsx(upload, columns, result, max_rows)
    )
    if table is not None and not table.rows:
        result.add(table.title, None, "", _("There are no rows to import below the header."))
        return None
    return table


def _missing(title: str, missing: Sequence[Column], result: ImportResult) -> None:
    names = "; ".join(column.label for column in missing)
    result.add(title, None, "", _("Required columns are missing: %(columns)s.") % {"columns": names})


def _read_xlsx(upload: Any, columns: Sequence[Column], result: ImportResult, max_rows: int) -> Table | None:
    try:
        workbook = open_workbook(upload)
    except WorkbookError as error:
        result.add("", None, "", str(error))
        return None
    try:
        sheet = read_sheet(workbook.worksheets[0], columns, max_rows=max_rows)
        if not sheet.found or sheet.missing:
            _missing(sheet.title, sheet.missing or [c for c in columns if c.required], result)
            return None
        table = Table(sheet.title, letters={c.key: sheet.letter(c) for c in columns})
        for number, cells in sheet.rows():
            table.rows.append((number, {sheet.columns[index].key: value for index, value in cells.items()}))
        return table
    except (SheetTooLarge, WorkbookError) as error:
        result.add(getattr(error, "sheet", ""), None, "", str(error))
        return None
    finally:
        workbook.close()


def _read_csv(upload: Any, columns: Sequence[Column], result: ImportResult, max_rows: int) -> Table | None:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.add("", None, "", _("The CSV file is not in UTF-8; save it again as “CSV UTF-8”."))
        return None
    lines: Iterator[list[str]] = csv.reader(
        io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","
    )
    lookup = header_lookup(columns)
    table = Table("CSV")
    keys: dict[int, str] = {}
    for number, cells in enumerate(lines, start=1):
        if not keys:
            keys = {
                i: c.key
                for i, cell in enumerate(cells)
                if (c := lookup.get(cell.strip().lower()) or lookup.get(fold(cell)))
            }
            if keys:
                missing = [c for c in columns if c.required and c.key not in keys.values()]
                if missing:
                    _missing("CSV", missing, result)
                    return None
            elif number >= 10:
                break
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) >= max_rows:
            result.add(
                "CSV",
                None,
                "",
                _("At most %(limit)s rows can be imported from one file.") % {"limit": max_rows},
            )
            return None
        table.rows.append((number, {key: cells[i] for i, key in keys.items() if i < len(cells)}))
    if not keys:
        _missing("CSV", [c for c in columns if c.required], result)
        return None
    return table
