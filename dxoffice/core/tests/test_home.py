"""The home page: each person's own start, with what waits for them and each module's card."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from dxoffice.planning import services
from dxoffice.planning.models import ReportStatus
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response


def test_the_home_page_needs_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_focal_point_sees_the_report_to_send_and_the_overdue_task(client, world):
    overdue = TaskFactory(
        plan=world.plan,
        lead_unit=world.commune_a,
        start_date=date(2026, 1, 1),
        due_date=date.today() - timedelta(days=3),
        title="Số hóa hồ sơ một cửa",
    )
    TaskFactory(plan=world.plan, lead_unit=world.commune_b, title="Việc của phường khác")

    response = _page(client, world.focal_a)
    work = response.context["work"]
    kinds = {(item.kind, item.title.split(" · ")[1]) for item in work}
    assert ("task.overdue", "Số hóa hồ sơ một cửa") in kinds
    assert ("report.due", "Số hóa hồ sơ một cửa") in kinds
    assert all("phường khác" not in item.title for item in work)
    assert work[0].kind == "task.overdue"  # the most urgent first
    assert reverse("planning:task_detail", args=[overdue.pk]) in response.content.decode()


def test_a_returned_report_waits_for_the_person_who_sent_it(client, world):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    ReportFactory(
        task=task,
        created_by=world.focal_a,
        submitted_by=world.focal_a,
        status=ReportStatus.RETURNED,
        review_comment="Bổ sung minh chứng",
    )
    items = _page(client, world.focal_a).context["work"]
    returned = [item for item in items if item.kind == "report.returned"]
    assert len(returned) == 1 and returned[0].detail == "Bổ sung minh chứng"
    assert not [i for i in _page(client, world.focal_b).context["work"] if i.kind == "report.returned"]


def test_reviewers_see_reports_to_review_but_not_their_own(client, world):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    ReportFactory(
        task=task,
        period="2026Q1",
        created_by=world.focal_a,
        submitted_by=world.focal_a,
        status=ReportStatus.SUBMITTED,
    )
    ReportFactory(
        task=task,
        period="2026Q2",
        created_by=world.coordinator,
        submitted_by=world.coordinator,
        status=ReportStatus.SUBMITTED,
    )
    review = [i for i in _page(client, world.coordinator).context["work"] if i.kind == "report.review"]
    assert len(review) == 1 and "Quý I/2026" in review[0].detail and "Quý II/2026" not in review[0].detail
    assert not [i for i in _page(client, world.focal_a).context["work"] if i.kind == "report.review"]


def test_the_program_card_counts_only_what_the_person_may_see(client, world):
    TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    TaskFactory(plan=world.plan, lead_unit=world.commune_b)
    cards = dict((card.key, data) for card, data in _page(client, world.focal_a).context["cards"])
    assert cards["program"]["total"] == 1
    cards = dict((card.key, data) for card, data in _page(client, world.leader).context["cards"])
    assert cards["program"]["total"] == 2
    assert not _page(client, world.outsider).context["cards"]  # nothing to show: no card


def test_the_dashboard_has_its_own_address_and_the_home_links_to_it(client, world):
    TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    body = _page(client, world.leader).content.decode()
    assert reverse("planning:dashboard") == "/dashboard/"
    assert 'href="/dashboard/"' in body
    assert client.get("/dashboard/").status_code == 200


def test_my_work_is_bounded_however_much_waits(client, world):
    for _ in range(15):
        TaskFactory(plan=world.plan, lead_unit=world.commune_a, due_date=date.today() - timedelta(days=1))
    items = _page(client, world.coordinator).context["work"]
    deadlines = [i for i in items if i.kind.startswith("task.")]
    more = [i for i in items if i.kind == "more"]
    assert len(deadlines) == 8 and more and "7" in more[-1].title


def test_services_still_refuse_what_the_home_page_links_to(world):
    """My work links to report forms; the permission gate stays in the service."""
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.report_save(by=world.focal_b, task=task, period="2026Q1", percent_complete=5, work_done="x")
