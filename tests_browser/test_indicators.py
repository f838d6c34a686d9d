"""A commune focal point enters and submits the commune's values on a phone; the coordinator approves
them; the ranking and the scorecard change at once; a gap becomes a task in the register. The entry
grid's keyboard: Enter moves on, a column pasted from Excel fills the fields below; what is typed
offline (values and the explanations of rule flags) is kept on the device and sent when the link is
back, even after a reload."""

from decimal import Decimal

import pytest

from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators.models import IndexScore, Submission
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework
from dxoffice.planning.models import Task
from tests_browser.conftest import shots_dir

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
    phone.screenshot(path=shots_dir() / "ind-entry-phone.png", full_page=True)
    phone.click("[data-testid=submit-values]")
    phone.wait_for_selector("[data-testid=submission-status][data-status=submitted]")

    _login(page, base, "coordinator")
    page.goto(f"{base}/indicators/entry/{submission.pk}/")
    page.click("[data-testid=approve]")
    try:
        page.wait_for_selector("[data-testid=submission-status][data-status=approved]")
    finally:
        page.screenshot(path=shots_dir() / "ind-approved.png", full_page=True)
    page.goto(f"{base}/indicators/?version={version.pk}&period=2026&kind=commune")
    row = page.locator("[data-testid=ranking-table] tbody tr").first
    assert "Khánh Hưng" in row.inner_text()  # the better commune ranks first
    assert page.locator(f"[data-testid=score-{world.commune_a.code}]").inner_text() != "—"
    page.screenshot(path=shots_dir() / "ind-ranking.png", full_page=True)
    assert IndexScore.objects.filter(unit=world.commune_a, component__isnull=True).exists()

    page.goto(f"{base}/indicators/units/{world.commune_a.code}/?version={version.pk}&period=2026")
    assert page.locator("[data-testid=unit-rank]").inner_text().startswith("2/")
    page.screenshot(path=shots_dir() / "ind-scorecard.png", full_page=True)
    page.click("[data-testid=gap-open-CAP_QUANG]")
    page.select_option("#id_plan", str(world.plan.pk))
    page.click("[data-testid=create-task]")
    page.wait_for_selector("[data-testid=gap-tasks] a")
    assert Task.objects.filter(origin="indicators.gap", lead_unit=world.commune_a).count() == 1
    page.screenshot(path=shots_dir() / "ind-gap.png", full_page=True)


def _entry(page, base, world, values=None):
    """A commune's entry grid, open in `page` as its focal point."""
    version = small_framework(world.admin, world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a])
    submission = Submission.objects.get(campaign=campaign, unit=world.commune_a)
    if values:
        from dxoffice.indicators import services

        services.values_save(by=world.focal_a, submission=submission, values=values)
    _login(page, base, "focal")
    page.goto(f"{base}/indicators/entry/{submission.pk}/")
    return submission


def _saved(page):
    page.wait_for_function("document.getElementById('entry-state').textContent.includes('Đã lưu')")


def test_enter_moves_on_and_a_column_pasted_from_excel_fills_the_fields_below(live_server, world, page):
    from dxoffice.indicators.models import DataValue

    _entry(page, live_server.url, world)
    page.focus("#v-DVC_TOTAL")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "v-DVC_ONLINE"
    page.keyboard.press("Shift+Enter")
    assert page.evaluate("document.activeElement.id") == "v-DVC_TOTAL"
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData("text", "120\\t(bỏ qua)\\r\\n45\\r\\n88,5\\r\\n");
          document.getElementById("v-DVC_TOTAL").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    assert page.input_value("#v-DVC_TOTAL") == "120"
    assert page.input_value("#v-DVC_ONLINE") == "45"
    assert page.input_value("#v-HOSO") == "88,5"
    _saved(page)
    saved = {v.indicator.code: v.value for v in DataValue.objects.all()}
    assert saved == {"DVC_TOTAL": 120, "DVC_ONLINE": 45, "HOSO": Decimal("88.5")}


def test_values_and_flag_comments_typed_offline_are_kept_and_sent_when_the_link_is_back(
    live_server, world, page
):
    from dxoffice.indicators.models import DataValue, Flag

    submission = _entry(page, live_server.url, world, values={"DVC_TOTAL": "10", "DVC_ONLINE": "20"})
    flag = Flag.objects.get(submission=submission, code="R_ONLINE")
    page.context.set_offline(True)
    page.fill("#v-HOSO", "64")
    page.fill(f"input[name=flag-{flag.pk}]", "Số liệu cộng dồn hai năm")
    page.wait_for_function("document.getElementById('entry-state').textContent.includes('Mất kết nối')")
    kept = page.evaluate(f"localStorage.getItem('dxoffice.indicators.entry.{submission.pk}')")
    assert "64" in kept and "cộng dồn" in kept
    assert not DataValue.objects.filter(indicator__code="HOSO").exists()
    page.context.set_offline(False)  # the browser's "online" event sends what was kept
    _saved(page)
    assert DataValue.objects.get(indicator__code="HOSO").value == 64
    flag.refresh_from_db()
    assert flag.comment == "Số liệu cộng dồn hai năm"
    assert page.evaluate(f"localStorage.getItem('dxoffice.indicators.entry.{submission.pk}')") == "{}"


def test_what_a_dropped_request_did_not_send_comes_back_after_a_reload_and_is_sent(live_server, world, page):
    from dxoffice.indicators.models import DataValue

    _entry(page, live_server.url, world)
    page.route(
        "**/indicators/entry/**",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.fill("#v-DVC_TOTAL", "75")
    page.wait_for_function("document.getElementById('entry-state').textContent.includes('Mất kết nối')")
    page.unroute("**/indicators/entry/**")
    page.reload()
    assert page.input_value("#v-DVC_TOTAL") == "75"  # kept on this device
    _saved(page)
    assert DataValue.objects.get(indicator__code="DVC_TOTAL").value == 75


def test_breakdown_parts_show_their_total_as_typed_and_are_autosaved(live_server, world, page):
    from dxoffice.indicators import services
    from dxoffice.indicators.models import DataValue
    from dxoffice.indicators.tests.factories import breakdown_framework

    version = services.framework_import(by=world.admin, data=breakdown_framework(), owner_unit=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a])
    submission = Submission.objects.get(campaign=campaign, unit=world.commune_a)
    _login(page, live_server.url, "focal")
    page.goto(f"{live_server.url}/indicators/entry/{submission.pk}/")
    page.fill("[id='p-CAN_BO.NAM']", "12")
    page.fill("[id='p-CAN_BO.NU']", "9")
    assert page.inner_text("[data-total-for=CAN_BO]") == "21"
    _saved(page)
    value = DataValue.objects.get(indicator__code="CAN_BO")
    assert value.value == 21 and {p.option: p.value for p in value.parts.all()} == {"NAM": 12, "NU": 9}
