"""The register export: same filters and scope as the register page, no N+1, re-importable."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.planning.excel.exporter import EXPORT_COLUMNS
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.models import ReportStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import BudgetLineFactory, DirectiveFactory, ReportFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import english  # noqa: F401

KEYS = [column.key for column in EXPORT_COLUMNS]
URL = reverse("planning:task_export")


@pytest.fixture
def tasks(world):
    today = local_today()
    late = TaskFactory(
        plan=world.plan,
        code="NV-LATE",
        pillar=world.pillar,
        lead_unit=world.department,
        sector=world.sector,
        partner=world.partner_org,
        start_date=today - timedelta(days=90),
        due_date=today - timedelta(days=3),
        priority="high",
    )
    late.coordinating_units.set([world.commune_a])
    late.directives.set([DirectiveFactory(number="57-NQ/TW")])
    commune = TaskFactory(
        plan=world.plan,
        code="NV-XA-A",
        pillar=world.pillar,
        lead_unit=world.commune_a,
        start_date=today - timedelta(days=30),
        due_date=today + timedelta(days=30),
    )
    other = TaskFactory(
        plan=world.plan,
        code="NV-XA-B",
        pillar=world.pillar,
        lead_unit=world.commune_b,
        start_date=today - timedelta(days=30),
        due_date=today + timedelta(days=30),
    )
    BudgetLineFactory(
        task=late, source="provincial", planned=Decimal(1000), allocated=Decimal(800), disbursed=Decimal(200)
    )
    BudgetLineFactory(
        task=late, source="enterprise", planned=Decimal(500), allocated=Decimal(0), disbursed=Decimal(0)
    )
    ReportFactory(task=commune, period="2026Q1", percent_complete=40, status=ReportStatus.ACCEPTED)
    return {"late": late, "commune": commune, "other": other}


def export(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return response


def rows(response, sheet="Tasks"):
    ws = load_workbook(BytesIO(response.content))[sheet]
    values = list(ws.iter_rows(values_only=True))
    keys = list(values[3])
    return [dict(zip(keys, row, strict=True)) for row in values[4:]]


def test_layout_title_filters_and_values(client, world, tasks):
    response = export(client, world.coordinator)
    workbook = load_workbook(BytesIO(response.content))
    ws = workbook["Tasks"]
    assert ws["A1"].value == "Task register"
    assert "All tasks" in ws["A2"].value and f"{local_today():%d/%m/%Y}" in ws["A2"].value
    assert [c.value for c in ws[4]] == KEYS
    assert ws["B3"].value == "Mã nhiệm vụ (*)\nTask code" and ws["B3"].font.bold
    last = ws.cell(row=4, column=len(KEYS)).column_letter
    assert ws.freeze_panes == "C5" and ws.auto_filter.ref == f"A4:{last}7"
    by_code = {row["code"]: row for row in rows(response)}
    assert list(by_code) == ["NV-LATE", "NV-XA-A", "NV-XA-B"]
    late = by_code["NV-LATE"]
    assert (late["plan"], late["pillar"], late["pillar_name"], late["sector"]) == (
        "KH-2026",
        "CQS",
        "Digital government",
        "YTE",
    )
    assert (late["lead_unit"], late["coordinating_units"], late["partner"], late["directives"]) == (
        "SKHCN",
        "XA-A",
        "DOITAC",
        "57-NQ/TW",
    )
    assert late["tracking"] == "Overdue, not completed" and late["status"] == "Not started"
    assert (late["budget_planned"], late["budget_allocated"], late["budget_disbursed"]) == (1500, 800, 200)
    assert late["due_date"].date() == tasks["late"].due_date
    assert (by_code["NV-XA-A"]["progress"], by_code["NV-XA-A"]["latest_period"]) == (40, "2026Q1")
    budget = rows(response, "Budget")
    assert [(line["task"], line["planned"]) for line in budget] == [("NV-LATE", 500), ("NV-LATE", 1000)]


def test_filters_are_the_register_filters(client, world, tasks):
    response = export(client, world.coordinator, overdue="true")
    assert [row["code"] for row in rows(response)] == ["NV-LATE"]
    assert "overdue = true" in load_workbook(BytesIO(response.content))["Tasks"]["A2"].value
    assert [row["code"] for row in rows(export(client, world.coordinator, unit="XA-B"))] == ["NV-XA-B"]
    found = rows(export(client, world.coordinator, q="xa-a", sort="-code"))
    assert [row["code"] for row in found] == ["NV-XA-A"]


def test_scope_is_the_users(client, world, tasks):
    # focal point of commune A: the task it leads and the one it coordinates, not commune B's
    assert sorted(row["code"] for row in rows(export(client, world.focal_a))) == ["NV-LATE", "NV-XA-A"]
    assert [row["code"] for row in rows(export(client, world.focal_b))] == ["NV-XA-B"]
    assert rows(export(client, world.outsider)) == []
    budget = rows(export(client, world.focal_b), "Budget")
    assert budget == []


def test_a_bad_filter_is_a_400_naming_it(client, world):
    client.force_login(world.coordinator)
    response = client.get(URL, {"status": "bogus"})
    assert response.status_code == 400 and b"status" in response.content
    assert client.get(URL, {"overdue": "maybe"}).status_code == 400


def test_login_required(client):
    assert client.get(URL).status_code == 302


def test_no_query_per_task(client, world, tasks):
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(12):
        task = TaskFactory(
            plan=world.plan, code=f"NV-{number:03d}", pillar=world.pillar, lead_unit=world.department
        )
        task.coordinating_units.set([world.commune_a, world.commune_b])
        BudgetLineFactory(task=task)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(rows(response)) == 15
    assert len(many) == len(few)


def test_an_export_imports_back_unchanged(client, world, tasks):
    response = export(client, world.coordinator)
    result = import_plan(BytesIO(response.content), by=world.coordinator, plan=world.plan)
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert (result.budget_created, result.budget_updated, result.budget_unchanged) == (0, 0, 2)
