"""Scores, sub-indices, the index and ranks from approved values, with roll-up to the province by
either parent rule (hand-computed: see the guide's worked example)."""

import pytest

from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators import services
from dxoffice.indicators.models import DataValue, IndexScore, IndicatorScore
from dxoffice.indicators.tests.factories import SMALL, enter_and_approve, open_campaign, small_framework


@pytest.fixture
def two_communes(world):
    extra = OrgUnitFactory(code="XA-C", name="Xã Khánh Hưng", kind="commune", parent=world.province)
    return extra


def _collect(world, extra, version):
    campaign = open_campaign(world.coordinator, version, [world.commune_a, extra])
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    enter_and_approve(
        campaign, extra, {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "30", "CAP_QUANG": "0"},
        focal=world.coordinator, reviewer=world.leader,
    )  # fmt: skip
    return campaign


def _value(unit, code):
    return IndicatorScore.objects.get(unit=unit, indicator__code=code)


def _index(unit, component_code=None):
    rows = IndexScore.objects.filter(unit=unit)
    if component_code:
        return rows.get(component__code=component_code)
    return rows.get(component__isnull=True)


def test_a_computed_indicator_at_the_province_from_aggregated_inputs_is_the_ratio_of_the_sums(
    world, two_communes
):
    version = small_framework(world.admin, world.province)
    _collect(world, two_communes, version)
    assert _value(world.commune_a, "DVC_RATE").value == pytest.approx(60.0)
    assert _value(two_communes, "DVC_RATE").value == pytest.approx(10.0)
    province = _value(world.province, "DVC_RATE")
    assert province.value == pytest.approx(90 / 400 * 100)  # 22.5, not the mean of 60 and 10
    assert province.rolled_up
    assert _value(world.province, "DVC_TOTAL").value == 400  # sum


def test_or_from_the_children_results_as_the_mean_of_the_ratios(world, two_communes):
    data = {**SMALL, "indicators": [dict(i) for i in SMALL["indicators"]]}
    for item in data["indicators"]:
        if item["code"] == "DVC_RATE":
            item.update(parent_rule="results", aggregation="mean")
    version = small_framework(world.admin, world.province, indicators=data["indicators"])
    _collect(world, two_communes, version)
    assert _value(world.province, "DVC_RATE").value == pytest.approx(35.0)


def test_scores_pillars_index_and_ranks_among_peers_of_the_same_kind(world, two_communes):
    version = small_framework(world.admin, world.province)
    _collect(world, two_communes, version)
    # commune A: rate 60 -> 0.6 (fixed 0-100); HOSO 70 vs 30 -> 1 (min-max); CQS (0.6 + 1) / 2 = 0.8
    assert _value(world.commune_a, "HOSO").score == 1.0
    assert _value(two_communes, "HOSO").score == 0.0
    assert _index(world.commune_a, "CQS").score == pytest.approx(0.8)
    assert _index(two_communes, "CQS").score == pytest.approx(0.05)
    # overall: (0.8 * 2 + 1 * 1) / 3 and (0.05 * 2 + 0) / 3
    a, c = _index(world.commune_a), _index(two_communes)
    assert a.score == pytest.approx(2.6 / 3)
    assert c.score == pytest.approx(0.1 / 3)
    assert (a.rank, c.rank, a.peers) == (1, 2, 2)


def test_the_province_rolls_up_and_ranks_alone_among_provinces(world, two_communes):
    version = small_framework(world.admin, world.province)
    _collect(world, two_communes, version)
    assert _value(world.province, "CAP_QUANG").value == pytest.approx(0.5)  # half the communes said yes
    # CQS: rate 0.225 (22.5 of 100), HOSO mean 50 alone among provinces -> 1: (0.225 + 1) / 2
    assert _index(world.province, "CQS").score == pytest.approx(0.6125)
    assert _index(world.province, "HT").score == pytest.approx(0.5)
    province = _index(world.province)
    assert province.score == pytest.approx((0.6125 * 2 + 0.5) / 3)
    assert (province.rank, province.peers, province.unit_kind) == (1, 1, "province")


@pytest.mark.parametrize(("rule", "expected"), [("exclude", 0.6), ("zero", 0.3)])
def test_missing_data_is_excluded_or_scored_zero_as_the_framework_says(world, two_communes, rule, expected):
    version = small_framework(world.admin, world.province, missing_rule=rule)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, two_communes])
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    DataValue.objects.filter(indicator__version=version, indicator__code="HOSO").update(value=None)
    services.recompute_period(version, "2026")
    cqs = IndexScore.objects.get(version=version, unit=world.commune_a, component__code="CQS")
    # rate 0.6 with HOSO missing: excluded -> 0.6 (weights re-normalised); scored zero -> (0.6 + 0) / 2
    assert cqs.score == pytest.approx(expected)
    assert cqs.coverage == pytest.approx(0.5)


def test_recomputing_again_gives_the_same_rows(world, two_communes):
    version = small_framework(world.admin, world.province)
    _collect(world, two_communes, version)
    before = sorted(IndexScore.objects.values_list("unit_id", "component_id", "score", "rank"), key=str)
    services.recompute_period(version, "2026")
    after = sorted(IndexScore.objects.values_list("unit_id", "component_id", "score", "rank"), key=str)
    assert before == after
