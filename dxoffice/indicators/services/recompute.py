"""Scores, sub-indices, indices and ranks of one framework version and period, derived from its
approved values and written to the derived tables in one go.

Called inside the transaction that approves (or refreshes) values, so an approved value is in every
index, rank and chart as soon as the approval commits; the full recompute job calls the same function
for every period, so both paths give the same numbers by construction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
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
    Indicator,
    ParentRule,
    ValueStatus,
)
from dxoffice.indicators.services import derived
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


def approved_values(
    version: FrameworkVersion, period: str, indicators: list[Indicator], unit_ids: Iterable[int] | None = None
) -> Values:
    """{unit id: {code: value}} of the period's approved values (of the units `unit_ids` only, when
    given), read in one query."""
    by_id = {indicator.pk: indicator.code for indicator in indicators}
    found: Values = defaultdict(dict)
    if not by_id:
        return found
    quote = connection.ops.quote_name
    table = quote(DataValue._meta.db_table)
    marks = ", ".join(["%s"] * len(by_id))
    # PostgreSQL turns the decimal into a float itself (as float() would: correctly rounded), saving a
    # Decimal per row; SQLite already answers with a float or an integer.
    number = quote("value")
    if connection.vendor == "postgresql":
        number = f"CAST({number} AS DOUBLE PRECISION)"
    sql = (
        f"SELECT {quote('indicator_id')}, {quote('unit_id')}, {number} FROM {table} "
        f"WHERE {quote('period')} = %s AND {quote('status')} = %s AND {quote('value')} IS NOT NULL "
        f"AND {quote('archived_at')} IS NULL AND {quote('indicator_id')} IN ({marks})"
    )
    params: list[int | str] = [period, ValueStatus.APPROVED.value, *by_id]
    if unit_ids is not None:
        chosen = list(unit_ids)
        sql += f" AND {quote('unit_id')} IN ({', '.join(['%s'] * len(chosen))})" if chosen else " AND 1 = 0"
        params.extend(chosen)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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
    """Derive the period's scores, sub-indices, index and ranks from its approved values, and make the
    derived tables hold exactly those (writing only the rows that changed)."""
    # One recompute of a version at a time: two approvals committing together would otherwise each
    # write what it saw without the other's values (and collide on the derived tables' keys).
    list(FrameworkVersion.objects.select_for_update().filter(pk=version.pk).values_list("pk"))
    indicators = list(Indicator.objects.filter(version=version))
    components = list(Component.objects.filter(version=version))
    own = approved_values(version, period, indicators)
    units = _units_with_ancestors(set(own))
    values, rolled = derive_values(indicators, own, units)
    scores = _indicator_scores(indicators, values, units)
    structure = Structure(version, components, indicators)
    score_rows = score_rows_of(indicators, values, scores, rolled, units, values)
    index_rows = ranked_rows(composites_of(structure, scores, values, units, values), units)
    derived.store(derived.SCORES, version.pk, period, score_rows)
    derived.store(derived.INDICES, version.pk, period, index_rows)
    _record_objective_actuals(indicators, values, period)
    return Recomputed(len(units), len(score_rows), len(index_rows))


def score_rows_of(
    indicators: list[Indicator],
    values: Values,
    scores: dict[int, dict[str, float]],
    rolled: set[tuple[int, str]],
    units: dict[int, _Unit],
    pks: Iterable[int],
) -> list[tuple]:
    """The derived indicator-score rows (key and data columns of `derived.SCORES`) of the units `pks`."""
    found = []
    chosen = list(pks)
    for indicator in indicators:
        code, indicator_id, top = indicator.code, indicator.pk, float(indicator.max_points)
        for pk in chosen:
            unit_values = values[pk]
            if code in unit_values:
                score = scores[pk].get(code)
                points = None if score is None else score * top
                found.append(
                    (indicator_id, pk, units[pk].kind, unit_values[code], score, points, (pk, code) in rolled)
                )
    return found


def _indicator_scores(
    indicators: list[Indicator], values: Values, units: dict[int, _Unit]
) -> dict[int, dict[str, float]]:
    """{unit id: {code: score}}: each indicator normalised among the peers (same unit kind) that have a
    value for it."""
    methods = {indicator.code: scoring.method_of(indicator) for indicator in indicators}
    groups: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for pk, unit_values in values.items():
        kind = units[pk].kind
        for code, value in unit_values.items():
            groups[(code, kind)][pk] = value
    scores: dict[int, dict[str, float]] = {pk: {} for pk in values}
    for (code, _kind), peers in groups.items():
        method = methods.get(code)
        if method is None:
            continue
        for pk, score in scoring.normalise(method, peers).items():
            scores[pk][code] = score
    return scores


Composites = dict[int | None, dict[int, scoring.Composite]]  # component id (None: index) -> unit -> it


def composites_of(
    structure: Structure,
    scores: dict[int, dict[str, float]],
    values: Values,
    units: dict[int, _Unit],
    pks: Iterable[int],
) -> Composites:
    """Pillar sub-indices (weighted means of their indicators and sub-pillars) and the overall index
    (weighted mean of the top pillars) of the units `pks` that have values."""
    table: Composites = defaultdict(dict)
    for pk in pks:
        if not values[pk]:
            continue
        for component_id, composite in structure.composites(scores[pk], values[pk], units[pk].kind).items():
            table[component_id][pk] = composite
    return table


def ranked_rows(table: Composites, units: dict[int, _Unit]) -> list[tuple]:
    """The derived index rows (key and data columns of `derived.INDICES`): each composite with its rank
    among the peers of the same kind found in `table`."""
    rows: list[tuple] = []
    for component_id, unit_scores in table.items():
        by_kind: dict[str, dict[int, float | None]] = defaultdict(dict)
        for pk, composite in unit_scores.items():
            by_kind[units[pk].kind][pk] = composite.score
        for kind, peers in by_kind.items():
            # A unit is ranked only with enough data: at least MIN_COVERAGE of the weight.
            rankable = {pk: sc for pk, sc in peers.items() if unit_scores[pk].coverage >= MIN_COVERAGE}
            ranked = scoring.ranks(rankable)
            for pk, score in peers.items():
                rows.append(
                    (component_id, pk, kind, score, ranked.get(pk), len(ranked), unit_scores[pk].coverage)
                )
    return rows


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
