"""The API's wiring and permission edges: frameworks, values (bulk read and write), ranks, gaps."""

import pytest

from dxoffice.core.tests.api_client import ApiClient
from dxoffice.indicators.models import DataValue
from dxoffice.indicators.tests.factories import (
    SMALL,
    enter_and_approve,
    open_campaign,
    small_framework,
    submission_of,
)

GOOD = {"DVC_TOTAL": 100, "DVC_ONLINE": 60, "HOSO": "70", "CAP_QUANG": "1"}


@pytest.fixture
def campaign(world):
    version = small_framework(world.admin, world.province)
    return open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])


def test_an_administrator_imports_and_exports_a_framework(world):
    admin = ApiClient(world.admin)
    created = admin.post("/indicators/versions", {"owner_unit": "CMU", "framework": SMALL})
    assert created.status_code == 201, created.content
    version_id = created.json()["id"]
    exported = admin.get(f"/indicators/versions/{version_id}/export").json()
    assert [i["code"] for i in exported["indicators"]] == [i["code"] for i in SMALL["indicators"]]
    assert len(admin.get(f"/indicators/versions/{version_id}/indicators").json()) == 5


def test_an_import_error_names_the_place_and_a_focal_point_may_not_import(world):
    bad = {**SMALL, "indicators": [dict(SMALL["indicators"][0], value_type="magic")]}
    answer = ApiClient(world.admin).post("/indicators/versions", {"owner_unit": "CMU", "framework": bad})
    assert answer.status_code == 400
    assert "indicators[1].value_type" in answer.json()["errors"]
    assert (
        ApiClient(world.focal_a)
        .post("/indicators/versions", {"owner_unit": "CMU", "framework": SMALL})
        .status_code
        == 403
    )


def test_bulk_write_is_all_or_nothing_with_an_error_per_value(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    focal = ApiClient(world.focal_a)
    answer = focal._send(
        "put", f"/indicators/submissions/{submission.pk}/values", {"values": {**GOOD, "HOSO": "150"}}
    )
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["HOSO"]
    assert not DataValue.objects.exists()
    ok = focal._send(
        "put",
        f"/indicators/submissions/{submission.pk}/values",
        {"values": GOOD, "evidence": {"HOSO": "QĐ 1"}, "submit": True},
    )
    assert ok.status_code == 200, ok.content
    assert ok.json() == {"saved": 4, "status": "submitted"}


def test_a_commune_cannot_write_or_see_another_communes_submission(world, campaign):
    other = submission_of(campaign, world.commune_b)
    assert (
        ApiClient(world.focal_a)
        ._send("put", f"/indicators/submissions/{other.pk}/values", {"values": GOOD})
        .status_code
        == 404
    )


def test_a_commune_reads_its_own_drafts_and_every_approved_value(world, campaign):
    services_focal = submission_of(campaign, world.commune_b)
    ApiClient(world.focal_b)._send(
        "put", f"/indicators/submissions/{services_focal.pk}/values", {"values": {"DVC_TOTAL": 5}}
    )
    enter_and_approve(
        campaign,
        world.commune_a,
        {k: str(v) for k, v in GOOD.items()},
        focal=world.focal_a,
        reviewer=world.coordinator,
    )
    seen_by_a = ApiClient(world.focal_a).get("/indicators/values", {"period": "2026"}).json()
    units = {(v["unit"], v["status"]) for v in seen_by_a["items"]}
    assert ("XA-A", "approved") in units
    assert not any(unit == "XA-B" for unit, _ in units)  # B's draft is not A's to see
    seen_by_b = ApiClient(world.focal_b).get("/indicators/values", {"unit": "XA-B"}).json()
    assert seen_by_b["count"] == 1
    assert ApiClient(world.outsider).get("/indicators/values").json()["count"] == 0


def test_ranking_and_gaps(world, campaign):
    enter_and_approve(
        campaign,
        world.commune_a,
        {k: str(v) for k, v in GOOD.items()},
        focal=world.focal_a,
        reviewer=world.coordinator,
    )
    viewer = ApiClient(world.viewer)
    ranking = viewer.get(
        f"/indicators/versions/{campaign.version_id}/ranking", {"period": "2026", "kind": "commune"}
    )
    assert ranking.status_code == 200
    assert ranking.json()[0]["unit"] == "XA-A" and ranking.json()[0]["rank"] == 1
    gaps = viewer.get(f"/indicators/versions/{campaign.version_id}/units/XA-A/gaps", {"period": "2026"})
    assert gaps.status_code == 200
    assert gaps.json()["gaps"][0]["indicator"] == "DVC_RATE"
    assert ApiClient(world.outsider).get(
        f"/indicators/versions/{campaign.version_id}/ranking", {"period": "2026"}
    ).status_code in (403, 404)


def test_a_refused_submit_leaves_the_values_as_they_were(world, campaign):
    submission = submission_of(campaign, world.commune_a)
    answer = ApiClient(world.focal_a)._send(
        "put",
        f"/indicators/submissions/{submission.pk}/values",
        {"values": {"DVC_TOTAL": 100, "HOSO": "70"}, "submit": True},  # HOSO's evidence is missing
    )
    assert answer.status_code == 400
    assert "HOSO" in answer.json()["errors"]
    assert not DataValue.objects.exists()
    submission.refresh_from_db()
    assert submission.status == "draft"
