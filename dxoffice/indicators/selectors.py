"""Reads of the indicators module, scoped by the one permission gate.

Approved values, scores and ranks of every unit are readable by anyone who may view the program; a
unit's values before approval only by those whose view scope covers the unit."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import Period
from dxoffice.core.permissions import Action, AnyUser, unit_filter
from dxoffice.indicators.access import may_read_results, may_see_unit
from dxoffice.indicators.models import (
    Campaign,
    Component,
    DataValue,
    Flag,
    FlagStatus,
    Framework,
    FrameworkVersion,
    Gap,
    IndexScore,
    Indicator,
    IndicatorScore,
    Submission,
    SubmissionStatus,
    ValueStatus,
)


def frameworks_visible_to(user: AnyUser) -> QuerySet[Framework]:
    if may_read_results(user):
        return Framework.objects.all()
    return Framework.objects.filter(
        versions__campaigns__units__in=OrgUnit.objects.filter(unit_filter(user, Action.VIEW))
    ).distinct()


def version_for(user: AnyUser, pk: int) -> FrameworkVersion:
    version = FrameworkVersion.objects.select_related("framework__owner_unit").filter(pk=pk).first()
    if version is None or not frameworks_visible_to(user).filter(pk=version.framework_id).exists():
        raise Http404
    return version


def values_visible_to(user: AnyUser) -> QuerySet[DataValue]:
    """Approved values for program readers; any value of a unit in the user's view scope."""
    own = unit_filter(user, Action.VIEW, "unit")
    if may_read_results(user):
        return DataValue.objects.filter(Q(status=ValueStatus.APPROVED) | own)
    return DataValue.objects.filter(own)


def submissions_visible_to(user: AnyUser) -> QuerySet[Submission]:
    return Submission.objects.filter(unit_filter(user, Action.VIEW, "unit"))


def submission_for(user: AnyUser, pk: int) -> Submission:
    submission = (
        submissions_visible_to(user)
        .select_related("campaign__version__framework__owner_unit", "unit", "submitted_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def campaigns_visible_to(user: AnyUser) -> QuerySet[Campaign]:
    if may_read_results(user):
        return Campaign.objects.all()
    return Campaign.objects.filter(submissions__in=submissions_visible_to(user)).distinct()


def campaign_progress(campaign: Campaign) -> dict[str, int]:
    counts = dict(
        Submission.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in SubmissionStatus.values}


def record_is_visible(user: AnyUser, record: Any) -> bool:
    """Visibility of one record for History pages and files."""
    if isinstance(record, DataValue):
        return values_visible_to(user).filter(pk=record.pk).exists()
    if isinstance(record, Submission | Flag | Gap):
        unit = record.unit if not isinstance(record, Flag) else record.submission.unit
        return may_see_unit(user, unit) or may_read_results(user)
    return may_read_results(user)


# Ranking, scorecard, distribution -----------------------------------------------------------------


@dataclass
class RankRow:
    unit: OrgUnit
    score: float | None
    rank: int | None
    peers: int
    coverage: float
    previous: float | None
    previous_rank: int | None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


def periods_of(version: FrameworkVersion) -> list[str]:
    """Periods with an index, latest first."""
    found = (
        IndexScore.objects.filter(version=version, component__isnull=True)
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted(set(found), key=lambda code: Period.parse(code), reverse=True)


def unit_kinds_of(version: FrameworkVersion, period: str) -> list[str]:
    return sorted(
        set(
            IndexScore.objects.filter(version=version, period=period, component__isnull=True).values_list(
                "unit_kind", flat=True
            )
        )
    )


def ranking(
    version: FrameworkVersion, period: str, unit_kind: str, component: Component | None = None
) -> list[RankRow]:
    """Every unit of a kind with its index (or pillar sub-index), rank, and the previous period's."""
    rows = IndexScore.objects.filter(version=version, period=period, unit_kind=unit_kind, component=component)
    previous_code = Period.parse(period).previous().code
    previous = {
        unit_id: (score, rank)
        for unit_id, score, rank in IndexScore.objects.filter(
            version=version, period=previous_code, unit_kind=unit_kind, component=component
        ).values_list("unit_id", "score", "rank")
    }
    result = [
        RankRow(
            unit=row.unit,
            score=row.score,
            rank=row.rank,
            peers=row.peers,
            coverage=row.coverage,
            previous=previous.get(row.unit_id, (None, None))[0],
            previous_rank=previous.get(row.unit_id, (None, None))[1],
        )
        for row in rows.select_related("unit")
    ]
    return sorted(result, key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))


def trend(
    version: FrameworkVersion, unit_ids: list[int], component: Component | None = None
) -> dict[int, dict[str, float | None]]:
    """{unit id: {period: index}} over every period."""
    found: dict[int, dict[str, float | None]] = {}
    for unit_id, period, score in IndexScore.objects.filter(
        version=version, unit_id__in=unit_ids, component=component
    ).values_list("unit_id", "period", "score"):
        found.setdefault(unit_id, {})[period] = score
    return found


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: float | None
    score: float | None
    points: float | None
    rolled_up: bool
    peer_median: float | None = None
    best_peer: float | None = None
    gain: float = 0.0


def unit_indicator_scores(version: FrameworkVersion, unit: OrgUnit, period: str) -> list[IndicatorRow]:
    scores = {
        s.indicator_id: s for s in IndicatorScore.objects.filter(version=version, unit=unit, period=period)
    }
    rows = []
    for indicator in Indicator.objects.filter(version=version).select_related("component"):
        score = scores.get(indicator.pk)
        if score is None and not indicator.reported_by(unit.kind):
            continue
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=score.value if score else None,
                score=score.score if score else None,
                points=score.points if score else None,
                rolled_up=bool(score and score.rolled_up),
            )
        )
    return rows


