"""Scores, sub-indices, indices and ranks of one framework version and period, derived from its
approved values and written to the derived tables in one go.

Called inside the transaction that approves (or refreshes) values, so an approved value is in every
index, rank and chart as soon as the approval commits; the full recompute job calls the same function
for every period, so both paths give the same numbers by construction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from dxoffice.core.actors import system_actor
from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import Period
from dxoffice.indicators import scoring
from dxoffice.indicators.formulas import evaluation_order, parse
from dxoffice.indicators.models import (
    Component,
    DataValue,
    FrameworkVersion,
    IndexScore,
    Indicator,
    IndicatorScore,
    ParentRule,
    ValueStatus,
)
from dxoffice.indicators.structure import Structure
from dxoffice.planning import services as planning_services
from dxoffice.planning.selectors import local_today

BATCH = 2000
MIN_COVERAGE = 0.5  # a unit whose index covers less of the weight than this is shown, not ranked
Values = dict[int, dict[str, float]]  # unit id -> indicator code -> value


@dataclass(frozen=True)
class Recomputed:
    units: int
    indicator_scores: int
    index_scores: int


@dataclass(frozen=True)
class _Unit:
    pk: int
    kind: str
    depth: int
    parent_id: int | None


def approved_values(version: FrameworkVersion, period: str, indicators: list[Indicator]) -> Values:
    """{unit id: {code: value}} of the period's approved values, read in one query."""
    by_id = {indicator.pk: indicator.code for indicator in indicators}
    found: Values = defaultdict(dict)
    if not by_id:
        return found
    quote = connection.ops.quote_name
    table = quote(DataValue._meta.db_table)
    marks = ", ".join(["%s"] * len(by_id))
    sql = (
        f"SELECT {quote('indicator_id')}, {quote('unit_id')}, {quote('value')} FROM {table} "
        f"WHERE {quote('period')} = %s AND {quote('status')} = %s AND {quote('value')} IS NOT NULL "
        f"AND {quote('archived_at')} IS NULL AND {quote('indicator_id')} IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [period, ValueStatus.APPROVED.value, *by_id])
        while chunk := cursor.fetchmany(BATCH):
            for indicator_id, unit_id, value in chunk:
                found[unit_id][by_id[indicator_id]] = float(value)
    return found


def _units_with_ancestors(unit_ids: set[int]) -> dict[int, _Unit]:
    units: dict[int, _Unit] = {}
    rows = OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "kind", "depth", "parent_id", "path")
    ancestors: set[int] = set()
    for pk, kind, depth, parent_id, path in rows:
        units[pk] = _Unit(pk, kind, depth, parent_id)
        ancestors.update(int(part) for part in path.strip("/").split("/") if part)
    missing = ancestors - set(units)
    if missing:
        for pk, kind, depth, parent_id in OrgUnit.objects.filter(pk__in=missing).values_list(
            "pk", "kind", "depth", "parent_id"
        ):
            units[pk] = _Unit(pk, kind, depth, parent_id)
    return units


def derive_values(
    indicators: list[Indicator], own: Values, units: dict[int, _Unit]
) -> tuple[Values, set[tuple[int, str]]]:
    """Each unit's values: its own approved ones, its computed ones, and for a parent unit what its
    children give it by each indicator's aggregation. Returns the values and the rolled-up keys."""
    by_code = {indicator.code: indicator for indicator in indicators}
    formulas = {i.code: i.formula for i in indicators if i.formula}
    order = evaluation_order(formulas, by_code)
    raw_codes = [i.code for i in indicators if not i.formula]
    values: Values = {pk: dict(own.get(pk, {})) for pk in units}
    rolled: set[tuple[int, str]] = set()
    children: dict[int, list[int]] = defaultdict(list)
    for unit in units.values():
        if unit.parent_id in units:
            children[unit.parent_id].append(unit.pk)
    for unit in sorted(units.values(), key=lambda u: -u.depth):
        mine = values[unit.pk]
        kids = [values[pk] for pk in sorted(children.get(unit.pk, []))]
        if kids:
            for code in raw_codes:
                if code not in mine:
                    _roll_up(by_code[code], kids, mine, rolled, unit.pk)
        for code in order:
            if code in mine:
                continue
            indicator = by_code[code]
            if kids and indicator.parent_rule == ParentRule.RESULTS and code not in own.get(unit.pk, {}):
                _roll_up(indicator, kids, mine, rolled, unit.pk)
                if code in mine:
                    continue
            result = parse(indicator.formula).evaluate(mine)
            if result is not None:
                mine[code] = result
                if kids and unit.pk not in own:
                    rolled.add((unit.pk, code))
    return values, rolled


