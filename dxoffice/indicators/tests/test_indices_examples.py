"""Every worked example of docs/indices.md, through the real code, section by section, plus
hand-computed cases of each normalisation and aggregation. A failure here means the page and the code
disagree: fix whichever is wrong."""

import math

import pytest

from dxoffice.core.models import UnitKind
from dxoffice.core.periods import Period
from dxoffice.core.tests.factories import OrgUnitFactory
from dxoffice.indicators import scoring
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.models import IndexScore, Indicator, IndicatorScore
from dxoffice.indicators.selectors import RankRow, ranking
from dxoffice.indicators.services import framework_import
from dxoffice.indicators.services.recompute import MIN_COVERAGE, _Unit, derive_values
from dxoffice.indicators.tests.factories import enter_and_approve, open_campaign, small_framework

PEERS = {"A": 20.0, "B": 50.0, "C": 80.0}


def _scores(**method):
    return scoring.normalise(scoring.Method(**method), PEERS)


def _approx(found: dict, expected: dict) -> None:
    assert found == pytest.approx(expected, abs=1e-4)


# 1. Normalisation ------------------------------------------------------------------------------------


def test_min_max_across_peers_20_50_80():
    _approx(_scores(scoring="minmax"), {"A": 0, "B": 0.5, "C": 1})


def test_min_max_all_equal_and_a_unit_alone_score_one():
    method = scoring.Method(scoring="minmax")
    assert scoring.normalise(method, {"A": 7.0, "B": 7.0}) == {"A": 1.0, "B": 1.0}
    assert scoring.normalise(method, {"P": 50.0}) == {"P": 1.0}


def test_fixed_bounds_40_to_90_clamp():
    method = scoring.Method(scoring="fixed", lower_bound=40, upper_bound=90)
    _approx(scoring.normalise(method, {**PEERS, "D": 95.0}), {"A": 0, "B": 0.2, "C": 0.8, "D": 1})


def test_distance_to_target_80_capped_at_one():
    method = scoring.Method(scoring="target", target=80)
    _approx(scoring.normalise(method, {**PEERS, "D": 100.0}), {"A": 0.25, "B": 0.625, "C": 1, "D": 1})


def test_distance_to_target_when_lower_is_better():
    method = scoring.Method(scoring="target", target=10, polarity="lower")
    _approx(scoring.normalise(method, {"A": 8.0, "B": 20.0, "C": 40.0}), {"A": 1, "B": 0.5, "C": 0.25})


def test_a_target_of_zero_scores_one_when_reached():
    method = scoring.Method(scoring="target", target=0)
    assert scoring.normalise(method, {"A": 0.0, "B": -1.0}) == {"A": 1.0, "B": 0.0}


def test_z_score_by_hand():
    sigma = math.sqrt((30**2 + 0 + 30**2) / 3)
    assert sigma == pytest.approx(24.495, abs=1e-3)
    z = 30 / sigma
    _approx(_scores(scoring="zscore"), {"A": (-z + 3) / 6, "B": 0.5, "C": (z + 3) / 6})
    _approx(_scores(scoring="zscore"), {"A": 0.2959, "B": 0.5, "C": 0.7041})


def test_z_score_of_one_peer_or_all_equal_is_the_middle():
    method = scoring.Method(scoring="zscore")
    assert scoring.normalise(method, {"A": 3.0}) == {"A": 0.5}
    assert scoring.normalise(method, {"A": 3.0, "B": 3.0}) == {"A": 0.5, "B": 0.5}


def test_z_score_clamps_beyond_three_deviations():
    values = {f"U{n}": 0.0 for n in range(99)} | {"far": 100.0}
    assert scoring.normalise(scoring.Method(scoring="zscore"), values)["far"] == 1.0


def test_bands_the_best_band_reached_over_the_maximum_points():
    method = scoring.Method(scoring="bands", bands=((50, 3), (70, 6), (90, 10)), max_points=10)
    values = {"a": 45.0, "b": 55.0, "c": 75.0, "d": 95.0}
    _approx(scoring.normalise(method, values), {"a": 0, "b": 0.3, "c": 0.6, "d": 1})


def test_bands_as_a_framework_writes_them_when_lower_is_better():
    indicator = Indicator(
        scoring="bands", polarity="lower", value_type="number", max_points=10,
        bands=[{"max": 10, "points": 10}, {"max": 20, "points": 5}],
    )  # fmt: skip
    method = scoring.method_of(indicator)
    _approx(scoring.normalise(method, {"a": 8.0, "b": 15.0, "c": 25.0}), {"a": 1, "b": 0.5, "c": 0})


