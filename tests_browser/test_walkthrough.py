"""log in -> my work on the home page -> dashboard -> overdue filter -> open a task -> submit a progress report as the focal
point -> accept it as the coordinator -> the dashboard shows the new progress."""

from datetime import timedelta
from pathlib import Path

import pytest

from dxoffice.planning.models import ProgressReport, ReportStatus, TaskStatus
from dxoffice.planning.selectors import local_today
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def log_out(page):
    page.click("[data-testid=user-menu]")
    page.click("form[action$='/accounts/logout/'] button")


def test_report_and_accept_walkthrough(live_server, world, page, tmp_path):
    today = local_today()
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="CMU-2026-007",
        title="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính cấp xã",
        due_date=today - timedelta(days=5),
        status=TaskStatus.IN_PROGRESS,
    )
    TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="CMU-2026-008",
        title="Lắp đặt wifi công cộng",
        due_date=today + timedelta(days=40),
    )
    base = live_server.url
    shots = Path(tmp_path)

    log_in(page, base, "focal")
    work = page.locator("[data-testid=my-work]")
    assert "CMU-2026-007" in work.locator("[data-kind='task.overdue']").inner_text()
    assert "CMU-2026-008" not in work.locator("[data-kind='task.overdue']").inner_text()
    page.screenshot(path=shots / "home.png", full_page=True)
    page.click("[data-testid=card-program] >> text=/Bảng điều hành|Dashboard/")
    page.wait_for_url(f"{base}/dashboard/")
    overdue_tile = page.locator("[data-testid=tile-overdue]")
    assert overdue_tile.locator(".value").inner_text() == "1"
    page.screenshot(path=shots / "dashboard.png", full_page=True)
    overdue_tile.locator("a").click()
    page.wait_for_url("**/tasks/?*overdue=true*")
    rows = page.locator("[data-testid=task-table] tbody tr")
    assert rows.count() == 1 and "CMU-2026-007" in rows.first.inner_text()

    page.click("[data-testid=task-table] >> text=CMU-2026-007")
    assert "Số hóa hồ sơ" in page.locator("[data-testid=task-title]").inner_text()
    page.click("[data-testid=new-report]")
    page.select_option("#id_period", "2026Q4")
    page.fill("#id_percent_complete", "65")
    page.fill("#id_work_done", "Đã số hóa 65% hồ sơ tồn đọng; cập nhật lên hệ thống.")
    page.click("[data-testid=submit-report]")
    page.wait_for_selector("[data-testid='report-2026Q4']")
    assert ProgressReport.objects.get(task=task).status == ReportStatus.SUBMITTED
    log_out(page)

    log_in(page, base, "coordinator")
    page.goto(f"{base}/tasks/{task.pk}/?tab=reports")
    page.click("[data-testid=accept-report]")
    page.wait_for_selector("[data-testid=task-progress]")
    assert page.locator("[data-testid=task-progress]").inner_text() == "65%"
    page.click("[data-testid=tab-history]")  # the History tab loads when opened
    page.wait_for_selector("[data-testid=history] li")
    assert page.locator("[data-testid=history] li").count() >= 1  # the task's creation at least

    page.goto(f"{base}/dashboard/")
    recent = page.locator("[data-testid=recent-progress]")
    assert "CMU-2026-007" in recent.inner_text() and "65%" in recent.inner_text()
    assert ProgressReport.objects.get(task=task).status == ReportStatus.ACCEPTED


def test_register_is_usable_on_a_phone(live_server, world, phone):
    for index in range(3):
        TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code=f"DT-{index}")
    log_in(phone, live_server.url, "focal")
    phone.goto(f"{live_server.url}/tasks/")
    cards = phone.locator("[data-testid=task-cards] a.card")
    assert cards.count() == 3 and cards.first.is_visible()
    assert not phone.locator("[data-testid=task-table]").is_visible()
    # Filters fold behind one button on a phone.
    assert not phone.locator("#f-unit").is_visible()
    phone.click("button[data-bs-target='#more-filters']")
    phone.locator("#f-unit").wait_for(state="visible")
    # The table fits the screen: no horizontal scrolling of the page itself.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400


def test_my_work_reads_well_on_a_phone(live_server, world, phone, tmp_path):
    TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="DT-LATE",
        title="Cập nhật cơ sở dữ liệu hộ nghèo",
        due_date=local_today() - timedelta(days=2),
    )
    log_in(phone, live_server.url, "focal")
    item = phone.locator("[data-testid=my-work] [data-kind='task.overdue']").first
    assert item.is_visible() and "DT-LATE" in item.inner_text()
    phone.screenshot(path=Path(tmp_path) / "home-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    item.locator("a").click()
    phone.wait_for_selector("[data-testid=task-title]")


def test_the_periodic_report_downloads_from_the_dashboard(live_server, world, page, tmp_path):
    TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code="BC-1", title="Nhiệm vụ báo cáo"
    )
    log_in(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/dashboard/")
    form = page.locator("[data-testid=periodic-report-form]")
    period = form.locator("[data-testid=report-period] option").first.get_attribute("value")
    page.select_option("[data-testid=report-period]", period)
    for fmt, suffix, magic in (("pdf", ".pdf", b"%PDF"), ("docx", ".docx", b"PK")):
        page.select_option("[data-testid=report-format]", fmt)
        with page.expect_download() as info:
            page.click("[data-testid=report-download]")
        download = info.value
        assert download.suggested_filename.endswith(suffix) and period in download.suggested_filename
        saved = Path(tmp_path) / download.suggested_filename
        download.save_as(saved)
        assert saved.read_bytes()[:4].startswith(magic)
