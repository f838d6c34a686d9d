"""A unit's values as an .xlsx sheet to fill in offline, and its upload: the same reading and the same
all-or-nothing validation as the entry grid, each error naming the row and the indicator."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from dxoffice.core.excel import safe
from dxoffice.core.excel.reader import WorkbookError, iter_rows, open_workbook
from dxoffice.indicators import breakdowns, selectors, services
from dxoffice.indicators.access import may_enter
from dxoffice.indicators.entry import display_value
from dxoffice.indicators.models import DataValue
from dxoffice.indicators.views.common import XLSX, actor

COLUMNS = ["code", "indicator", "unit_of_measure", "value", "evidence", "comment"]
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


@login_required
def entry_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(request.user, pk)
    indicators = services.campaign_indicators(submission.campaign, submission.unit)
    stored = {
        v.indicator.code: v
        for v in DataValue.objects.filter(
            indicator__in=indicators, unit=submission.unit, period=submission.campaign.period
        ).select_related("indicator")
    }
    parts = breakdowns.parts_of(stored.values())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "values"
    sheet.append(COLUMNS)
    for indicator in indicators:
        value = stored.get(indicator.code)
        row = [
            indicator.code,
            indicator.localized_name,
            indicator.unit_of_measure,
            display_value(indicator, value.value, value.choice) if value else "",
            value.evidence if value else "",
            value.comment if value else "",
        ]
        sheet.append(safe.safe_row(sheet, row))
        if indicator.breakdown is not None:  # a row per option, "code.option": the parts of the value
            kept = parts.get(value.pk, {}) if value else {}
            for option in indicator.breakdown.codes:
                label = f"  · {indicator.breakdown.option_label(option)}"
                line = [f"{indicator.code}.{option}", label, indicator.unit_of_measure,
                        display_value(indicator, kept.get(option)), "", ""]  # fmt: skip
                sheet.append(safe.safe_row(sheet, line))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{submission.unit.code}-{submission.campaign.period}.xlsx"'
    )
    return response


def read_values(upload: io.BytesIO) -> dict[str, dict[str, Any]]:
    try:
        book = open_workbook(upload)
    except WorkbookError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    sheet = book[book.sheetnames[0]]
    found: dict[str, dict[str, Any]] = {"values": {}, "evidence": {}, "comments": {}, "parts": {}}
    header: dict[int, str] = {}
    for number, cells in iter_rows(sheet, last_row=MAX_ROWS + 1):
        if not header:
            header = {i: str(v).strip() for i, v in cells.items() if str(v).strip() in COLUMNS}
            if "code" not in header.values() or "value" not in header.values():
                raise ValidationError({"file": [_("The first row must name the columns code and value.")]})
            continue
        if number > MAX_ROWS:
            raise ValidationError({"file": [_("At most %(limit)s rows.") % {"limit": MAX_ROWS}]})
        row = {header[i]: v for i, v in cells.items() if i in header}
        code = str(row.get("code") or "").strip()
        if not code:
            continue
        if "." in code:  # a breakdown option's part: "code.option"
            indicator, option = code.split(".", 1)
            found["parts"].setdefault(indicator, {})[option] = (
                "" if row.get("value") is None else str(row["value"])
            )
            continue
        found["values"][code] = "" if row.get("value") is None else str(row["value"])
        if row.get("evidence") is not None:
            found["evidence"][code] = str(row["evidence"])
        if row.get("comment") is not None:
            found["comments"][code] = str(row["comment"])
    return found


@login_required
@require_POST
def entry_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_for(request.user, pk)
    if not may_enter(request.user, submission.unit):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None or (upload.size or 0) > MAX_BYTES:
            raise ValidationError({"file": [_("Choose an .xlsx file of at most 5 MB.")]})
        data = read_values(io.BytesIO(upload.read()))
        result = services.values_save(
            by=actor(request),
            submission=submission,
            values=data["values"],
            evidence=data["evidence"],
            comments=data["comments"],
            parts=data["parts"],
        )
        messages.success(
            request, _("%(count)s values read from the file and saved as a draft.") % {"count": result.saved}
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("indicators:entry", pk=pk)
