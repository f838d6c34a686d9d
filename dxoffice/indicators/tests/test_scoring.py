"""Hand-computed cases of each normalisation, aggregation and mean (the worked examples of the guide)."""

import math

import pytest

from dxoffice.indicators.scoring import Method, aggregate, normalise, ranks, robust_outlier, weighted_mean

PEERS = {"a": 20.0, "b": 50.0, "c": 80.0}


def test_min_max_across_peers():
    # (v - min) / (max - min): (50 - 20) / (80 - 20) = 0.5
    assert normalise(Method("minmax"), PEERS) == {"a": 0.0, "b": 0.5, "c": 1.0}


def test_min_max_lower_is_better_reverses():
    assert normalise(Method("minmax", polarity="lower"), PEERS) == {"a": 1.0, "b": 0.5, "c": 0.0}


def test_min_max_when_every_peer_is_equal_each_scores_one():
    assert normalise(Method("minmax"), {"a": 3.0, "b": 3.0}) == {"a": 1.0, "b": 1.0}


def test_min_max_with_fixed_bounds_clamps():
    # bounds 40..90 (EU DESI style): 20 -> 0, 50 -> 0.2, 80 -> 0.8; 100 -> 1
    method = Method("fixed", lower_bound=40, upper_bound=90)
    result = normalise(method, {**PEERS, "d": 100.0})
    assert result == pytest.approx({"a": 0.0, "b": 0.2, "c": 0.8, "d": 1.0})


def test_distance_to_target():
    # target 80: 20/80 = 0.25, 50/80 = 0.625, 80/80 = 1; above target capped at 1
    method = Method("target", target=80)
    assert normalise(method, {**PEERS, "d": 120.0}) == pytest.approx(
        {"a": 0.25, "b": 0.625, "c": 1.0, "d": 1.0}
    )


def test_distance_to_target_when_lower_is_better():
    # days to process a dossier, target 5: 4 -> 1, 10 -> 0.5
    assert normalise(Method("target", target=5, polarity="lower"), {"a": 4.0, "b": 10.0}) == {
        "a": 1.0,
        "b": 0.5,
    }


def test_z_score_maps_three_deviations_to_the_ends():
    # mean 50, population sd sqrt(600) = 24.495; z(b) = 0 -> 0.5; z(c) = 1.2247 -> (1.2247 + 3) / 6
    result = normalise(Method("zscore"), PEERS)
    assert result["b"] == pytest.approx(0.5)
    assert result["c"] == pytest.approx((30 / math.sqrt(600) + 3) / 6)
    assert result["a"] == pytest.approx(1 - result["c"])


def test_z_score_with_one_value_is_the_middle():
    assert normalise(Method("zscore"), {"a": 7.0}) == {"a": 0.5}


def test_bands_give_the_points_of_the_best_band_reached_over_the_maximum():
    # DTI style: >= 90% 10 points, >= 70% 6 points, >= 50% 3 points, of 10
    method = Method("bands", bands=((50, 3), (70, 6), (90, 10)), max_points=10)
    assert normalise(method, {"a": 45.0, "b": 55.0, "c": 75.0, "d": 95.0}) == pytest.approx(
        {"a": 0.0, "b": 0.3, "c": 0.6, "d": 1.0}
    )


def test_yes_no_scores_one_or_zero_and_a_choice_its_points_over_the_maximum():
    assert normalise(Method(value_type="boolean", max_points=5), {"a": 1.0, "b": 0.0}) == {"a": 1.0, "b": 0.0}
    assert normalise(Method(value_type="choice", max_points=4), {"a": 3.0}) == {"a": 0.75}


def test_the_dti_published_form_is_points_achieved_over_maximum_points():
    # Three components worth 100, 60 and 40 points; achieved 80, 30 and 40: (80 + 30 + 40) / 200 = 0.75.
    # As scores with the maximum points as weights: 0.8, 0.5, 1.0.
    result = weighted_mean([(0.8, 100), (0.5, 60), (1.0, 40)])
    assert result.score == pytest.approx(150 / 200)


def test_weighted_arithmetic_mean_excludes_missing_and_renormalises():
    # (0.6 * 2 + 0.9 * 1) / 3 = 0.7 with the missing part left out, coverage 3 / 4
    result = weighted_mean([(0.6, 2), (0.9, 1), (None, 1)], missing="exclude")
    assert result.score == pytest.approx(0.7)
    assert result.coverage == pytest.approx(0.75)


def test_missing_scored_zero_keeps_its_weight():
    # (0.6 * 2 + 0.9 * 1 + 0 * 1) / 4 = 0.525
    assert weighted_mean([(0.6, 2), (0.9, 1), (None, 1)], missing="zero").score == pytest.approx(0.525)


def test_weighted_geometric_mean():
    # exp((2 ln 0.5 + 1 ln 0.8) / 3) = (0.5^2 * 0.8)^(1/3) = 0.5848
    result = weighted_mean([(0.5, 2), (0.8, 1)], geometric=True)
    assert result.score == pytest.approx((0.5**2 * 0.8) ** (1 / 3))
    assert weighted_mean([(0.0, 1), (0.8, 1)], geometric=True).score == 0.0


def test_no_data_gives_no_score_never_zero():
    assert weighted_mean([(None, 1), (None, 2)]).score is None


@pytest.mark.parametrize(
    ("how", "expected"),
    [("sum", 150.0), ("mean", 50.0), ("min", 20.0), ("max", 80.0)],
)
def test_aggregation_over_children(how, expected):
    assert aggregate(how, [20.0, 50.0, 80.0]) == expected


def test_population_weighted_mean():
    # (20 * 1000 + 80 * 3000) / 4000 = 65
    assert aggregate("weighted_mean", [20.0, 80.0], weights=[1000.0, 3000.0]) == 65.0


def test_share_of_units_meeting_the_threshold_in_percent():
    assert aggregate("share", [20.0, 50.0, 80.0], threshold=50) == pytest.approx(200 / 3)
    assert aggregate("share", [20.0, 50.0, 80.0], threshold=50, polarity="lower") == pytest.approx(200 / 3)


def test_no_children_with_a_value_gives_none():
    assert aggregate("sum", []) is None


def test_ranks_share_places_on_ties_and_skip_after():
    assert ranks({"a": 0.9, "b": 0.7, "c": 0.9, "d": 0.5, "e": None}) == {"a": 1, "c": 1, "b": 3, "d": 4}


def test_robust_outliers_use_the_median_and_mad_not_min_max():
    history = [10.0, 11.0, 12.0, 11.0, 10.0, 12.0]
    assert robust_outlier(40.0, history)
    assert not robust_outlier(12.5, history)
    assert not robust_outlier(40.0, [10.0, 11.0])  # too few to judge


def test_skewed_peers_do_not_flood_with_false_alarms():
    # Right-skewed counts: a big ward is not an outlier for its size class, an absurd value is.
    peers = [3.0, 4.0, 5.0, 5.0, 6.0, 8.0, 9.0, 12.0, 15.0]
    assert not robust_outlier(16.0, peers)
    assert robust_outlier(400.0, peers)
