"""Objective performance: % achieved against the year's target, and an early warning when the
trend of actual values will miss the target.

% achieved: with a baseline, the share of the way from baseline to target covered by the latest
actual, (actual - baseline) / (target - baseline); without one, actual / target (or target /
actual when lower is better). Both clamp at 0 and may exceed 100%.

Early warning: a least-squares line through the baseline and the actual values (by date),
projected to the end of the target year. If the projection misses the target the objective is
"at risk"; if the latest actual already meets it, "achieved".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dxoffice.core.periods import Period
from dxoffice.planning.models import Direction, Objective


class Outlook(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    NO_DATA = "no_data", _("No data yet")


@dataclass
class Performance:
    target_year: int | None
    target: Decimal | None
    actual: Decimal | None
    actual_period: str | None
    percent_achieved: Decimal | None
    projected: Decimal | None
    outlook: str


def _ordinal(day: date) -> float:
    return day.toordinal() / 365.25


def _projection(points: list[tuple[float, float]], at: float) -> float | None:
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _y in points) / n
    mean_y = sum(y for _x, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return mean_y + slope * (at - mean_x)


def percent_achieved(objective: Objective, actual: Decimal, target: Decimal) -> Decimal | None:
    """Progress from the baseline towards the target, in %; against the target alone without a baseline."""
    baseline = objective.baseline_value
    if baseline is None or target == baseline:
        return percent_of_target(objective, actual, target)
    return max(Decimal(0), (actual - baseline) / (target - baseline) * 100).quantize(Decimal("0.1"))


def percent_of_target(objective: Objective, actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    """Actual / target (target / actual when lower is better), in %, not capped."""
    if actual is None or target is None:
        return None
    if objective.direction == Direction.LOWER:
        if actual <= 0:
            return Decimal(100) if target >= actual else None
        ratio = target / actual
    else:
        if target == 0:
            return None
        ratio = actual / target
    return max(Decimal(0), ratio * 100).quantize(Decimal("0.1"))


def _meets(objective: Objective, value: Decimal | float, target: Decimal) -> bool:
    if objective.direction == Direction.LOWER:
        return Decimal(str(value)) <= target
    return Decimal(str(value)) >= target


def performance_of(objective: Objective, today: date) -> Performance:
    """Performance against the target of the current year (or the next year that has one)."""
    targets = {t.year: t.value for t in objective.targets.all()}
    actuals = sorted(objective.actuals.all(), key=lambda a: Period.parse(a.period).end)
    future_years = [year for year in sorted(targets) if year >= today.year]
    target_year = future_years[0] if future_years else (max(targets) if targets else None)
    target = targets.get(target_year) if target_year else None
    latest = actuals[-1] if actuals else None
    if latest is None or target is None or target_year is None:
        return Performance(
            target_year,
            target,
            latest.value if latest else None,
            latest.period if latest else None,
            None,
            None,
            Outlook.NO_DATA,
        )
    percent = percent_achieved(objective, latest.value, target)
    if _meets(objective, latest.value, target):
        return Performance(target_year, target, latest.value, latest.period, percent, None, Outlook.ACHIEVED)
    points = [(_ordinal(Period.parse(a.period).end), float(a.value)) for a in actuals]
    if objective.baseline_value is not None and objective.baseline_year:
        points.insert(0, (_ordinal(date(objective.baseline_year, 12, 31)), float(objective.baseline_value)))
    projected = _projection(points, _ordinal(date(target_year, 12, 31)))
    if projected is None:
        outlook = Outlook.ON_TRACK
    else:
        outlook = Outlook.ON_TRACK if _meets(objective, projected, target) else Outlook.AT_RISK
    projected_value = Decimal(str(round(projected, 4))) if projected is not None else None
    return Performance(target_year, target, latest.value, latest.period, percent, projected_value, outlook)
