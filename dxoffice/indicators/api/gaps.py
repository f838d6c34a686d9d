"""Recorded gaps: their figures when found, the root-cause note (read and written) and the tasks
made for them in the program register, with their status and budget."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import InputSchema, PeriodCode, RecordId, RefIdParam, UnitCode
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.models import Gap
from dxoffice.indicators.services.gaps import ROOT_CAUSE_MAX, gap_note
from dxoffice.planning.selectors import tasks_of_origin

router = Router(tags=["indicator gaps"])


class GapTaskOut(Schema):
    id: int
    code: str
    title: str
    status: str
    tracking: str
    due_date: date | None
    lead_unit: str
    budget_planned: float = Field(description="Planned in the task's budget lines (VND).")
    budget_allocated: float
    budget_disbursed: float


class LaterOut(Schema):
    period: str
    value: float | None


class GapRecordOut(Schema):
    id: int
    version: int
    indicator: str
    indicator_name: str
    unit: str
    period: str
    value: float | None
    score: float | None
    target: float | None
    peer_median: float | None
    best_peer: float | None
    gain: float
    root_cause: str
    later: LaterOut | None = Field(description="The indicator's value in the unit's next approved period.")
    tasks: list[GapTaskOut]


class GapQuery(Schema):
    version: RefIdParam | None = Field(None, description="A framework version's id.")
    unit: UnitCode | None = None
    period: PeriodCode | None = None


class RootCauseIn(InputSchema):
    root_cause: str = Field(max_length=ROOT_CAUSE_MAX, description="Why the gap exists; blank clears it.")


def _out(user: Any, gap: Gap) -> dict[str, Any]:
    later = selectors.later_value(gap)
    tasks: Any = tasks_of_origin(user, gap).prefetch_related("budget_lines")
    return {
        "id": gap.pk, "version": gap.indicator.version_id, "indicator": gap.indicator.code,
        "indicator_name": gap.indicator.localized_name, "unit": gap.unit.code, "period": gap.period,
        "value": gap.value, "score": gap.score, "target": gap.target, "peer_median": gap.peer_median,
        "best_peer": gap.best_peer, "gain": gap.gain, "root_cause": gap.root_cause,
        "later": {"period": later[0], "value": later[1]} if later else None,
        "tasks": [
            {"id": t.pk, "code": t.code, "title": t.title, "status": str(t.status), "tracking": str(getattr(t, "tracking", "")),
             "due_date": t.due_date, "lead_unit": t.lead_unit.code if t.lead_unit_id else "",
             **{f"budget_{name}": float(sum((getattr(line, name) or 0) for line in t.budget_lines.all()))
                for name in ("planned", "allocated", "disbursed")}}
            for t in tasks
        ],
    }  # fmt: skip


@router.get(
    "/indicators/gaps",
    response=with_errors({200: Page[GapRecordOut]}, 401, 403, 422),
    operation_id="gap_list",
)
def gap_list(request: HttpRequest, query: Query[GapQuery], page: Query[PageParams]) -> Any:
    """Recorded gaps, biggest gain first, with their root cause and their tasks."""
    user = caller(request)
    require_results_reader(user)
    gaps = selectors.gaps_visible_to(user).select_related("indicator", "unit")
    if query.version:
        gaps = gaps.filter(indicator__version_id=query.version)
    if query.unit:
        gaps = gaps.filter(unit__code=query.unit.strip().upper())
    if query.period:
        gaps = gaps.filter(period=query.period.upper())
    found = paginate(gaps.order_by("-period", "-gain", "pk"), page)
    found["items"] = [_out(user, gap) for gap in found["items"]]
    return found


@router.get(
    "/indicators/gaps/{gap_id}",
    response=with_errors({200: GapRecordOut}, 401, 404, 422),
    operation_id="gap_get",
)
def gap_get(request: HttpRequest, gap_id: RecordId) -> Any:
    user = caller(request)
    return _out(user, selectors.gap_for(user, gap_id))


@router.patch(
    "/indicators/gaps/{gap_id}",
    response=with_errors({200: GapRecordOut}, 400, 401, 403, 404, 422),
    operation_id="gap_note",
)
def gap_note_write(request: HttpRequest, gap_id: RecordId, body: RootCauseIn) -> Any:
    """Write the gap's root-cause note (its unit's focal points and planners)."""
    user = caller(request)
    gap = gap_note(by=user, gap=selectors.gap_for(user, gap_id), root_cause=body.root_cause)
    return _out(user, gap)
