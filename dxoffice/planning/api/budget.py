"""Budget lines (per task, year and funding source) and the disbursement summary over the tasks
the caller may see. Money is VND, sent and returned as decimal strings."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import (
    MAX_ID,
    InputSchema,
    Money,
    RecordId,
    RefId,
    RefIdParam,
    UnitCode,
    Year,
    YearParam,
    patch_field,
)
from dxoffice.planning import services
from dxoffice.planning.api.common import check_filter_codes, task_by_id, visible_task
from dxoffice.planning.models import BudgetLine, FundingSource
from dxoffice.planning.rules import disbursement_rate
from dxoffice.planning.schemas import VERSION_DESCRIPTION, ArchivedOut, PillarCode
from dxoffice.planning.selectors import TaskFilters, apply_filters, tasks_visible_to

router = Router(tags=["budget"])
LINE_FIELDS = ("year", "source", "planned", "allocated", "disbursed", "note")


# Budget ----------------------------------------------------------------------------------------


class BudgetLineOut(Schema):
    id: int
    task: int
    task_code: str
    year: int
    source: str
    planned: Decimal
    allocated: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None
    note: str
    version: int = Field(description="Changes with every save; send it back with an edit (409 when stale).")

    @staticmethod
    def resolve_task(obj: BudgetLine) -> int:
        return obj.task_id

    @staticmethod
    def resolve_task_code(obj: BudgetLine) -> str:
        return obj.task.code


class BudgetLineIn(InputSchema):
    task: RefId = Field(description="Task id.")
    year: Year = Field(description="Budget year, within the program's years.")
    source: FundingSource
    planned: Money = Decimal(0)
    allocated: Money = Decimal(0)
    disbursed: Money = Field(Decimal(0), description="Whole VND, at most the allocated amount.")
    note: str = Field("", max_length=400)


class BudgetLinePatch(InputSchema):
    year: Year = patch_field()
    source: FundingSource = patch_field()
    planned: Money = patch_field()
    allocated: Money = patch_field()
    disbursed: Money = patch_field()
    note: str = patch_field(max_length=400)
    version: int = patch_field(ge=1, le=MAX_ID, description=VERSION_DESCRIPTION)


class BudgetTotals(Schema):
    planned: Decimal
    allocated: Decimal
    disbursed: Decimal
    disbursement_rate: Decimal | None
    lines: int


class BudgetRow(BudgetTotals):
    year: int | None = None
    source: str | None = None


class BudgetSummaryOut(Schema):
    rows: list[BudgetRow] = Field(description="One row per year and funding source.")
    by_source: list[BudgetRow]
    by_year: list[BudgetRow]
    total: BudgetTotals


class BudgetQuery(Schema):
    year: YearParam | None = Field(None, description="Budget year.")
    source: FundingSource | None = None
    unit: UnitCode = Field("", description="Only tasks of this unit code (and its subtree).")
    pillar: PillarCode = Field("", description="Only tasks of this pillar code.")
    task: RefIdParam | None = Field(None, description="Only this task id.")


def _visible_lines(user, query: BudgetQuery):
    filters = TaskFilters(unit=query.unit.strip().upper(), pillar=query.pillar.strip())
    check_filter_codes(filters)
    tasks = apply_filters(tasks_visible_to(user), filters)
    lines = BudgetLine.objects.filter(task__in=tasks.values("pk")).select_related("task")
    if query.year is not None:
        lines = lines.filter(year=query.year)
    if query.source:
        lines = lines.filter(source=query.source)
    if query.task is not None:
        lines = lines.filter(task_id=query.task)
    return lines


def _visible_line(user, line_id: int) -> BudgetLine:
    return BudgetLine.objects.select_related("task__lead_unit").get(
        pk=line_id, task__in=tasks_visible_to(user).values("pk")
    )


@router.get(
    "/tasks/{task_id}/budget-lines",
    response=with_errors({200: Page[BudgetLineOut]}, 401, 404, 422),
    operation_id="task_budget_line_list",
)
def task_budget_lines(request: HttpRequest, task_id: RecordId, page: Query[PageParams]):
    """The budget lines of one task."""
    task = visible_task(caller(request), task_id)
    return paginate(task.budget_lines.select_related("task").order_by("year", "source", "pk"), page)


@router.get(
    "/budget/lines",
    response=with_errors({200: Page[BudgetLineOut]}, 401, 422),
    operation_id="budget_line_list",
)
def budget_line_list(request: HttpRequest, query: Query[BudgetQuery], page: Query[PageParams]):
    """Budget lines of the tasks the caller may see (an unknown unit or pillar code: 422)."""
    lines = _visible_lines(caller(request), query)
    return paginate(lines.order_by("task__code", "year", "source", "pk"), page)


@router.post(
    "/budget/lines",
    response=with_errors({201: BudgetLineOut}, 400, 401, 403, 409, 422),
    operation_id="budget_line_create",
)
def budget_line_create(request: HttpRequest, payload: BudgetLineIn):
    """Create the line of a task for a year and funding source (or update it when it exists).
    A year outside the program, or disbursed above allocated, is a 400 naming the field; a task
    the caller cannot see is a 422 naming `task`."""
    user = caller(request)
    data = payload.dict()
    task = task_by_id(user, data.pop("task"), "task")
    return Status(201, services.budget_line_save(by=user, task=task, **data))


@router.patch(
    "/budget/lines/{line_id}",
    response=with_errors({200: BudgetLineOut}, 400, 401, 403, 404, 409, 422),
    operation_id="budget_line_update",
)
def budget_line_update(request: HttpRequest, line_id: RecordId, payload: BudgetLinePatch):
    """Change some fields of a line; only the fields sent change. Send the `version` you read: a line
    changed since is a 409 and nothing is saved."""
    user = caller(request)
    line = _visible_line(user, line_id)
    current = {name: getattr(line, name) for name in LINE_FIELDS}
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    current.update(changes)
    return services.budget_line_save(by=user, task=line.task, line=line, expected_version=version, **current)


@router.post(
    "/budget/lines/{line_id}/archive",
    response=with_errors({200: ArchivedOut}, 401, 403, 404, 422),
    operation_id="budget_line_archive",
)
def budget_line_archive(request: HttpRequest, line_id: RecordId):
    """Archive a line (it no longer counts; the history keeps it)."""
    user = caller(request)
    return services.budget_line_archive(by=user, line=_visible_line(user, line_id))


def _totals(rows, **extra) -> dict:
    planned = sum((row["p"] or Decimal(0) for row in rows), Decimal(0))
    allocated = sum((row["a"] or Decimal(0) for row in rows), Decimal(0))
    disbursed = sum((row["d"] or Decimal(0) for row in rows), Decimal(0))
    return {
        **extra,
        "planned": planned,
        "allocated": allocated,
        "disbursed": disbursed,
        "disbursement_rate": disbursement_rate(disbursed, allocated),
        "lines": sum(row["n"] for row in rows),
    }


@router.get(
    "/budget/summary", response=with_errors({200: BudgetSummaryOut}, 401, 422), operation_id="budget_summary"
)
def budget_summary(request: HttpRequest, query: Query[BudgetQuery]):
    """Planned, allocated and disbursed totals by year and funding source, with the disbursement
    rate (disbursed / allocated), over the tasks the caller may see."""
    lines = _visible_lines(caller(request), query)
    grouped = list(
        lines.order_by()
        .values("year", "source")
        .annotate(p=Sum("planned"), a=Sum("allocated"), d=Sum("disbursed"), n=Count("pk"))
        .order_by("year", "source")
    )
    sources = [value for value in FundingSource.values if any(row["source"] == value for row in grouped)]
    years = sorted({row["year"] for row in grouped})
    return {
        "rows": [_totals([row], year=row["year"], source=row["source"]) for row in grouped],
        "by_source": [_totals([r for r in grouped if r["source"] == s], source=s) for s in sources],
        "by_year": [_totals([r for r in grouped if r["year"] == y], year=y) for y in years],
        "total": _totals(grouped),
    }
