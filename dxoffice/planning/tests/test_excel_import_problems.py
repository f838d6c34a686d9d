"""Every problem names its sheet, row and column, all problems are listed at once, and nothing is saved."""

import unicodedata
import zipfile
from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from dxoffice.core.models import Role
from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning.excel.columns import TASK_COLUMNS
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import BudgetLine, Task
from dxoffice.planning.tests.factories import DirectiveFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
    with_formula,
)

LABEL = {column.key: column.label for column in TASK_COLUMNS}


def run(world, rows=(), budget=(), by=None, data=None):
    data = data or filled_template(world.plan, rows, budget)
    result = import_plan(data, by=by or world.coordinator, plan=world.plan)
    assert not Task.objects.filter(plan=world.plan, code__startswith="NV-").exclude(code="NV-OLD").exists()
    assert not BudgetLine.objects.exists()
    return result


def problems(result):
    return [(p.sheet, p.row, p.column, p.message) for p in result.problems]


def only(result):
    assert len(result.problems) == 1, problems(result)
    return result.problems[0]


def test_all_row_problems_are_collected_and_nothing_is_saved(world):
    DirectiveFactory(number="57-NQ/TW")
    rows = [
        task_row(code="NV-001"),  # fine on its own
        task_row(code="NV-002", due_date="31/02/2026"),
        task_row(code="NV-003", start_date="abc"),
        task_row(code="NV-004", start_date="01/06/2026", due_date="2026-05-01"),
        task_row(code="NV-005", lead_unit="NOPE", start_date="01/06/2026", due_date="01/05/2026"),
        task_row(code="NV-006", pillar="XX", sector="ZZ"),
        task_row(code="NV-007", directives="57-NQ/TW; 99-NQ/TW", objectives="MT-99"),
        task_row(code="NV-001", title="Trùng mã"),
        task_row(code="NV-009", title=""),
        task_row(code="NV-010", title="x" * 501),
        task_row(code="NV-011", coordinating_units="XA-A; KHONG-CO"),
    ]
    result = run(world, rows)
    found = {(p.row, p.column) for p in result.problems}
    assert (4, LABEL["due_date"]) in found  # 31/02 does not exist
    assert (5, LABEL["start_date"]) in found
    assert (6, LABEL["due_date"]) in found  # before the start
    assert {(7, LABEL["lead_unit"]), (7, LABEL["due_date"])} <= found  # both, though the unit is wrong
    assert {(8, LABEL["pillar"]), (8, LABEL["sector"])} <= found
    assert {(9, LABEL["directives"]), (9, LABEL["objectives"])} <= found
    assert (10, LABEL["code"]) in found
    assert (11, LABEL["title"]) in found
    assert (12, LABEL["title"]) in found
    assert (13, LABEL["coordinating_units"]) in found
    assert 3 not in {p.row for p in result.problems}
    assert all(p.sheet == "Tasks" for p in result.problems)
    messages = {(p.row, p.column): p.message for p in result.problems}
    assert "31/02/2026" in messages[(4, LABEL["due_date"])]
    assert "dd/mm/yyyy" in messages[(5, LABEL["start_date"])]
    assert "before the start" in messages[(6, LABEL["due_date"])]
    assert "NOPE" in messages[(7, LABEL["lead_unit"])]
    unknown_directives = messages[(9, LABEL["directives"])]
    assert "99-NQ/TW" in unknown_directives and "57-NQ/TW" not in unknown_directives
    assert "row 3" in messages[(10, LABEL["code"])]
    assert "required" in messages[(11, LABEL["title"])]
    assert "501" in messages[(12, LABEL["title"])] and "500" in messages[(12, LABEL["title"])]
    assert "KHONG-CO" in messages[(13, LABEL["coordinating_units"])]
    assert result.problems[0].cell == "M4"  # the due-date cell of row 4


@pytest.mark.parametrize(
    "values, column, text",
    [
        ({"due_date": ""}, "due_date", "due date is required"),
        ({"lead_unit": "DOITAC"}, "lead_unit", "not a department"),
        ({"partner": "XA-A"}, "partner", "not a partner"),
        ({"coordinating_units": "SKHCN, XA-A"}, "coordinating_units", "lead unit cannot also"),
        ({"priority": "urgent"}, "priority", "urgent"),
        ({"is_recurring": "maybe"}, "is_recurring", "maybe"),
        ({"start_date": 46000}, "start_date", "not a date"),
        ({"origin_ref": "r" * 201}, "origin_ref", "Too long"),
    ],
)
def test_one_bad_cell(world, values, column, text):
    problem = only(run(world, [task_row(**values)]))
    assert (problem.sheet, problem.row, problem.column) == ("Tasks", 3, LABEL[column])
    assert text in problem.message


