"""Directives, annual plans and objectives (with targets, actual values and performance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dxoffice.core.api import Page, PageParams, caller, paginate
from dxoffice.planning import services
from dxoffice.planning.models import (
    AnnualPlan,
    Direction,
    Directive,
    DirectiveKind,
    DirectiveLevel,
    Objective,
    ObjectiveKind,
)
from dxoffice.planning.performance import performance_of
from dxoffice.planning.selectors import can_read_program, local_today

router = Router()


# Schemas ---------------------------------------------------------------------------------------


class DirectiveOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    level: str
    issuer: str
    issued_on: date
    summary: str
    url: str


class DirectiveIn(Schema):
    number: str = Field(max_length=60)
    title: str = Field(max_length=400)
    kind: DirectiveKind
    level: DirectiveLevel
    issuer: str = Field(max_length=200)
    issued_on: date
    summary: str = ""
    url: str = ""


class DirectivePatch(Schema):
    number: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=400)
    kind: DirectiveKind | None = None
    level: DirectiveLevel | None = None
    issuer: str | None = Field(None, max_length=200)
    issued_on: date | None = None
    summary: str | None = None
    url: str | None = None


class PlanOut(Schema):
    id: int
    code: str
    title: str
    year: int
    program: str
    directive: str | None
    status: str

    @staticmethod
    def resolve_program(obj: AnnualPlan) -> str:
        return obj.program.code

    @staticmethod
    def resolve_directive(obj: AnnualPlan) -> str | None:
        return obj.directive.number if obj.directive_id else None


class TargetOut(Schema):
    year: int
    value: Decimal


class ActualOut(Schema):
    period: str
    value: Decimal
    source: str
    note: str


class PerformanceOut(Schema):
    target_year: int | None
    target: Decimal | None
    actual: Decimal | None
    actual_period: str | None
    percent_achieved: Decimal | None
    projected: Decimal | None
    outlook: str


class ObjectiveOut(Schema):
    id: int
    program: str
    code: str
    title: str
    kind: str
    pillar: str | None
    lead_unit: str | None
    unit_of_measure: str
    direction: Direction
    baseline_value: Decimal | None
    baseline_year: int | None
    description: str
    directives: list[str]
    targets: list[TargetOut]
    actuals: list[ActualOut]
    performance: PerformanceOut

    @staticmethod
    def resolve_program(obj: Objective) -> str:
        return obj.program.code

    @staticmethod
    def resolve_pillar(obj: Objective) -> str | None:
        return obj.pillar.code if obj.pillar_id else None

    @staticmethod
    def resolve_lead_unit(obj: Objective) -> str | None:
        return obj.lead_unit.code if obj.lead_unit_id else None

    @staticmethod
    def resolve_directives(obj: Objective) -> list[str]:
        return [d.number for d in obj.directives.all()]

    @staticmethod
    def resolve_performance(obj: Objective):
        return performance_of(obj, local_today())


class ActualIn(Schema):
    period: str = Field(description="2026, 2026Q1 or 2026M03")
    value: Decimal
    note: str = Field("", max_length=400)


def _program_scope(user, queryset: QuerySet) -> QuerySet:
    return queryset if can_read_program(user) else queryset.none()


# Directives ------------------------------------------------------------------------------------


class DirectiveQuery(Schema):
    q: str = Field("", description="Words in the number or title.")
    level: DirectiveLevel | None = None
    kind: DirectiveKind | None = None


@router.get("/directives", response=Page[DirectiveOut], tags=["directives"])
def directive_list(request: HttpRequest, query: Query[DirectiveQuery], page: Query[PageParams]):
    directives = _program_scope(caller(request), Directive.objects.all())
    if query.level:
        directives = directives.filter(level=query.level)
    if query.kind:
        directives = directives.filter(kind=query.kind)
    for word in query.q.split():
        directives = directives.filter(Q(number__icontains=word) | Q(title__icontains=word))
    return paginate(directives.order_by("-issued_on", "number"), page)


def _directive(user, directive_id: int) -> Directive:
    return _program_scope(user, Directive.objects.all()).get(pk=directive_id)


@router.get("/directives/{directive_id}", response=DirectiveOut, tags=["directives"])
def directive_detail(request: HttpRequest, directive_id: int):
    return _directive(caller(request), directive_id)


@router.post("/directives", response={201: DirectiveOut}, tags=["directives"])
def directive_create(request: HttpRequest, payload: DirectiveIn):
    """Record a directive (planners)."""
    return Status(201, services.directive_save(by=caller(request), **payload.dict()))


@router.patch("/directives/{directive_id}", response=DirectiveOut, tags=["directives"])
def directive_update(request: HttpRequest, directive_id: int, payload: DirectivePatch):
    user = caller(request)
    directive = _directive(user, directive_id)
    changes = payload.dict(exclude_unset=True)
    return services.directive_save(by=user, directive=directive, **changes)


# Plans -----------------------------------------------------------------------------------------


class PlanQuery(Schema):
    year: int | None = None
    program: str = Field("", description="Program code.")


def _plans(user) -> QuerySet[AnnualPlan]:
    return _program_scope(user, AnnualPlan.objects.select_related("program", "directive"))


@router.get("/plans", response=Page[PlanOut], tags=["plans"])
def plan_list(request: HttpRequest, query: Query[PlanQuery], page: Query[PageParams]):
    plans = _plans(caller(request))
    if query.year is not None:
        plans = plans.filter(year=query.year)
    if query.program:
        plans = plans.filter(program__code=query.program)
    return paginate(plans.order_by("-year", "code"), page)


@router.get("/plans/{plan_id}", response=PlanOut, tags=["plans"])
def plan_detail(request: HttpRequest, plan_id: int):
    return _plans(caller(request)).get(pk=plan_id)


# Objectives ------------------------------------------------------------------------------------


class ObjectiveQuery(Schema):
    program: str = Field("", description="Program code.")
    pillar: str = Field("", description="Pillar code.")
    kind: ObjectiveKind | None = None
    q: str = Field("", description="Words in the code or title.")


def _objectives(user) -> QuerySet[Objective]:
    return _program_scope(
        user,
        Objective.objects.select_related("program", "pillar", "lead_unit").prefetch_related(
            "targets", "actuals", "directives"
        ),
    )


@router.get("/objectives", response=Page[ObjectiveOut], tags=["objectives"])
def objective_list(request: HttpRequest, query: Query[ObjectiveQuery], page: Query[PageParams]):
    """Objectives with their yearly targets, actual values and performance (% achieved and the
    early-warning outlook)."""
    objectives = _objectives(caller(request))
    if query.program:
        objectives = objectives.filter(program__code=query.program)
    if query.pillar:
        objectives = objectives.filter(pillar__code=query.pillar)
    if query.kind:
        objectives = objectives.filter(kind=query.kind)
    for word in query.q.split():
        objectives = objectives.filter(Q(code__icontains=word) | Q(title__icontains=word))
    return paginate(objectives.order_by("program__code", "code"), page)


@router.get("/objectives/{objective_id}", response=ObjectiveOut, tags=["objectives"])
def objective_detail(request: HttpRequest, objective_id: int):
    return _objectives(caller(request)).get(pk=objective_id)


@router.post("/objectives/{objective_id}/actuals", response={201: ObjectiveOut}, tags=["objectives"])
def objective_actual_record(request: HttpRequest, objective_id: int, payload: ActualIn):
    """Record the actual value for a period (replacing the value of that period, if any)."""
    user = caller(request)
    objective = _objectives(user).get(pk=objective_id)
    services.objective_record_actual(
        by=user, objective=objective, period=payload.period, value=payload.value, note=payload.note
    )
    return Status(201, _objectives(user).get(pk=objective_id))