def test_yes_no_scores_its_value_and_a_rolled_up_share_as_the_fraction():
    method = scoring.Method(value_type="boolean")
    assert scoring.normalise(method, {"yes": 1.0, "no": 0.0, "half": 0.5}) == {"yes": 1, "no": 0, "half": 0.5}
    lower = scoring.Method(value_type="boolean", polarity="lower")
    assert scoring.normalise(lower, {"yes": 1.0, "no": 0.0}) == {"yes": 0, "no": 1}


def test_a_choice_scores_its_points_over_the_maximum():
    method = scoring.Method(value_type="choice", max_points=30)
    _approx(scoring.normalise(method, {"a": 30.0, "b": 20.0}), {"a": 1, "b": 0.6667})


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ({"scoring": "minmax"}, {"A": 1, "B": 0.5, "C": 0}),
        ({"scoring": "fixed", "lower_bound": 40, "upper_bound": 90}, {"A": 1, "B": 0.8, "C": 0.2}),
        ({"scoring": "zscore"}, {"A": 0.7041, "B": 0.5, "C": 0.2959}),
    ],
)
def test_polarity_lower_turns_each_method_round(method, expected):
    _approx(_scores(polarity="lower", **method), expected)


def test_points_are_the_score_times_the_maximum_points(world):
    version = small_framework(world.admin, world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a])
    values = {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"}
    enter_and_approve(campaign, world.commune_a, values, focal=world.focal_a, reviewer=world.coordinator)
    row = IndicatorScore.objects.get(unit=world.commune_a, indicator__code="DVC_RATE")
    assert (row.score, row.points) == pytest.approx((0.6, 0.6 * 1))


# 2. Aggregation over child units ---------------------------------------------------------------------


CHILDREN = [10.0, 20.0, 60.0]


@pytest.mark.parametrize(
    ("how", "expected"), [("sum", 90), ("mean", 30), ("min", 10), ("max", 60)]
)  # fmt: skip
def test_aggregation_of_10_20_60(how, expected):
    assert scoring.aggregate(how, CHILDREN) == expected


def test_population_weighted_mean_is_43():
    assert scoring.aggregate("weighted_mean", CHILDREN, weights=[1000, 3000, 6000]) == pytest.approx(43)


def test_share_meeting_the_threshold_15():
    assert scoring.aggregate("share", CHILDREN, threshold=15) == pytest.approx(200 / 3)
    assert scoring.aggregate("share", CHILDREN, threshold=15, polarity="lower") == pytest.approx(100 / 3)


def _indicator(code, **fields):
    defaults = {"value_type": "number", "aggregation": "mean", "polarity": "higher", "parent_rule": "inputs"}
    return Indicator(code=code, **{**defaults, **fields})


def _tree(children: dict[int, dict[str, float]], own_parent: dict[str, float] | None = None):
    """A province (id 1) over communes 2, 3, ... with the given approved values."""
    units = {1: _Unit(1, "province", 0, None)} | {pk: _Unit(pk, "commune", 1, 1) for pk in children}
    own = dict(children) | ({1: own_parent} if own_parent else {})
    return own, units


def test_roll_up_through_the_recompute_with_weights_taken_from_another_indicator():
    indicators = [
        _indicator("POP", aggregation="sum", weight=0),
        _indicator("RATE", aggregation="weighted_mean", weight_by="POP"),
        _indicator("LOW", aggregation="min"),
        _indicator("NET", value_type="boolean", aggregation="share", threshold=1),
    ]
    own, units = _tree({
        2: {"POP": 1000, "RATE": 10, "LOW": 10, "NET": 1},
        3: {"POP": 3000, "RATE": 20, "LOW": 20, "NET": 0},
        4: {"POP": 6000, "RATE": 60, "LOW": 60, "NET": 1},
        5: {"NET": 1},  # no other value: left out of those aggregations, not counted as 0
    })  # fmt: skip
    values, rolled = derive_values(indicators, own, units)
    province = values[1]
    assert province["POP"] == 10000
    assert province["RATE"] == pytest.approx(43)
    assert province["LOW"] == 10
    assert province["NET"] == pytest.approx(0.75)  # yes, no, yes, yes: kept as a fraction
    assert {(1, "POP"), (1, "RATE"), (1, "NET")} <= rolled


def test_a_parents_own_value_wins_over_its_childrens():
    own, units = _tree({2: {"X": 10}, 3: {"X": 20}}, own_parent={"X": 99})
    values, rolled = derive_values([_indicator("X")], own, units)
    assert values[1]["X"] == 99
    assert (1, "X") not in rolled


@pytest.mark.parametrize(("rule", "expected"), [("inputs", 22.5), ("results", 35.0)])
def test_ratio_of_the_sums_or_mean_of_the_ratios(rule, expected):
    indicators = [
        _indicator("ONLINE", aggregation="sum", weight=0),
        _indicator("TOTAL", aggregation="sum", weight=0),
        _indicator("RATE", formula="PCT(ONLINE, TOTAL)", parent_rule=rule, aggregation="mean"),
    ]
    own, units = _tree({2: {"ONLINE": 60, "TOTAL": 100}, 3: {"ONLINE": 30, "TOTAL": 300}})
    values, _rolled = derive_values(indicators, own, units)
    assert (values[2]["RATE"], values[3]["RATE"]) == pytest.approx((60, 10))
    assert values[1]["RATE"] == pytest.approx(expected)


def test_a_division_by_zero_gives_no_value_never_zero():
    indicators = [_indicator("A"), _indicator("B"), _indicator("R", formula="PCT(A, B)")]
    own, units = _tree({2: {"A": 5, "B": 0}})
    values, _rolled = derive_values(indicators, own, units)
    assert "R" not in values[2]


# 3. Sub-indices, the index, missing data -------------------------------------------------------------


def test_arithmetic_and_geometric_index_of_two_pillars():
    parts = [(0.8, 2.0), (0.5, 1.0)]
    assert scoring.weighted_mean(parts).score == pytest.approx(0.7)
    geometric = scoring.weighted_mean(parts, geometric=True).score
    assert geometric == pytest.approx((0.8**2 * 0.5) ** (1 / 3))
    assert geometric == pytest.approx(0.6840, abs=1e-4)
    assert scoring.weighted_mean([(0.8, 2.0), (0.0, 1.0)], geometric=True).score == 0


def test_missing_excluded_or_scored_zero_with_its_coverage():
    parts = [(0.6, 1.0), (None, 1.0)]
    exclude = scoring.weighted_mean(parts, missing="exclude")
    zero = scoring.weighted_mean(parts, missing="zero")
    assert (exclude.score, exclude.coverage) == pytest.approx((0.6, 0.5))
    assert (zero.score, zero.coverage) == pytest.approx((0.3, 0.5))
    assert scoring.weighted_mean([(None, 1.0)], missing="zero").score is None


def _collect_two_communes(world, version):
    commune_c = OrgUnitFactory(
        code="XA-C", name="Xã Khánh Hưng", kind=UnitKind.COMMUNE, parent=world.province
    )
    campaign = open_campaign(world.coordinator, version, [world.commune_a, commune_c])
    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    enter_and_approve(
        campaign, commune_c, {"DVC_TOTAL": "300", "DVC_ONLINE": "30", "HOSO": "30", "CAP_QUANG": "0"},
        focal=world.coordinator, reviewer=world.leader,
    )  # fmt: skip
    return commune_c


def _index(unit, component=None):
    rows = IndexScore.objects.filter(unit=unit)
    return rows.get(component__code=component) if component else rows.get(component__isnull=True)


def test_worked_example_two_communes_and_their_province(world):
    version = small_framework(world.admin, world.province)
    commune_c = _collect_two_communes(world, version)
    a, c, province = world.commune_a, commune_c, world.province
    assert (_index(a, "CQS").score, _index(a, "HT").score) == pytest.approx((0.8, 1))
    assert (_index(a).score, _index(a).rank, _index(a).peers) == (pytest.approx(0.8667, abs=1e-4), 1, 2)
    assert (_index(c, "CQS").score, _index(c, "HT").score) == pytest.approx((0.05, 0))
    assert (_index(c).score, _index(c).rank) == (pytest.approx(0.0333, abs=1e-4), 2)
    assert _index(province, "CQS").score == pytest.approx(0.6125)
    assert _index(province, "HT").score == pytest.approx(0.5)
    assert (_index(province).score, _index(province).rank) == (pytest.approx(0.575), 1)


def test_coverage_is_taken_all_the_way_down(world):
    version = small_framework(world.admin, world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a])
    # HOSO (weight 1 of CQS's 2) is left out: CQS is half covered, HT fully.
    from dxoffice.indicators.models import DataValue

    enter_and_approve(
        campaign, world.commune_a, {"DVC_TOTAL": "100", "DVC_ONLINE": "60", "HOSO": "70", "CAP_QUANG": "1"},
        focal=world.focal_a, reviewer=world.coordinator,
    )  # fmt: skip
    DataValue.objects.filter(indicator__code="HOSO").update(status="draft")
    from dxoffice.indicators.services import recompute_period

    recompute_period(version, "2026")
    assert _index(world.commune_a, "CQS").coverage == pytest.approx(0.5)
    assert _index(world.commune_a).coverage == pytest.approx((0.5 * 2 + 1) / 3)
    assert _index(world.commune_a, "CQS").score == pytest.approx(0.6)  # excluded, re-normalised


