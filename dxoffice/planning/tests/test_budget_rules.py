"""One rule for each business rule: the budget line's validation and the disbursement rate."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dxoffice.planning import services
from dxoffice.planning.models import BudgetLine
from dxoffice.planning.rules import budget_line_errors, disbursement_rate
from dxoffice.planning.tests.factories import BudgetLineFactory, TaskFactory


@pytest.mark.parametrize(
    ("disbursed", "allocated", "rate"),
    [
        (0, 0, None),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),  # half up, not to even
        (3, 16, Decimal("18.8")),  # 18.75
        (Decimal("5000000000"), Decimal("5000000000"), Decimal("100.0")),
    ],
)
def test_the_disbursement_rate_has_one_rounding_rule(disbursed, allocated, rate):
    assert disbursement_rate(disbursed, allocated) == rate


def test_budget_line_rules_name_each_field():
    errors = budget_line_errors(
        year=2040,
        program_years=range(2026, 2031),
        planned=Decimal(-1),
        allocated=Decimal(5),
        disbursed=Decimal(6),
    )
    assert set(errors) == {"year", "planned", "disbursed"}
    assert (
        budget_line_errors(
            year=2027,
            program_years=range(2026, 2031),
            planned=Decimal(1),
            allocated=Decimal(5),
            disbursed=Decimal(5),
        )
        == {}
    )


@pytest.mark.django_db
def test_the_service_the_model_and_the_screens_use_the_same_rule(world):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    with pytest.raises(ValidationError) as error:
        services.budget_line_save(
            by=world.coordinator,
            task=task,
            year=2026,
            source="provincial",
            allocated=Decimal(5),
            disbursed=Decimal(6),
        )
    assert "disbursed" in error.value.message_dict
    assert not BudgetLine.objects.exists()  # nothing half-saved
    line = BudgetLineFactory(task=task, allocated=Decimal(3), disbursed=Decimal(2))
    assert line.disbursement_rate == Decimal("66.7")
