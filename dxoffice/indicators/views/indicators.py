"""An indicator's page: its definition, the distribution across units (a table, no map), and who has
not reported; whether its data source is there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dxoffice.core.models import UnitKind
from dxoffice.core.registry import registry
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.models import Indicator, SourceKind
from dxoffice.indicators.views.common import xlsx_response


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_results_reader(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("version__framework", "component"), pk=pk)
    periods = selectors.periods_of(indicator.version)
    asked_period = request.GET.get("period", "")
    period = asked_period if asked_period in periods else (periods[0] if periods else "")
    kinds = selectors.unit_kinds_of(indicator.version, period) if period else []
    asked_kind = request.GET.get("kind", "")
    kind = (
        asked_kind
        if asked_kind in kinds
        else ("commune" if "commune" in kinds else (kinds[0] if kinds else ""))
    )
    rows, missing = selectors.indicator_distribution(indicator, period, kind) if period else ([], [])
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{indicator.code}-{period}.xlsx",
            [_("Unit"), _("Code"), _("Value"), _("Score (0-1)")],
            [[r.unit.name, r.unit.code, r.value, r.score] for r in rows],
            [36, 14, 14, 12],
        )
    source = registry.data_source(indicator.source_code) if indicator.source == SourceKind.MODULE else None
    chart = {
        "type": "bar",
        "labels": [r.unit.display_name for r in rows],
        "datasets": [{"label": indicator.unit_of_measure or _("Value"), "data": [r.value for r in rows]}],
    }
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "missing": missing,
            "periods": periods,
            "period": period,
            "kinds": [(k, UnitKind(k).label if k in UnitKind.values else k) for k in kinds],
            "kind": kind,
            "source": source,
            "is_module": indicator.source == SourceKind.MODULE,
            "chart": chart,
        },
    )
