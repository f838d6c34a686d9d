"""Data values: bulk read with filters; bulk write of one unit's campaign values, all or nothing,
with a per-value error list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import Flag, InputSchema, PeriodCode, RecordId, RefIdParam, UnitCode
from dxoffice.indicators import selectors, services

router = Router(tags=["indicator values"])

MAX_VALUES = 2000


class ValueOut(Schema):
    indicator: str
    unit: str
    period: str
    value: Decimal | None
    option: str = Field(alias="choice")
    status: str
    evidence: str
    comment: str
    parts: dict[str, Decimal | None] = Field(
        description="For an indicator with a breakdown: each option's part (the value is their total)."
    )

    @staticmethod
    def resolve_parts(obj: Any) -> dict[str, Decimal | None]:
        return {part.option: part.value for part in obj.parts.all()}

    @staticmethod
    def resolve_indicator(obj: Any) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.unit.code


class ValueQuery(Schema):
    version: RefIdParam | None = Field(None, description="A framework version's id.")
    period: PeriodCode | None = None
    unit: UnitCode | None = None
    indicator: str | None = Field(None, max_length=40, description="An indicator code.")
    status: str | None = Field(None, pattern="^(draft|submitted|approved)$")


class ValuesIn(InputSchema):
    values: dict[str, str | float | int | None] = Field(
        description='Indicator code -> value (a number, yes/no, an option code; null or "" clears it).',
        max_length=MAX_VALUES,
    )
    evidence: dict[str, str] = Field(default_factory=dict, max_length=MAX_VALUES)
    comments: dict[str, str] = Field(default_factory=dict, max_length=MAX_VALUES)
    parts: dict[str, dict[str, str | float | int | None]] = Field(
        default_factory=dict,
        max_length=MAX_VALUES,
        description="Indicator code -> option code -> value, for indicators with a breakdown; the "
        "total is their sum, or is given in `values` and they must add up to it.",
    )
    submit: Flag = Field(False, description="Submit for review after saving.")


class ValuesSaved(Schema):
    saved: int
    status: str


@router.get(
    "/indicators/values", response=with_errors({200: Page[ValueOut]}, 401, 422), operation_id="value_list"
)
def value_list(request: HttpRequest, query: Query[ValueQuery], page: Query[PageParams]) -> Any:
    """Approved values of every unit (for those who may view the program), and any value of the
    units in the caller's scope."""
    values = selectors.values_visible_to(caller(request))
    if query.version:
        values = values.filter(indicator__version_id=query.version)
    if query.period:
        values = values.filter(period=query.period.upper())
    if query.unit:
        values = values.filter(unit__code=query.unit.strip().upper())
    if query.indicator:
        values = values.filter(indicator__code=query.indicator)
    if query.status:
        values = values.filter(status=query.status)
    return paginate(
        values.select_related("indicator", "unit")
        .prefetch_related("parts")
        .order_by("period", "indicator__code", "unit__code", "pk"),
        page,
    )


@router.put(
    "/indicators/submissions/{submission_id}/values",
    response=with_errors({200: ValuesSaved}, 400, 401, 403, 404, 409, 422),
    operation_id="values_write",
)
def values_write(request: HttpRequest, submission_id: RecordId, body: ValuesIn) -> Any:
    """Save a unit's values for a campaign and, with `submit`, send them for review, all or nothing:
    400 with an error per indicator code; a refused submit leaves nothing saved."""
    user = caller(request)
    submission = selectors.submission_for(user, submission_id)
    raw = {code: ("" if value is None else value) for code, value in body.values.items()}
    result = services.entry_save(
        by=user,
        submission=submission,
        values=raw,
        evidence=body.evidence,
        comments=body.comments,
        submit=body.submit,
        parts={
            code: {o: ("" if v is None else v) for o, v in options.items()}
            for code, options in body.parts.items()
        },
    )  # one transaction: a refused submit leaves the values as they were
    return {"saved": result.saved, "status": submission.status}
