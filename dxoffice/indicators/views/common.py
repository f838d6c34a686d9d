"""What several screens share: choosing the framework version, period, unit kind and pillar."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook

from dxoffice.core.excel.styles import write_table
from dxoffice.core.models import User
from dxoffice.core.permissions import AnyUser
from dxoffice.indicators import selectors
from dxoffice.indicators.models import Component, FrameworkVersion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Choice:
    versions: list[FrameworkVersion]
    version: FrameworkVersion | None
    periods: list[str]
    period: str
    kinds: list[str]
    kind: str
    pillars: list[Component]
    pillar: Component | None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def choose(request: HttpRequest, user: AnyUser, default_kind: str = "") -> Choice:
    """The version, period, kind and pillar asked for in the query string, or sensible defaults (the
    latest version with an index, its latest period, the most common kind)."""
    versions = list(
        FrameworkVersion.objects.filter(framework__in=selectors.frameworks_visible_to(user)).select_related(
            "framework"
        )
    )
    asked = _int(request.GET.get("version"))
    version = next((v for v in versions if v.pk == asked), None)
    if version is None:
        with_index = [v for v in versions if selectors.periods_of(v)]
        version = with_index[0] if with_index else (versions[0] if versions else None)
    periods = selectors.periods_of(version) if version else []
    period = request.GET.get("period", "")
    if period not in periods:
        period = periods[0] if periods else ""
    kinds = selectors.unit_kinds_of(version, period) if version and period else []
    kind = request.GET.get("kind", "") or default_kind
    if kind not in kinds:
        kind = "commune" if "commune" in kinds else (kinds[0] if kinds else "")
    pillars = list(Component.objects.filter(version=version, parent__isnull=True)) if version else []
    asked_pillar = _int(request.GET.get("pillar"))
    pillar = next((p for p in pillars if p.pk == asked_pillar), None)
    return Choice(versions, version, periods, period, kinds, kind, pillars, pillar)


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int]
) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    write_table(sheet, headers, rows, widths)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def score_pct(score: float | None) -> float | None:
    return None if score is None else round(score * 100, 1)


def actor(request: HttpRequest) -> User:
    """The person acting (views that write are behind login_required)."""
    return cast(User, request.user)
