"""An objective's actual follows the reports' period rules: a period that has not begun is no
actual (it used to turn the outlook to "achieved")."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.models import ObjectiveActual, ObjectiveTarget
from dxoffice.planning.performance import Outlook, performance_of
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def test_a_future_actual_is_refused_and_the_outlook_stays(world):
    objective = ObjectiveFactory(program=world.program, baseline_value=Decimal(0), baseline_year=2025)
    ObjectiveTarget.objects.create(objective=objective, year=2030, value=Decimal(100))
    next_year = local_today().year + 1
    with pytest.raises(ValidationError) as refused:
        services.objective_record_actual(
            by=world.coordinator, objective=objective, period="2030", value=Decimal(100)
        )
    assert "period" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.objective_record_actual(
            by=world.coordinator, objective=objective, period=f"{next_year}Q1", value=Decimal(100)
        )
    assert not ObjectiveActual.objects.filter(objective=objective).exists()
    assert performance_of(objective, local_today()).outlook != Outlook.ACHIEVED


def test_the_api_answers_400_naming_the_period(world):
    objective = ObjectiveFactory(program=world.program)
    answer = ApiClient(world.coordinator).post(
        f"/objectives/{objective.pk}/actuals", {"period": "2030", "value": 5}
    )
    assert answer.status_code == 400 and "period" in answer.json()["errors"]