def test_dates_accepted_in_three_forms(world):
    rows = [
        task_row(code="NV-001", start_date=datetime(2026, 3, 5), due_date="31/12/2026"),
        task_row(code="NV-002", start_date="2026-03-05", due_date="5/1/2027"),
    ]
    result = import_plan(filled_template(world.plan, rows), by=world.coordinator, plan=world.plan)
    assert result.ok, problems(result)
    assert {str(t.start_date) for t in Task.objects.all()} == {"2026-03-05"}
    assert str(Task.objects.get(code="NV-002").due_date) == "2027-01-05"


def test_whitespace_and_decomposed_vietnamese_are_normalised(world):
    title = unicodedata.normalize("NFD", "  Chuyển   đổi số\u00a0cấp xã ")
    rows = [
        task_row(
            code=" NV-001 ",
            title=title,
            lead_unit=" skhcn ",
            coordinating_units=" xa-a ;; XA-B ;",
            pillar="cqs",
        )
    ]
    result = import_plan(filled_template(world.plan, rows), by=world.coordinator, plan=world.plan)
    assert result.ok, problems(result)
    task = Task.objects.get()
    assert task.code == "NV-001" and task.title == "Chuyển đổi số cấp xã"
    assert unicodedata.is_normalized("NFC", task.title)
    assert task.lead_unit == world.department and task.coordinating_units.count() == 2
    again = import_plan(filled_template(world.plan, rows), by=world.coordinator, plan=world.plan)
    assert again.unchanged == 1


@pytest.mark.parametrize(
    "values, column, text",
    [
        ({"planned": -5}, "planned", "negative"),
        ({"allocated": "mười triệu"}, "allocated", "not a number"),
        ({"planned": 1.5}, "planned", "whole numbers"),
        ({"planned": "1e5000"}, "planned", "too large"),
        ({"allocated": 10, "disbursed": 20}, "disbursed", "exceed"),
        ({"source": "bank"}, "source", "bank"),
        ({"year": 2040}, "year", "outside the program"),
        ({"task": "NV-404"}, "task", "NV-404"),
    ],
)
def test_budget_problems(world, values, column, text):
    line = {"task": "NV-001", "source": "provincial", "planned": 100, "allocated": 100, "disbursed": 0}
    line.update(values)
    problem = only(run(world, [task_row()], [line]))
    assert problem.sheet == "Budget" and problem.row == 3
    english_label = {
        "planned": "Planned (VND)",
        "allocated": "Allocated (VND)",
        "disbursed": "Disbursed (VND)",
        "source": "Funding source",
        "year": "Year",
        "task": "Task code",
    }
    assert problem.column.endswith(english_label[column])
    assert text in problem.message


def test_duplicate_budget_lines(world):
    line = {"task": "NV-001", "source": "provincial", "planned": 100}
    problem = only(run(world, [task_row()], [line, dict(line)]))
    assert (problem.sheet, problem.row) == ("Budget", 4) and "row 3" in problem.message


def test_lead_unit_outside_the_importers_scope_is_reported_per_row(world):
    commune_planner = user_with_role(Role.COORDINATOR, world.commune_a, username="xa-planner")
    rows = [
        task_row(code="NV-001", lead_unit="XA-A", coordinating_units="XA-B", partner=""),  # theirs
        task_row(code="NV-002", lead_unit="SKHCN", coordinating_units=""),  # not theirs
    ]
    problem = only(run(world, rows, by=commune_planner))
    assert (problem.row, problem.column) == (4, LABEL["lead_unit"])
    assert "Sở Khoa học và Công nghệ" in problem.message
    assert import_plan(filled_template(world.plan, rows[:1]), by=commune_planner, plan=world.plan).ok


def test_updating_a_task_of_another_unit_is_refused(world):
    TaskFactory(plan=world.plan, code="NV-OLD", pillar=world.pillar, lead_unit=world.department)
    commune_planner = user_with_role(Role.COORDINATOR, world.commune_a, username="xa-planner")
    problem = only(
        run(world, [task_row(code="NV-OLD", lead_unit="XA-A", coordinating_units="")], by=commune_planner)
    )
    # A task the importer cannot see is answered as a new code would be: the code is taken, and
    # nothing of the other unit's task (its lead unit, dates, figures) is told.
    assert problem.column == LABEL["code"] and problem.row == 3
    assert "Sở Khoa học" not in problem.message
    assert Task.objects.get(code="NV-OLD").lead_unit == world.department


