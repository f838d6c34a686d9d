"""The assessment card on the home page: the latest index of the person's own unit, or the top units."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dxoffice.indicators.access import may_read_results
from dxoffice.indicators.models import IndexScore


def assessment_card(request: HttpRequest) -> dict[str, Any] | None:
    user = request.user
    if not may_read_results(user):
        return None
    latest = (
        IndexScore.objects.filter(component__isnull=True)
        .select_related("version__framework")
        .order_by("-period", "version_id")
        .first()
    )
    if latest is None:
        return None
    version, period = latest.version, latest.period
    unit = getattr(user, "unit", None)
    mine = None
    if unit is not None:
        mine = IndexScore.objects.filter(
            version=version, period=period, component__isnull=True, unit=unit
        ).first()
    kind = mine.unit_kind if mine else latest.unit_kind
    top = list(
        IndexScore.objects.filter(
            version=version, period=period, component__isnull=True, unit_kind=kind, rank__isnull=False
        )
        .select_related("unit")
        .order_by("rank")[:3]
    )
    return {"version": version, "period": period, "mine": mine, "top": top}
