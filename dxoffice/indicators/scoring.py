"""The arithmetic of scores, pure functions over numbers (docs/modules/indicators.md gives the worked
examples the tests reproduce): normalisation of a value to 0-1, aggregation over child units,
weighted means with the missing-data rule, and ranks."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K")

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Method:
    """How one indicator scores: the method and its parameters."""

    scoring: str = "minmax"
    polarity: str = HIGHER
    lower_bound: float | None = None
    upper_bound: float | None = None
    target: float | None = None
    bands: tuple[tuple[float, float], ...] = ()  # (threshold, points), as the framework lists them
    max_points: float = 1.0
    value_type: str = "number"


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def normalise(method: Method, values: Mapping[K, float]) -> dict[K, float]:
    """Scores (0-1) of one indicator for a group of peers. Values already expressed as points
    (yes/no, choice) score as points / maximum whatever the method."""
    if not values:
        return {}
    if method.value_type == "boolean":
        return {k: 1 - clamp(v) if method.polarity == LOWER else clamp(v) for k, v in values.items()}
    if method.value_type == "choice":
        top = method.max_points or 1.0
        return {k: clamp(v / top) for k, v in values.items()}
    if method.scoring == "fixed":
        return {
            k: _between(v, method.lower_bound, method.upper_bound, method.polarity) for k, v in values.items()
        }
    if method.scoring == "target":
        return {k: _towards_target(v, method.target, method.polarity) for k, v in values.items()}
    if method.scoring == "zscore":
        return _zscores(values, method.polarity)
    if method.scoring == "bands":
        return {k: _banded(v, method) for k, v in values.items()}
    low, high = min(values.values()), max(values.values())
    return {k: _between(v, low, high, method.polarity) for k, v in values.items()}


def _between(value: float, low: float | None, high: float | None, polarity: str) -> float:
    """Min-max: (v - low) / (high - low), clamped; reversed when lower is better. When every peer has
    the same value (high == low) each scores 1."""
    if low is None or high is None:
        return 0.0
    if high == low:
        return 1.0
    score = clamp((value - low) / (high - low))
    return 1 - score if polarity == LOWER else score


def _towards_target(value: float, target: float | None, polarity: str) -> float:
    """Distance to target: v / target capped at 1 (lower is better: target / v)."""
    if target is None:
        return 0.0
    if polarity == LOWER:
        return 1.0 if value <= target else clamp(target / value)
    if target <= 0:
        return 1.0 if value >= target else 0.0
    return clamp(value / target)


def _zscores(values: Mapping[K, float], polarity: str) -> dict[K, float]:
    """z = (v - mean) / population standard deviation, mapped to 0-1 as (z + 3) / 6, clamped (a value
    three deviations above the mean scores 1). All equal: each scores 0.5."""
    numbers = list(values.values())
    mean = statistics.fmean(numbers)
    deviation = statistics.pstdev(numbers) if len(numbers) > 1 else 0.0
    result: dict[K, float] = {}
    for key, value in values.items():
        z = 0.0 if deviation == 0 else (value - mean) / deviation
        if polarity == LOWER:
            z = -z
        result[key] = clamp((z + 3) / 6)
    return result


def _banded(value: float, method: Method) -> float:
    """Bands as DTI does: the points of the best band reached (value >= threshold; value <= threshold
    when lower is better), divided by the maximum points."""
    top = method.max_points or 1.0
    reached = [
        points
        for threshold, points in method.bands
        if (value <= threshold if method.polarity == LOWER else value >= threshold)
    ]
    return clamp(max(reached) / top) if reached else 0.0


# Aggregation over child units -------------------------------------------------------------------


def aggregate(
    how: str,
    values: Sequence[float],
    *,
    weights: Sequence[float] | None = None,
    threshold: float | None = None,
    polarity: str = HIGHER,
) -> float | None:
    """A parent's value from its children's: sum, mean, population-weighted mean, min, max, or the
    share (in %) of children meeting the threshold. No children with a value: None."""
    if not values:
        return None
    if how == "sum":
        return math.fsum(values)
    if how == "min":
        return min(values)
    if how == "max":
        return max(values)
    if how == "weighted_mean" and weights is not None:
        total = math.fsum(weights)
        if total <= 0:
            return None
        return math.fsum(v * w for v, w in zip(values, weights, strict=True)) / total
    if how == "share":
        if threshold is None:
            return None
        met = sum(1 for v in values if (v <= threshold if polarity == LOWER else v >= threshold))
        return 100.0 * met / len(values)
    return math.fsum(values) / len(values)


# Composite indices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Composite:
    score: float | None
    coverage: float  # share of the weight that had data, 0-1


def weighted_mean(
    parts: Iterable[tuple[float | None, float]], *, missing: str = "exclude", geometric: bool = False
) -> Composite:
    """The weighted mean of (score, weight) parts. Missing parts are excluded and the weights
    re-normalised (`exclude`), or count as 0 (`zero`). Geometric: exp(sum w ln s / sum w); a zero
    part makes it 0."""
    items = [(s, w) for s, w in parts if w > 0]
    total = math.fsum(w for _, w in items)
    if not items or total <= 0:
        return Composite(None, 0.0)
    present = [(s, w) for s, w in items if s is not None]
    covered = math.fsum(w for _, w in present)
    if not present:
        return Composite(None, 0.0)
    source = items if missing == "zero" else present
    used = [(s if s is not None else 0.0, w) for s, w in source]
    weight = math.fsum(w for _, w in used)
    if geometric:
        if any(s <= 0 for s, _ in used):
            return Composite(0.0, covered / total)
        score = math.exp(math.fsum(w * math.log(s) for s, w in used) / weight)
    else:
        score = math.fsum(s * w for s, w in used) / weight
    return Composite(score, covered / total)


def ranks(scores: Mapping[K, float | None]) -> dict[K, int]:
    """Competition ranking among peers (1, 2, 2, 4), best first; units without a score get none.
    Scores equal to 9 decimal places tie."""
    present = sorted(((round(s, 9), k) for k, s in scores.items() if s is not None), key=lambda p: -p[0])
    result: dict[K, int] = {}
    previous: float | None = None
    rank = 0
    for position, (score, key) in enumerate(present, start=1):
        if score != previous:
            rank, previous = position, score
        result[key] = rank
    return result


def robust_outlier(value: float, others: Sequence[float], *, limit: float = 3.5) -> bool:
    """Is `value` unusual against `others`? The modified z-score 0.6745 (x - median) / MAD above
    `limit` (Iglewicz and Hoaglin); needs at least 4 other values; MAD 0 falls back to the
    interquartile range rule (outside Q1 - 1.5 IQR, Q3 + 1.5 IQR)."""
    if len(others) < 4:
        return False
    median = statistics.median(others)
    mad = statistics.median([abs(v - median) for v in others])
    if mad > 0:
        return abs(0.6745 * (value - median) / mad) > limit
    q1, _, q3 = statistics.quantiles(others, n=4, method="inclusive")
    spread = q3 - q1
    return value < q1 - 1.5 * spread or value > q3 + 1.5 * spread if spread > 0 else value != median


def method_of(indicator: Any) -> Method:
    """The scoring method of an Indicator record."""

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    bands = tuple(
        (float(band.get("max", band.get("min", 0)) or 0), float(band.get("points", 0) or 0))
        for band in (indicator.bands or [])
        if isinstance(band, dict)
    )
    return Method(
        scoring=indicator.scoring,
        polarity=indicator.polarity,
        lower_bound=number(indicator.lower_bound),
        upper_bound=number(indicator.upper_bound),
        target=number(indicator.target),
        bands=bands,
        max_points=float(indicator.max_points or 1),
        value_type=indicator.value_type,
    )