def test_archived_task_code_cannot_be_reused(world):
    old = TaskFactory(plan=world.plan, code="NV-OLD", pillar=world.pillar, lead_unit=world.department)
    Task.all_objects.filter(pk=old.pk).update(archived_at=datetime(2026, 1, 1, 8, 0).astimezone())
    problem = only(run(world, [task_row(code="NV-OLD")]))
    assert problem.column == LABEL["code"] and "archived" in problem.message


def test_a_row_from_another_plan_is_refused(world):
    rows = [task_row()]
    data = filled_template(world.plan, rows)
    from openpyxl import load_workbook

    workbook = load_workbook(data)
    ws = workbook["Tasks"]
    ws.cell(row=2, column=ws.max_column + 1, value="plan")
    ws.cell(row=3, column=ws.max_column, value="KH-2027")
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    problem = only(run(world, data=buffer))
    assert problem.column == "Kế hoạch / Plan" and "KH-2027" in problem.message


# Files and sheets --------------------------------------------------------------------------------


def _workbook(rows) -> BytesIO:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Tasks"
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_wrong_template_lists_the_missing_required_columns(world):
    problem = only(run(world, data=_workbook([["code", "title", "notes"], ["NV-1", "Một", "x"]])))
    assert problem.row == 1 and "missing" in problem.message
    assert "Mã trụ cột / Pillar code" in problem.message
    assert "Mã đơn vị chủ trì / Lead unit code" in problem.message
    assert "Task code" not in problem.message


def test_a_sheet_without_any_known_header(world):
    problem = only(run(world, data=_workbook([["Họ tên", "Ngày sinh"], ["A", "B"]])))
    assert "not the annual-plan template" in problem.message


def test_template_without_rows(world):
    problem = only(run(world))
    assert problem.sheet == "Tasks" and "no task rows" in problem.message


@pytest.mark.parametrize(
    "content, text",
    [
        (b"", "empty"),
        (b"code,title\nNV-1,x\n", "not a readable Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not a readable Excel workbook"),  # old .xls
    ],
)
def test_files_that_are_not_workbooks(world, content, text):
    data = BytesIO(content)
    data.size = len(content)
    assert text in only(run(world, data=data)).message


def test_a_damaged_workbook(world):
    good = filled_template(world.plan, [task_row()]).getvalue()
    assert "not a readable" in only(run(world, data=BytesIO(good[: len(good) // 2]))).message
    damaged = BytesIO()
    with zipfile.ZipFile(BytesIO(good)) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = content[:200]
            out.writestr(item, content)
    damaged.seek(0)
    assert "damaged" in only(run(world, data=damaged)).message


# Formulas ------------------------------------------------------------------------------------------


def test_a_formula_with_a_cached_value_is_read_as_its_value(world):
    data = filled_template(
        world.plan,
        [task_row(title="placeholder")],
        [{"task": "NV-001", "source": "provincial", "planned": 1}],
    )
    formula = 'CONCATENATE("Kho ","dữ liệu")'
    data = with_formula(data, "xl/worksheets/sheet2.xml", "B3", formula, "Kho dữ liệu")
    data = with_formula(data, "xl/worksheets/sheet3.xml", "D3", "1000*1000", "1000000")
    result = import_plan(data, by=world.coordinator, plan=world.plan)
    assert result.ok, problems(result)
    task = Task.objects.get()
    assert task.title == "Kho dữ liệu" and task.budget_lines.get().planned == 1_000_000


def test_a_formula_without_a_cached_value_is_an_error_naming_the_cell(world):
    data = filled_template(world.plan, [task_row(title="placeholder")])
    data = with_formula(data, "xl/worksheets/sheet2.xml", "B3", 'A3&" x"', None)
    problem = only(run(world, data=data))
    assert (problem.row, problem.column, problem.cell) == (3, LABEL["title"], "B3")
    assert "formula" in problem.message


def test_a_formula_error_value_is_reported(world):
    budget = [{"task": "NV-001", "source": "provincial", "planned": 1}]
    data = filled_template(world.plan, [task_row()], budget)
    data = with_formula(data, "xl/worksheets/sheet3.xml", "D3", "1/0", "#DIV/0!", kind="e")
    problem = only(run(world, data=data))
    assert problem.sheet == "Budget" and "#DIV/0!" in problem.message
