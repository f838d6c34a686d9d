"""Open data: the approved values of a framework and period as CSV or JSON, one URL each, for anyone.
Only approved values are published; the latest version of the framework that has the period."""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dxoffice.core.public import public_view
from dxoffice.indicators.models import DataValue, Framework, ValueStatus
from dxoffice.indicators.selectors import periods_of

FIELDS = ["indicator", "unit", "unit_name", "period", "value", "option"]


def _rows(code: str, period: str) -> list[dict]:
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise Http404
    values = (
        DataValue.objects.filter(
            indicator__version__framework=framework, period=period, status=ValueStatus.APPROVED
        )
        .select_related("indicator", "unit")
        .order_by("indicator__version__number", "indicator__code", "unit__code")
    )
    found: dict[tuple[str, str], dict] = {}
    for value in values:  # the latest version's value wins
        found[(value.indicator.code, value.unit.code)] = {
            "indicator": value.indicator.code,
            "unit": value.unit.code,
            "unit_name": value.unit.name,
            "period": period,
            "value": None if value.value is None else format(value.value.normalize(), "f"),
            "option": value.choice,
        }
    if (
        not found
        and not DataValue.objects.filter(indicator__version__framework=framework, period=period).exists()
    ):
        raise Http404
    return list(found.values())


@public_view
def open_data(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    rows = _rows(code, period)
    if fmt == "json":
        return JsonResponse(
            {"framework": code, "period": period, "values": rows}, json_dumps_params={"ensure_ascii": False}
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{period}.csv"'
    return response


@public_view
def open_data_index(request: HttpRequest) -> HttpResponse:
    listing = []
    for framework in Framework.objects.prefetch_related("versions"):
        periods = sorted({p for v in framework.versions.all() for p in periods_of(v)}, reverse=True)
        if periods:
            listing.append((framework, periods))
    return render(request, "indicators/open_data.html", {"listing": listing})
