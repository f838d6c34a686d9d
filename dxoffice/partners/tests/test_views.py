"""The screens: they render for those in scope, out of scope is a 404, writes need the right role."""

from datetime import timedelta

import pytest

from dxoffice.partners.tests.factories import CaseFactory, CommitmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(world, agreement, today):
    return CommitmentFactory(
        agreement=agreement, party=world.partner_org, code="C1", due_date=today - timedelta(days=1)
    )


@pytest.mark.parametrize(
    "url",
    [
        "/partners/",
        "/partners/enterprises/",
        "/partners/cases/",
        "/partners/schools/",
        "/partners/enterprises/export.xlsx",
        "/partners/cases/export.xlsx",
        "/partners/schools/?format=xlsx",
    ],
)
def test_the_lists_render(client, world, commitment, url):
    EnterpriseFactory(commune=world.commune_a)
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_the_scorecard_screen_shows_the_late_commitment_and_links_the_chart(
    client, world, agreement, commitment
):
    client.force_login(world.leader)
    content = client.get(f"/partners/agreements/{agreement.pk}/").content.decode()
    assert 'data-testid="commitment-C1"' in content
    assert 'data-testid="training-missing"' in content or "people_trained" not in content
    assert "?state=late#commitments" in content
    only_met = client.get(f"/partners/agreements/{agreement.pk}/?state=met").content.decode()
    assert 'data-testid="commitment-C1"' not in only_met


def test_a_commitment_page_and_its_status_form(client, world, commitment):
    client.force_login(world.partner)
    page = client.get(f"/partners/commitments/{commitment.pk}/")
    assert page.status_code == 200 and 'data-testid="status-form"' not in page.content.decode()
    assert (
        client.post(
            f"/partners/commitments/{commitment.pk}/status/", {"status": "at_risk", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(world.coordinator)
    client.post(f"/partners/commitments/{commitment.pk}/status/", {"status": "at_risk", "reason": "Chậm"})
    commitment.refresh_from_db()
    assert commitment.status == "at_risk"
    client.force_login(world.focal_a)
    assert client.get(f"/partners/commitments/{commitment.pk}/").status_code == 404


def test_case_pages_for_the_office_and_the_partner(client, world, today):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), opened_on=today)
    client.force_login(world.coordinator)
    assert 'data-testid="triage-form"' in client.get(f"/partners/cases/{case.pk}/").content.decode()
    client.post(
        f"/partners/cases/{case.pk}/act/",
        {
            "action": "triage",
            "partner": world.partner_org.pk,
            "due_date": (today + timedelta(days=5)).isoformat(),
        },
    )
    case.refresh_from_db()
    assert case.partner == world.partner_org
    client.force_login(world.partner)
    client.post(f"/partners/cases/{case.pk}/act/", {"action": "resolve", "note": "Xong", "satisfaction": "9"})
    case.refresh_from_db()
    assert case.status == "triaged"  # a score outside 1-5 changes nothing
    client.post(f"/partners/cases/{case.pk}/act/", {"action": "resolve", "note": "Xong", "satisfaction": "4"})
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == ("resolved", 4)
    client.force_login(world.outsider)
    assert client.get(f"/partners/cases/{case.pk}/").status_code == 404


def test_the_dx_office_verifies_on_the_enterprise_page(client, world):
    enterprise = EnterpriseFactory(commune=world.commune_a, status="pending")
    client.force_login(world.coordinator)
    client.post(f"/partners/enterprises/{enterprise.pk}/decide/", {"decision": "verify"})
    enterprise.refresh_from_db()
    assert enterprise.status == "verified"


def test_the_home_card_and_nav(client, world, agreement, commitment):
    client.force_login(world.coordinator)
    content = client.get("/").content.decode()
    assert "/partners/" in content
    assert f"/partners/agreements/{agreement.pk}/" in content


def test_the_dx_office_enters_the_self_assessment_on_the_enterprise_page(client, world, today):
    from dxoffice.partners.maturity import QUESTIONS

    enterprise = EnterpriseFactory(commune=world.commune_a)
    client.force_login(world.coordinator)
    page = client.get(f"/partners/enterprises/{enterprise.pk}/").content.decode()
    assert f'href="/partners/enterprises/{enterprise.pk}/assessment/"' in page
    url = f"/partners/enterprises/{enterprise.pk}/assessment/"
    assert 'data-testid="assess-form"' in client.get(url).content.decode()
    answers = {q.code: "4" for q in QUESTIONS} | {"year": str(today.year)}
    client.post(url, answers)
    [assessment] = enterprise.assessments.all()
    assert (str(assessment.score), assessment.level) == ("100.0", 5)
    bad = client.post(url, answers | {"s1": "9"})
    assert bad.status_code == 200 and 'data-testid="form-errors"' in bad.content.decode()
    assert enterprise.assessments.get().score == assessment.score
    client.force_login(world.partner)  # sees no such enterprise
    assert client.post(url, answers).status_code == 404


def test_the_solutions_catalogue_and_its_xlsx(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    from dxoffice.partners.tests.factories import SolutionFactory

    SolutionFactory(provider=world.partner_org, name="=cmd|' /C calc'!A0")
    client.force_login(world.viewer)
    assert "calc" in client.get("/partners/solutions/").content.decode()
    sheet = load_workbook(BytesIO(client.get("/partners/solutions/?format=xlsx").content)).active
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_my_work_lists_cases_to_triage_for_the_office_and_to_answer_for_the_partner(world, today):
    from dxoffice.partners.plugin import cases_waiting

    new = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a))
    assigned = CaseFactory(
        enterprise=EnterpriseFactory(commune=world.commune_b),
        partner=world.partner_org,
        status="triaged",
        due_date=today - timedelta(days=1),
    )
    assert [item.url for item in cases_waiting(world.coordinator, today)] == [f"/partners/cases/{new.pk}/"]
    [item] = cases_waiting(world.partner, today)
    assert item.url == f"/partners/cases/{assigned.pk}/" and item.urgency == 0  # its answer is late
    assert cases_waiting(world.viewer, today) == []


