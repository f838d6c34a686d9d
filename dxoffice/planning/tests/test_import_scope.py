"""The import's dry run is no oracle: a row about a task out of the importer's scope gets the
answer an unknown code gets, before anything is compared (no lead unit, dates or budget told)."""

from decimal import Decimal

import pytest

from dxoffice.core.models import Role
from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning.excel.importer import import_plan
from dxoffice.planning.tests.factories import BudgetLineFactory, TaskFactory
from dxoffice.planning.tests.test_excel_support import (
    english,  # noqa: F401
    filled_template,
    task_row,
)

pytestmark = pytest.mark.django_db


def messages(result):
    return sorted(str(problem.message) for problem in result.problems)


def test_a_hidden_task_reads_as_an_unknown_one(world):
    hidden = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code="A-001")
    BudgetLineFactory(task=hidden, year=2026, source="provincial", planned=Decimal(500_000_000))
    importer = user_with_role(Role.COORDINATOR, world.commune_b, username="cn-b")
    budget = [
        {"task": code, "year": 2026, "source": "provincial", "planned": 500_000_000}
        for code in ("A-001", "NONE-1")
    ]

    def dry_run(code):
        # Its own unit as lead and no due date: an unknown code is told the due date is missing;
        # the hidden task's own dates, lead unit and figures must not come into the answer.
        row = task_row(code=code, lead_unit="XA-B", coordinating_units="", partner="", sector="", due_date="")
        file = filled_template(world.plan, [row], [b for b in budget if b["task"] == code])
        result = import_plan(file, by=importer, plan=world.plan, dry_run=True)
        return [m.replace(code, "CODE") for m in messages(result)], result.unchanged, result.updated

    hidden_answer = dry_run("A-001")
    assert hidden_answer == dry_run("NONE-1")
    assert any("due date is required" in m for m in hidden_answer[0])


def test_budget_rows_of_a_hidden_task_read_as_unknown(world):
    hidden = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code="A-002")
    BudgetLineFactory(task=hidden, year=2026, source="provincial", planned=Decimal(700_000_000))
    importer = user_with_role(Role.COORDINATOR, world.commune_b, username="cn-b2")
    answers = []
    for code in ("A-002", "NONE-2"):
        file = filled_template(
            world.plan, [], [{"task": code, "year": 2026, "source": "provincial", "planned": 700_000_000}]
        )
        result = import_plan(file, by=importer, plan=world.plan, dry_run=True)
        answers.append(([m.replace(code, "CODE") for m in messages(result)], result.budget_unchanged))
    assert answers[0] == answers[1]
    assert answers[0][1] == 0