def _roll_up(
    indicator: Indicator, kids: list[dict[str, float]], mine: dict[str, float], rolled: set, pk: int
) -> None:
    code = indicator.code
    present = [kid for kid in kids if code in kid]
    if not present:
        return
    weights = None
    if indicator.aggregation == "weighted_mean":
        present = [kid for kid in present if kid.get(indicator.weight_by) is not None]
        weights = [kid[indicator.weight_by] for kid in present]
    threshold = None if indicator.threshold is None else float(indicator.threshold)
    yes_no = indicator.value_type == "boolean"
    result = scoring.aggregate(
        indicator.aggregation,
        [kid[code] for kid in present],
        weights=weights,
        threshold=1.0 if yes_no else threshold,
        polarity=indicator.polarity,
    )
    if yes_no and result is not None and indicator.aggregation in ("share", "sum"):
        # A parent's yes/no is the share of children answering yes, 0-1, so it scores as such.
        result = result / 100 if indicator.aggregation == "share" else result / len(present)
    if result is not None:
        mine[code] = result
        rolled.add((pk, code))


@transaction.atomic
def recompute_period(version: FrameworkVersion, period: str) -> Recomputed:
    indicators = list(Indicator.objects.filter(version=version))
    components = list(Component.objects.filter(version=version))
    own = approved_values(version, period, indicators)
    units = _units_with_ancestors(set(own))
    values, rolled = derive_values(indicators, own, units)
    scores = _indicator_scores(indicators, values, units)
    index = _index_scores(version, components, indicators, scores, values, units)
    score_rows = [
        (
            version.pk,
            indicator.pk,
            pk,
            period,
            units[pk].kind,
            values[pk][indicator.code],
            scores.get(indicator.code, {}).get(pk),
            _points(scores.get(indicator.code, {}).get(pk), indicator),
            (pk, indicator.code) in rolled,
        )
        for indicator in indicators
        for pk in units
        if indicator.code in values[pk]
    ]
    index_rows = [
        (version.pk, row["component_id"], row["unit_id"], period, units[pk].kind, row["score"], row["rank"],
         row["peers"], row["coverage"])
        for pk, rows in index.items()
        for row in rows
    ]  # fmt: skip
    _replace(IndicatorScore, SCORE_COLUMNS, score_rows, version, period)
    _replace(IndexScore, INDEX_COLUMNS, index_rows, version, period)
    _record_objective_actuals(indicators, values, period)
    return Recomputed(len(units), len(score_rows), len(index_rows))


SCORE_COLUMNS = [
    "version_id",
    "indicator_id",
    "unit_id",
    "period",
    "unit_kind",
    "value",
    "score",
    "points",
    "rolled_up",
]
INDEX_COLUMNS = [
    "version_id",
    "component_id",
    "unit_id",
    "period",
    "unit_kind",
    "score",
    "rank",
    "peers",
    "coverage",
]


