"""The partners and the solutions catalogue, read through the API: partner profiles with their
current contacts (as the partners page shows them to the caller), and the catalogue's solutions in
force, filtered by sector and provider."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import UnitCode
from dxoffice.core.models import OrgUnit, UnitKind
from dxoffice.partners.models import PartnerContact, PartnerProfile, PrioritySector, Solution
from dxoffice.partners.permissions import partners_visible_to

catalogue = Router(tags=["partners and solutions"])


class PartnerProfileOut(Schema):
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    description: str
    school_level: str


class ContactOut(Schema):
    name: str
    position: str
    email: str
    phone: str


def _profile(unit: OrgUnit) -> PartnerProfile | None:
    return getattr(unit, "partner_profile", None)  # a unit may have no profile yet


class PartnerOut(Schema):
    code: str
    name: str
    kind: str
    profile: PartnerProfileOut | None
    contacts: list[ContactOut]

    @staticmethod
    def resolve_profile(obj: OrgUnit) -> PartnerProfile | None:
        return _profile(obj)

    @staticmethod
    def resolve_contacts(obj: OrgUnit) -> list[PartnerContact]:
        profile = _profile(obj)
        return list(getattr(profile, "current_contacts", [])) if profile is not None else []


class PartnerQuery(Schema):
    kind: UnitKind | None = None


class SolutionOut(Schema):
    id: int
    name: str
    provider: str
    sector: str
    need: str
    price_min: Decimal
    price_max: Decimal
    references: str

    @staticmethod
    def resolve_provider(obj: Solution) -> str:
        return obj.provider.code


class SolutionQuery(Schema):
    sector: PrioritySector | None = None
    provider: UnitCode | None = None


@catalogue.get(
    "/partners/partners", response=with_errors({200: Page[PartnerOut]}, 401, 422), operation_id="partner_list"
)
def partner_list(request: HttpRequest, query: Query[PartnerQuery], page: Query[PageParams]) -> Any:
    """The partner units the caller may read (every one for those who view the province; a partner's
    own people their own), with their profile and current contacts."""
    units = partners_visible_to(caller(request)).select_related("partner_profile").order_by("name", "pk")
    if query.kind:
        units = units.filter(kind=query.kind)
    contacts = PartnerContact.objects.filter(archived_at__isnull=True).order_by("name", "pk")
    units = units.prefetch_related(
        Prefetch("partner_profile__contacts", contacts, to_attr="current_contacts")
    )
    return paginate(units, page)


@catalogue.get(
    "/partners/solutions",
    response=with_errors({200: Page[SolutionOut]}, 401, 422),
    operation_id="solution_list",
)
def solution_list(request: HttpRequest, query: Query[SolutionQuery], page: Query[PageParams]) -> Any:
    """The solutions in force (retired ones left out), for anyone signed in."""
    caller(request)
    items = (
        Solution.objects.filter(archived_at__isnull=True)
        .select_related("provider")
        .order_by("sector", "name", "pk")
    )
    if query.sector:
        items = items.filter(sector=query.sector)
    if query.provider:
        items = items.filter(provider__code=query.provider)
    return paginate(items, page)
