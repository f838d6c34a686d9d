"""A framework as a file: YAML, JSON or .xlsx, each carrying the same dictionary
(`services.framework_export`), so any of them round-trips without loss."""

from __future__ import annotations

import io
import json
from typing import IO, Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dxoffice.core.excel import safe
from dxoffice.core.excel.reader import WorkbookError, iter_rows, open_workbook
from dxoffice.indicators.services.frameworks import BREAKDOWN_FIELDS, COMPONENT_FIELDS, INDICATOR_FIELDS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
FRAMEWORK_KEYS = ["code", "name", "name_en", "description", "missing_rule", "index_mean", "note"]
RULE_FIELDS = ["code", "expression", "message"]
JSON_CELLS = {"options", "bands", "unit_kinds"}
SHEETS = {
    "components": COMPONENT_FIELDS,
    "breakdowns": BREAKDOWN_FIELDS,
    "indicators": INDICATOR_FIELDS,
    "rules": RULE_FIELDS,
}


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_xlsx(data: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "framework"
    for key in FRAMEWORK_KEYS:
        sheet.append(safe.safe_row(sheet, [key, data.get(key, "")]))
    for name, columns in SHEETS.items():
        ws = book.create_sheet(name)
        ws.append(columns)
        for item in data.get(name, []):
            ws.append(safe.safe_row(ws, [_cell(column, item.get(column)) for column in columns]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(column: str, value: Any) -> Any:
    if column in JSON_CELLS:
        return json.dumps(value or [], ensure_ascii=False)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def read_file(name: str, content: IO[bytes]) -> dict[str, Any]:
    """The framework dictionary in an uploaded file, by its extension; a clear error otherwise."""
    raw = content.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError(
            {"file": [_("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // 2**20}]}
        )
    lower = (name or "").lower()
    try:
        if lower.endswith(".xlsx"):
            return from_xlsx(io.BytesIO(raw))
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if lower.endswith(".json") else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError):
        raise ValidationError({"file": [_("The file cannot be read as YAML, JSON or .xlsx.")]}) from None
    if not isinstance(data, dict):
        raise ValidationError({"file": [_("The file does not hold a framework.")]})
    return data


def from_xlsx(content: IO[bytes]) -> dict[str, Any]:
    try:
        book = open_workbook(content)
    except WorkbookError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if "framework" not in book.sheetnames:
        raise ValidationError({"file": [_("The workbook has no sheet “framework”.")]})
    data: dict[str, Any] = {}
    for _number, cells in iter_rows(book["framework"], last_row=50):
        key = str(cells.get(1, "")).strip()
        if key in FRAMEWORK_KEYS:
            data[key] = _text(cells.get(2))
    for name, columns in SHEETS.items():
        data[name] = _read_sheet(book, name, columns)
    return data


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_sheet(book: Any, name: str, columns: list[str]) -> list[dict[str, Any]]:
    if name not in book.sheetnames:
        return []
    rows = iter_rows(book[name], last_row=MAX_ROWS + 1)
    header: dict[int, str] = {}
    items: list[dict[str, Any]] = []
    for number, cells in rows:
        if not header:
            header = {
                index: str(value).strip() for index, value in cells.items() if str(value).strip() in columns
            }
            continue
        if number > MAX_ROWS:
            raise ValidationError({name: [_("At most %(limit)s rows.") % {"limit": MAX_ROWS}]})
        item: dict[str, Any] = {}
        for index, column in header.items():
            item[column] = _parse_cell(name, number, column, cells.get(index))
        if any(v not in ("", None, [], False) for v in item.values()):
            items.append(item)
    return items


def _parse_cell(sheet: str, row: int, column: str, value: Any) -> Any:
    if column in JSON_CELLS:
        try:
            return json.loads(value) if value not in (None, "") else []
        except (TypeError, json.JSONDecodeError):
            raise ValidationError(
                {f"{sheet}[{row}].{column}": [_('Write a list in JSON, e.g. ["commune", "ward"].')]}
            ) from None
    if column == "evidence_required":
        return str(value).strip().lower() in ("yes", "1", "true", "có", "x")
    if column == "order":
        return _whole_number(sheet, row, column, value)
    return _text(value)


def _whole_number(sheet: str, row: int, column: str, value: Any) -> int:
    """A whole-number cell ("order"): blank is 0; text or a fraction is an error naming the sheet, the
    row and the column."""
    if value in (None, ""):
        return 0
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    raise ValidationError(
        {
            f"{sheet}[{row}].{column}": [
                _("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: “%(value)s” is not a whole number.")
                % {"sheet": sheet, "row": row, "column": column, "value": text[:40]}
            ]
        }
    )
