"""Importing a filled template: round trip, relations, audit, idempotence, updates, dry runs."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dxoffice.planning.excel import importer
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import BudgetLine, Task
from dxoffice.planning.tests.factories import DirectiveFactory, ObjectiveFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
)


@pytest.fixture
def refs(world):
    return {
        "directive": DirectiveFactory(number="57-NQ/TW"),
        "objective": ObjectiveFactory(program=world.program, code="MT-01"),
    }


@pytest.fixture(params=["services", "bulk"])
def path(request, monkeypatch):
    """Run a test through the per-row services and through the bulk path: same outcome."""
    if request.param == "bulk":
        monkeypatch.setattr(importer, "BULK_THRESHOLD", 0)
    return request.param


def _rows():
    return [
        task_row(
            directives="57-NQ/TW",
            objectives="MT-01",
            description="Dòng 1\nDòng 2",
            expected_result="Kho dữ liệu vận hành",
            origin_ref="KH 0280/KH-UBND",
            reporting_cycle="M",
        ),
        task_row(
            code="NV-002",
            title="Tập huấn kỹ năng số",
            kind="task",
            lead_unit="XA-A",
            coordinating_units="",
            partner="",
            sector="",
            is_recurring="Có",
            due_date="",
            start_date=datetime(2026, 1, 15),
            priority="normal",
        ),
    ]


def _budget():
    return [
        {
            "task": "NV-001",
            "source": "provincial",
            "planned": 2_000_000_000,
            "allocated": "1.500.000.000",
            "disbursed": 300_000_000,
            "note": "Vốn tỉnh",
        },
        {"task": "NV-001", "year": 2027, "source": "enterprise", "planned": 500_000_000},
    ]


def _import(world, **options):
    return import_plan(
        filled_template(world.plan, _rows(), _budget()), by=world.coordinator, plan=world.plan, **options
    )


def test_round_trip_creates_tasks_with_relations_and_budget(world, refs, path):
    result = _import(world)
    assert result.ok, result.problems
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert (result.budget_created, result.budget_updated) == (2, 0)
    task = Task.objects.get(plan=world.plan, code="NV-001")
    assert task.title == "Xây dựng kho dữ liệu dùng chung"
    assert (task.kind, task.priority, task.origin, task.reporting_cycle) == ("project", "high", "plan", "M")
    assert (task.pillar, task.sector, task.lead_unit, task.partner) == (
        world.pillar,
        world.sector,
        world.department,
        world.partner_org,
    )
    assert set(task.coordinating_units.all()) == {world.commune_a, world.commune_b}
    assert list(task.directives.all()) == [refs["directive"]]
    assert list(task.objectives.all()) == [refs["objective"]]
    assert (task.start_date, task.due_date) == (date(2026, 2, 1), date(2026, 11, 30))
    assert task.description == "Dòng 1\nDòng 2" and task.origin_ref == "KH 0280/KH-UBND"
    assert task.created_by == world.coordinator and task.search_text.startswith("nv-001 xay dung")
    recurring = Task.objects.get(code="NV-002")
    assert recurring.is_recurring and recurring.due_date is None and recurring.start_date == date(2026, 1, 15)
    assert recurring.sector is None and recurring.partner is None
    assert not recurring.coordinating_units.exists()
    line = BudgetLine.objects.get(task=task, year=2026)
    assert (line.source, line.planned, line.allocated, line.disbursed, line.note) == (
        "provincial",
        Decimal("2000000000"),
        Decimal("1500000000"),
        Decimal("300000000"),
        "Vốn tỉnh",
    )
    assert BudgetLine.objects.get(task=task, year=2027).source == "enterprise"


def test_history_is_attributed_to_the_importer(world, refs, path):
    _import(world)
    task = Task.objects.get(code="NV-001")
    records = list(task.history.all())
    assert records and {record.history_user for record in records} == {world.coordinator}
    assert records[-1].history_type == "+"
    # the latest record holds the relations as imported
    latest = records[0]
    assert {link.orgunit for link in latest.coordinating_units.all()} == {world.commune_a, world.commune_b}
    assert {line.history_user for line in BudgetLine.history.all()} == {world.coordinator}


def test_reimporting_the_same_file_changes_nothing(world, refs, path):
    first = _import(world)
    assert first.created == 2
    history = Task.history.count()
    again = _import(world)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (again.budget_created, again.budget_updated, again.budget_unchanged) == (0, 0, 2)
    assert Task.objects.count() == 2 and BudgetLine.objects.count() == 2
    assert Task.history.count() == history


def test_changed_rows_are_updated_and_others_left_alone(world, refs, path):
    _import(world)
    rows = _rows()
    rows[0].update(due_date="15/12/2026", coordinating_units="XA-B", directives="")
    budget = _budget()
    budget[0]["disbursed"] = 900_000_000
    result = import_plan(filled_template(world.plan, rows, budget), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert (result.budget_created, result.budget_updated, result.budget_unchanged) == (0, 1, 1)
    task = Task.objects.get(code="NV-001")
    assert task.due_date == date(2026, 12, 15)
    assert list(task.coordinating_units.all()) == [world.commune_b] and not task.directives.exists()
    assert task.history.first().history_user == world.coordinator
    assert BudgetLine.objects.get(task=task, year=2026).disbursed == Decimal("900000000")


def test_columns_missing_from_the_file_are_left_untouched(world):
    task = TaskFactory(
        plan=world.plan,
        code="NV-009",
        pillar=world.pillar,
        lead_unit=world.department,
        description="Giữ nguyên",
        priority="high",
    )
    data = filled_template(
        world.plan,
        [
            {
                "code": "NV-009",
                "title": "Tên mới",
                "pillar": "CQS",
                "lead_unit": "SKHCN",
                "due_date": task.due_date,
            }
        ],
    )
    # drop every column but the four required ones and the due date by importing a reduced sheet
    from openpyxl import load_workbook

    workbook = load_workbook(data)
    ws = workbook["Tasks"]
    keep = {"code", "title", "pillar", "lead_unit", "due_date"}
    for index in range(ws.max_column, 0, -1):
        if ws.cell(row=2, column=index).value not in keep:
            ws.delete_cols(index)
    data.seek(0)
    data.truncate()
    workbook.save(data)
    data.seek(0)
    result = import_plan(data, by=world.coordinator, plan=world.plan)
    assert result.ok and result.updated == 1
    task.refresh_from_db()
    assert task.title == "Tên mới" and task.description == "Giữ nguyên" and task.priority == "high"


def test_dry_run_counts_but_saves_nothing(world, refs, path):
    result = _import(world, dry_run=True)
    assert result.ok and result.dry_run and not result.saved
    assert (result.created, result.budget_created) == (2, 2)
    assert not Task.objects.exists() and not BudgetLine.objects.exists() and not Task.history.exists()


def test_labels_without_the_key_row_and_labels_instead_of_codes(world):
    rows = [task_row(kind="Project", priority="High", origin="Plan", reporting_cycle="Quarterly")]
    data = filled_template(world.plan, rows, keys_row=False)
    result = import_plan(data, by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    task = Task.objects.get()
    assert (task.kind, task.priority, task.origin, task.reporting_cycle) == ("project", "high", "plan", "Q")


def test_someone_who_plans_nowhere_cannot_import(world):
    with pytest.raises(PermissionDenied):
        import_plan(filled_template(world.plan, [task_row()]), by=world.focal_a, plan=world.plan)
    assert not Task.objects.exists()
