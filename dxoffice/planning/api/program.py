"""Directives, annual plans and objectives (with targets, actual values and performance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import (
    InputSchema,
    IsoDate,
    Measure,
    PeriodCode,
    RecordId,
    YearParam,
    patch_field,
)
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

directive_router = Router(tags=["directives"])
plan_router = Router(tags=["plans"])
objective_router = Router(tags=["objectives"])
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


URL_DESCRIPTION = "A web address (http, https, ftp or ftps), or empty."


class DirectiveIn(InputSchema):
    number: str = Field(min_length=1, max_length=60, description="The document number, unique.")
    title: str = Field(min_length=1, max_length=400)
    kind: DirectiveKind
    level: DirectiveLevel
    issuer: str = Field(min_length=1, max_length=200)
    issued_on: IsoDate
    summary: str = Field("", max_length=4000)
    url: str = Field("", max_length=200, description=URL_DESCRIPTION)


class DirectivePatch(InputSchema):
    number: str = patch_field(min_length=1, max_length=60)
    title: str = patch_field(min_length=1, max_length=400)
    kind: DirectiveKind = patch_field()
    level: DirectiveLevel = patch_field()
    issuer: str = patch_field(min_length=1, max_length=200)
    issued_on: IsoDate = patch_field()
    summary: str = patch_field(max_length=4000)
    url: str = patch_field(max_length=200, description=URL_DESCRIPTION)


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
        return obj.directive.number if obj.directive is not None else None


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
        return obj.pillar.code if obj.pillar is not None else None

    @staticmethod
    def resolve_lead_unit(obj: Objective) -> str | None:
        return obj.lead_unit.code if obj.lead_unit is not None else None

    @staticmethod
    def resolve_directives(obj: Objective) -> list[str]:
        return [d.number for d in obj.directives.all()]

    @staticmethod
    def resolve_performance(obj: Objective):
        return performance_of(obj, local_today())


class ActualIn(InputSchema):
    period: PeriodCode
    value: Measure
    note: str = Field("", max_length=400)


def _program_scope(user, queryset: QuerySet) -> QuerySet:
    return queryset if can_read_program(user) else queryset.none()


# Directives ------------------------------------------------------------------------------------


class DirectiveQuery(Schema):
    q: str = Field("", max_length=200, description="Words in the number or title.")
    level: DirectiveLevel | None = None
    kind: DirectiveKind | None = None


@directive_router.get(
    "/directives",
    response=with_errors({200: Page[DirectiveOut]}, 401, 422),
    operation_id="directive_list",
)
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


@directive_router.get(
    "/directives/{directive_id}",
    response=with_errors({200: DirectiveOut}, 401, 404, 422),
    operation_id="directive_get",
)
def directive_detail(request: HttpRequest, directive_id: RecordId):
    return _directive(caller(request), directive_id)


@directive_router.post(
    "/directives",
    response=with_errors({201: DirectiveOut}, 400, 401, 403, 409, 422),
    operation_id="directive_create",
)
def directive_create(request: HttpRequest, payload: DirectiveIn):
    """Record a directive (administrators of the province; anyone else: 403). A number already used (perhaps by an archived directive) or
    a malformed link is a 400 naming the field."""
    return Status(201, services.directive_save(by=caller(request), **payload.dict()))


@directive_router.patch(
    "/directives/{directive_id}",
    response=with_errors({200: DirectiveOut}, 400, 401, 403, 404, 409, 422),
    operation_id="directive_update",
)
def directive_update(request: HttpRequest, directive_id: RecordId, payload: DirectivePatch):
    """Change some fields of a directive (administrators of the province; anyone else: 403)."""
    user = caller(request)
    directive = _directive(user, directive_id)
    changes = payload.dict(exclude_unset=True)
    return services.directive_save(by=user, directive=directive, **changes)


# Plans -----------------------------------------------------------------------------------------


class PlanQuery(Schema):
    year: YearParam | None = None
    program: str = Field("", max_length=40, description="Program code.")


def _plans(user) -> QuerySet[AnnualPlan]:
    return _program_scope(user, AnnualPlan.objects.select_related("program", "directive"))


@plan_router.get("/plans", response=with_errors({200: Page[PlanOut]}, 401, 422), operation_id="plan_list")
def plan_list(request: HttpRequest, query: Query[PlanQuery], page: Query[PageParams]):
    plans = _plans(caller(request))
    if query.year is not None:
        plans = plans.filter(year=query.year)
    if query.program:
        plans = plans.filter(program__code=query.program)
    return paginate(plans.order_by("-year", "code"), page)


@plan_router.get(
    "/plans/{plan_id}",
    response=with_errors({200: PlanOut}, 401, 404, 422),
    operation_id="plan_get",
)
def plan_detail(request: HttpRequest, plan_id: RecordId):
    return _plans(caller(request)).get(pk=plan_id)


# Objectives ------------------------------------------------------------------------------------


class ObjectiveQuery(Schema):
    program: str = Field("", max_length=40, description="Program code.")
    pillar: str = Field("", max_length=20, description="Pillar code.")
    kind: ObjectiveKind | None = None
    q: str = Field("", max_length=200, description="Words in the code or title.")


def _objectives(user) -> QuerySet[Objective]:
    return _program_scope(
        user,
        Objective.objects.select_related("program", "pillar", "lead_unit").prefetch_related(
            "targets", "actuals", "directives"
        ),
    )


@objective_router.get(
    "/objectives",
    response=with_errors({200: Page[ObjectiveOut]}, 401, 422),
    operation_id="objective_list",
)
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


@objective_router.get(
    "/objectives/{objective_id}",
    response=with_errors({200: ObjectiveOut}, 401, 404, 422),
    operation_id="objective_get",
)
def objective_detail(request: HttpRequest, objective_id: RecordId):
    return _objectives(caller(request)).get(pk=objective_id)


@objective_router.post(
    "/objectives/{objective_id}/actuals",
    response=with_errors({201: ObjectiveOut}, 400, 401, 403, 404, 409, 422),
    operation_id="objective_actual_record",
)
def objective_actual_record(request: HttpRequest, objective_id: RecordId, payload: ActualIn):
    """Record the actual value for a period (replacing the value of that period, if any). The
    period follows the reports' rules: a period that has not begun is a 400 naming `period`."""
    user = caller(request)
    objective = _objectives(user).get(pk=objective_id)
    services.objective_record_actual(
        by=user, objective=objective, period=payload.period, value=payload.value, note=payload.note
    )
    return Status(201, _objectives(user).get(pk=objective_id))


router.add_router("", directive_router)
router.add_router("", plan_router)
router.add_router("", objective_router)
