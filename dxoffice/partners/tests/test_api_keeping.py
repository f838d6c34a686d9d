"""The DX office keeps partner profiles, contacts and the catalogue through the API: the pages'
rules and audit, the gate, and every bad input a 4xx naming the field, nothing half-saved."""

import pytest

from dxoffice.partners.models import PartnerContact, PartnerProfile, Solution
from dxoffice.partners.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _patch(client, url, body):
    return client.patch(url, body, content_type=JSON)


def test_profile_and_contacts_kept_through_the_api_with_their_history(client, world):
    client.force_login(world.coordinator)
    saved = _patch(
        client,
        "/api/v1/partners/partners/doitac/profile",
        {"website": "https://doitac.example.vn", "contact_name": "Lê Văn C"},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["website"] == "https://doitac.example.vn"
    profile = PartnerProfile.objects.get(unit=world.partner_org)
    assert profile.history.first().history_event == "partner.profile_created"
    # Only what is sent changes.
    assert (
        _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"description": "Mô tả"}).status_code
        == 200
    )
    profile.refresh_from_db()
    assert (profile.contact_name, profile.description) == ("Lê Văn C", "Mô tả")

    added = client.post(
        "/api/v1/partners/partners/DOITAC/contacts",
        {"name": "Nguyễn Văn An", "email": "an@doitac.example.vn", "position": "Giám đốc"},
        content_type=JSON,
    )
    assert added.status_code == 201, added.content
    contact_id = added.json()["id"]
    url = f"/api/v1/partners/partners/DOITAC/contacts/{contact_id}"
    changed = _patch(client, url, {"phone": "0290 3831 234"})
    assert changed.status_code == 200 and changed.json()["phone"] == "0290 3831 234"
    retired = client.post(f"{url}/retire", {"reason": "Chuyển công tác"}, content_type=JSON)
    assert retired.status_code == 200 and retired.json()["archived_at"]
    contact = PartnerContact.all_objects.get(pk=contact_id)
    assert [h.history_event for h in contact.history.order_by("history_date")] == [
        "partner.contact_added",
        "partner.contact_changed",
        "partner.contact_retired",
    ]
    assert _patch(client, url, {"phone": "0290 3831 235"}).status_code == 409
    assert client.post(f"{url}/retire", {"reason": "Lần nữa"}, content_type=JSON).status_code == 409
    listed = client.get("/api/v1/partners/partners").json()["items"]
    assert next(p for p in listed if p["code"] == "DOITAC")["contacts"] == []


def test_bad_input_names_the_field_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    bad_phone = _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"contact_phone": "gọi tôi"})
    assert bad_phone.status_code == 400 and "contact_phone" in bad_phone.json()["errors"]
    bad_mail = _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"contact_email": "không-phải"})
    assert bad_mail.status_code == 400 and "contact_email" in bad_mail.json()["errors"]
    not_school = _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"school_level": "primary"})
    assert not_school.status_code == 400 and "school_level" in not_school.json()["errors"]
    assert not PartnerProfile.all_objects.filter(unit=world.partner_org).exists()
    unknown_field = _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"colour": "đỏ"})
    assert unknown_field.status_code == 422
    unreachable = client.post(
        "/api/v1/partners/partners/DOITAC/contacts", {"name": "Không liên lạc được"}, content_type=JSON
    )
    assert unreachable.status_code == 400 and "email" in unreachable.json()["errors"]
    assert not PartnerContact.all_objects.exists()
    # Not a partner, or a contact of another partner: out of sight.
    assert _patch(client, "/api/v1/partners/partners/XA-A/profile", {"website": ""}).status_code == 404
    other = client.post(
        "/api/v1/partners/partners/DN-KHAC/contacts",
        {"name": "Phạm D", "phone": "0290 3831 234"},
        content_type=JSON,
    ).json()
    assert (
        _patch(client, f"/api/v1/partners/partners/DOITAC/contacts/{other['id']}", {"name": "X"}).status_code
        == 404
    )


def test_only_the_dx_office_keeps_them(client, world):
    client.force_login(world.partner)  # reads its own partner, keeps nothing
    assert _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"website": ""}).status_code == 403
    client.force_login(world.outsider)  # reads no partner: as if there were none
    assert _patch(client, "/api/v1/partners/partners/DOITAC/profile", {"website": ""}).status_code == 404
    client.force_login(world.focal_a)
    body = {
        "name": "X",
        "provider": "DOITAC",
        "sector": "agriculture",
        "need": "management",
        "price_min": 1,
        "price_max": 2,
    }
    assert client.post("/api/v1/partners/solutions", body, content_type=JSON).status_code == 403
    assert not Solution.all_objects.exists()
    client.logout()
    assert client.post("/api/v1/partners/solutions", body, content_type=JSON).status_code == 401


def test_the_catalogue_kept_through_the_api(client, world):
    client.force_login(world.coordinator)
    body = {
        "name": "Truy xuất nguồn gốc tôm",
        "provider": "doitac",
        "sector": "agriculture",
        "need": "management",
        "price_min": "5000000",
        "price_max": 20000000,
    }
    made = client.post("/api/v1/partners/solutions", body, content_type=JSON)
    assert made.status_code == 201, made.content
    solution = Solution.objects.get(pk=made.json()["id"])
    assert (solution.provider, solution.price_min) == (world.partner_org, 5000000)
    url = f"/api/v1/partners/solutions/{solution.pk}"
    below = _patch(client, url, {"price_max": 1000})
    assert below.status_code == 400 and "price_max" in below.json()["errors"]
    solution.refresh_from_db()
    assert solution.price_max == 20000000
    # Up to 15 digits, read back exactly on every database; one more is refused, naming the field.
    top = _patch(client, url, {"price_max": "999999999999999"})
    assert top.status_code == 200 and client.get("/api/v1/partners/solutions").json()["items"][0][
        "price_max"
    ] in ("999999999999999", 999999999999999)
    over = _patch(client, url, {"price_max": 10**15})
    assert over.status_code == 422 and "price_max" in str(over.json()["errors"])
    not_partner = _patch(client, url, {"provider": "XA-A"})
    assert not_partner.status_code == 400 and "provider" in not_partner.json()["errors"]
    unknown = _patch(client, url, {"provider": "KHONG-CO"})
    assert unknown.status_code == 422 and "provider" in str(unknown.json()["errors"])
    assert _patch(client, url, {"references": "Xã Tân Thuận"}).json()["references"] == "Xã Tân Thuận"
    no_reason = client.post(f"{url}/retire", {"reason": "  "}, content_type=JSON)
    assert no_reason.status_code == 422
    assert client.post(f"{url}/retire", {"reason": "Ngừng cung cấp"}, content_type=JSON).status_code == 200
    assert _patch(client, url, {"name": "Mới"}).status_code == 409
    assert client.get("/api/v1/partners/solutions").json()["items"] == []
    assert [h.history_event for h in solution.history.order_by("history_date")] == [
        "solution.saved",
        "solution.saved",
        "solution.saved",
        "solution.retired",
    ]
    assert (
        client.post(
            "/api/v1/partners/solutions/999999/retire", {"reason": "x"}, content_type=JSON
        ).status_code
        == 404
    )
    SolutionFactory(provider=world.partner_org)  # the factory's row stays readable beside it
    assert len(client.get("/api/v1/partners/solutions").json()["items"]) == 1
