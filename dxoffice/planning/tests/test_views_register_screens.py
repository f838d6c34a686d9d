"""The register's screens as their users found them (issue "What users hit"): one status line, one
label per tracking class, days late, the current plan year by default, both objective figures,
and a unit's dashboard that filters every figure."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from dxoffice.planning.models import TaskStatus, Tracking
from dxoffice.planning.performance import percent_of_target
from dxoffice.planning.selectors import local_today, task_for
from dxoffice.planning.templatetags.planning_tags import task_state
from dxoffice.planning.tests.factories import (
    BudgetLineFactory,
    ObjectiveFactory,
    PlanFactory,
    ReportFactory,
    TaskFactory,
)
from dxoffice.planning.views.scope import current_plan_year

pytestmark = pytest.mark.django_db


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def state_of(user, task) -> str:
    return str(task_state(task_for(user, task.pk)))


def test_a_new_task_shows_one_status_not_two(world):
    today = local_today()
    task = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, due_date=today + timedelta(30)
    )
    html = state_of(world.leader, task)
    assert html.count('class="badge') == 1
    assert str(TaskStatus.NOT_STARTED.label) in html
    assert str(Tracking.IN_PROGRESS_ON_TIME.label) not in html


def test_an_overdue_task_says_how_late_it_is(world):
    today = local_today()
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        status=TaskStatus.IN_PROGRESS,
        start_date=today - timedelta(days=40),
        due_date=today - timedelta(days=5),
    )
    html = state_of(world.leader, task)
    assert html.count('class="badge') == 2
    assert "(5 ngày)" in html and str(Tracking.OVERDUE.label) in html


def test_a_completed_task_shows_its_tracking_class_only(world):
    today = local_today()
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        status=TaskStatus.COMPLETED,
        start_date=today - timedelta(days=40),
        due_date=today - timedelta(days=10),
        completed_on=today - timedelta(days=7),
    )
    html = state_of(world.leader, task)
    assert html.count('class="badge') == 1 and str(Tracking.COMPLETED_LATE.label) in html


def test_dashboard_tiles_use_the_tracking_labels(client, world):
    response = get(client, world.leader, "planning:dashboard")
    labels = {tile["key"]: str(tile["label"]) for tile in response.context["tiles"]}
    assert labels["in_progress"] == str(Tracking.IN_PROGRESS_ON_TIME.label)
    assert labels["overdue"] == str(Tracking.OVERDUE.label)
    assert labels["recurring"] == str(Tracking.RECURRING.label)


def test_dashboard_overdue_list_says_days_late(client, world):
    today = local_today()
    TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        status=TaskStatus.IN_PROGRESS,
        start_date=today - timedelta(days=60),
        due_date=today - timedelta(days=12),
    )
    response = get(client, world.leader, "planning:dashboard", year="all")
    assert 'data-testid="days-late">Trễ 12 ngày<' in response.content.decode()


def test_current_plan_year_is_this_year_or_the_latest_begun():
    today = local_today()
    assert current_plan_year([today.year - 1, today.year, today.year + 1], today) == today.year
    assert current_plan_year([today.year - 2, today.year + 1], today) == today.year - 2
    assert current_plan_year([today.year + 1], today) == today.year + 1
    assert current_plan_year([], today) is None


def test_dashboard_shows_the_current_plan_year_by_default(client, world):
    this_year = local_today().year
    world.plan.year = this_year
    world.plan.save()
    next_plan = PlanFactory(program=world.program, year=this_year + 1, code="KH-NEXT")
    TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    TaskFactory(plan=next_plan, pillar=world.pillar, lead_unit=world.commune_a)
    by_default = get(client, world.leader, "planning:dashboard")
    assert by_default.context["year"] == str(this_year)
    assert {t["key"]: t["value"] for t in by_default.context["tiles"]}["total"] == 1
    every_year = get(client, world.leader, "planning:dashboard", year="all")
    assert every_year.context["year"] == ""
    assert {t["key"]: t["value"] for t in every_year.context["tiles"]}["total"] == 2


def test_objective_figures_are_both_named_and_computed_plainly(client, world):
    objective = ObjectiveFactory(program=world.program, code="CT01", baseline_value=Decimal("8"))
    objective.targets.create(year=local_today().year, value=Decimal("11"))
    objective.actuals.create(period=str(local_today().year - 1), value=Decimal("10.12"))
    performance = get(client, world.leader, "planning:objective_list").context["rows"][0][1]
    assert percent_of_target(objective, performance.actual, performance.target) == Decimal("92.0")
    assert performance.percent_achieved == Decimal("70.7")
    page = get(client, world.leader, "planning:objective_list").content.decode()
    assert "Mức đạt so với chỉ tiêu" in page and "Tiến độ so với giá trị cơ sở" in page
    assert 'data-testid="of-target">92,0%' in page and 'data-testid="from-baseline">70,7%' in page


def test_objectives_chart_names_objectives_and_passes_100(client, world):
    objective = ObjectiveFactory(program=world.program, code="CT02", title="Tỷ lệ hồ sơ trực tuyến")
    objective.targets.create(year=local_today().year, value=Decimal("50"))
    objective.actuals.create(period=str(local_today().year - 1), value=Decimal("75"))
    chart = get(client, world.leader, "planning:dashboard").context["objective_chart"]
    assert chart["labels"] == ["CT02 Tỷ lệ hồ sơ trực tuyến"]
    assert chart["datasets"][0]["data"] == [150.0] and chart["max"] == 150.0


def test_unit_dashboard_filters_the_banner_and_the_objectives(client, world):
    served = ObjectiveFactory(program=world.program, code="CT-A")
    ObjectiveFactory(program=world.program, code="CT-OTHER")
    task_a = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    task_a.objectives.add(served)
    task_b = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b)
    ReportFactory(task=task_b, status="submitted", created_by=world.focal_b, submitted_by=world.focal_b)
    province = get(client, world.coordinator, "planning:dashboard")
    assert province.context["awaiting_review"] == 1
    unit = get(client, world.coordinator, "planning:dashboard", unit=world.commune_a.code)
    assert unit.context["awaiting_review"] == 0
    assert [o.code for o, _p in unit.context["objectives"]] == ["CT-A"]


def test_unit_dashboard_and_unit_page_agree_on_disbursement(client, world):
    led = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    coordinated = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b)
    coordinated.coordinating_units.add(world.commune_a)
    BudgetLineFactory(
        task=led, year=world.plan.year, allocated=Decimal(100_000_000), disbursed=Decimal(40_000_000)
    )
    BudgetLineFactory(
        task=coordinated, year=world.plan.year, allocated=Decimal(100_000_000), disbursed=Decimal(100_000_000)
    )
    dashboard = get(
        client, world.leader, "planning:dashboard", unit=world.commune_a.code, year=world.plan.year
    )
    unit_page = get(client, world.leader, "planning:unit_detail", world.commune_a.code, year=world.plan.year)
    assert dashboard.context["budget_total"]["rate"] == unit_page.context["budget_total"]["rate"]
    assert unit_page.context["budget_total"]["rate"] == Decimal("40.0")


def test_unit_dashboard_does_not_name_a_unit_out_of_scope(client, world):
    response = get(client, world.focal_b, "planning:dashboard", unit=world.commune_a.code)
    assert response.context["unit"] is None
    assert world.commune_a.name not in response.content.decode()


def test_budget_summary_agrees_with_the_dashboard_for_a_unit_and_year(client, world):
    led = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    coordinated = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b)
    coordinated.coordinating_units.add(world.commune_a)
    year = world.plan.year
    BudgetLineFactory(task=led, year=year, allocated=Decimal(100_000_000), disbursed=Decimal(30_000_000))
    BudgetLineFactory(task=led, year=year + 1, allocated=Decimal(100_000_000), disbursed=Decimal(100_000_000))
    BudgetLineFactory(
        task=coordinated, year=year, allocated=Decimal(100_000_000), disbursed=Decimal(100_000_000)
    )
    params = {"unit": world.commune_a.code, "year": year}
    dashboard = get(client, world.leader, "planning:dashboard", **params)
    summary = get(client, world.leader, "planning:budget_summary", **params)
    assert summary.context["total"]["rate"] == dashboard.context["budget_total"]["rate"] == Decimal("30.0")
