"""Scores, ranks and gaps: read from the derived tables, kept fresh on every approval."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.params import P, PathEx

from dxoffice.core.api import caller, with_errors
from dxoffice.core.api_inputs import PeriodCode, RecordId, RefIdParam
from dxoffice.core.models import OrgUnit
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.models import Component

router = Router(tags=["indicator scores"])


class RankOut(Schema):
    unit: str
    unit_name: str
    score: float | None
    rank: int | None
    peers: int
    coverage: float
    previous: float | None
    change: float | None


class RankQuery(Schema):
    period: PeriodCode
    kind: str = Field("commune", max_length=20, description="The unit kind whose units are ranked.")
    pillar: RefIdParam | None = Field(
        None, description="A pillar's id for its sub-index; none for the overall index."
    )


class GapOut(Schema):
    indicator: str
    name: str
    value: float | None
    score: float | None
    target: float | None
    peer_median: float | None
    best_peer: float | None
    gain: float


class CompositeOut(Schema):
    score: float | None
    rank: int | None
    peers: int
    coverage: float


class PillarScoreOut(CompositeOut):
    code: str
    name: str
    parent: str = Field(description="The parent pillar's code; blank for a top pillar.")
    weight: float


class IndicatorScoreOut(Schema):
    code: str
    name: str
    pillar: str
    value: float | None
    score: float | None = Field(description="0–1; none when the unit has no approved value (missing).")
    points: float | None
    weight: float
    rolled_up: bool = Field(description="The value comes from the unit's children.")


class UnitScoresOut(Schema):
    unit: str
    period: str
    missing_rule: str
    index: CompositeOut | None
    pillars: list[PillarScoreOut]
    indicators: list[IndicatorScoreOut]


class UnitGapsOut(Schema):
    unit: str
    period: str
    index: float | None
    gaps: list[GapOut]


@router.get(
    "/indicators/versions/{version_id}/ranking",
    response=with_errors({200: list[RankOut]}, 401, 403, 404, 422),
    operation_id="ranking_get",
)
def ranking_get(request: HttpRequest, version_id: RecordId, query: Query[RankQuery]) -> Any:
    user = caller(request)
    require_results_reader(user)
    version = selectors.version_for(user, version_id)
    pillar = Component.objects.filter(version=version, pk=query.pillar).first() if query.pillar else None
    if query.pillar and pillar is None:
        raise Http404
    rows = selectors.ranking(version, query.period.upper(), query.kind, pillar)
    return [
        {"unit": r.unit.code, "unit_name": r.unit.name, "score": r.score, "rank": r.rank, "peers": r.peers,
         "coverage": r.coverage, "previous": r.previous, "change": r.change}
        for r in rows
    ]  # fmt: skip


UnitCodePath = PathEx[str, P(max_length=40, description="The unit's code, e.g. XA-TAN-THUAN.")]


def _unit(code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code.strip().upper()).first()
    if unit is None:
        raise Http404
    return unit


def _composite(row: Any) -> dict[str, Any]:
    return {"score": row.score, "rank": row.rank, "peers": row.peers, "coverage": row.coverage}


@router.get(
    "/indicators/versions/{version_id}/units/{unit_code}/scores",
    response=with_errors({200: UnitScoresOut}, 401, 403, 404, 422),
    operation_id="unit_scores",
)
def unit_scores(
    request: HttpRequest, version_id: RecordId, unit_code: UnitCodePath, period: PeriodCode
) -> Any:
    """A unit's overall index, pillar sub-indices (rank among peers, coverage) and indicator scores for
    a period; indicators it should report but has no approved value for have no score (missing)."""
    user = caller(request)
    require_results_reader(user)
    version = selectors.version_for(user, version_id)
    unit = _unit(unit_code)
    code = period.upper()
    pillars = selectors.pillar_scores(version, unit, code)
    overall = pillars.pop(None, None)
    components = Component.objects.filter(version=version).select_related("parent")
    return {
        "unit": unit.code, "period": code, "missing_rule": str(version.missing_rule),
        "index": _composite(overall) if overall else None,
        "pillars": [
            {"code": c.code, "name": c.localized_name, "parent": c.parent.code if c.parent else "",
             "weight": float(c.weight), **_composite(pillars[c.pk])}
            for c in components if c.pk in pillars
        ],
        "indicators": [
            {"code": r.indicator.code, "name": r.indicator.localized_name, "pillar": r.indicator.component.code,
             "value": r.value, "score": r.score, "points": r.points, "weight": float(r.indicator.weight),
             "rolled_up": r.rolled_up}
            for r in selectors.unit_indicator_scores(version, unit, code)
        ],
    }  # fmt: skip


@router.get(
    "/indicators/versions/{version_id}/units/{unit_code}/gaps",
    response=with_errors({200: UnitGapsOut}, 401, 403, 404, 422),
    operation_id="unit_gaps",
)
def unit_gaps(request: HttpRequest, version_id: RecordId, unit_code: UnitCodePath, period: PeriodCode) -> Any:
    """A unit's index and its gaps, biggest gain in the index first."""
    user = caller(request)
    require_results_reader(user)
    version = selectors.version_for(user, version_id)
    unit = _unit(unit_code)
    base, gaps = gap_analysis(version, unit, period.upper())
    return {
        "unit": unit.code,
        "period": period.upper(),
        "index": base,
        "gaps": [
            {"indicator": g.indicator.code, "name": g.indicator.localized_name, "value": g.value, "score": g.score,
             "target": None if g.indicator.target is None else float(g.indicator.target),
             "peer_median": g.peer_median, "best_peer": g.best_peer, "gain": g.gain}
            for g in gaps
        ],
    }  # fmt: skip