# 4. The DTI's published form ------------------------------------------------------------------------


def test_dti_form_points_achieved_over_maximum_points(world):
    data = {
        "code": "DTI_EX", "name": "DTI", "missing_rule": "exclude",
        "components": [{"code": "P", "name": "Trụ cột", "weight": "200"}],
        "indicators": [
            {"code": code, "name": code, "component": "P", "value_type": "number", "source": "entered",
             "scoring": "fixed", "lower_bound": "0", "upper_bound": "100", "weight": points,
             "max_points": points}
            for code, points in (("C1", "100"), ("C2", "60"), ("C3", "40"))
        ],
    }  # fmt: skip
    version = framework_import(by=world.admin, data=data, owner_unit=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a])
    enter_and_approve(campaign, world.commune_a, {"C1": "80", "C2": "50", "C3": "100"},
                      focal=world.focal_a, reviewer=world.coordinator)  # fmt: skip
    points = IndicatorScore.objects.filter(unit=world.commune_a).order_by("indicator__code")
    assert [p.points for p in points] == pytest.approx([80, 30, 40])
    assert _index(world.commune_a).score == pytest.approx((80 + 30 + 40) / 200)


# 5. Ranks and ties -----------------------------------------------------------------------------------


def test_competition_ranking_with_ties_to_nine_decimals():
    assert scoring.ranks({"a": 0.9, "b": 0.9, "c": 0.7, "d": None}) == {"a": 1, "b": 1, "c": 3}
    assert scoring.ranks({"x": 0.1 + 0.2, "y": 0.3}) == {"x": 1, "y": 1}
    assert MIN_COVERAGE == 0.5


