"""The partners and the solutions catalogue through the API: who reads which partner, current
contacts only, and the catalogue in force with its filters."""

import pytest

from dxoffice.partners import services
from dxoffice.partners.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def test_partners_with_their_current_contacts_as_the_caller_may_read_them(client, world):
    services.partner_profile_save(
        by=world.coordinator, partner=world.partner_org, website="https://doitac.example.vn"
    )
    kept = services.partner_contact_save(
        by=world.coordinator, partner=world.partner_org, name="Nguyễn Văn An", email="an@doitac.example.vn"
    )
    gone = services.partner_contact_save(
        by=world.coordinator, partner=world.partner_org, name="Trần Thị Bình", phone="0290 3831 234"
    )
    services.partner_contact_retire(by=world.coordinator, contact=gone, reason="Chuyển công tác")

    client.force_login(world.viewer)  # reads the province: every partner
    items = {p["code"]: p for p in client.get("/api/v1/partners/partners").json()["items"]}
    assert set(items) == {"DOITAC", "DN-KHAC"}
    assert items["DOITAC"]["profile"]["website"] == "https://doitac.example.vn"
    assert [c["name"] for c in items["DOITAC"]["contacts"]] == [kept.name]  # never a retired one
    assert items["DN-KHAC"]["profile"] is None and items["DN-KHAC"]["contacts"] == []
    only = client.get("/api/v1/partners/partners?kind=enterprise").json()["items"]
    assert [p["code"] for p in only] == ["DN-KHAC"]

    client.force_login(world.partner)  # a partner's own people: their own partner only
    assert [p["code"] for p in client.get("/api/v1/partners/partners").json()["items"]] == ["DOITAC"]
    client.force_login(world.outsider)
    assert client.get("/api/v1/partners/partners").json()["items"] == []


def test_the_catalogue_in_force_filtered_by_sector_and_provider(client, world):
    shrimp = SolutionFactory(name="Quản lý ao nuôi", provider=world.partner_org, sector="agriculture")
    SolutionFactory(name="Hóa đơn điện tử", provider=world.other_partner, sector="tourism")
    retired = SolutionFactory(name="Cũ", provider=world.partner_org, sector="agriculture")
    services.solution_retire(by=world.coordinator, solution=retired, reason="Ngừng cung cấp")

    client.force_login(world.focal_a)
    names = [s["name"] for s in client.get("/api/v1/partners/solutions").json()["items"]]
    assert sorted(names) == ["Hóa đơn điện tử", "Quản lý ao nuôi"]
    found = client.get("/api/v1/partners/solutions?sector=agriculture&provider=DOITAC").json()["items"]
    assert [(s["id"], s["provider"]) for s in found] == [(shrimp.pk, "DOITAC")]
    bad = client.get("/api/v1/partners/solutions?sector=mining")
    assert bad.status_code == 422 and "sector" in bad.json()["errors"]


def test_reading_them_needs_a_sign_in(client, world):
    assert client.get("/api/v1/partners/solutions").status_code == 401
    assert client.get("/api/v1/partners/partners").status_code == 401
