"""A unit's scorecard: pillars as a radar chart, the trend, strongest and weakest indicators, peers,
and the gap list with "create task from gap"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import code_label
from dxoffice.core.permissions import Action, can
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.views.common import choose, score_pct, xlsx_response

STRONGEST = 5


@login_required
def unit_scorecard(request: HttpRequest, code: str) -> HttpResponse:
    require_results_reader(request.user)
    unit = get_object_or_404(OrgUnit, code=code)
    choice = choose(request, request.user, default_kind=unit.kind)
    context: dict = {"unit": unit, "choice": choice}
    chart = request.GET.get("chart")
    if choice.version and choice.period:
        version, period = choice.version, choice.period
        pillars = selectors.pillar_scores(version, unit, period)
        overall = pillars.pop(None, None)
        rows = selectors.unit_indicator_scores(version, unit, period)
        scored = sorted(
            (r for r in rows if r.score is not None and r.indicator.weight > 0), key=lambda r: -(r.score or 0)
        )
        base, gaps = gap_analysis(version, unit, period)
        if request.GET.get("format") == "xlsx" and not chart:
            return xlsx_response(
                f"scorecard-{unit.code}-{period}.xlsx",
                [_("Code"), _("Indicator"), _("Value"), _("Score (0-100)"), _("Points"), _("Gain if closed")],
                [
                    [
                        r.indicator.code,
                        r.indicator.localized_name,
                        r.value,
                        score_pct(r.score),
                        r.points,
                        score_pct(next((g.gain for g in gaps if g.indicator.pk == r.indicator.pk), 0.0)),
                    ]
                    for r in rows
                ],
                [14, 50, 12, 14, 10, 14],
            )
        top = [c for c in choice.pillars]
        history = selectors.trend(version, [unit.pk]).get(unit.pk, {})
        periods = sorted(history)
        if request.GET.get("format") == "xlsx" and chart == "trend":
            return xlsx_response(
                f"scorecard-trend-{unit.code}.xlsx",
                [_("Period"), _("Code"), _("Overall index (0-100)")],
                [[code_label(p), p, score_pct(history[p])] for p in periods],
                [18, 10, 20],
            )
        if request.GET.get("format") == "xlsx" and chart == "radar":
            return xlsx_response(
                f"scorecard-pillars-{unit.code}-{period}.xlsx",
                [_("Code"), _("Pillar"), _("Score (0-100)"), _("Rank"), _("Peers"), _("Data coverage (%)")],
                [
                    [c.code, c.localized_name, score_pct(s.score), s.rank, s.peers, round(s.coverage * 100)]
                    if s
                    else [c.code, c.localized_name, None, None, None, None]
                    for c, s in ((c, pillars.get(c.pk)) for c in top)
                ],
                [12, 40, 14, 8, 8, 16],
            )
        radar = {
            "type": "radar",
            "labels": [c.localized_name for c in top],
            "datasets": [
                {
                    "label": unit.display_name,
                    "data": [score_pct(pillars[c.pk].score) if c.pk in pillars else None for c in top],
                }
            ],
        }
        line = {
            "type": "line",
            "labels": periods,
            "datasets": [{"label": _("Overall index"), "data": [score_pct(history[p]) for p in periods]}],
        }
        peers = selectors.ranking(version, period, unit.kind)
        context.update(
            overall=overall,
            pillars=[(c, pillars.get(c.pk)) for c in top],
            radar=radar,
            line=line,
            history=[(p, history[p]) for p in periods],
            strongest=scored[:STRONGEST],
            weakest=list(reversed(scored[-STRONGEST:])) if len(scored) > STRONGEST else [],
            gaps=gaps[:15],
            base=base,
            peers=peers,
            can_plan=can(request.user, Action.PLAN, unit),
            can_note=can(request.user, Action.PLAN, unit) or can(request.user, Action.REPORT, unit),
        )
    return render(request, "indicators/unit_scorecard.html", context)
