"""The review queue and the dashboard's banner count only what this person may review (never
their own submissions); a refusal is explained in the application's layout and language; a
partner reports on the tasks where it is the partner."""

import pytest
from django.urls import reverse

from dxoffice.core.models import Role
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.core.tests.factories import user_with_role
from dxoffice.planning import services
from dxoffice.planning.models import ReportStatus
from dxoffice.planning.selectors import reports_awaiting_review
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_coordinators_own_submissions_are_not_in_her_queue(client, world):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="cn-a")
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    own = services.report_save(
        by=commune_coordinator, task=task, period="2026Q1", percent_complete=10, work_done="x", submit=True
    )
    assert not reports_awaiting_review(commune_coordinator).exists()
    assert list(reports_awaiting_review(world.coordinator)) == [own]
    client.force_login(commune_coordinator)
    assert list(client.get(reverse("planning:review_queue")).context["reports"]) == []
    assert client.get(reverse("planning:dashboard")).context["awaiting_review"] == 0
    assert ApiClient(commune_coordinator).get("/reports/awaiting-review").json()["count"] == 0


def test_a_refused_review_is_explained_in_the_layout_and_language(client, world):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="cn-a2")
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    own = services.report_save(
        by=commune_coordinator, task=task, period="2026Q1", percent_complete=10, work_done="x", submit=True
    )
    client.force_login(commune_coordinator)
    answer = client.post(reverse("planning:report_review", args=[own.pk]), {"decision": "accept"})
    assert answer.status_code == 403
    page = answer.content.decode()
    assert "<nav" in page and 'lang="vi"' in page and "Forbidden" not in page
    own.refresh_from_db()
    assert own.status == ReportStatus.SUBMITTED


def test_a_partner_reports_on_its_tasks(client, world):
    task = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.department, partner=world.partner_org
    )
    other = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.department)
    report = services.report_save(
        by=world.partner, task=task, period="2026Q1", percent_complete=20, work_done="Đã lắp đặt", submit=True
    )
    assert report.status == ReportStatus.SUBMITTED
    client.force_login(world.partner)
    assert client.get(reverse("planning:report_create", args=[task.pk])).status_code == 200
    assert client.get(reverse("planning:task_detail", args=[task.pk])).context["can_report"]
    assert client.get(reverse("planning:report_create", args=[other.pk])).status_code == 404
    api = ApiClient(world.partner)
    assert api.get(f"/tasks/{task.pk}").json()["permissions"]["report"] is True


def test_the_task_page_offers_no_review_of_ones_own_report(client, world):
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="cn-a3")
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    own = services.report_save(
        by=commune_coordinator, task=task, period="2026Q1", percent_complete=10, work_done="x", submit=True
    )
    review_url = reverse("planning:report_review", args=[own.pk])
    client.force_login(commune_coordinator)
    page = client.get(reverse("planning:task_detail", args=[task.pk]), {"tab": "reports"})
    assert review_url not in page.content.decode()
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:task_detail", args=[task.pk]), {"tab": "reports"})
    assert review_url in page.content.decode()