# 6. Change against the previous period ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "previous"), [("2026M01", "2025M12"), ("2026Q1", "2025Q4"), ("2026", "2025")]
)
def test_the_previous_period_of_the_same_kind(code, previous):
    assert Period.parse(code).previous().code == previous


def test_change_is_this_score_minus_the_previous_and_none_without_either(world):
    row = RankRow(
        unit=world.commune_a, score=0.62, rank=1, peers=2, coverage=1, previous=0.55, previous_rank=2
    )
    assert row.change == pytest.approx(0.07)
    assert RankRow(unit=world.commune_a, score=0.62, rank=1, peers=2, coverage=1, previous=None,
                   previous_rank=None).change is None  # fmt: skip


def test_the_ranking_reads_the_previous_period_beside_the_rank(world):
    version = small_framework(world.admin, world.province)
    for period, hoso in (("2025", "50"), ("2026", "70")):
        campaign = open_campaign(world.coordinator, version, [world.commune_a], period=period)
        values = {"DVC_TOTAL": "100", "DVC_ONLINE": hoso, "HOSO": hoso, "CAP_QUANG": "1"}
        enter_and_approve(campaign, world.commune_a, values, focal=world.focal_a, reviewer=world.coordinator)
    (row,) = ranking(version, "2026", "commune")
    # Alone among communes: HOSO (min-max) scores 1 both years; DVC_RATE 0.5 then 0.7.
    assert row.previous == pytest.approx(((0.5 + 1) / 2 * 2 + 1) / 3)
    assert row.score == pytest.approx(((0.7 + 1) / 2 * 2 + 1) / 3)
    assert row.change == pytest.approx(0.2 / 3)


# 7. Gaps: the gain if a gap closed -------------------------------------------------------------------


def test_gain_if_closed_to_the_target_or_to_the_best_peer(world):
    data = {
        "code": "GAP_EX", "name": "Khoảng cách", "missing_rule": "exclude",
        "components": [{"code": "P", "name": "Trụ cột", "weight": "1"}],
        "indicators": [
            {"code": "X", "name": "X", "component": "P", "value_type": "number", "source": "entered",
             "scoring": "fixed", "lower_bound": "0", "upper_bound": "100", "target": "100", "weight": "1"},
            {"code": "Y", "name": "Y", "component": "P", "value_type": "number", "source": "entered",
             "scoring": "fixed", "lower_bound": "0", "upper_bound": "100", "weight": "1"},
        ],
    }  # fmt: skip
    version = framework_import(by=world.admin, data=data, owner_unit=world.province)
    peer = OrgUnitFactory(code="XA-P", kind=UnitKind.COMMUNE, parent=world.province)
    campaign = open_campaign(world.coordinator, version, [world.commune_a, peer])
    enter_and_approve(campaign, world.commune_a, {"X": "40", "Y": "80"}, focal=world.focal_a,
                      reviewer=world.coordinator)  # fmt: skip
    enter_and_approve(campaign, peer, {"X": "50", "Y": "90"}, focal=world.coordinator, reviewer=world.leader)
    base, gaps = gap_analysis(version, world.commune_a, "2026")
    assert base == pytest.approx(0.6)
    assert [g.indicator.code for g in gaps] == ["X", "Y"]
    assert [g.gain for g in gaps] == pytest.approx([0.3, 0.05])
    assert (gaps[0].peer_median, gaps[0].best_peer) == pytest.approx((45, 50))
