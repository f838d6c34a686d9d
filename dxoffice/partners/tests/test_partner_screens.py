"""Partner profiles on the module's screens: the partner units of the tree with their main contact,
website, description, school level and contact people (added, edited, retired, never deleted).
The DX office keeps them; readers of the province read them; anyone else gets a 404."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import UnitKind
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.partners import services
from dxoffice.partners.models import PartnerContact, PartnerProfile

pytestmark = pytest.mark.django_db


def profile_fields(**overrides):
    data = {
        "contact_name": "Nguyễn Văn An",
        "contact_email": "an@doitac.example",
        "contact_phone": "0290 3831 234",
        "website": "https://doitac.example",
        "description": "Tập đoàn công nghệ ký thỏa thuận với tỉnh",
    }
    return data | overrides


def contact_fields(**overrides):
    data = {"name": "Lê Thị Hoa", "position": "Giám đốc chi nhánh", "email": "hoa@doitac.example"}
    return data | overrides


def test_the_dx_office_edits_a_partners_profile(client, world):
    client.force_login(world.coordinator)
    page = client.get("/partners/partners/").content.decode()
    assert f'data-testid="partner-{world.partner_org.pk}"' in page
    assert f'data-testid="partner-{world.province.pk}"' not in page  # only partner units
    assert client.get(f"/partners/partners/{world.partner_org.pk}/edit/").status_code == 200
    response = client.post(f"/partners/partners/{world.partner_org.pk}/edit/", profile_fields())
    assert response.status_code == 302
    profile = PartnerProfile.objects.get(unit=world.partner_org)
    assert (profile.contact_name, profile.website) == ("Nguyễn Văn An", "https://doitac.example")
    entry = profile.history.first()
    assert (entry.history_event, entry.history_user) == ("partner.profile_created", world.coordinator)
    client.post(f"/partners/partners/{world.partner_org.pk}/edit/", profile_fields(contact_name="Trần B"))
    assert profile.history.first().history_event == "partner.profile_changed"
    detail = client.get(f"/partners/partners/{world.partner_org.pk}/").content.decode()
    assert "Trần B" in detail and f"/history/partners.partnerprofile/{profile.pk}/" in detail
    assert client.get(f"/history/partners.partnerprofile/{profile.pk}/").status_code == 200


def test_bad_profile_input_is_named_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    url = f"/partners/partners/{world.partner_org.pk}/edit/"
    for field, value in [("contact_email", "not-an-email"), ("contact_phone", "call me"), ("website", "x y")]:
        page = client.post(url, profile_fields(**{field: value})).content.decode()
        assert f'data-testid="error-{field}"' in page, field
    assert not PartnerProfile.objects.exists()
    with pytest.raises(ValidationError) as refused:  # a school level for a technology partner
        services.partner_profile_save(by=world.coordinator, partner=world.partner_org, school_level="primary")
    assert "school_level" in refused.value.message_dict and not PartnerProfile.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.partner_profile_save(by=world.coordinator, partner=world.commune_a)
    assert "partner" in refused.value.message_dict


def test_a_school_has_a_level(client, world):
    school = OrgUnitFactory(code="THPT-1", name="Trường THPT Cà Mau", kind=UnitKind.SCHOOL)
    client.force_login(world.coordinator)
    assert 'name="school_level"' in client.get(f"/partners/partners/{school.pk}/edit/").content.decode()
    assert (
        'name="school_level"'
        not in client.get(f"/partners/partners/{world.partner_org.pk}/edit/").content.decode()
    )
    client.post(f"/partners/partners/{school.pk}/edit/", profile_fields(school_level="upper_secondary"))
    assert PartnerProfile.objects.get(unit=school).school_level == "upper_secondary"


def test_contacts_are_added_edited_and_retired_never_deleted(client, world):
    client.force_login(world.coordinator)
    base = f"/partners/partners/{world.partner_org.pk}"
    assert client.post(f"{base}/contacts/", contact_fields()).status_code == 302
    contact = PartnerContact.objects.get()
    assert contact.profile.unit == world.partner_org  # the profile is made with its first contact
    assert contact.history.first().history_event == "partner.contact_added"
    assert client.get(f"/partners/contacts/{contact.pk}/edit/").status_code == 200
    client.post(f"/partners/contacts/{contact.pk}/edit/", contact_fields(phone="0912 345 678"))
    contact.refresh_from_db()
    assert contact.phone == "0912 345 678"
    assert contact.history.first().history_event == "partner.contact_changed"
    # no reason: nothing retired
    client.post(f"/partners/contacts/{contact.pk}/retire/", {"reason": ""})
    assert PartnerContact.objects.filter(pk=contact.pk).exists()
    client.post(f"/partners/contacts/{contact.pk}/retire/", {"reason": "Đã chuyển công tác"})
    assert not PartnerContact.objects.filter(pk=contact.pk).exists()
    kept = PartnerContact.all_objects.get(pk=contact.pk)
    entry = kept.history.first()
    assert (entry.history_event, entry.history_change_reason, entry.history_user) == (
        "partner.contact_retired",
        "Đã chuyển công tác",
        world.coordinator,
    )
    page = client.get(f"{base}/").content.decode()
    assert 'data-testid="retired"' in page and f'data-testid="contact-{contact.pk}"' not in page
    assert client.get(f"/history/partners.partnercontact/{contact.pk}/").status_code == 200
    assert client.get(f"/partners/contacts/{contact.pk}/edit/").status_code == 404
    with pytest.raises(StateConflict):
        services.partner_contact_save(by=world.coordinator, partner=world.partner_org, contact=kept, name="X")


def test_bad_contact_input_is_named_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    url = f"/partners/partners/{world.partner_org.pk}/contacts/"
    cases = [
        ("name", contact_fields(name="")),
        ("email", contact_fields(email="")),  # neither e-mail nor phone
        ("email", contact_fields(email="hoa@")),
        ("phone", contact_fields(phone="12")),
    ]
    for field, data in cases:
        page = client.post(url, data).content.decode()
        assert f'data-testid="error-{field}"' in page, data
    assert not PartnerContact.all_objects.exists() and not PartnerProfile.objects.exists()


def test_who_reads_and_who_keeps_partners(client, world):
    contact = services.partner_contact_save(
        by=world.coordinator, partner=world.partner_org, **contact_fields()
    )
    detail, edit = (
        f"/partners/partners/{world.partner_org.pk}/",
        f"/partners/partners/{world.partner_org.pk}/edit/",
    )
    client.force_login(world.leader)  # reads every partner, keeps none
    page = client.get(detail).content.decode()
    assert client.get(detail).status_code == 200 and 'data-testid="partner-edit"' not in page
    assert 'data-testid="contact-form"' not in page
    assert client.get(edit).status_code == 403
    assert (
        client.post(f"/partners/partners/{world.partner_org.pk}/contacts/", contact_fields()).status_code
        == 403
    )
    assert client.post(f"/partners/contacts/{contact.pk}/retire/", {"reason": "x"}).status_code == 403
    client.force_login(world.partner)  # its own profile only, read only
    assert client.get(detail).status_code == 200
    assert client.get(edit).status_code == 403
    assert client.get(f"/partners/partners/{world.other_partner.pk}/").status_code == 404
    page = client.get("/partners/partners/").content.decode()
    assert f'data-testid="partner-{world.other_partner.pk}"' not in page
    for user in (world.focal_a, world.outsider):  # a commune, someone with no role: nothing
        client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.get(edit).status_code == 404
        assert client.post(f"/partners/contacts/{contact.pk}/retire/", {"reason": "x"}).status_code == 404
        assert client.get(f"/history/partners.partnercontact/{contact.pk}/").status_code == 404
        assert (
            f'data-testid="partner-{world.partner_org.pk}"'
            not in client.get("/partners/partners/").content.decode()
        )
    with pytest.raises(PermissionDenied):
        services.partner_contact_retire(by=world.partner, contact=contact, reason="x")
    assert PartnerContact.objects.filter(pk=contact.pk).exists()


def test_the_partners_list_downloads_as_xlsx(client, world):
    services.partner_profile_save(by=world.coordinator, partner=world.partner_org, **profile_fields())
    services.partner_contact_save(
        by=world.coordinator, partner=world.partner_org, **contact_fields(name="=1+1")
    )
    client.force_login(world.coordinator)
    sheet = load_workbook(BytesIO(client.get("/partners/partners/?format=xlsx").content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    row = rows[world.partner_org.name]
    assert row[2:4] == ("Nguyễn Văn An", "an@doitac.example") and "Giám đốc chi nhánh" in row[7]
    assert world.other_partner.name in rows
    kind = client.get("/partners/partners/?kind=enterprise&format=xlsx").content
    names = [r[0] for r in load_workbook(BytesIO(kind)).active.iter_rows(min_row=2, values_only=True)]
    assert names == [world.other_partner.name]
