"""Archiving a plan archives the reach of its tasks: out of the register and the dashboard, no
edit, status move, report or budget line; History pages of archived records are the
administrators' only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.services import archive
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.selectors import TaskFilters, task_register
from dxoffice.planning.tests.factories import DirectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived_task(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    archive(world.plan, by=world.admin, reason="Thay bằng kế hoạch mới")
    task.refresh_from_db()
    return task


def history_url(obj):
    return reverse("core:history", args=[obj._meta.label_lower, obj.pk])


def test_tasks_of_an_archived_plan_leave_the_register(client, world, archived_task):
    assert not task_register(world.coordinator, TaskFilters()).filter(pk=archived_task.pk).exists()
    assert ApiClient(world.coordinator).get(f"/tasks/{archived_task.pk}").status_code == 404
    client.force_login(world.coordinator)
    assert client.get(reverse("planning:task_detail", args=[archived_task.pk])).status_code == 404


def test_no_write_reaches_a_task_of_an_archived_plan(world, archived_task):
    with pytest.raises(StateConflict):
        services.task_update(by=world.coordinator, task=archived_task, title="Sửa")
    with pytest.raises(StateConflict):
        services.task_change_status(
            by=world.coordinator, task=archived_task, status=TaskStatus.PAUSED, reason="x"
        )
    with pytest.raises(StateConflict):
        services.budget_line_save(
            by=world.coordinator,
            task=archived_task,
            year=2026,
            source="provincial",
            planned=Decimal(1_000_000),
        )
    with pytest.raises(StateConflict):
        services.report_save(
            by=world.focal_a, task=archived_task, period="2026Q1", percent_complete=1, work_done="x"
        )
    with pytest.raises(StateConflict):
        services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="NEW",
            title="Mới",
            pillar=world.pillar,
            lead_unit=world.commune_a,
        )


def test_history_of_archived_records_is_the_administrators(client, world, archived_task):
    directive = DirectiveFactory()
    archive(directive, by=world.admin)
    for record in (archived_task, directive, world.plan):
        client.force_login(world.viewer)
        assert client.get(history_url(record)).status_code == 404, record
        client.force_login(world.admin)
        assert client.get(history_url(record)).status_code == 200, record
