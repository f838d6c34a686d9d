"""Helpers the Excel tests share: fill the real template and hand it to the importer."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dxoffice.planning.excel.columns import BUDGET_COLUMNS, TASK_COLUMNS
from dxoffice.planning.excel.template import FIRST_DATA_ROW, template_bytes


@pytest.fixture(autouse=True)
def english(client, settings):
    """Messages and labels in English, in the test and in the requests it makes, whatever the
    Vietnamese catalogue says. Import it into a test module to apply it there."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


TASK_KEYS = [column.key for column in TASK_COLUMNS]
BUDGET_KEYS = [column.key for column in BUDGET_COLUMNS]


def task_row(**values) -> dict:
    row = {
        "code": "NV-001",
        "title": "Xây dựng kho dữ liệu dùng chung",
        "kind": "project",
        "pillar": "CQS",
        "sector": "YTE",
        "lead_unit": "SKHCN",
        "coordinating_units": "XA-A; XA-B",
        "partner": "DOITAC",
        "start_date": "01/02/2026",
        "due_date": "30/11/2026",
        "priority": "high",
        "origin": "plan",
    }
    row.update(values)
    return row


def filled_template(plan, tasks=(), budget=(), *, keys_row: bool = True) -> BytesIO:
    """The real template for `plan` with `tasks` / `budget` (dicts keyed by column key) filled in."""
    workbook = load_workbook(BytesIO(template_bytes(plan)))
    for sheet_name, keys, rows in (("Tasks", TASK_KEYS, tasks), ("Budget", BUDGET_KEYS, budget)):
        ws = workbook[sheet_name]
        for offset, row in enumerate(rows):
            for key, value in row.items():
                ws.cell(row=FIRST_DATA_ROW + offset, column=keys.index(key) + 1, value=value)
        if not keys_row:
            ws.delete_rows(2)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "plan.xlsx"
    return buffer


def with_formula(
    data: BytesIO, path: str, cell: str, formula: str, cached: str | None, kind: str | None = None
) -> BytesIO:
    """Put a formula into `cell` of the sheet at `path` in the zip, with a cached <v> result as Excel
    saves it, or without one as openpyxl and other programs save it. openpyxl itself cannot write
    cached values, so the sheet XML is patched."""
    if kind is None and cached is not None:
        kind = "n" if re.fullmatch(r"-?[\d.]+", cached) else "str"
    source = zipfile.ZipFile(data)
    target = BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == path:
                xml = content.decode()
                value = f"<v>{escape(cached)}</v>" if cached is not None else ""
                kind_attr = f' t="{kind}"' if kind and kind != "n" else ""
                new = f'<c r="{cell}"{kind_attr}><f>{escape(formula)}</f>{value}</c>'
                pattern = re.compile(rf'<c r="{cell}"(?: [^>]*?)?(?:/>|>.*?</c>)', re.S)
                assert pattern.search(xml), f"{cell} not found in {path}"
                xml = pattern.sub(lambda _match, new=new: new, xml, count=1)
                content = xml.encode()
            out.writestr(item, content)
    target.seek(0)
    target.name = "plan.xlsx"
    return target
