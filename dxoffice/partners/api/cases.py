"""Enterprises and support cases. A partner sees the cases assigned to it (and their enterprises)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, with_errors
from dxoffice.core.api_inputs import InputSchema, IsoDate, RecordId, RefId, UnitCode
from dxoffice.core.exceptions import UnknownReference
from dxoffice.partners import services
from dxoffice.partners.models import CaseStatus, Enterprise, EnterpriseStatus, Solution, SupportCase
from dxoffice.partners.permissions import cases_visible_to, enterprises_visible_to

enterprises = Router(tags=["enterprises"])
cases = Router(tags=["support cases"])


class EnterpriseOut(Schema):
    id: int
    name: str
    tax_code: str
    sector: str
    size: str
    commune: str
    status: str
    on_digital_platform: bool

    @staticmethod
    def resolve_commune(obj: Enterprise) -> str:
        return obj.commune.code


class CaseOut(Schema):
    id: int
    enterprise: int
    sector: str
    need: str
    description: str
    status: str
    partner: str | None
    solution: int | None
    opened_on: date
    due_date: date | None
    closed_on: date | None
    satisfaction: int | None

    @staticmethod
    def resolve_enterprise(obj: SupportCase) -> int:
        return obj.enterprise_id

    @staticmethod
    def resolve_partner(obj: SupportCase) -> str | None:
        return obj.partner.code if obj.partner else None

    @staticmethod
    def resolve_solution(obj: SupportCase) -> int | None:
        return obj.solution_id


class EnterpriseQuery(Schema):
    status: EnterpriseStatus | None = None


class CaseQuery(Schema):
    status: CaseStatus | None = None


class TriageIn(InputSchema):
    partner: UnitCode = Field(description="Code of the partner assigned.")
    due_date: IsoDate = Field(description="By when the enterprise gets its answer.")
    solution: RefId | None = Field(None, description="Id of a solution of the catalogue, from that partner.")


class ResolveIn(InputSchema):
    note: str = Field(min_length=1, max_length=4000, description="What was done for the enterprise.")
    satisfaction: int | None = Field(None, ge=1, le=5)


@enterprises.get(
    "/partners/enterprises",
    response=with_errors({200: Page[EnterpriseOut]}, 401, 422),
    operation_id="enterprise_list",
)
def enterprise_list(request: HttpRequest, query: Query[EnterpriseQuery], page: Query[PageParams]) -> Any:
    items = enterprises_visible_to(caller(request)).select_related("commune").order_by("name", "pk")
    if query.status:
        items = items.filter(status=query.status)
    return paginate(items, page)


@enterprises.post(
    "/partners/enterprises/{enterprise_id}/verify",
    response=with_errors({200: EnterpriseOut}, 401, 403, 404, 409, 422),
    operation_id="enterprise_verify",
)
def enterprise_verify(request: HttpRequest, enterprise_id: RecordId) -> Any:
    """The DX office verified the registration: the enterprise counts from now on."""
    user = caller(request)
    enterprise = enterprises_visible_to(user).get(pk=enterprise_id)
    return services.enterprise_verify(by=user, enterprise=enterprise)


@cases.get("/partners/cases", response=with_errors({200: Page[CaseOut]}, 401, 422), operation_id="case_list")
def case_list(request: HttpRequest, query: Query[CaseQuery], page: Query[PageParams]) -> Any:
    items = cases_visible_to(caller(request)).select_related("partner").order_by("-opened_on", "-pk")
    if query.status:
        items = items.filter(status=query.status)
    return paginate(items, page)


@cases.post(
    "/partners/cases/{case_id}/triage",
    response=with_errors({200: CaseOut}, 400, 401, 403, 404, 409, 422),
    operation_id="case_triage",
)
def case_triage(request: HttpRequest, case_id: RecordId, payload: TriageIn) -> Any:
    """Assign a partner (and a solution) and the answer's deadline; the partner is notified."""
    user = caller(request)
    case = cases_visible_to(user).get(pk=case_id)
    partner = unit_by_code(payload.partner, "partner")
    if partner is None:
        raise UnknownReference({"partner": [_("Give the partner's unit code.")]})
    solution = None
    if payload.solution is not None:
        solution = Solution.objects.filter(pk=payload.solution).first()
        if solution is None:
            raise UnknownReference({"solution": [_("Unknown solution %(id)s.") % {"id": payload.solution}]})
    return services.case_triage(
        by=user, case=case, partner=partner, due_date=payload.due_date, solution=solution
    )


@cases.post(
    "/partners/cases/{case_id}/resolve",
    response=with_errors({200: CaseOut}, 400, 401, 403, 404, 409, 422),
    operation_id="case_resolve",
)
def case_resolve(request: HttpRequest, case_id: RecordId, payload: ResolveIn) -> Any:
    user = caller(request)
    case = cases_visible_to(user).get(pk=case_id)
    return services.case_resolve(by=user, case=case, note=payload.note, satisfaction=payload.satisfaction)
