"""The dashboard's figures are shared by everyone with the same scope and computed once, and a write
shows on the next page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.services import task_update
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def tile(response, key):
    return next(t["value"] for t in response.context["tiles"] if t["key"] == key)


def test_a_second_leader_with_the_same_scope_gets_the_figures_without_recomputing(client, world):
    TaskFactory.create_batch(3, plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as first:
        assert tile(client.get(reverse("planning:dashboard")), "total") == 3

    other = user_with_role("leader", world.province, username="pho_chu_tich")
    client.force_login(other)
    with CaptureQueriesContext(connection) as second:
        response = client.get(reverse("planning:dashboard"))

    assert tile(response, "total") == 3
    assert len(second.captured_queries) < len(first.captured_queries) - 5


def test_a_write_shows_on_the_next_page(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    client.force_login(world.coordinator)
    assert tile(client.get(reverse("planning:dashboard")), "completed") == 0

    task_update(by=world.coordinator, task=task, title="Số hoá hồ sơ một cửa")
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b, status=TaskStatus.IN_PROGRESS)

    assert tile(client.get(reverse("planning:dashboard")), "total") == 2


def test_people_with_other_scopes_do_not_share_figures(client, world):
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b)
    client.force_login(world.leader)
    assert tile(client.get(reverse("planning:dashboard")), "total") == 2

    client.force_login(world.focal_a)
    assert tile(client.get(reverse("planning:dashboard")), "total") == 1
