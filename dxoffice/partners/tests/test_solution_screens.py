"""The solutions catalogue on the module's screens: the DX office adds, edits and retires solutions
(audited, never deleted); everyone signed in reads it, filtered by sector and provider, and its .xlsx."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from dxoffice.core.exceptions import StateConflict
from dxoffice.partners import services
from dxoffice.partners.models import Solution
from dxoffice.partners.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def fields(world, **overrides):
    data = {
        "name": "Phần mềm quản lý ao nuôi tôm",
        "provider": world.partner_org.pk,
        "sector": "agriculture",
        "need": "management",
        "price_min": "2000000",
        "price_max": "15000000",
        "references": "Hợp tác xã Tân Thuận",
    }
    return data | overrides


def test_the_dx_office_adds_and_edits_a_solution(client, world):
    client.force_login(world.coordinator)
    assert 'data-testid="solution-new"' in client.get("/partners/solutions/").content.decode()
    assert client.get("/partners/solutions/new/").status_code == 200
    response = client.post("/partners/solutions/new/", fields(world))
    assert response.status_code == 302
    solution = Solution.objects.get()
    assert (solution.provider, solution.price_max, solution.need) == (
        world.partner_org,
        15_000_000,
        "management",
    )
    assert solution.history.filter(history_event="solution.saved", history_user=world.coordinator).exists()
    client.post(f"/partners/solutions/{solution.pk}/edit/", fields(world, name="Quản lý ao tôm 2.0"))
    solution.refresh_from_db()
    assert solution.name == "Quản lý ao tôm 2.0" and solution.history.count() == 2
    assert client.get(f"/history/partners.solution/{solution.pk}/").status_code == 200


def test_bad_solution_input_is_named_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    cases = [
        ("name", fields(world, name="")),
        ("provider", fields(world, provider=world.province.pk)),  # not a partner
        ("sector", fields(world, sector="space")),
        ("price_min", fields(world, price_min="abc")),
        ("price_min", fields(world, price_min="-1")),
        ("price_max", fields(world, price_max="1000")),  # below the lowest
    ]
    for field, data in cases:
        page = client.post("/partners/solutions/new/", data).content.decode()
        assert f'data-testid="error-{field}"' in page, data
    assert not Solution.all_objects.exists()
    solution = SolutionFactory(provider=world.partner_org)
    client.post(f"/partners/solutions/{solution.pk}/edit/", fields(world, price_max="1"))
    solution.refresh_from_db()
    assert solution.price_max == 5_000_000 and solution.history.count() == 1


def test_a_retired_solution_leaves_the_catalogue_and_keeps_its_record(client, world):
    solution = SolutionFactory(provider=world.partner_org, name="Hóa đơn cũ")
    client.force_login(world.coordinator)
    client.post(f"/partners/solutions/{solution.pk}/retire/", {"reason": ""})
    assert Solution.objects.filter(pk=solution.pk).exists()
    client.post(f"/partners/solutions/{solution.pk}/retire/", {"reason": "Nhà cung cấp ngừng cung cấp"})
    assert not Solution.objects.filter(pk=solution.pk).exists()
    kept = Solution.all_objects.get(pk=solution.pk)
    entry = kept.history.first()
    assert (entry.history_event, entry.history_change_reason) == (
        "solution.retired",
        "Nhà cung cấp ngừng cung cấp",
    )
    assert f'data-testid="solution-{solution.pk}"' not in client.get("/partners/solutions/").content.decode()
    assert client.get(f"/partners/solutions/{solution.pk}/edit/").status_code == 404
    assert client.get(f"/history/partners.solution/{solution.pk}/").status_code == 200
    with pytest.raises(StateConflict):
        services.solution_save(by=world.coordinator, solution=kept, name="Lại")


def test_only_the_dx_office_keeps_the_catalogue(client, world):
    solution = SolutionFactory(provider=world.partner_org)
    for user in (world.leader, world.partner, world.focal_a, world.outsider):
        client.force_login(user)
        page = client.get("/partners/solutions/").content.decode()
        assert f'data-testid="solution-{solution.pk}"' in page and 'data-testid="solution-new"' not in page
        assert client.get("/partners/solutions/new/").status_code == 403
        assert client.post("/partners/solutions/new/", fields(world)).status_code == 403
        assert client.get(f"/partners/solutions/{solution.pk}/edit/").status_code == 403
        assert client.post(f"/partners/solutions/{solution.pk}/retire/", {"reason": "x"}).status_code == 403
    assert Solution.objects.count() == 1 and Solution.objects.get().history.count() == 1
    client.force_login(world.outsider)
    assert client.get(f"/history/partners.solution/{solution.pk}/").status_code == 404
    client.logout()
    assert client.get("/partners/solutions/new/").status_code == 302  # to the sign-in page


def test_the_catalogue_filters_by_sector_and_provider_and_downloads(client, world):
    tech = SolutionFactory(provider=world.partner_org, sector="health", name="Bệnh án điện tử")
    other = SolutionFactory(provider=world.other_partner, sector="agriculture", name="=cmd")
    client.force_login(world.viewer)
    page = client.get("/partners/solutions/?sector=health").content.decode()
    assert f'data-testid="solution-{tech.pk}"' in page and f'data-testid="solution-{other.pk}"' not in page
    page = client.get(f"/partners/solutions/?provider={world.other_partner.pk}").content.decode()
    assert f'data-testid="solution-{other.pk}"' in page and f'data-testid="solution-{tech.pk}"' not in page
    assert client.get("/partners/solutions/?sector=nope&provider=x").status_code == 200
    content = client.get(f"/partners/solutions/?provider={world.other_partner.pk}&format=xlsx").content
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [world.other_partner.name]
    assert sheet.cell(row=2, column=1).data_type == "s"  # a formula-like name stays text
