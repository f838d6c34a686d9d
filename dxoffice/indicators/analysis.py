"""Gap analysis of one unit: its weakest indicators against target, peer median and best peer, and
the gain in the overall index if each gap closed, sorted by gain."""

from __future__ import annotations

import statistics
from collections import defaultdict

from dxoffice.core.models import OrgUnit
from dxoffice.indicators.models import Component, FrameworkVersion, Indicator, IndicatorScore
from dxoffice.indicators.selectors import IndicatorRow, unit_indicator_scores
from dxoffice.indicators.structure import Structure


def gap_analysis(
    version: FrameworkVersion, unit: OrgUnit, period: str
) -> tuple[float | None, list[IndicatorRow]]:
    """The unit's index and its indicators below full score, biggest gain first. Closing a gap means
    reaching the target where the indicator has one, else the best peer's score."""
    rows = unit_indicator_scores(version, unit, period)
    structure = Structure(
        version,
        list(Component.objects.filter(version=version)),
        list(Indicator.objects.filter(version=version)),
    )
    scores = {r.indicator.code: r.score for r in rows if r.score is not None}
    present = {r.indicator.code for r in rows if r.value is not None}
    base = structure.composites(scores, present, unit.kind)[None].score
    peers: dict[int, list[tuple[float, float | None]]] = defaultdict(list)
    for indicator_id, value, score in IndicatorScore.objects.filter(
        version=version, period=period, unit_kind=unit.kind, value__isnull=False
    ).values_list("indicator_id", "value", "score"):
        if value is not None:
            peers[indicator_id].append((value, score))
    gaps = []
    for row in rows:
        if row.indicator.weight <= 0 or (row.score is not None and row.score >= 1):
            continue  # an input with no weight is no gap; neither is a full score
        found = peers.get(row.indicator.pk, [])
        values = [v for v, _ in found]
        if values:
            row.peer_median = statistics.median(values)
            row.best_peer = min(values) if row.indicator.polarity == "lower" else max(values)
        best_score = max((s for _, s in found if s is not None), default=1.0)
        closed = 1.0 if row.indicator.target is not None else best_score
        if base is not None and (row.score is None or closed > row.score):
            after = structure.composites(
                {**scores, row.indicator.code: closed}, present | {row.indicator.code}, unit.kind
            )
            row.gain = max(0.0, (after[None].score or 0.0) - base)
        gaps.append(row)
    gaps.sort(key=lambda r: (-r.gain, r.score if r.score is not None else -1, r.indicator.code))
    return base, gaps
