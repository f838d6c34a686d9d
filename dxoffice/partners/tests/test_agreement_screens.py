"""Keeping an agreement on the module's screens: a new one with its signed document, its edit form,
more documents and amendments. Those who may plan on the owner unit only; out of scope is a 404."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.services import attachments_of
from dxoffice.partners.models import Agreement

pytestmark = pytest.mark.django_db


def pdf(name: str = "thoa-thuan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


def fields(world, **overrides):
    data = {
        "number": "02/2026/TTHT-UBND",
        "title": "Thỏa thuận hợp tác về hạ tầng số",
        "owner_unit": world.province.pk,
        "parties": [world.partner_org.pk],
        "signed_on": "2026-01-15",
        "valid_from": "2026-01-15",
        "valid_until": "2030-12-31",
        "scope": "Hạ tầng số, an toàn thông tin",
    }
    return data | overrides


def test_the_dx_office_records_a_new_agreement_with_its_signed_document(client, world):
    client.force_login(world.coordinator)
    assert 'data-testid="agreement-new"' in client.get("/partners/").content.decode()
    assert client.get("/partners/agreements/new/").status_code == 200
    response = client.post("/partners/agreements/new/", fields(world) | {"file": pdf()})
    agreement = Agreement.objects.get(number="02/2026/TTHT-UBND")
    assert response.url == f"/partners/agreements/{agreement.pk}/"
    assert set(agreement.parties.all()) == {world.province, world.partner_org}
    assert [a.original_name for a in attachments_of(agreement)] == ["thoa-thuan.pdf"]
    assert agreement.history.filter(
        history_event="agreement.created", history_user=world.coordinator
    ).exists()


def test_a_refused_agreement_comes_back_on_its_fields_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    bad = client.post("/partners/agreements/new/", fields(world, valid_until="2025-01-01"))
    assert bad.status_code == 200
    assert 'data-testid="error-valid_until"' in bad.content.decode()
    assert not Agreement.objects.exists()
    no_party = client.post("/partners/agreements/new/", fields(world, parties=[world.province.pk]))
    assert 'data-testid="error-parties"' in no_party.content.decode()
    bad_file = client.post(
        "/partners/agreements/new/", fields(world) | {"file": SimpleUploadedFile("x.pdf", b"not a pdf")}
    )
    assert 'data-testid="form-errors"' in bad_file.content.decode() and not Agreement.objects.exists()


def test_only_those_who_plan_on_the_owner_unit_keep_agreements(client, world, agreement):
    client.force_login(world.partner)  # a party: reads it, may not change it
    assert client.get(f"/partners/agreements/{agreement.pk}/").status_code == 200
    assert (
        'data-testid="agreement-edit"'
        not in client.get(f"/partners/agreements/{agreement.pk}/").content.decode()
    )
    assert client.get(f"/partners/agreements/{agreement.pk}/edit/").status_code == 403
    assert client.get("/partners/agreements/new/").status_code == 403
    assert client.post("/partners/agreements/new/", fields(world)).status_code == 403
    client.force_login(world.focal_a)  # neither owner nor party
    assert client.get(f"/partners/agreements/{agreement.pk}/edit/").status_code == 404
    assert client.post(f"/partners/agreements/{agreement.pk}/amendments/", {}).status_code == 404
    client.force_login(world.leader)  # reads the province's agreements, plans nothing
    assert client.get(f"/partners/agreements/{agreement.pk}/edit/").status_code == 403


def test_the_agreement_is_edited_and_a_party_with_commitments_stays(client, world, agreement, today):
    from dxoffice.partners.tests.factories import CommitmentFactory

    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today)
    client.force_login(world.coordinator)
    page = client.get(f"/partners/agreements/{agreement.pk}/edit/").content.decode()
    assert agreement.number in page
    data = fields(
        world,
        number=agreement.number,
        title="Tên mới",
        signed_on=agreement.signed_on.isoformat(),
        valid_from=agreement.valid_from.isoformat(),
    )
    assert client.post(f"/partners/agreements/{agreement.pk}/edit/", data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Tên mới"
    assert agreement.history.filter(history_event="agreement.changed").exists()
    refused = client.post(
        f"/partners/agreements/{agreement.pk}/edit/", data | {"parties": [world.other_partner.pk]}
    )
    assert 'data-testid="error-parties"' in refused.content.decode()
    assert world.partner_org in agreement.parties.all()


def test_documents_and_amendments_are_added_on_the_edit_page(client, world, agreement):
    client.force_login(world.coordinator)
    base = f"/partners/agreements/{agreement.pk}"
    client.post(f"{base}/documents/", {"file": pdf("ban-ky.pdf"), "description": "Bản ký"})
    signed = (agreement.signed_on + timedelta(days=30)).isoformat()
    client.post(
        f"{base}/amendments/",
        {"number": "01/PL", "signed_on": signed, "summary": "Bổ sung đào tạo", "file": pdf("phu-luc.pdf")},
    )
    [amendment] = agreement.amendments.all()
    assert (amendment.number, amendment.summary) == ("01/PL", "Bổ sung đào tạo")
    names = sorted(a.original_name for a in attachments_of(agreement))
    assert names == ["ban-ky.pdf", "phu-luc.pdf"]
    early = (agreement.signed_on - timedelta(days=1)).isoformat()
    refused = client.post(
        f"{base}/amendments/", {"number": "02/PL", "signed_on": early, "summary": "x"}, follow=True
    )
    assert agreement.amendments.count() == 1 and "alert" in refused.content.decode()
    page = client.get(f"{base}/edit/").content.decode()
    assert "01/PL" in page and "phu-luc.pdf" in page


def test_the_agreement_list_downloads_as_xlsx(client, world, agreement, today):
    from io import BytesIO

    from openpyxl import load_workbook

    from dxoffice.partners.tests.factories import CommitmentFactory

    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today - timedelta(days=1))
    client.force_login(world.partner)
    sheet = load_workbook(BytesIO(client.get("/partners/?format=xlsx").content)).active
    header, row = list(sheet.iter_rows(max_row=2, values_only=True))
    assert row[0] == agreement.number and world.partner_org.name in row[3]
    assert row[header.index("Chậm hạn")] == 1
    client.force_login(world.focal_a)
    sheet = load_workbook(BytesIO(client.get("/partners/?format=xlsx").content)).active
    assert sheet.max_row == 1  # the header only: it sees no agreement


def test_a_commitment_is_edited_on_its_page(client, world, agreement, today):
    from dxoffice.partners.tests.factories import CommitmentFactory

    commitment = CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today)
    url = f"/partners/commitments/{commitment.pk}/edit/"
    client.force_login(world.coordinator)
    assert (
        'data-testid="commitment-edit"'
        in client.get(f"/partners/commitments/{commitment.pk}/").content.decode()
    )
    data = {
        "party": world.partner_org.pk,
        "area": "training",
        "title": "Đào tạo 500 cán bộ",
        "description": "Đào tạo kỹ năng số cho cán bộ cấp xã",
        "measure": "500 chứng chỉ",
        "due_date": (today + timedelta(days=90)).isoformat(),
    }
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.area, commitment.description) == ("training", "Đào tạo kỹ năng số cho cán bộ cấp xã")
    early = client.post(url, data | {"due_date": (agreement.signed_on - timedelta(days=1)).isoformat()})
    assert 'data-testid="error-due_date"' in early.content.decode()
    client.force_login(world.partner)  # the party adds evidence, does not rewrite its commitment
    assert client.get(url).status_code == 403
