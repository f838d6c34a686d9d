"""What a page names is what the person may open: a sub-task's parent, the register's filter
lists of directives and partners."""

import pytest
from django.urls import reverse

from dxoffice.planning.tests.factories import DirectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_a_subtask_page_does_not_name_a_parent_the_reader_cannot_see(client, world):
    parent = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b, title="Việc mật của phường"
    )
    child = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, parent=parent)
    client.force_login(world.focal_a)
    page = client.get(reverse("planning:task_detail", args=[child.pk]))
    assert page.status_code == 200
    assert page.context["parent"] is None
    assert "Việc mật của phường" not in page.content.decode()
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:task_detail", args=[child.pk]))
    assert page.context["parent"] == parent


def test_a_partners_register_lists_only_its_own_filters(client, world):
    DirectiveFactory(number="99-NQ/TW")
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department, partner=world.partner_org)
    client.force_login(world.partner)
    page = client.get(reverse("planning:task_list"))
    assert page.status_code == 200
    assert list(page.context["directives"]) == []
    assert [unit.code for unit in page.context["partners"]] == ["DOITAC"]
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:task_list"))
    assert {unit.code for unit in page.context["partners"]} == {"DOITAC", "DN-KHAC"}
    assert [d.number for d in page.context["directives"]] == ["99-NQ/TW"]
