"""Bounded plan imports: the row limit (refused up front from the sheet's declared size, or while
streaming a sheet that declares none), the bounded problem list, formulas with an empty saved
result, and the origin of tasks that already exist."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from dxoffice.core.excel import reader
from dxoffice.planning.excel.columns import TASK_COLUMNS
from dxoffice.planning.excel.importer import estimate_rows, import_plan
from dxoffice.planning.models import Task
from dxoffice.planning.tests.factories import TaskFactory
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
    with_formula,
)

LABEL = {column.key: column.label for column in TASK_COLUMNS}
KEYS = ["code", "title", "pillar", "lead_unit", "due_date"]


def plan_file(rows: int, *, write_only: bool = False, due: str = "31/12/2026") -> BytesIO:
    """A Tasks sheet of `rows` tasks; a write-only workbook declares no size (no <dimension>)."""
    workbook = Workbook(write_only=write_only)
    ws = workbook.create_sheet("Tasks") if write_only else workbook.active
    if not write_only:
        ws.title = "Tasks"
    ws.append(KEYS)
    for number in range(rows):
        ws.append([f"NV-{number:04d}", f"Nhiệm vụ {number}", "CQS", "SKHCN", due])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def messages(result) -> list[str]:
    return [problem.message for problem in result.problems]


def test_a_sheet_declaring_too_many_rows_is_refused_before_any_row_is_read(world, settings, monkeypatch):
    settings.DXOFFICE_IMPORT_MAX_ROWS = 5
    read = []
    monkeypatch.setattr(reader, "iter_rows", lambda *args, **kwargs: read.append(args) or iter(()))
    result = import_plan(plan_file(30), by=world.coordinator, plan=world.plan)
    assert messages(result) == [
        "The sheet “Tasks” has 31 rows; at most 5 rows can be imported from one file. Split it into several "
        "files (rows formatted but left empty count too: delete them)."
    ]
    assert result.problems[0].sheet == "Tasks" and not read and not Task.objects.exists()


def test_a_sheet_without_a_declared_size_is_counted_while_it_is_read(world, settings):
    settings.DXOFFICE_IMPORT_MAX_ROWS = 5
    result = import_plan(plan_file(12, write_only=True), by=world.coordinator, plan=world.plan)
    assert messages(result) == [
        "The sheet “Tasks” has more than 5 rows; at most 5 rows can be imported from one file. Split it into "
        "several files."
    ]
    assert not Task.objects.exists()


@pytest.mark.parametrize("write_only", [False, True])
def test_a_sheet_at_the_limit_imports(world, settings, write_only):
    settings.DXOFFICE_IMPORT_MAX_ROWS = 5
    result = import_plan(plan_file(5, write_only=write_only), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    assert (result.rows, result.created) == (5, 5)


def test_the_problem_list_is_bounded_and_counts_the_rest(world, settings, tmp_path):
    settings.DXOFFICE_EXCEL_MAX_PROBLEMS = 3
    result = import_plan(plan_file(8, due="không rõ"), by=world.coordinator, plan=world.plan)
    assert (len(result.problems), result.more_problems, result.problem_count) == (3, 5, 8)
    assert not result.ok and not Task.objects.exists()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_file(8, due="không rõ").getvalue())
    err = StringIO()
    with pytest.raises(CommandError, match="8 problem"):
        call_command("import_plan", str(path), "--plan", "KH-2026", "--as", "coordinator", stderr=err)
    assert err.getvalue().count("is not a date") == 3


def test_a_formula_with_an_empty_saved_result_is_an_error_naming_the_cell(world):
    data = filled_template(world.plan, [task_row(title="placeholder")])
    data = with_formula(data, "xl/worksheets/sheet2.xml", "B3", 'IF(A3="","","x")', "", kind="str")
    result = import_plan(data, by=world.coordinator, plan=world.plan)
    [problem] = result.problems
    assert (problem.row, problem.column, problem.cell) == (3, LABEL["title"], "B3")
    assert "formula has no saved result" in problem.message
    assert not Task.objects.exists()


def test_estimate_rows_reads_the_declared_size_or_counts_up_to_the_threshold(settings):
    settings.DXOFFICE_IMPORT_JOB_ROWS = 10
    assert estimate_rows(plan_file(30)) == 31
    assert estimate_rows(plan_file(30, write_only=True)) == 11  # counted just past the threshold
    assert estimate_rows(plan_file(3, write_only=True)) == 4
    assert estimate_rows(BytesIO(b"not a workbook")) == 0


# Origins of existing tasks --------------------------------------------------------------------------


def test_an_empty_origin_keeps_an_existing_tasks_origin(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, code="NV-001")
    task.origin = "direction"
    task.save()
    rows = [
        task_row(code="NV-001", title=task.title, origin="", sector="", partner="", coordinating_units="")
    ]
    result = import_plan(filled_template(world.plan, rows), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    task.refresh_from_db()
    assert task.origin == "direction"


def test_changing_an_existing_tasks_origin_is_refused(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, code="NV-001")
    result = import_plan(
        filled_template(world.plan, [task_row(code="NV-001", origin="other")]),
        by=world.coordinator,
        plan=world.plan,
    )
    [problem] = result.problems
    assert problem.column == LABEL["origin"] and "cannot be changed" in problem.message
    task.refresh_from_db()
    assert task.origin == "plan"


def test_a_new_task_takes_the_origin_given(world):
    result = import_plan(
        filled_template(world.plan, [task_row(origin="Other")]), by=world.coordinator, plan=world.plan
    )
    assert result.ok, result.problems
    assert Task.objects.get().origin == "other"
