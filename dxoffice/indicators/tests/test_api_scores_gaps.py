"""The API's unit scores and recorded gaps: figures as the scorecard shows them, the root-cause note
read and written, the tasks a gap became; the same permission gate as the pages."""

from datetime import date

import pytest

from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.models import Gap
from dxoffice.indicators.services.gaps import gap_create_task, gap_record
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework

GOOD = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"}
WEAK = {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "30", "CAP_QUANG": "0"}


@pytest.fixture
def ranked(world):
    version = small_framework(world.admin, world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, world.commune_b])
    enter_and_approve(campaign, world.commune_a, GOOD, focal=world.focal_a, reviewer=world.coordinator)
    enter_and_approve(campaign, world.commune_b, WEAK, focal=world.focal_b, reviewer=world.coordinator)
    return version


def test_a_units_indicator_and_pillar_scores(client, world, ranked):
    client.force_login(world.leader)
    url = f"/api/v1/indicators/versions/{ranked.pk}/units/{world.commune_a.code.lower()}/scores"
    body = client.get(url, {"period": "2026"}).json()
    assert body["unit"] == world.commune_a.code and body["missing_rule"] == "exclude"
    assert (
        round(body["index"]["score"], 3) == 0.867
        and body["index"]["rank"] == 1
        and body["index"]["peers"] == 1
    )
    pillars = {p["code"]: p for p in body["pillars"]}
    assert (
        round(pillars["CQS"]["score"], 2) == 0.8
        and pillars["HT"]["score"] == 1
        and pillars["CQS"]["weight"] == 2
    )
    indicators = {i["code"]: i for i in body["indicators"]}
    assert indicators["DVC_RATE"]["value"] == 60 and round(indicators["DVC_RATE"]["score"], 2) == 0.6
    assert indicators["HOSO"]["pillar"] == "CQS" and indicators["HOSO"]["rolled_up"] is False
    empty = client.get(url, {"period": "2031"}).json()
    assert empty["index"] is None and empty["pillars"] == []


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("units/NOPE/scores", {"period": "2026"}, 404),
        ("units/XA-A/scores", {"period": "20x6"}, 422),
        ("units/XA-A/scores", {}, 422),
    ],
)
def test_unit_scores_refuse_what_names_nothing(client, world, ranked, path, query, status):
    client.force_login(world.leader)
    assert client.get(f"/api/v1/indicators/versions/{ranked.pk}/{path}", query).status_code == status
    assert (
        client.get("/api/v1/indicators/versions/999999/units/XA-A/scores", {"period": "2026"}).status_code
        == 404
    )


def test_a_reader_outside_the_program_gets_403(client, world, ranked):
    client.force_login(world.outsider)
    answer = client.get(f"/api/v1/indicators/versions/{ranked.pk}/units/XA-A/scores", {"period": "2026"})
    assert answer.status_code in (403, 404)


def _gap(world, version, unit):
    _base, gaps = gap_analysis(version, unit, "2026")
    row = next(g for g in gaps if g.indicator.code == "CAP_QUANG")
    facts = {"value": row.value, "score": row.score, "gain": row.gain}
    return gap_record(by=world.focal_b, indicator=row.indicator, unit=unit, period="2026", facts=facts,
                      root_cause="Chưa có hạ tầng cáp")  # fmt: skip


def test_recorded_gaps_with_their_root_cause_and_tasks(client, world, ranked):
    gap = _gap(world, ranked, world.commune_b)
    task = gap_create_task(by=world.coordinator, gap=gap, plan=world.plan, due_date=date(2026, 12, 31))
    client.force_login(world.leader)
    page = client.get(
        "/api/v1/indicators/gaps", {"version": ranked.pk, "unit": "xa-b", "period": "2026"}
    ).json()
    assert page["count"] == 1
    item = page["items"][0]
    assert (item["indicator"], item["unit"], item["root_cause"]) == (
        "CAP_QUANG",
        "XA-B",
        "Chưa có hạ tầng cáp",
    )
    assert item["tasks"][0]["id"] == task.pk and item["tasks"][0]["status"] == task.status
    assert item["gain"] == gap.gain and item["later"] is None
    assert client.get(f"/api/v1/indicators/gaps/{gap.pk}").json()["id"] == gap.pk
    assert client.get("/api/v1/indicators/gaps", {"period": "2027"}).json()["count"] == 0


def test_the_root_cause_is_written_by_the_units_people_only(client, world, ranked):
    gap = _gap(world, ranked, world.commune_b)
    url = f"/api/v1/indicators/gaps/{gap.pk}"
    client.force_login(world.leader)
    assert client.patch(url, {"root_cause": "x"}, content_type="application/json").status_code == 403
    client.force_login(world.focal_a)
    assert client.patch(url, {"root_cause": "x"}, content_type="application/json").status_code in (403, 404)
    client.force_login(world.focal_b)
    done = client.patch(url, {"root_cause": "  Thiếu kinh phí kéo cáp  "}, content_type="application/json")
    assert done.status_code == 200 and done.json()["root_cause"] == "Thiếu kinh phí kéo cáp"
    gap.refresh_from_db()
    assert gap.root_cause == "Thiếu kinh phí kéo cáp"
    assert gap.history.first().history_event == "indicators.gap_noted"
    too_long = client.patch(url, {"root_cause": "x" * 4001}, content_type="application/json")
    assert too_long.status_code == 422
    unknown = client.patch(url, {"root_cause": "x", "other": 1}, content_type="application/json")
    assert unknown.status_code == 422
    assert client.patch("/api/v1/indicators/gaps/999999", {"root_cause": "x"},
                        content_type="application/json").status_code == 404  # fmt: skip
    assert Gap.objects.count() == 1
