from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.planning import services
from dxoffice.planning.tests.factories import ObjectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse("core:history", args=[obj._meta.label_lower, obj.pk])


def test_any_audited_record_has_a_history_page_for_those_who_see_it(client, world):
    objective = services.objective_save(
        by=world.coordinator,
        program=world.program,
        code="CT01",
        title="Tỷ lệ hồ sơ trực tuyến",
        unit_of_measure="%",
    )
    services.objective_save(
        by=world.coordinator, objective=objective, title="Tỷ lệ hồ sơ trực tuyến toàn trình"
    )
    client.force_login(world.viewer)
    page = client.get(history_url(objective))
    assert page.status_code == 200
    [latest, created] = page.context["history"]
    assert latest.user == str(world.coordinator) and created.action == "created"
    assert {c.field for c in latest.changes} == {"title"}
    workbook = load_workbook(BytesIO(client.get(history_url(objective), {"format": "xlsx"}).content))
    assert any("toàn trình" in str(row[6]) for row in workbook.active.iter_rows(min_row=3, values_only=True))


def test_history_follows_the_records_own_visibility(client, world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    objective = ObjectiveFactory(program=world.program)
    client.force_login(world.focal_b)
    assert client.get(history_url(task)).status_code == 404
    assert client.get(history_url(world.commune_a)).status_code == 404
    client.force_login(world.partner)  # partners see tasks they are party to, not the program's records
    assert client.get(history_url(objective)).status_code == 404
    assert client.get(reverse("planning:objective_list")).status_code == 403
    client.force_login(world.focal_a)
    assert client.get(history_url(task)).status_code == 200
    assert client.get(history_url(world.commune_a)).status_code == 200


@pytest.mark.parametrize("label", ["core.user", "auth.permission", "nope.model", "sessions.session"])
def test_records_without_a_visibility_rule_have_no_history_page(client, world, label):
    client.force_login(world.admin)
    assert client.get(reverse("core:history", args=[label, world.admin.pk])).status_code == 404


def test_a_long_history_costs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    from datetime import date

    from dxoffice.core.audit import history_of

    task = services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code="LS-1",
        title="Bản đầu",
        pillar=world.pillar,
        lead_unit=world.commune_a,
        due_date=date(2026, 12, 31),
    )
    units = [world.commune_b, world.department]
    for i in range(30):
        services.task_update(
            by=world.coordinator, task=task, title=f"Bản sửa {i}", coordinating_units=units[: i % 3]
        )
    with django_assert_max_num_queries(80):
        entries = history_of(task)
    assert entries[0].changes and entries[-1].action == "created"
    assert any(c.field == "coordinating_units" for e in entries for c in e.changes)
