"""History pages of an objective's targets and actuals and of a task's milestones; the objective's
own History names who entered each actual and target."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dxoffice.planning import services
from dxoffice.planning.models import ObjectiveTarget
from dxoffice.planning.tests.factories import ObjectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse("core:history", args=[obj._meta.label_lower, obj.pk])


def test_actuals_targets_and_milestones_have_history_pages(client, world):
    objective = ObjectiveFactory(program=world.program, lead_unit=world.department)
    actual = services.objective_record_actual(
        by=world.dept_focal, objective=objective, period="2026Q3", value=Decimal("12.5")
    )
    services.objective_save(by=world.coordinator, objective=objective, targets={2026: Decimal(20)})
    target = ObjectiveTarget.objects.get(objective=objective, year=2026)
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    milestone = services.milestone_save(
        by=world.coordinator, task=task, title="Nghiệm thu", due_date=date(2026, 12, 20)
    )

    client.force_login(world.viewer)
    for record in (actual, target, milestone):
        page = client.get(history_url(record))
        assert page.status_code == 200, record
        assert page.context["history"][0].user
    client.force_login(world.focal_b)  # the milestone follows its task's visibility
    assert client.get(history_url(milestone)).status_code == 404


def test_the_objectives_history_says_who_entered_each_actual(client, world):
    objective = ObjectiveFactory(program=world.program, lead_unit=world.department)
    services.objective_record_actual(
        by=world.dept_focal, objective=objective, period="2026Q3", value=Decimal("12.5")
    )
    services.objective_save(by=world.coordinator, objective=objective, targets={2026: Decimal(20)})
    client.force_login(world.viewer)
    entries = client.get(history_url(objective)).context["history"]
    actual_entry = next(e for e in entries if e.event == "actual.recorded")
    assert actual_entry.user == str(world.dept_focal)
    assert "2026Q3" in actual_entry.subject
    target_entry = next(e for e in entries if e.event == "target.saved")
    assert target_entry.user == str(world.coordinator)