def _replace(
    model: type[IndicatorScore] | type[IndexScore],
    columns: list[str],
    rows: list[tuple],
    version: FrameworkVersion,
    period: str,
) -> None:
    """Replace a period's rows of a derived table: one DELETE, then batched multi-row INSERTs straight
    through the cursor (the bulk path; no model instances for rows nobody edits)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {quote('version_id')} = %s AND {quote('period')} = %s",
            [version.pk, period],
        )
        names = ", ".join(quote(c) for c in columns)
        row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_batch = max(1, min(BATCH, 900 // len(columns)))  # SQLite allows 999 parameters a statement
        for start in range(0, len(rows), per_batch):
            batch = rows[start : start + per_batch]
            sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([row_marks] * len(batch))
            cursor.execute(sql, [value for row in batch for value in row])


def _points(score: float | None, indicator: Indicator) -> float | None:
    return None if score is None else score * float(indicator.max_points)


def _indicator_scores(
    indicators: list[Indicator], values: Values, units: dict[int, _Unit]
) -> dict[str, dict[int, float]]:
    scores: dict[str, dict[int, float]] = {}
    for indicator in indicators:
        method = scoring.method_of(indicator)
        groups: dict[str, dict[int, float]] = defaultdict(dict)
        for pk, unit_values in values.items():
            if indicator.code in unit_values:
                groups[units[pk].kind][pk] = unit_values[indicator.code]
        found: dict[int, float] = {}
        for peers in groups.values():
            found.update(scoring.normalise(method, peers))
        scores[indicator.code] = found
    return scores


def _index_scores(
    version: FrameworkVersion,
    components: list[Component],
    indicators: list[Indicator],
    scores: dict[str, dict[int, float]],
    values: Values,
    units: dict[int, _Unit],
) -> dict[int, list[dict]]:
    """Pillar sub-indices (weighted means of their indicators and sub-pillars), the overall index
    (weighted mean of the top pillars) and ranks among peers of the same kind."""
    structure = Structure(version, components, indicators)
    table: dict[int | None, dict[int, scoring.Composite]] = defaultdict(dict)
    for pk in units:
        if not values[pk]:
            continue
        mine = {code: by_unit[pk] for code, by_unit in scores.items() if pk in by_unit}
        for component_id, composite in structure.composites(mine, values[pk], units[pk].kind).items():
            table[component_id][pk] = composite
    results: dict[int, list[dict]] = defaultdict(list)
    for component_id, unit_scores in table.items():
        by_kind: dict[str, dict[int, float | None]] = defaultdict(dict)
        for pk, composite in unit_scores.items():
            by_kind[units[pk].kind][pk] = composite.score
        for peers in by_kind.values():
            # A unit is ranked only with enough data: at least MIN_COVERAGE of the weight.
            rankable = {pk: sc for pk, sc in peers.items() if unit_scores[pk].coverage >= MIN_COVERAGE}
            ranked = scoring.ranks(rankable)
            for pk, score in peers.items():
                results[pk].append(
                    {
                        "component_id": component_id,
                        "unit_id": pk,
                        "score": score,
                        "rank": ranked.get(pk),
                        "peers": len(ranked),
                        "coverage": unit_scores[pk].coverage,
                    }
                )
    return results


def _record_objective_actuals(indicators: list[Indicator], values: Values, period: str) -> None:
    """Program objectives tied to an indicator take the indicator's approved value of the program's
    owner unit (the province, its own or rolled up) through planning's service, when it changed.
    A period that has not begun takes no actual (planning's rule): it is skipped, so the approval or
    the refresh that recomputes it still goes through."""
    if Period.parse(period).start > local_today():
        return
    actor = None
    for indicator in indicators:
        objective = indicator.objective if indicator.objective_id else None
        if objective is None:
            continue
        unit_id = objective.program.owner_unit_id
        found = values.get(unit_id, {}).get(indicator.code)
        if found is None:
            continue
        value = Decimal(str(round(found, 4)))
        current = objective.actuals.filter(period=period).values_list("value", flat=True).first()
        if current is not None and Decimal(current) == value:
            continue
        actor = actor or system_actor()
        planning_services.objective_record_actual(
            by=actor, objective=objective, period=period, value=value, note=indicator.code, source="indicator"
        )
