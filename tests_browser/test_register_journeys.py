"""The register's fixed journeys in a browser: a report on a phone with the period picker, dates in
English that cannot be misread, and an automated accessibility check (axe-core) of the main pages."""

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from dxoffice.core.periods import QUARTER, Period, period_label
from dxoffice.planning.models import ProgressReport, ReportStatus, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import BudgetLineFactory, ObjectiveFactory, ReportFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def overdue_task(world, **extra):
    today = local_today()
    fields = {
        "code": "CMU-01",
        "title": "Số hóa hồ sơ thủ tục hành chính cấp xã",
        "status": TaskStatus.IN_PROGRESS,
        "start_date": today - timedelta(days=90),
        "due_date": today - timedelta(days=6),
        **extra,
    }
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, **fields)


def test_a_focal_point_reports_on_a_phone_with_the_period_picker(live_server, world, phone):
    task = overdue_task(world)
    ReportFactory(task=task, period="2026Q1", percent_complete=40, status=ReportStatus.ACCEPTED)
    log_in(phone, live_server.url, "focal")
    phone.goto(f"{live_server.url}/tasks/{task.pk}/")
    state = phone.locator("[data-testid=task-state]").first.inner_text()
    assert "Quá hạn chưa hoàn thành (6 ngày)" in state and "trong hạn" not in state
    phone.click("[data-testid=new-report]")
    current = Period.containing(local_today(), QUARTER)
    picker = phone.locator("#id_period")
    assert picker.evaluate("el => el.tagName") == "SELECT"
    assert picker.locator("option:checked").inner_text() == period_label(current, "vi")
    assert phone.locator("#id_percent_complete").input_value() == "40"  # the last reported figure
    box = phone.locator("[data-testid=submit-report]").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    phone.select_option("#id_period", current.code)
    phone.fill("#id_percent_complete", "55")
    phone.fill("#id_work_done", "Đã số hóa thêm 15% hồ sơ.")
    phone.click("[data-testid=submit-report]")
    phone.wait_for_selector(f"[data-testid='report-{current.code}']")
    report = ProgressReport.objects.get(task=task, period=current.code)
    assert report.status == ReportStatus.SUBMITTED and report.percent_complete == 55
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400


def test_english_dates_cannot_be_misread(live_server, world, page):
    task = overdue_task(world, due_date=date(2026, 12, 1), start_date=date(2026, 1, 5))
    world.focal_a.language = "en"
    world.focal_a.save()
    log_in(page, live_server.url, "focal")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    deadline = page.locator("text=5 Jan 2026 → 1 Dec 2026")
    assert deadline.count() == 1
    assert "12/01/2026" not in page.content()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_main_pages_have_no_serious_accessibility_violations(live_server, world, page):
    task = overdue_task(world)
    BudgetLineFactory(task=task, allocated=Decimal(100_000_000), disbursed=Decimal(20_000_000))
    ReportFactory(task=task, period="2026Q3", status=ReportStatus.SUBMITTED, created_by=world.focal_a)
    objective = ObjectiveFactory(program=world.program, code="CT01", title="Tỷ lệ hồ sơ trực tuyến")
    objective.targets.create(year=local_today().year, value=Decimal("80"))
    objective.actuals.create(period=str(local_today().year - 1), value=Decimal("60"))
    log_in(page, live_server.url, "coordinator")
    pages = [
        "/",
        "/dashboard/",
        f"/dashboard/?unit={world.commune_a.code}",
        "/tasks/",
        f"/tasks/{task.pk}/",
        "/tasks/new/",
        f"/tasks/{task.pk}/reports/new/",
        "/objectives/",
        f"/objectives/{objective.pk}/",
        f"/units/{world.commune_a.code}/",
        "/reviews/",
        "/budget/",
        "/directives/",
        f"/tasks/{task.pk}/?tab=discussion",
        "/tasks/calendar/",
        f"/tasks/timeline/?year={world.plan.year}",
    ]
    found = {}
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_tap_targets_on_a_phone_are_at_least_44_px(live_server, world, phone):
    for index in range(3):
        TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code=f"DT-{index}")
    log_in(phone, live_server.url, "focal")
    phone.goto(f"{live_server.url}/tasks/")
    for link in phone.locator("a[href*='page_size=']").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    phone.goto(f"{live_server.url}/dashboard/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # tables scroll inside their box


def test_a_direction_is_answered_and_an_extension_approved(live_server, world, page, phone):
    task = overdue_task(world, due_date=local_today() + timedelta(days=3))
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/tasks/{task.pk}/?tab=discussion")
    page.fill("#id_body", "Đề nghị xã hoàn thành trước ngày 31/12.")
    page.select_option("#id_kind", "direction")
    page.click("[data-testid=comment-form] button")
    page.wait_for_selector("[data-testid=comment-direction]")

    log_in(phone, base, "focal")
    phone.goto(f"{base}/tasks/{task.pk}/?tab=discussion")
    phone.click("[data-testid=comment-direction] summary")
    phone.fill("[data-testid=comment-direction] textarea", "Xã xin tiếp thu và triển khai.")
    phone.click("[data-testid=comment-direction] form button")
    phone.wait_for_selector("[data-testid=comment-answer]")
    new_due = local_today() + timedelta(days=33)
    phone.fill("#id_proposed_due_date", new_due.isoformat())
    phone.fill("#id_reason", "Chờ bố trí kinh phí.")
    phone.click("[data-testid=extension-form] button")
    phone.wait_for_selector("[data-testid=extensions] >> text=Chờ quyết định")

    # The leader directs; the coordinator plans, so the coordinator decides the extension.
    page.click("[data-testid=user-menu]")
    page.click("form[action$='/accounts/logout/'] button")
    log_in(page, base, "coordinator")
    page.goto(f"{base}/tasks/{task.pk}/?tab=discussion")
    page.click("[data-testid=extension-decision] button[value=approve]")
    page.wait_for_selector("[data-testid=extension-decision]", state="detached")
    task.refresh_from_db()
    assert task.due_date == new_due