def test_garbage_in_the_case_forms_is_a_message_not_a_500(client, world, today):
    case = CaseFactory(enterprise=EnterpriseFactory(commune=world.commune_a), opened_on=today)
    client.force_login(world.coordinator)
    for data in (
        {"action": "triage", "partner": "abc", "due_date": "2026-13-45"},
        {"action": "triage", "partner": str(world.partner_org.pk), "solution": "x" * 40, "due_date": "nope"},
        {"action": "resolve", "note": "x", "satisfaction": "-1"},
    ):
        assert client.post(f"/partners/cases/{case.pk}/act/", data).status_code == 302
    case.refresh_from_db()
    assert case.status == "new"
    assert client.post(f"/partners/cases/{case.pk}/act/", {"action": "explode"}).status_code == 403


def test_the_quarterly_review_screen_records_decisions(client, world, agreement, today):
    from dxoffice.core.periods import QUARTER, Period

    slipping = CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=9)
    )
    client.force_login(world.partner)
    assert client.get(f"/partners/agreements/{agreement.pk}/review/").status_code == 403
    client.force_login(world.coordinator)
    assert (
        'data-testid="review-form"'
        in client.get(f"/partners/agreements/{agreement.pk}/review/").content.decode()
    )
    quarter = Period.containing(today, QUARTER).code
    refused = client.post(
        f"/partners/agreements/{agreement.pk}/review/",
        {
            "period": quarter,
            "held_on": today.isoformat(),
            f"decision-{slipping.pk}": "extend",
            f"due-{slipping.pk}": "x",
        },
    )
    assert refused.status_code == 200 and not agreement.reviews.exists()
    done = client.post(
        f"/partners/agreements/{agreement.pk}/review/",
        {"period": quarter, "held_on": today.isoformat(), "notes": "Họp", f"decision-{slipping.pk}": "at_risk",
         f"note-{slipping.pk}": "Chậm dữ liệu"},
    )  # fmt: skip
    assert done.status_code == 302
    slipping.refresh_from_db()
    assert slipping.status == "at_risk" and agreement.reviews.get().decisions.count() == 1


def test_a_commitment_is_added_on_the_agreement_page(client, world, agreement, today):
    client.force_login(world.coordinator)
    data = {"code": "N1", "party": world.partner_org.pk, "area": "training", "title": "Đào tạo", "measure": "100 người",
            "due_date": (today + timedelta(days=30)).isoformat()}  # fmt: skip
    client.post(f"/partners/agreements/{agreement.pk}/commitments/new/", data)
    assert agreement.commitments.get().code == "N1"
    client.post(
        f"/partners/agreements/{agreement.pk}/commitments/new/",
        data | {"party": world.other_partner.pk, "code": "N2"},
    )
    assert agreement.commitments.count() == 1  # not a party of the agreement
    client.force_login(world.partner)
    client.post(f"/partners/agreements/{agreement.pk}/commitments/new/", data | {"code": "N3"})
    assert agreement.commitments.count() == 1
