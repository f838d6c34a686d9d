"""The calendar of deadlines and milestones and the printable timeline of a plan: read-only,
each showing only what the person may see."""

from datetime import date

import pytest
from django.urls import reverse

from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def test_calendar_lists_deadlines_and_milestones_of_the_month_in_scope(client, world):
    mine = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="A-1",
        due_date=date(2026, 12, 15),
    )
    mine.milestones.create(title="Nghiệm thu", due_date=date(2026, 12, 4))
    TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_b,
        code="B-1",
        due_date=date(2026, 12, 15),
    )
    TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="A-2",
        due_date=date(2026, 11, 30),
    )
    response = get(client, world.focal_a, "planning:calendar", month="2026-12")
    agenda = {day: [(i["kind"], i["task"].code) for i in items] for day, items in response.context["agenda"]}
    assert agenda == {date(2026, 12, 4): [("milestone", "A-1")], date(2026, 12, 15): [("deadline", "A-1")]}
    weeks = response.context["weeks"]
    assert weeks[0][0].day.weekday() == 0 and all(len(week) == 7 for week in weeks)


def test_calendar_takes_a_bad_month_as_this_month(client, world):
    response = get(client, world.focal_a, "planning:calendar", month="abc")
    assert response.status_code == 200


def test_timeline_places_each_task_within_the_plan_year(client, world):
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        start_date=date(2026, 1, 1),
        due_date=date(2026, 7, 2),
    )
    task.milestones.create(title="Khảo sát", due_date=date(2026, 4, 1))
    response = get(client, world.leader, "planning:timeline", year="2026")
    row = response.context["rows"][0]
    assert row["left"] == 0 and 49 < row["width"] < 51
    assert 24 < row["milestones"][0]["left"] < 25
    hidden = get(client, world.focal_b, "planning:timeline", year="2026")
    assert hidden.context["rows"] == []
