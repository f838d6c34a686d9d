"""The annual-plan template: sheets, headers, keys, drop-downs and reference lists."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.planning.excel.columns import BUDGET_COLUMNS, TASK_COLUMNS
from dxoffice.planning.excel.template import template_bytes
from dxoffice.planning.tests.factories import DirectiveFactory, ObjectiveFactory, PlanFactory
from dxoffice.planning.tests.test_excel_support import english  # noqa: F401


@pytest.fixture
def workbook(world):
    DirectiveFactory(number="57-NQ/TW", title="Đột phá phát triển khoa học, công nghệ")
    ObjectiveFactory(program=world.program, code="MT-01", title="Tỷ lệ hồ sơ trực tuyến", pillar=world.pillar)
    return load_workbook(BytesIO(template_bytes(world.plan)))


def _validations(ws) -> dict[str, object]:
    """Validation rule by the column letter it covers."""
    found = {}
    for rule in ws.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = rule
    return found


def test_sheets_and_instructions(workbook):
    assert workbook.sheetnames == [
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
    assert workbook.active.title == "Tasks"
    text = "\n".join(str(c.value) for c in workbook["Instructions"]["A"] if c.value)
    assert text.index("HƯỚNG DẪN") < text.index("HOW TO FILL IN")  # Vietnamese first, English second
    assert "KH-2026" in text and "Budget" in text and "code" in text


def test_tasks_sheet_headers_keys_and_layout(workbook):
    ws = workbook["Tasks"]
    labels = [c.value for c in ws[1]]
    keys = [c.value for c in ws[2]]
    assert keys == [column.key for column in TASK_COLUMNS]
    for required in ("code", "title", "pillar", "lead_unit"):
        assert required in keys
    for key in (
        "description",
        "kind",
        "sector",
        "coordinating_units",
        "partner",
        "directives",
        "objectives",
        "start_date",
        "due_date",
        "is_recurring",
        "reporting_cycle",
        "priority",
        "origin",
        "expected_result",
    ):
        assert key in keys
    assert labels[0] == "Mã nhiệm vụ (*)\nTask code"  # Vietnamese label, English on a second line
    assert labels[keys.index("due_date")] == "Hạn hoàn thành\nDue date"
    assert ws.freeze_panes == "C3"
    assert ws.column_dimensions["B"].width == 48
    assert ws["A1"].comment is not None  # hint on the code column
    due = keys.index("due_date") + 1
    assert ws.column_dimensions[chr(64 + due)].number_format == "DD/MM/YYYY"
    assert ws.max_row == 2  # no sample rows that would be imported by mistake


def test_drop_downs_and_checks(workbook):
    ws = workbook["Tasks"]
    keys = [c.value for c in ws[2]]
    rules = _validations(ws)

    def rule(key):
        return rules[chr(65 + keys.index(key))]

    assert rule("pillar").type == "list" and rule("pillar").formula1 == "'Pillars'!$A$2:$A$2"
    assert rule("sector").formula1 == "'Sectors'!$A$2:$A$2"
    assert rule("lead_unit").formula1 == "'Units'!$A$2:$A$5"  # province, two communes, department
    assert rule("partner").formula1 == "'Partners'!$A$2:$A$3"
    for key in ("kind", "priority", "origin", "reporting_cycle"):
        assert rule(key).type == "list" and rule(key).formula1.startswith("'Lists'!")
    assert rule("is_recurring").formula1 == '"Có,Không"'
    assert rule("due_date").type == "date"
    assert rule("title").type == "textLength" and rule("title").formula1 == "500"
    budget = workbook["Budget"]
    assert [c.value for c in budget[2]] == [column.key for column in BUDGET_COLUMNS]
    budget_rules = _validations(budget)
    assert budget_rules["C"].formula1.startswith("'Lists'!")  # funding source
    assert budget_rules["D"].type == "decimal" and budget_rules["D"].operator == "greaterThanOrEqual"
    assert budget_rules["B"].type == "whole" and (budget_rules["B"].formula1, budget_rules["B"].formula2) == (
        "2026",
        "2030",
    )


def test_reference_sheets_come_from_the_database(workbook, world):
    units = [row for row in workbook["Units"].iter_rows(min_row=2, values_only=True)]
    assert ("SKHCN", "Sở Khoa học và Công nghệ") in [row[:2] for row in units]
    assert "DOITAC" not in [row[0] for row in units]  # partners are listed apart
    partners = workbook["Partners"].iter_rows(min_row=2, values_only=True)
    assert [row[0] for row in partners] == ["DN-KHAC", "DOITAC"]
    assert [row[:3] for row in workbook["Pillars"].iter_rows(min_row=2, values_only=True)] == [
        ("CQS", "Chính quyền số", "Digital government")
    ]
    assert [row[0] for row in workbook["Sectors"].iter_rows(min_row=2, values_only=True)] == ["YTE"]
    assert [row[0] for row in workbook["Directives"].iter_rows(min_row=2, values_only=True)] == ["57-NQ/TW"]
    assert [row[0] for row in workbook["Objectives"].iter_rows(min_row=2, values_only=True)] == ["MT-01"]
    lists = workbook["Lists"]
    assert [lists.cell(row=r, column=1).value for r in range(2, 5)] == ["task", "project", "scheme"]


def test_template_download(client, world):
    other = PlanFactory(program=world.program, year=2027, code="KH-2027")
    client.force_login(world.coordinator)
    response = client.get(reverse("planning:plan_template"), {"plan": "KH-2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "KH-2026-template.xlsx" in response["Content-Disposition"]
    text = str(load_workbook(BytesIO(response.content))["Instructions"]["A1"].value)
    assert text.startswith("KH-2026")
    latest = client.get(reverse("planning:plan_template"))
    assert str(load_workbook(BytesIO(latest.content))["Instructions"]["A1"].value).startswith(other.code)
    assert client.get(reverse("planning:plan_template"), {"plan": "NOPE"}).status_code == 404
