"""The coverage screen: a unit's figures against the year's targets with drill-down, and the list
of who still must, both exportable to .xlsx."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from dxoffice.core.cache import cached
from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can, scope_paths
from dxoffice.training import selectors, timeutil
from dxoffice.training.exports import coverage_workbook, still_must_workbook, workbook_response
from dxoffice.training.freshness import TOPIC
from dxoffice.training.models import Course
from dxoffice.training.views.common import year_param

STILL_MUST_PAGE = 500


def _scope(request: HttpRequest) -> tuple[str, ...] | None:
    """What the report's drill-down depends on of the reader: the units they may see."""
    paths = scope_paths(request.user, Action.VIEW)
    return None if paths is None else tuple(sorted(paths))


def _unit(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit", "")
    unit = OrgUnit.objects.filter(code=code).first() if code else selectors.home_unit(request.user)
    if unit is None or not can(request.user, Action.VIEW, unit):
        raise Http404
    return unit


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    year = year_param(request.GET.get("year"), timeutil.local_today().year)
    report = cached(
        TOPIC,
        ("report", unit.pk, year, selectors.report.report_day(year), get_language(), _scope(request)),
        lambda: selectors.coverage_report(request.user, year=year, unit=unit),
    )
    if request.GET.get("format") == "xlsx":
        return workbook_response(coverage_workbook(report), f"coverage-{unit.code}-{year}")
    ancestors = list(OrgUnit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("depth"))
    crumbs = [a for a in ancestors if can(request.user, Action.VIEW, a)]
    context = {"report": report, "crumbs": crumbs, "years": range(year - 2, year + 2), **charts(report)}
    return render(request, "training/coverage.html", context)


def charts(report: selectors.CoverageReport) -> dict[str, Any]:
    """Chart specs for static/dxoffice/charts.js: per child unit (each bar opens its drill-down),
    per course against its target, the trend by month, and the providers' delivery."""
    base = reverse("training:coverage")
    units = {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        "labels": [line.unit.display_name for line in report.children],
        "datasets": [
            {
                "label": _("Coverage (%)"),
                "data": [float(line.tally.share) for line in report.children],
                "backgroundColor": "#3d8bfd",
            }
        ],
        "links": [
            f"{base}?{urlencode({'unit': line.unit.code, 'year': str(report.year)})}"
            for line in report.children
        ],
    }
    courses = {
        "type": "bar",
        "percent": True,
        "labels": [line.course.code for line in report.courses],
        "titles": [line.course.display_title for line in report.courses],
        "datasets": [
            {
                "label": _("Coverage (%)"),
                "data": [float(line.tally.share) for line in report.courses],
                "backgroundColor": "#198754",
            },
            {
                "label": _("Target (%)"),
                "data": [float(line.target) for line in report.courses],
                "backgroundColor": "#adb5bd",
            },
        ],
    }
    trend = {
        "type": "line",
        "percent": True,
        "labels": [label for label, _share in report.trend],
        "datasets": [
            {
                "label": _("Coverage (%)"),
                "data": [float(share) for _label, share in report.trend],
                "borderColor": "#0d6efd",
            }
        ],
    }
    return {
        "units_chart": units,
        "courses_chart": courses,
        "trend_chart": trend,
        "delivery_charts": delivery_charts(report),
    }


def delivery_charts(report: selectors.CoverageReport) -> list[dict[str, Any]]:
    """The providers' delivery as three small charts, one per measure (classes held, people trained,
    hours: each on its own scale), the providers in the table's order. Empty when no provider
    delivered anything in the year."""
    if not report.delivery:
        return []
    providers = [line.provider for line in report.delivery]
    measures = [
        ("classes", _("Classes held"), [line.classes_held for line in report.delivery], "#6f42c1"),
        (
            "people",
            pgettext("training", "People trained"),
            [line.people for line in report.delivery],
            "#198754",
        ),
        ("hours", _("Hours"), [float(line.hours) for line in report.delivery], "#fd7e14"),
    ]
    return [
        {
            "id": f"chart-delivery-{key}",
            "title": title,
            "height": max(120, 36 * len(providers) + 48),
            "spec": {
                "type": "bar",
                "horizontal": True,
                "legend": True,  # the chart's heading names the measure
                "integer": key != "hours",
                "labels": [p.display_name for p in providers],
                "shortLabels": [p.code for p in providers],
                "titles": [p.name for p in providers],
                "datasets": [{"label": title, "data": data, "backgroundColor": colour}],
            },
        }
        for key, title, data, colour in measures
    ]


@login_required
def still_must(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    year = year_param(request.GET.get("year"), timeutil.local_today().year)
    course_code = request.GET.get("course", "")
    course = Course.objects.filter(code=course_code).first() if course_code else None
    on = selectors.report.report_day(year)
    xlsx = request.GET.get("format") == "xlsx"
    course_id = course.pk if course else None
    if xlsx:
        rows, total = selectors.still_must(year, unit, on, course_id=course_id)
    else:
        rows, total = cached(
            TOPIC,
            ("still_must", unit.pk, year, on, course_id),
            lambda: selectors.still_must(year, unit, on, course_id=course_id, limit=STILL_MUST_PAGE),
        )
    courses = {c.pk: c for c in Course.objects.filter(pk__in={pk for row in rows for pk in row.course_ids})}
    if xlsx:
        return workbook_response(
            still_must_workbook(rows, courses, unit, year), f"still-must-{unit.code}-{year}"
        )
    context = {
        "unit": unit,
        "year": year,
        "course": course,
        "lines": [(row.learner, [courses[pk] for pk in row.course_ids if pk in courses]) for row in rows],
        "total": total,
        "courses": courses,
        "page": STILL_MUST_PAGE,
    }
    return render(request, "training/still_must.html", context)
