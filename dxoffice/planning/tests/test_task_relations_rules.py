"""The API holds the task form's rules: a partner is not a coordinating unit (which would let it
see the task), and sub-tasks are one level deep (no cycles, no deep nesting)."""

import pytest
from django.core.exceptions import ValidationError

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.models import Task
from dxoffice.planning.tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = {
        "plan": "KH-2026",
        "code": "NV-900",
        "title": "Nhiệm vụ",
        "pillar": "CQS",
        "lead_unit": "SKHCN",
        "due_date": "2026-12-31",
    }
    data.update(overrides)
    return data


def test_a_partner_is_not_a_coordinating_unit(world):
    api = ApiClient(world.coordinator)
    answer = api.post("/tasks", body(coordinating_units=["DOITAC"]))
    assert answer.status_code == 400 and "coordinating_units" in answer.json()["errors"]
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department)
    patched = api.patch(f"/tasks/{task.pk}", {"coordinating_units": ["DOITAC"]})
    assert patched.status_code == 400
    assert not task.coordinating_units.exists()
    assert ApiClient(world.partner).get(f"/tasks/{task.pk}").status_code == 404


def test_sub_tasks_are_one_level_deep(world):
    api = ApiClient(world.coordinator)
    top = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department)
    child = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, parent=top)
    grandchild = api.post("/tasks", body(parent=child.pk))
    assert grandchild.status_code == 400 and "parent" in grandchild.json()["errors"]
    cycle = api.patch(f"/tasks/{top.pk}", {"parent": child.pk})
    assert cycle.status_code == 400 and "parent" in cycle.json()["errors"]
    assert Task.objects.get(pk=top.pk).parent_id is None
    assert api.post("/tasks", body(parent=top.pk)).status_code == 201


def test_a_parent_of_another_plan_is_refused(world):
    other = TaskFactory(
        plan=PlanFactory(program=world.program, year=2027, code="KH-2027"),
        pillar=world.pillar,
        lead_unit=world.department,
    )
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department)
    with pytest.raises(ValidationError) as refused:
        services.task_update(by=world.coordinator, task=task, parent=other)
    assert "parent" in refused.value.message_dict
