"""A commune focal point enters and submits the commune's values on a phone; the coordinator approves
them; the ranking and the scorecard change at once; a gap becomes a task in the register."""

import pytest

from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators.models import IndexScore, Submission
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework
from dxoffice.planning.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_values_entered_on_a_phone_are_approved_ranked_and_a_gap_becomes_a_task(
    live_server, world, phone, page
):
    version = small_framework(world.admin, world.province)
    other = OrgUnitFactory(code="XA-C", name="Xã Khánh Hưng", kind="commune", parent=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, other])
    enter_and_approve(
        campaign, other, {"DVC_TOTAL": "100", "DVC_ONLINE": "80", "HOSO": "60", "CAP_QUANG": "1"},
        focal=world.coordinator, reviewer=world.leader,
    )  # fmt: skip
    submission = Submission.objects.get(campaign=campaign, unit=world.commune_a)
    base = live_server.url

    _login(phone, base, "focal")
    phone.goto(f"{base}/indicators/entry/{submission.pk}/")
    phone.fill("#v-DVC_TOTAL", "100")
    phone.fill("#v-DVC_ONLINE", "40")
    phone.fill("#v-HOSO", "90")
    phone.select_option("#v-CAP_QUANG", "0")
    phone.fill("input[name=e-HOSO]", "QĐ 12/2026")
    phone.wait_for_function(
        "document.getElementById('entry-state').textContent.includes('Đã lưu')"
    )  # autosaved
    phone.screenshot(path="/tmp/ind-entry-phone.png", full_page=True)
    phone.click("[data-testid=submit-values]")
    phone.wait_for_selector("[data-testid=submission-status][data-status=submitted]")

    _login(page, base, "coordinator")
    page.goto(f"{base}/indicators/entry/{submission.pk}/")
    page.click("[data-testid=approve]")
    try:
        page.wait_for_selector("[data-testid=submission-status][data-status=approved]")
    finally:
        page.screenshot(path="/tmp/ind-approved.png", full_page=True)
    page.goto(f"{base}/indicators/?version={version.pk}&period=2026&kind=commune")
    row = page.locator("[data-testid=ranking-table] tbody tr").first
    assert "Khánh Hưng" in row.inner_text()  # the better commune ranks first
    assert page.locator(f"[data-testid=score-{world.commune_a.code}]").inner_text() != "—"
    page.screenshot(path="/tmp/ind-ranking.png", full_page=True)
    assert IndexScore.objects.filter(unit=world.commune_a, component__isnull=True).exists()

    page.goto(f"{base}/indicators/units/{world.commune_a.code}/?version={version.pk}&period=2026")
    assert page.locator("[data-testid=unit-rank]").inner_text().startswith("2/")
    page.screenshot(path="/tmp/ind-scorecard.png", full_page=True)
    page.click("[data-testid=gap-open-CAP_QUANG]")
    page.select_option("#id_plan", str(world.plan.pk))
    page.click("[data-testid=create-task]")
    page.wait_for_selector("[data-testid=gap-tasks] a")
    assert Task.objects.filter(origin="indicators.gap", lead_unit=world.commune_a).count() == 1
    page.screenshot(path="/tmp/ind-gap.png", full_page=True)
