"""Rules that guard the register's integrity: scope of related records, separation of duties,
periods, codes that stay unique across archived rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dxoffice.core.models import Role, RoleGrant
from dxoffice.core.services import role_grant
from dxoffice.core.tests.factories import UserFactory, user_with_role
from dxoffice.planning import services
from dxoffice.planning.forms import TaskForm
from dxoffice.planning.models import ProgressReport, ReportStatus
from dxoffice.planning.selectors import local_today, reports_awaiting_review, task_for
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def task_of(world, unit, **kwargs):
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=unit, **kwargs)


def test_sub_tasks_of_other_units_stay_hidden_on_the_task_page(client, world):
    parent = task_of(world, world.commune_a)
    task_of(world, world.commune_b, parent=parent, title="Việc riêng của phường B")
    mine = task_of(world, world.commune_a, parent=parent, title="Việc của xã A")
    client.force_login(world.focal_a)
    page = client.get(reverse("planning:task_detail", args=[parent.pk]))
    assert list(page.context["subtasks"]) == [mine]


def test_the_parent_choice_offers_only_visible_tasks(world):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a)
    own = task_of(world, world.commune_a)
    task_of(world, world.commune_b)
    form = TaskForm(user=commune_coordinator)
    assert list(form.fields["parent"].queryset) == [own]


def test_nobody_accepts_the_report_they_submitted(world):
    task = task_of(world, world.commune_a)
    report = services.report_save(
        by=world.coordinator,
        task=task,
        period="2026Q3",
        percent_complete=50,
        work_done="Tự báo cáo",
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        services.report_accept(by=world.coordinator, report=report)
    assert services.report_accept(by=world.leader, report=report).status == ReportStatus.ACCEPTED


def test_latest_progress_follows_time_not_the_spelling_of_period_codes(world):
    task = task_of(world, world.commune_a, start_date=date(2025, 1, 1))
    for period, percent in (("2026M06", 60), ("2026Q1", 20), ("2025", 5)):
        ProgressReport.objects.create(
            task=task,
            period=period,
            percent_complete=percent,
            work_done="x",
            status=ReportStatus.ACCEPTED,
            created_by=world.focal_a,
        )
    found = task_for(world.admin, task.pk)
    assert (found.reported_period, found.reported_percent) == ("2026M06", 60)


def test_report_periods_must_have_begun_and_not_precede_the_task(world):
    task = task_of(world, world.commune_a, start_date=date(2026, 4, 1))
    next_year = str(local_today().year + 1)
    for period in (next_year, "2026Q1"):
        with pytest.raises(ValidationError) as error:
            services.report_save(
                by=world.focal_a, task=task, period=period, percent_complete=10, work_done="x"
            )
        assert "period" in error.value.message_dict


def test_budget_years_stay_within_the_program(world):
    task = task_of(world, world.commune_a)
    with pytest.raises(ValidationError) as error:
        services.budget_line_save(
            by=world.coordinator,
            task=task,
            year=70000,
            source="oda",
            planned=Decimal(1),
            allocated=Decimal(0),
            disbursed=Decimal(0),
        )
    assert "year" in error.value.message_dict


def test_codes_of_archived_tasks_are_not_reused(client, world):
    task = task_of(world, world.commune_a, code="NV-CU")
    services.task_archive(by=world.coordinator, task=task, reason="Trùng")
    with pytest.raises(ValidationError) as error:
        services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="NV-CU",
            title="Mới",
            pillar=world.pillar,
            lead_unit=world.commune_a,
            due_date=date(2026, 12, 31),
        )
    assert "code" in error.value.message_dict
    client.force_login(world.coordinator)
    response = client.post(
        reverse("planning:task_create"),
        {
            "plan": world.plan.pk,
            "code": "NV-CU",
            "title": "Mới",
            "kind": "task",
            "pillar": world.pillar.pk,
            "lead_unit": world.commune_a.pk,
            "due_date": "2026-12-31",
            "reporting_cycle": "Q",
            "priority": "normal",
            "origin": "plan",
        },
    )
    assert response.status_code == 200 and "code" in response.context["form"].errors


def test_a_task_cannot_lose_its_lead_unit(world):
    task = task_of(world, world.commune_a)
    with pytest.raises(ValidationError) as error:
        services.task_update(by=world.coordinator, task=task, lead_unit=None)
    assert "lead_unit" in error.value.message_dict


def test_reports_of_archived_tasks_leave_the_review_queue(world):
    task = task_of(world, world.commune_a)
    services.report_save(
        by=world.focal_a, task=task, period="2026Q3", percent_complete=10, work_done="x", submit=True
    )
    assert reports_awaiting_review(world.coordinator).count() == 1
    services.task_archive(by=world.coordinator, task=task, reason="Gộp")
    assert reports_awaiting_review(world.coordinator).count() == 0


def test_role_grants_are_attributed_in_the_history(world):
    newcomer = UserFactory()
    grant = role_grant(by=world.admin, user=newcomer, unit=world.commune_a, role=Role.FOCAL)
    assert grant.history.get().history_user == world.admin
    assert RoleGrant.objects.filter(user=newcomer).count() == 1
    role_grant(by=world.admin, user=newcomer, unit=world.commune_a, role=Role.FOCAL)
    assert RoleGrant.objects.filter(user=newcomer).count() == 1


def test_token_expiry_without_a_time_zone_is_read_as_local_time(world):
    from django.utils import timezone

    from dxoffice.core.services import token_create

    token, _raw = token_create(
        user=world.viewer, name="naive", expires_at=(timezone.now() + timedelta(days=2)).replace(tzinfo=None)
    )
    assert timezone.is_aware(token.expires_at)
