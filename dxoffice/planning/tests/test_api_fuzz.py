"""The register's and core's API under a property-based fuzzer (dxoffice/core/tests/api_fuzz.py), as a
coordinator. Schema-valid requests may be refused only by the rules listed in RULES (docs/api.md, "Rules
the schema cannot express"); each module fuzzes its own operations in its own tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dxoffice.core.tests.api_fuzz import fuzz, other_modules_paths
from dxoffice.planning.models import ReportStatus, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import (
    BudgetLineFactory,
    DirectiveFactory,
    ObjectiveFactory,
    ReportFactory,
    TaskFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Schema-valid requests the API may refuse, by operation: the fields whose rules the schema cannot
# express (they depend on other records, on other fields or on today's date). 400: a business rule;
# 422: a code or id that names no record the caller may use.
_TASK_RULES = {"due_date", "code", "lead_unit", "partner", "pillar", "sector", "parent", "coordinating_units"}
_TASK_CODES = {
    "pillar",
    "sector",
    "lead_unit",
    "partner",
    "parent",
    "coordinating_units",
    "directives",
    "objectives",
}
RULES: dict[str, dict[int, set[str]]] = {
    "unit_list": {422: {"parent"}},
    "task_list": {422: {"unit", "partner", "pillar", "sector", "directive", "objective", "origin"}},
    "task_create": {400: _TASK_RULES, 422: {"plan", "origin", *_TASK_CODES}},
    "task_update": {400: _TASK_RULES, 422: {"origin", *_TASK_CODES}},
    "task_status_change": {400: {"reason", "evidence", "completed_on"}},
    "task_attachment_add": {400: {"file"}},
    "report_create": {400: {"period"}},
    "report_update": {400: {"period", "__all__"}},
    "budget_line_list": {422: {"unit", "pillar"}},
    "budget_summary": {422: {"unit", "pillar"}},
    "budget_line_create": {400: {"year", "disbursed"}, 422: {"task"}},
    "budget_line_update": {400: {"year", "disbursed", "__all__"}},
    "objective_actual_record": {400: {"period"}},
    "directive_create": {400: {"number", "url"}},
    "directive_update": {400: {"number", "url"}},
}


@pytest.fixture
def province(world):
    today = local_today()
    tasks = [
        TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=unit,
            code=f"NV-{number}",
            due_date=today + timedelta(days=30 * number - 40),
            status=status,
        )
        for number, (unit, status) in enumerate(
            [
                (world.commune_a, TaskStatus.NOT_STARTED),
                (world.commune_b, TaskStatus.IN_PROGRESS),
                (world.department, TaskStatus.PAUSED),
                (world.commune_a, TaskStatus.COMPLETED),
            ],
            start=1,
        )
    ]
    for task in tasks:
        ReportFactory(task=task, status=ReportStatus.SUBMITTED, created_by=world.focal_a)
        BudgetLineFactory(task=task)
    ReportFactory(task=tasks[0], period="2026Q2", status=ReportStatus.DRAFT, created_by=world.focal_a)
    DirectiveFactory(number="57-NQ/TW")
    ObjectiveFactory(program=world.program, code="MT-01", pillar=world.pillar)
    return world


def test_the_register_and_core_api_under_the_fuzzer(province, monkeypatch):
    figures = fuzz(
        user=province.coordinator,
        rules=RULES,
        monkeypatch=monkeypatch,
        exclude=other_modules_paths("planning"),
    )
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))