def pillar_scores(version: FrameworkVersion, unit: OrgUnit, period: str) -> dict[int | None, IndexScore]:
    return {
        s.component_id: s
        for s in IndexScore.objects.filter(version=version, unit=unit, period=period).select_related(
            "component"
        )
    }


@dataclass
class DistributionRow:
    unit: OrgUnit
    value: float | None
    score: float | None
    status: str


def indicator_distribution(
    indicator: Indicator, period: str, unit_kind: str
) -> tuple[list[DistributionRow], list[OrgUnit]]:
    """Every unit of a kind with its value and score, and the units that have not reported."""
    scores = {
        s.unit_id: s
        for s in IndicatorScore.objects.filter(
            indicator=indicator, period=period, unit_kind=unit_kind
        ).select_related("unit")
    }
    rows = [DistributionRow(s.unit, s.value, s.score, "approved") for s in scores.values()]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.unit.name))
    expected = OrgUnit.objects.filter(kind=unit_kind)
    if indicator.unit_kinds and unit_kind not in indicator.unit_kinds:
        expected = expected.none()
    missing = list(expected.exclude(pk__in=list(scores)).order_by("name"))
    return rows, missing


def peer_figures(
    indicator: Indicator, period: str, unit_kind: str
) -> tuple[float | None, float | None, float | None]:
    """Median value, best value and best score among peers of a kind."""
    rows = list(
        IndicatorScore.objects.filter(
            indicator=indicator, period=period, unit_kind=unit_kind, value__isnull=False
        ).values_list("value", "score")
    )
    if not rows:
        return None, None, None
    values = [v for v, _ in rows if v is not None]
    best = min(values) if indicator.polarity == "lower" else max(values)
    return statistics.median(values), best, max((s for _, s in rows if s is not None), default=None)


def quality_queue(user: AnyUser, status: str = FlagStatus.OPEN) -> QuerySet[Flag]:
    """Every flag of the units in the user's view scope (no cap: the screen paginates)."""
    flags = Flag.objects.filter(unit_filter(user, Action.VIEW, "submission__unit"))
    if status:
        flags = flags.filter(status=status)
    return flags.select_related(
        "submission__unit", "submission__campaign", "indicator", "breakdown"
    ).order_by("submission__campaign__period", "submission__unit__name", "code")


def gaps_visible_to(user: AnyUser) -> QuerySet[Gap]:
    if may_read_results(user):
        return Gap.objects.all()
    return Gap.objects.filter(unit_filter(user, Action.VIEW, "unit"))


def gap_for(user: AnyUser, pk: int) -> Gap:
    gap = (
        gaps_visible_to(user)
        .select_related("indicator__version__framework", "unit", "created_by")
        .filter(pk=pk)
        .first()
    )
    if gap is None:
        raise Http404
    return gap


def later_value(gap: Gap) -> tuple[str, float | None] | None:
    """The indicator's value in the unit's next approved period after the gap's, if any."""
    later = (
        IndicatorScore.objects.filter(
            indicator__version__framework=gap.indicator.version.framework,
            indicator__code=gap.indicator.code,
            unit=gap.unit,
        )
        .filter(period__gt=gap.period)
        .values_list("period", "value")
    )
    found = sorted((p, v) for p, v in later if Period.parse(p).kind == Period.parse(gap.period).kind)
    return found[0] if found else None
