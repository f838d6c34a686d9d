"""Recomputing a period after a few units' values changed (an approval), without reading the period.

`recompute_units(version, period, unit_ids)` gives exactly the numbers `recompute_period` gives, from
the derived tables as they stand plus the changed units' approved values:

- the changed units' values (their own and computed ones) and, up their ancestors, the rolled-up values
  (from each ancestor's children as stored, the changed ones replaced);
- the changed units' scores: a method that needs no peers (fixed bounds, target, bands, yes/no,
  choice) scores the value alone; min-max needs the peers' range, read with one index probe per
  indicator. When that range moves (a new lowest or highest value, or the old extreme changed) every
  peer's score moves with it, and the whole period is recomputed instead; so it is when a z-score
  indicator exists (every value moves its peers' mean), when a changed unit has units below it, or
  when the period has no derived rows yet;
- every unit of an ancestor's kind (the provinces) is rescored in full: those groups are small;
- ranks among the changed units' peers from their stored sub-indices and indices, the changed ones
  replaced; only the rows that changed are written.

The derived tables must be current when it starts (as every approval and the full recompute leave
them); the property test `test_recompute_incremental.py` checks it against the full recompute."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db import connection, transaction

from dxoffice.core.models import OrgUnit
from dxoffice.indicators import scoring
from dxoffice.indicators.models import Component, FrameworkVersion, IndexScore, Indicator
from dxoffice.indicators.services import derived
from dxoffice.indicators.services.recompute import (
    Composites,
    Recomputed,
    Values,
    _indicator_scores,
    _record_objective_actuals,
    _Unit,
    _units_with_ancestors,
    approved_values,
    composites_of,
    derive_values,
    ranked_rows,
    recompute_period,
    score_rows_of,
)
from dxoffice.indicators.structure import Structure

PEER_FREE = {"fixed", "target", "bands"}  # scoring methods whose score needs no peer


@transaction.atomic
def recompute_units(version: FrameworkVersion, period: str, unit_ids: Collection[int]) -> Recomputed:
    """The period's derived rows after the values of `unit_ids` changed: the same numbers as
    `recompute_period(version, period)`, which it falls back to when it cannot be had cheaply."""
    list(FrameworkVersion.objects.select_for_update().filter(pk=version.pk).values_list("pk"))
    done = _incremental(version, period, set(unit_ids))
    return done if done is not None else recompute_period(version, period)


def _incremental(version: FrameworkVersion, period: str, changed: set[int]) -> Recomputed | None:
    indicators = list(Indicator.objects.filter(version=version))
    methods = {i.code: scoring.method_of(i) for i in indicators}
    if not changed or any(_needs_all_peers(m) and m.scoring != "minmax" for m in methods.values()):
        return None
    chain = _units_with_ancestors(changed)
    ancestors = set(chain) - changed
    kinds = {chain[pk].kind for pk in changed}
    if len(kinds) != 1 or kinds & {chain[pk].kind for pk in ancestors}:
        return None
    (kind,) = kinds
    if OrgUnit.objects.filter(parent_id__in=changed).exists():
        return None
    stored_index = _stored_index(version, period, kind)
    if not stored_index:
        return None
    by_id = {i.pk: i.code for i in indicators}
    # Values: the chain's own approved values, the ancestors' other children as stored.
    siblings = {
        pk: _Unit(pk, unit_kind, depth, parent_id)
        for pk, unit_kind, depth, parent_id in OrgUnit.objects.filter(parent_id__in=ancestors)
        .exclude(pk__in=list(chain))
        .values_list("pk", "kind", "depth", "parent_id")
    }
    own = approved_values(version, period, indicators, chain)
    stored_siblings, _ = _stored_values(version, period, by_id, "unit_id", list(siblings))
    units = {**chain, **siblings}
    values, rolled = derive_values(indicators, {**stored_siblings, **own}, units)
    # Scores of the changed units, against their peers' range.
    ranges = _ranges(version, period, kind, changed, indicators, methods)
    old, _ = _stored_values(version, period, by_id, "unit_id", list(changed))
    scores: dict[int, dict[str, float]] = {pk: {} for pk in changed}
    for code, method in methods.items():
        if not _needs_all_peers(method):
            for pk in changed:
                if code in values[pk]:
                    scores[pk][code] = scoring.normalise(method, {pk: values[pk][code]})[pk]
            continue
        low, high = ranges.get(code, (None, None))
        before = _span(low, high, [old.get(pk, {}).get(code) for pk in changed])
        after = _span(low, high, [values[pk].get(code) for pk in changed])
        if before != after:
            return None  # the range moved: every peer's score moves
        if after is None:
            continue
        for pk in changed:
            if code in values[pk]:
                peers = {pk: values[pk][code], -1: after[0], -2: after[1]}
                scores[pk][code] = scoring.normalise(method, peers)[pk]
    components = list(Component.objects.filter(version=version))
    structure = Structure(version, components, indicators)
    # The changed units' kind: their new sub-indices among the stored ones of their peers, re-ranked.
    table: Composites = defaultdict(dict)
    for component_id, unit_scores in stored_index.items():
        table[component_id] = {pk: c for pk, c in unit_scores.items() if pk not in changed}
    for component_id, unit_scores in composites_of(structure, scores, values, units, changed).items():
        table[component_id].update(unit_scores)
    peers_of_kind = {pk: _Unit(pk, kind, 0, None) for found in table.values() for pk in found}
    score_rows = score_rows_of(indicators, values, scores, rolled, units, changed)
    index_rows = ranked_rows({c: found for c, found in table.items() if found}, peers_of_kind)
    derived.store(derived.SCORES, version.pk, period, score_rows, ("unit_id", sorted(changed)))
    derived.store(derived.INDICES, version.pk, period, index_rows, ("unit_kind", [kind]))
    written = len(score_rows) + _rescore_kinds(version, period, indicators, structure, values, rolled, chain,
                                               {chain[pk].kind for pk in ancestors}, by_id)  # fmt: skip
    _record_objective_actuals(indicators, values, period)
    return Recomputed(len(units), written, len(index_rows))


def _needs_all_peers(method: scoring.Method) -> bool:
    return method.value_type not in ("boolean", "choice") and method.scoring not in PEER_FREE


def _span(low: float | None, high: float | None, extra: list[float | None]) -> tuple[float, float] | None:
    found = [v for v in (low, high, *extra) if v is not None]
    return (min(found), max(found)) if found else None


def _rescore_kinds(
    version: FrameworkVersion,
    period: str,
    indicators: list[Indicator],
    structure: Structure,
    values: Values,
    rolled: set[tuple[int, str]],
    chain: dict[int, _Unit],
    kinds: set[str],
    by_id: dict[int, str],
) -> int:
    """Every unit of the ancestors' kinds rescored, re-indexed and re-ranked in full (the ancestors with
    their new values, the others as stored)."""
    if not kinds:
        return 0
    rows = OrgUnit.objects.filter(kind__in=kinds).values_list("pk", "kind", "depth", "parent_id")
    units = {pk: _Unit(pk, unit_kind, depth, parent_id) for pk, unit_kind, depth, parent_id in rows}
    ids = sorted(units)
    stored, stored_rolled = _stored_values(version, period, by_id, "unit_id", ids)
    group: Values = {pk: stored[pk] for pk in stored if pk in units}
    group.update({pk: values[pk] for pk in chain if chain[pk].kind in kinds})
    flags = {key for key in stored_rolled if key[0] not in chain} | {k for k in rolled if k[0] in group}
    scores = _indicator_scores(indicators, group, units)
    score_rows = score_rows_of(indicators, group, scores, flags, units, group)
    index_rows = ranked_rows(composites_of(structure, scores, group, units, group), units)
    derived.store(derived.SCORES, version.pk, period, score_rows, ("unit_id", ids))
    derived.store(derived.INDICES, version.pk, period, index_rows, ("unit_kind", sorted(kinds)))
    return len(score_rows)


def _stored_values(
    version: FrameworkVersion, period: str, by_id: dict[int, str], column: str, chosen: list
) -> tuple[Values, set[tuple[int, str]]]:
    """The stored values (own, computed or rolled up) of the units chosen by `column` in `chosen`, and
    which of them were rolled up."""
    found: Values = defaultdict(dict)
    flags: set[tuple[int, str]] = set()
    if not chosen:
        return found, flags
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(chosen))
    sql = (
        f"SELECT {quote('indicator_id')}, {quote('unit_id')}, {quote('value')}, {quote('rolled_up')} "
        f"FROM {quote('indicators_indicatorscore')} WHERE {quote('version_id')} = %s AND "
        f"{quote('period')} = %s AND {quote(column)} IN ({marks}) AND {quote('value')} IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [version.pk, period, *chosen])
        for indicator_id, unit_id, value, was_rolled in cursor.fetchall():
            code = by_id.get(indicator_id)
            if code is not None:
                found[unit_id][code] = value
                if was_rolled:
                    flags.add((unit_id, code))
    return found, flags


def _ranges(
    version: FrameworkVersion,
    period: str,
    kind: str,
    changed: set[int],
    indicators: list[Indicator],
    methods: dict[str, scoring.Method],
) -> dict[str, tuple[float | None, float | None]]:
    """{code: (lowest, highest)} stored value among the peers of `kind` other than the changed units,
    for the indicators that score against their peers' range: two index probes each."""
    wanted = [i for i in indicators if _needs_all_peers(methods[i.code])]
    if not wanted:
        return {}
    ids = ", ".join(str(int(pk)) for pk in sorted(changed))
    # ORDER BY ... LIMIT 1 rather than MIN/MAX: one step down the index indicators_iscore_peers,
    # whatever the planner's statistics say.
    probe = (
        "(SELECT s.value FROM indicators_indicatorscore s WHERE s.indicator_id = %s AND s.period = %s "
        f"AND s.unit_kind = %s AND s.value IS NOT NULL AND s.unit_id NOT IN ({ids}) "
        "ORDER BY s.value {way} LIMIT 1)"
    )
    parts: list[str] = []
    params: list[int | str] = []
    for indicator in wanted:
        parts.append(f"SELECT %s, {probe.format(way='ASC')}, {probe.format(way='DESC')}")
        params += [indicator.pk, indicator.pk, period, kind, indicator.pk, period, kind]
    code_of = {i.pk: i.code for i in wanted}
    found: dict[str, tuple[float | None, float | None]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(parts), 100):
            cursor.execute(
                " UNION ALL ".join(parts[start : start + 100]), params[start * 7 : (start + 100) * 7]
            )
            for indicator_id, low, high in cursor.fetchall():
                found[code_of[indicator_id]] = (low, high)
    return found


def _stored_index(version: FrameworkVersion, period: str, kind: str) -> Composites:
    """The stored sub-indices and indices of the units of `kind` (read through the cursor: thousands of
    rows, no model instances)."""
    table: Composites = defaultdict(dict)
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote('component_id')}, {quote('unit_id')}, {quote('score')}, {quote('coverage')} "
        f"FROM {quote(IndexScore._meta.db_table)} WHERE {quote('version_id')} = %s AND "
        f"{quote('period')} = %s AND {quote('unit_kind')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [version.pk, period, kind])
        for component_id, unit_id, score, coverage in cursor.fetchall():
            table[component_id][unit_id] = scoring.Composite(score, coverage)
    return table
