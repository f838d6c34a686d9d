"""The index overview: the ranking of every unit of a kind, a bar chart, trend lines, a table beside
each chart and an .xlsx export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dxoffice.core.models import UnitKind
from dxoffice.core.periods import code_label
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.views.common import choose, score_pct, xlsx_response

TREND_UNITS = 5


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_results_reader(request.user)
    choice = choose(request, request.user)
    rows = (
        selectors.ranking(choice.version, choice.period, choice.kind, choice.pillar)
        if choice.version and choice.period
        else []
    )
    if request.GET.get("format") == "xlsx" and not request.GET.get("chart"):
        return xlsx_response(
            f"ranking-{choice.period}.xlsx",
            [
                _("Rank"),
                _("Unit"),
                _("Code"),
                _("Score (0-100)"),
                _("Previous"),
                _("Change"),
                _("Data coverage (%)"),
            ],
            [
                [
                    r.rank,
                    r.unit.name,
                    r.unit.code,
                    score_pct(r.score),
                    score_pct(r.previous),
                    score_pct(r.change),
                    round(r.coverage * 100),
                ]
                for r in rows
            ],  # fmt: skip
            [8, 36, 14, 14, 12, 10, 14],
        )
    bar = {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        "labels": [r.unit.display_name for r in rows],
        "datasets": [{"label": _("Score (0-100)"), "data": [score_pct(r.score) for r in rows]}],
        "links": [
            reverse("indicators:unit", args=[r.unit.code])
            + f"?version={choice.version.pk}&period={choice.period}"
            for r in rows
        ]
        if choice.version
        else [],
    }
    top = [r.unit.pk for r in rows[:TREND_UNITS]]
    trends = selectors.trend(choice.version, top, choice.pillar) if choice.version else {}
    periods = sorted(
        {p for by_period in trends.values() for p in by_period}, key=lambda code: (len(code), code)
    )
    periods = sorted(periods)
    line = {
        "type": "line",
        "labels": periods,
        "datasets": [
            {
                "label": r.unit.display_name,
                "data": [score_pct(trends.get(r.unit.pk, {}).get(p)) for p in periods],
            }
            for r in rows[:TREND_UNITS]
        ],
    }
    trend_rows = [
        (r.unit, [score_pct(trends.get(r.unit.pk, {}).get(p)) for p in periods]) for r in rows[:TREND_UNITS]
    ]
    if request.GET.get("format") == "xlsx" and request.GET.get("chart") == "trend":
        return xlsx_response(
            f"trend-{choice.period}.xlsx",
            [_("Unit"), _("Code"), *[code_label(p) for p in periods]],
            [[unit.name, unit.code, *scores] for unit, scores in trend_rows],
            [36, 14, *[12 for _p in periods]],
        )
    kinds = [(k, UnitKind(k).label if k in UnitKind.values else k) for k in choice.kinds]
    return render(
        request,
        "indicators/overview.html",
        {
            "choice": choice,
            "rows": rows,
            "bar": bar,
            "line": line,
            "kinds": kinds,
            "trend_periods": periods,
            "trend_rows": trend_rows,
            "chart_height": max(240, 24 * len(rows)),
        },
    )
