"""The template in the language it is downloaded in: Vietnamese sheet names and drop-down labels in the
Vietnamese template, English in the English one; the import accepts either language's labels, the
codes, and finds the sheets by either language's name."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.utils import range_boundaries

from dxoffice.core.excel.values import CellError
from dxoffice.planning.excel.choices import ChoiceReader, offered_labels
from dxoffice.planning.excel.columns import SHEET_NAME_MAX, SHEET_NAMES, TASK_COLUMNS, sheet_name
from dxoffice.planning.excel.exporter import export_bytes
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.excel.template import FIRST_DATA_ROW, template_bytes
from dxoffice.planning.models import BudgetLine, Task
from dxoffice.planning.selectors import TaskFilters
from dxoffice.planning.tests.factories import BudgetLineFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import BUDGET_KEYS, TASK_KEYS, task_row

VI_SHEETS = [
    "Hướng dẫn",
    "Nhiệm vụ",
    "Ngân sách",
    "Đơn vị",
    "Đối tác",
    "Trụ cột",
    "Lĩnh vực",
    "Văn bản chỉ đạo",
    "Mục tiêu",
    "Danh mục",
]
EN_SHEETS = [
    "Instructions",
    "Tasks",
    "Budget",
    "Units",
    "Partners",
    "Pillars",
    "Sectors",
    "Directives",
    "Objectives",
    "Lists",
]
COLUMN = {column.key: column for column in TASK_COLUMNS}


def template(plan: Any, language: str) -> Workbook:
    with translation.override(language):
        return load_workbook(BytesIO(template_bytes(plan)))


def filled(plan: Any, language: str, tasks: Sequence[dict], budget: Sequence[dict] = ()) -> BytesIO:
    """The `language` template for `plan`, its tasks and budget sheets (named in `language`) filled in."""
    workbook = template(plan, language)
    names = VI_SHEETS if language == "vi" else EN_SHEETS
    for ws, keys, rows in ((workbook[names[1]], TASK_KEYS, tasks), (workbook[names[2]], BUDGET_KEYS, budget)):
        for offset, row in enumerate(rows):
            for key, value in row.items():
                ws.cell(row=FIRST_DATA_ROW + offset, column=keys.index(key) + 1, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def run(world: Any, data: BytesIO, language: str = "vi", **options: Any):
    with translation.override(language):
        return import_plan(data, by=world.coordinator, plan=world.plan, **options)


def drop_down(workbook: Workbook, sheet: str, key: str) -> tuple[str, list[object]]:
    """The list formula of column `key` of `sheet` and the values it offers."""
    ws = workbook[sheet]
    keys = [cell.value for cell in ws[2]]
    letter = chr(65 + keys.index(key))
    rule = next(r for r in ws.data_validations.dataValidation if str(r.sqref).startswith(f"{letter}3:"))
    source, cells = rule.formula1.split("!")
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    values = [
        row[0]
        for row in workbook[source.strip("'")].iter_rows(
            min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True
        )
    ]
    return rule.formula1, values


VI_ROW = {
    "kind": "Dự án",
    "priority": "Cao",
    "reporting_cycle": "Hằng tháng",
    "origin": "Kế hoạch năm",
    "is_recurring": "Không",
}
VI_BUDGET = {"task": "NV-001", "source": "Ngân sách tỉnh", "planned": 1_000_000}
STORED = ("project", "high", "M", "plan")


def stored(task: Task) -> tuple[str, str, str, str]:
    return (task.kind, task.priority, task.reporting_cycle, task.origin)


# The template ------------------------------------------------------------------------------------


def test_the_vietnamese_template_names_its_sheets_in_vietnamese(world):
    workbook = template(world.plan, "vi")
    assert workbook.sheetnames == VI_SHEETS
    assert workbook.active.title == "Nhiệm vụ"
    assert all(len(name) <= SHEET_NAME_MAX and not set(name) & set("[]:*?/\\") for name in VI_SHEETS)
    instructions = "\n".join(str(c.value) for c in workbook["Hướng dẫn"]["A"] if c.value)
    assert "trang Nhiệm vụ" in instructions and "trang Ngân sách" in instructions
    assert "Tasks" not in instructions  # the instructions name the sheets as this workbook does
    assert workbook["Nhiệm vụ"]["E1"].comment.text.startswith("Xem trang Trụ cột.")


def test_a_translated_sheet_name_is_made_safe_for_excel(monkeypatch):
    monkeypatch.setitem(SHEET_NAMES, "lists", "'Danh mục: [mã/nhãn]* của các cột chọn từ danh sách?'")
    name = sheet_name("lists", "vi")
    assert name == "Danh mục mã nhãn của các cột c"
    assert len(name) <= SHEET_NAME_MAX and not set(name) & set("[]:*?/\\'")


def test_the_vietnamese_drop_downs_offer_vietnamese_labels(world):
    workbook = template(world.plan, "vi")
    formula, offered = drop_down(workbook, "Nhiệm vụ", "priority")
    assert formula.startswith("'Danh mục'!$")
    assert offered == ["Cao", "Bình thường", "Thấp"]
    assert drop_down(workbook, "Nhiệm vụ", "reporting_cycle")[1] == ["Hằng tháng", "Hằng quý", "Hằng năm"]
    assert drop_down(workbook, "Nhiệm vụ", "kind")[1] == ["Nhiệm vụ", "Dự án", "Đề án"]
    assert "Kế hoạch năm" in drop_down(workbook, "Nhiệm vụ", "origin")[1]
    assert "Ngân sách tỉnh" in drop_down(workbook, "Ngân sách", "source")[1]
    assert drop_down(workbook, "Nhiệm vụ", "pillar")[1] == ["CQS"]  # codes of records stay codes
    lists = [row[:2] for row in workbook["Danh mục"].iter_rows(min_row=2, max_row=4, values_only=True)]
    assert lists == [("task", "Nhiệm vụ"), ("project", "Dự án"), ("scheme", "Đề án")]  # code beside label


def test_the_english_template_keeps_english_names_and_labels(world):
    workbook = template(world.plan, "en")
    assert workbook.sheetnames == EN_SHEETS
    formula, offered = drop_down(workbook, "Tasks", "priority")
    assert formula.startswith("'Lists'!$") and offered == ["High", "Normal", "Low"]
    assert "Provincial budget" in drop_down(workbook, "Budget", "source")[1]


def test_the_download_follows_the_users_language(client, settings, world):
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get(reverse("planning:plan_template"), {"plan": "KH-2026"})
    assert load_workbook(BytesIO(response.content)).sheetnames == VI_SHEETS


# The import --------------------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "real"])
def test_a_vietnamese_template_filled_with_vietnamese_labels_imports(world, dry_run):
    data = filled(world.plan, "vi", [task_row(**VI_ROW)], [VI_BUDGET])
    result = run(world, data, dry_run=dry_run)
    assert result.ok, result.problems
    assert (result.rows, result.created, result.budget_created) == (1, 1, 1)
    if dry_run:
        assert not Task.objects.exists() and not BudgetLine.objects.exists()
        return
    task = Task.objects.get(plan=world.plan, code="NV-001")
    assert stored(task) == STORED and task.is_recurring is False
    assert BudgetLine.objects.get(task=task).source == "provincial"


@pytest.mark.parametrize(
    "values, source",
    [
        (
            {"kind": "Project", "priority": "High", "reporting_cycle": "Monthly", "origin": "Annual plan"},
            "Provincial budget",
        ),
        ({"kind": "PROJECT", "priority": "high", "reporting_cycle": "m", "origin": "Plan"}, "PROVINCIAL"),
        (
            {
                "kind": "du an",
                "priority": " CAO ",
                "reporting_cycle": "hang  thang",
                "origin": "ke hoach nam",
            },
            "ngan sach tinh",
        ),
        (
            {"kind": "Dự án / Project", "priority": "Cao / High", "reporting_cycle": "M", "origin": "plan"},
            "provincial",
        ),
    ],
    ids=["english-labels", "codes-any-case", "no-diacritics-extra-spaces", "bilingual-labels"],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_english_labels_and_codes_still_import(world, values, source, language):
    budget = [{**VI_BUDGET, "source": source}]
    result = run(world, filled(world.plan, language, [task_row(**values)], budget), language)
    assert result.ok, result.problems
    assert stored(Task.objects.get(code="NV-001")) == STORED
    assert BudgetLine.objects.get().source == "provincial"


def test_an_unknown_label_names_row_and_column_and_lists_what_is_accepted(world):
    rows = [task_row(code="NV-001", **VI_ROW), task_row(code="NV-002", priority="Khẩn cấp")]
    result = run(world, filled(world.plan, "vi", rows, [VI_BUDGET]))
    assert not result.ok and len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Nhiệm vụ", 4, COLUMN["priority"].label)
    assert problem.cell == f"{chr(65 + TASK_KEYS.index('priority'))}4"
    assert "“Khẩn cấp” không có trong danh sách" in problem.message
    assert "Cao (high); Bình thường (normal); Thấp (low)" in problem.message
    assert not Task.objects.exists() and not BudgetLine.objects.exists()


def test_an_unknown_label_in_english(world):
    result = run(world, filled(world.plan, "en", [task_row(priority="Urgent")]), "en")
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Tasks", 3, COLUMN["priority"].label)]
    assert "“Urgent” is not in the list" in result.problems[0].message
    assert "High (high); Normal (normal); Low (low)" in result.problems[0].message
    assert not Task.objects.exists()


def test_sheets_are_found_by_either_languages_name(world):
    workbook = template(world.plan, "en")
    workbook["Tasks"].title, workbook["Budget"].title = "NHIỆM VỤ", "ngan sach"
    workbook.move_sheet("NHIỆM VỤ", offset=len(workbook.sheetnames))  # last: found by name, not by place
    ws, budget = workbook["NHIỆM VỤ"], workbook["ngan sach"]
    for key, value in task_row(**VI_ROW).items():
        ws.cell(row=FIRST_DATA_ROW, column=TASK_KEYS.index(key) + 1, value=value)
    for key, value in VI_BUDGET.items():
        budget.cell(row=FIRST_DATA_ROW, column=BUDGET_KEYS.index(key) + 1, value=value)
    data = BytesIO()
    workbook.save(data)
    result = run(world, data, "en")
    assert result.ok, result.problems
    assert (result.created, result.budget_created) == (1, 1)


def test_a_vietnamese_export_imports_back_unchanged(world):
    task = TaskFactory(plan=world.plan, code="NV-001", pillar=world.pillar, lead_unit=world.department)
    task.priority, task.kind, task.reporting_cycle = "high", "project", "M"
    task.save()
    BudgetLineFactory(task=task, source="provincial", planned=Decimal(1000))
    with translation.override("vi"):
        content = export_bytes(world.coordinator, TaskFilters())
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames == ["Nhiệm vụ", "Ngân sách"]
    assert "Cao" in [cell.value for row in workbook["Nhiệm vụ"].iter_rows() for cell in row]
    result = run(world, BytesIO(content))
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert (result.budget_created, result.budget_updated, result.budget_unchanged) == (0, 0, 1)


# Choices that look alike -------------------------------------------------------------------------


class Lookalike(models.TextChoices):
    MONTH = "month", "Tháng"
    WIN = "win", "Thắng"
    OTHER = "other", "Khác"
    ELSE = "else", "Khác"


def test_choices_that_fold_alike_never_collide():
    reader = ChoiceReader(Lookalike)
    assert reader.read("Tháng", "") == "month" and reader.read("THẮNG", "") == "win"  # diacritics decide
    with pytest.raises(CellError, match=r"“thang”.*Tháng \(month\); Thắng \(win\)"):
        reader.read("thang", "")  # could be either: refused, not guessed
    with pytest.raises(CellError):
        reader.read("Khác", "")  # two choices share the label
    assert reader.read("Khác (else)", "") == "else" and reader.read("OTHER", "") == "other"
    assert offered_labels(Lookalike, "vi") == {
        "month": "Tháng",
        "win": "Thắng",
        "other": "Khác (other)",
        "else": "Khác (else)",
    }
    assert reader.read(None, "month") == "month"  # blank: the default
