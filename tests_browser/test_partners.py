"""An enterprise registers on the public form and asks for help -> the DX office verifies it,
triages the case and assigns the partner -> the partner closes it with the satisfaction score the
enterprise gave, and the sector figures change."""

import pytest

from dxoffice.partners.models import Enterprise, SupportCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def supported_in_tourism(page, base):
    page.goto(f"{base}/partners/enterprises/")
    return page.locator("[data-testid=sector-tourism] td").nth(4).inner_text()


def test_an_enterprise_asks_for_help_and_its_case_closes(live_server, world, phone, page):
    base = live_server.url
    phone.goto(f"{base}/partners/register/")
    phone.fill("#id_name", "Công ty TNHH Du lịch Đất Mũi Xanh")
    phone.fill("#id_tax_code", "0100109107")  # a wrong check digit first
    phone.select_option("#id_sector", "tourism")
    phone.select_option("#id_size", "small")
    phone.select_option("#id_commune", str(world.commune_a.pk))
    phone.fill("#id_contact_name", "Phạm Thị Dung")
    phone.fill("#id_contact_email", "dung@example.test")
    phone.select_option("#id_need", "e_commerce")
    phone.fill("#id_description", "Bán tour sinh thái trực tuyến")
    phone.click("[data-testid=register-submit]")
    assert "chữ số kiểm tra" in phone.locator("[data-testid=error-tax_code]").inner_text()
    phone.fill("#id_tax_code", "0100109106")
    phone.click("[data-testid=register-submit]")
    phone.wait_for_selector("[data-testid=thanks]")
    phone.screenshot(path="/tmp/partners-registered-phone.png", full_page=True)
    enterprise = Enterprise.objects.get(tax_code="0100109106")
    case = SupportCase.objects.get(enterprise=enterprise)

    log_in(page, base, "coordinator")
    assert supported_in_tourism(page, base) == "0"
    page.goto(f"{base}/partners/enterprises/{enterprise.pk}/")
    page.click("[data-testid=verify]")
    page.wait_for_selector("[data-testid=status].text-bg-success")
    page.goto(f"{base}/partners/cases/{case.pk}/")
    form = page.locator("[data-testid=triage-form]")
    form.locator("select[name=partner]").select_option(str(world.partner_org.pk))
    form.locator("input[name=due_date]").fill("2099-12-31")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-testid=case-partner]:has-text('{world.partner_org.name}')")

    page.context.clear_cookies()
    log_in(page, base, "partner")
    page.goto(f"{base}/partners/cases/{case.pk}/")
    page.click("[data-testid=start]")
    resolve = page.locator("[data-testid=resolve-form]")
    resolve.locator("textarea[name=note]").fill("Đã đưa tour lên sàn thương mại điện tử")
    resolve.locator("input[name=satisfaction]").fill("5")
    resolve.locator("button[type=submit]").click()
    page.wait_for_selector("[data-testid=case-status].text-bg-success")
    assert page.locator("[data-testid=case-satisfaction]").inner_text() == "5"
    page.screenshot(path="/tmp/partners-case-closed.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, base, "coordinator")
    assert supported_in_tourism(page, base) == "1"
    page.screenshot(path="/tmp/partners-enterprises.png", full_page=True)
