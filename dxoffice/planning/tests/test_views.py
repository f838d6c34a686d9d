"""The screens: what each role sees and may do, driven through HTTP like a person would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxoffice.planning.models import BudgetLine, ProgressReport, ReportStatus, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import BudgetLineFactory, ObjectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world):
    today = local_today()
    return {
        "overdue": TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=world.commune_a,
            code="CMU-01",
            title="Số hóa hồ sơ thủ tục hành chính",
            due_date=today - timedelta(days=3),
            status=TaskStatus.IN_PROGRESS,
        ),
        "other": TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=world.commune_b,
            code="CMU-02",
            title="Phủ sóng cáp quang",
            due_date=today + timedelta(days=30),
        ),
    }


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("planning:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_dashboard_counts_only_what_the_user_may_see(client, world, register):
    BudgetLineFactory(task=register["overdue"], source="commune")
    response = get(client, world.leader, "planning:dashboard")
    assert response.status_code == 200
    tiles = {tile["key"]: tile["value"] for tile in response.context["tiles"]}
    assert tiles["total"] == 2 and tiles["overdue"] == 1
    assert [row["key"] for row in response.context["budget"]] == ["commune"]
    focal_b = get(client, world.focal_b, "planning:dashboard")
    assert {t["key"]: t["value"] for t in focal_b.context["tiles"]}["overdue"] == 0


def test_dashboard_figures_link_to_the_filtered_register(client, world, register):
    response = get(client, world.leader, "planning:dashboard", year="2026")
    overdue_tile = next(t for t in response.context["tiles"] if t["key"] == "overdue")
    assert overdue_tile["url"] == reverse("planning:task_list") + "?year=2026&overdue=true"
    listing = client.get(overdue_tile["url"])
    assert [t.code for t in listing.context["page"]] == ["CMU-01"]


def test_register_filters_searches_and_paginates(client, world, register):
    for i in range(30):
        TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b, code=f"B-{i:02d}")
    response = get(client, world.coordinator, "planning:task_list", q="so hoa", page_size="25")
    assert [t.code for t in response.context["page"]] == ["CMU-01"]
    page_two = get(client, world.coordinator, "planning:task_list", page="2")
    assert page_two.context["page"].paginator.count == 32 and len(page_two.context["page"]) == 7
    bad = get(client, world.coordinator, "planning:task_list", year="abc")
    assert bad.status_code == 200 and "year" in bad.context["filter_error"].message_dict


def test_register_answers_htmx_with_the_table_only(client, world, register):
    client.force_login(world.coordinator)
    response = client.get(reverse("planning:task_list"), {"overdue": "true"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b"CMU-01" in response.content


def test_task_page_offers_actions_by_role(client, world, register):
    task = register["overdue"]
    as_focal = get(client, world.focal_a, "planning:task_detail", task.pk)
    assert as_focal.context["can_report"] and not as_focal.context["can_plan"]
    assert set(as_focal.context["transitions"]) == {TaskStatus.COMPLETED}
    as_viewer = get(client, world.viewer, "planning:task_detail", task.pk)
    assert not as_viewer.context["can_report"] and not as_viewer.context["transitions"]
    assert get(client, world.focal_b, "planning:task_detail", task.pk).status_code == 404
    assert get(client, world.focal_b, "planning:task_edit", task.pk).status_code == 404
    assert get(client, world.focal_a, "planning:task_edit", task.pk).status_code == 403


def test_focal_point_reports_and_coordinator_accepts_through_the_screens(client, world, register):
    task = register["overdue"]
    client.force_login(world.focal_a)
    evidence = SimpleUploadedFile("anh-chup.png", b"\x89PNG fake", content_type="image/png")
    response = client.post(
        reverse("planning:report_create", args=[task.pk]),
        {
            "period": "2026Q4",
            "percent_complete": "70",
            "work_done": "Đã số hóa 70% hồ sơ",
            "submit": "1",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == world.focal_a
    client.force_login(world.coordinator)
    queue = client.get(reverse("planning:review_queue"))
    assert list(queue.context["reports"]) == [report]
    client.post(reverse("planning:report_review", args=[report.pk]), {"decision": "accept"})
    page = client.get(reverse("planning:task_detail", args=[task.pk]))
    assert page.context["progress"] == 70


def test_report_form_shows_field_errors_and_saves_nothing(client, world, register):
    client.force_login(world.focal_a)
    response = client.post(
        reverse("planning:report_create", args=[register["overdue"].pk]),
        {"period": "2026Q7", "percent_complete": "150", "work_done": ""},
    )
    assert response.status_code == 200
    assert {"period", "percent_complete", "work_done"} <= set(response.context["form"].errors)
    assert not ProgressReport.objects.exists()


def test_returning_needs_a_comment(client, world, register):
    report = ProgressReport.objects.create(
        task=register["overdue"],
        period="2026Q4",
        percent_complete=10,
        work_done="x",
        status=ReportStatus.SUBMITTED,
        created_by=world.focal_a,
    )
    client.force_login(world.coordinator)
    client.post(reverse("planning:report_review", args=[report.pk]), {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_coordinator_creates_and_edits_a_task_with_field_errors_shown(client, world):
    client.force_login(world.coordinator)
    data = {
        "plan": world.plan.pk,
        "code": "MOI-01",
        "title": "Nhiệm vụ mới",
        "kind": "task",
        "pillar": world.pillar.pk,
        "lead_unit": world.department.pk,
        "start_date": "2026-05-01",
        "due_date": "2026-04-01",
        "reporting_cycle": "Q",
        "priority": "normal",
        "origin": "plan",
    }
    bad = client.post(reverse("planning:task_create"), data)
    assert bad.status_code == 200 and "due_date" in bad.context["form"].errors
    data["due_date"] = "2026-12-31"
    good = client.post(reverse("planning:task_create"), data)
    assert good.status_code == 302
    assert get(client, world.focal_a, "planning:task_create").status_code == 403


def test_status_change_to_completed_with_evidence_through_the_modal(client, world, register):
    task = register["overdue"]
    client.force_login(world.focal_a)
    client.post(reverse("planning:task_status", args=[task.pk]), {"status": "completed"})
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    client.post(
        reverse("planning:task_status", args=[task.pk]),
        {
            "status": "completed",
            "evidence": SimpleUploadedFile("qd.pdf", b"%PDF-1.4", content_type="application/pdf"),
        },
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED


def test_uploads_of_forbidden_types_are_refused_with_a_message(client, world, register):
    client.force_login(world.focal_a)
    response = client.post(
        reverse("planning:task_file_upload", args=[register["overdue"].pk]),
        {"file": SimpleUploadedFile("virus.exe", b"MZ")},
        follow=True,
    )
    assert any(".exe" in str(m) for m in response.context["messages"])


def test_budget_line_form_and_summary(client, world, register):
    client.force_login(world.coordinator)
    url = reverse("planning:budget_line_create", args=[register["overdue"].pk])
    bad = client.post(
        url, {"year": 2026, "source": "provincial", "planned": "100", "allocated": "50", "disbursed": "80"}
    )
    assert bad.status_code == 200 and "disbursed" in bad.context["form"].errors
    client.post(
        url,
        {
            "year": 2026,
            "source": "provincial",
            "planned": "100000000",
            "allocated": "50000000",
            "disbursed": "20000000",
        },
    )
    assert BudgetLine.objects.get().disbursed == Decimal("20000000")
    summary = client.get(reverse("planning:budget_summary"))
    assert summary.context["total"]["rate"] == 40.0


def test_history_tab_and_export(client, world, register):
    from dxoffice.planning import services

    services.task_update(by=world.coordinator, task=register["overdue"], title="Tiêu đề đã sửa")
    history_url = reverse("core:history", args=["planning.task", register["overdue"].pk])
    page = get(client, world.viewer, "planning:task_detail", register["overdue"].pk)
    assert history_url in page.content.decode()  # the tab loads its content when opened
    tab = client.get(history_url, {"partial": "1"})
    assert b"<html" not in tab.content and tab.context["history"][0].user == str(world.coordinator)
    export = client.get(history_url, {"format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert any(row[5] and "Số hóa" in row[5] and row[6] == "Tiêu đề đã sửa" for row in rows[2:])


def test_unit_page_lists_what_the_unit_leads_and_coordinates(client, world, register):
    register["other"].coordinating_units.set([world.commune_a])
    page = get(client, world.focal_a, "planning:unit_detail", world.commune_a.code)
    assert [t.code for t in page.context["led"]] == ["CMU-01"]
    assert [t.code for t in page.context["coordinated"]] == ["CMU-02"]
    assert get(client, world.focal_a, "planning:unit_detail", world.commune_b.code).status_code == 404


def test_objective_pages_and_recording_an_actual(client, world):
    objective = ObjectiveFactory(
        program=world.program, lead_unit=world.department, baseline_value=Decimal(20), baseline_year=2025
    )
    objective.targets.create(year=2026, value=Decimal(60))
    listing = get(client, world.viewer, "planning:objective_list")
    assert listing.status_code == 200
    client.force_login(world.dept_focal)
    client.post(
        reverse("planning:objective_detail", args=[objective.pk]), {"period": "2026Q3", "value": "40"}
    )
    assert objective.actuals.get().value == Decimal(40)
    client.force_login(world.viewer)
    denied = client.post(
        reverse("planning:objective_detail", args=[objective.pk]), {"period": "2026Q4", "value": "1"}
    )
    assert denied.status_code == 403


def test_vietnamese_first_whatever_the_browser_says_until_the_user_switches(client, world):
    client.force_login(world.leader)
    browser_in_english = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert client.get(reverse("planning:dashboard"), **browser_in_english).headers["Content-Language"] == "vi"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("planning:dashboard")).headers["Content-Language"] == "en"
    world.leader.refresh_from_db()
    assert world.leader.language == "en"  # remembered for reminder e-mails and the next device
    client.cookies.clear()
    client.force_login(world.leader)
    assert client.get(reverse("planning:dashboard")).headers["Content-Language"] == "en"


def test_planners_add_milestones_and_the_lead_unit_ticks_them_off(client, world, register):
    task = register["overdue"]
    client.force_login(world.focal_a)
    client.post(reverse("planning:milestone_add", args=[task.pk]), {"title": "Bàn giao phần mềm"})
    assert not task.milestones.exists()
    client.force_login(world.coordinator)
    client.post(reverse("planning:milestone_add", args=[task.pk]), {"title": "Bàn giao phần mềm"})
    milestone = task.milestones.get()
    client.force_login(world.focal_a)
    client.post(reverse("planning:milestone_toggle", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on == local_today()
    client.force_login(world.focal_b)
    assert client.post(reverse("planning:milestone_toggle", args=[milestone.pk])).status_code == 404


def test_the_task_page_costs_the_same_queries_however_many_reports_it_has(client, world, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxoffice.core.services import attachment_add

    task = register["overdue"]
    client.force_login(world.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("planning:task_detail", args=[task.pk])).status_code == 200
        return len(context.captured_queries)

    def add_report(period: str) -> None:
        report = ProgressReport.objects.create(
            task=task,
            period=period,
            percent_complete=10,
            work_done="x",
            status=ReportStatus.SUBMITTED,
            created_by=world.focal_a,
        )
        attachment_add(by=world.focal_a, target=report, upload=SimpleUploadedFile("a.pdf", b"%PDF"))

    add_report("2026M01")
    queries()  # warm the per-process caches (content types)
    one = queries()
    for month in range(2, 10):
        add_report(f"2026M{month:02d}")
    assert queries() == one
