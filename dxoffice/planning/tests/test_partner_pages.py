"""A partner is shown only what it may open: no objectives card (its links would answer 403), no
links to units whose pages would answer 404."""

import pytest
from django.urls import reverse

from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_partners_dashboard_has_no_objectives_card(client, world):
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, partner=world.partner_org)
    client.force_login(world.partner)
    page = client.get(reverse("planning:dashboard"))
    assert page.status_code == 200
    assert 'data-chart="chart-objectives"' not in page.content.decode()
    assert reverse("planning:objective_list") not in page.content.decode()
    client.force_login(world.viewer)
    assert 'data-chart="chart-objectives"' in client.get(reverse("planning:dashboard")).content.decode()


def test_a_partner_gets_no_link_to_units_it_cannot_open(client, world):
    task = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.department, partner=world.partner_org
    )
    task.coordinating_units.set([world.commune_a])
    client.force_login(world.partner)
    page = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    for unit in (world.department, world.commune_a):
        assert reverse("planning:unit_detail", args=[unit.code]) not in page
        assert unit.name in page
    client.force_login(world.viewer)
    page = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    assert reverse("planning:unit_detail", args=[world.department.code]) in page
