"""The two figures an objective is read by, named plainly and computed in one place:
progress from the baseline (how far from the starting value towards the target) and
achievement against the target (the actual as a share of the target)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dxoffice.planning.models import Objective
from dxoffice.planning.performance import Outlook, Performance, percent_of_target

OUTLOOK_COLOURS: dict[str, str] = {
    Outlook.ACHIEVED: "#146c43",
    Outlook.ON_TRACK: "#0b5ed7",
    Outlook.AT_RISK: "#b02a37",
    Outlook.NO_DATA: "#6c757d",
}


def objectives_chart(rows: list[tuple[Objective, Performance]]) -> dict[str, Any]:
    """Achievement against this year's target per objective, named, coloured and labelled by outlook."""
    values = [percent_of_target(o, p.actual, p.target) for o, p in rows]
    data = [float(v) if v is not None else 0.0 for v in values]
    return {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        "max": max([100.0, *data]),
        "labels": [Truncator(f"{o.code} {o.title}").chars(48) for o, _p in rows],
        "shortLabels": [o.code for o, _p in rows],
        "titles": [f"{o.code} {o.title} ({Outlook(p.outlook).label})" for o, p in rows],
        "datasets": [
            {
                "label": _("Achievement against this year's target (%)"),
                "data": data,
                "backgroundColor": [OUTLOOK_COLOURS.get(p.outlook, "#6c757d") for _o, p in rows],
            }
        ],
        "legend": [{"label": str(label), "colour": OUTLOOK_COLOURS[key]} for key, label in Outlook.choices],
        "links": [reverse("planning:objective_detail", args=[o.pk]) for o, _p in rows],
    }
