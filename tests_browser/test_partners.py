"""An enterprise registers on the public form and asks for help -> the DX office verifies it,
triages the case and assigns the partner -> the partner closes it with the satisfaction score the
enterprise gave, and the sector figures change."""

import pytest

from dxoffice.partners.models import Enterprise, SupportCase
from tests_browser.conftest import shots_dir

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
    phone.screenshot(path=shots_dir() / "partners-registered-phone.png", full_page=True)
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
    page.screenshot(path=shots_dir() / "partners-case-closed.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, base, "coordinator")
    assert supported_in_tourism(page, base) == "1"
    page.screenshot(path=shots_dir() / "partners-enterprises.png", full_page=True)


def choose(page, select_id, value, text):
    """Pick an option of a select, searchable (tom-select) or plain."""
    select = page.locator(f"#{select_id}")
    if select.is_visible():
        select.select_option(value)
        return
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(text)
    page.locator(f".ts-dropdown [data-value='{value}']").click()
    page.keyboard.press("Escape")


def test_the_dx_office_keeps_an_agreement_and_its_priority_list(live_server, world, page, tmp_path):
    from dxoffice.core.services import attachments_of
    from dxoffice.partners.models import Agreement, PriorityListing
    from dxoffice.partners.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(commune=world.commune_a, name="Công ty TNHH Tôm sạch Năm Căn")
    base = live_server.url
    log_in(page, base, "coordinator")
    page.goto(f"{base}/partners/")
    page.click("[data-testid=agreement-new]")
    page.fill("#id_number", "02/2026/TTHT-UBND")
    page.fill("#id_title", "Thỏa thuận hợp tác về hạ tầng số")
    page.select_option("#id_owner_unit", str(world.province.pk))
    choose(page, "id_parties", str(world.partner_org.pk), "Tập đoàn")
    page.fill("#id_signed_on", "2026-01-15")
    page.fill("#id_valid_from", "2026-01-15")
    signed = tmp_path / "thoa-thuan.pdf"
    signed.write_bytes(b"%PDF-1.4 signed")
    page.set_input_files("#id_file", str(signed))
    page.click("[data-testid=agreement-save]")
    page.wait_for_selector("[data-testid=agreement-edit]")
    agreement = Agreement.objects.get(number="02/2026/TTHT-UBND")
    assert [a.original_name for a in attachments_of(agreement)] == ["thoa-thuan.pdf"]

    page.goto(f"{base}/partners/priority/")
    page.click("[data-testid=priority-form] >> xpath=ancestor::details/summary")
    choose(page, "id_enterprise", str(enterprise.pk), "Tôm sạch")
    page.fill("#id_program", "Chương trình hỗ trợ DNNVV vùng ĐBSCL")
    page.fill("#id_rule", "DN nhỏ lĩnh vực nông nghiệp")
    page.click("[data-testid=priority-add]")
    listing = PriorityListing.objects.get(enterprise=enterprise)
    row = page.locator(f"[data-testid=listing-{listing.pk}]")
    assert "DN nhỏ lĩnh vực nông nghiệp" in row.inner_text()
    row.locator("summary:visible").first.click()
    row.locator("form:visible input[name=reason]").fill("Đã nhận đủ hỗ trợ")
    row.locator("form:visible button[type=submit]").click()
    page.wait_for_selector("[data-testid=removed]")
    assert not PriorityListing.objects.filter(pk=listing.pk).exists()


def test_an_enterprise_signs_in_and_answers_its_self_assessment(live_server, world, phone):
    from dxoffice.partners import services
    from dxoffice.partners.tests.factories import EnterpriseFactory

    enterprise = services.enterprise_verify(
        by=world.coordinator, enterprise=EnterpriseFactory(commune=world.commune_a, status="pending")
    )
    enterprise.account.set_password(PASSWORD)
    enterprise.account.save()
    base = live_server.url
    phone.goto(f"{base}/partners/register/")
    phone.click("[data-testid=enterprise-login-link]")
    phone.fill("#id_username", enterprise.account.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{base}/partners/enterprises/{enterprise.pk}/")
    phone.click("[data-testid=assess-link]")
    for index, fieldset in enumerate(phone.locator("fieldset[data-testid^=question-]").all()):
        fieldset.locator("label").nth(2 + index % 2).click()  # 2 and 3 by turns
    phone.click("[data-testid=assess-save]")
    phone.wait_for_selector("[data-testid=result]")
    assessment = enterprise.assessments.get()
    # dimensions 7/12, 8/12, 7/12, 5/8, 5/8, 5/8 -> 58.3, 66.7, 58.3, 62.5, 62.5, 62.5 -> 61.8, level 4
    assert (str(assessment.score), assessment.level) == ("61.8", 4)
    assert "61,8" in phone.locator("[data-testid=result]").inner_text()
