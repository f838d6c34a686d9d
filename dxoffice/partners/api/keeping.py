"""The DX office keeps the partners' profiles, their contact people and the solutions catalogue
through the API with the services the pages use: the same rules, the same audit, the same gate.
A partner the caller may not read is a 404; a write by someone who does not keep partners a 403;
a retired contact or solution is a 409 to change."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Schema, Status

from dxoffice.core.api import caller, unit_by_code, with_errors
from dxoffice.core.api_inputs import NOT_BLANK, InputSchema, Money, RecordId, RequiredUnitCode, patch_field
from dxoffice.core.models import OrgUnit, User
from dxoffice.partners import services

# The writes join the reads' router: one path answers both its GET and its POST.
from dxoffice.partners.api.catalogue import ContactOut, PartnerProfileOut, SolutionOut, catalogue
from dxoffice.partners.models import PartnerContact, PrioritySector, SchoolLevel, Solution, SupportNeed
from dxoffice.partners.permissions import partners_visible_to


class ProfileIn(InputSchema):
    """Only the fields sent change. An empty string clears a field."""

    contact_name: str = patch_field(max_length=150)
    contact_email: str = patch_field(max_length=254)
    contact_phone: str = patch_field(max_length=30)
    website: str = patch_field(max_length=200)
    description: str = patch_field(max_length=4000)
    school_level: SchoolLevel | Literal[""] = patch_field(
        description="A school or university only; '' clears it."
    )


class ContactIn(InputSchema):
    name: str = Field(max_length=150, pattern=NOT_BLANK)
    position: str = Field("", max_length=150)
    email: str = Field("", max_length=254, description="An e-mail or a phone number is needed.")
    phone: str = Field("", max_length=30)
    note: str = Field("", max_length=1000)


class ContactPatchIn(InputSchema):
    name: str = patch_field(max_length=150, pattern=NOT_BLANK)
    position: str = patch_field(max_length=150)
    email: str = patch_field(max_length=254)
    phone: str = patch_field(max_length=30)
    note: str = patch_field(max_length=1000)


class ContactWithIdOut(ContactOut):
    id: int
    note: str


class CatalogueRetireIn(InputSchema):
    reason: str = Field(max_length=2000, pattern=NOT_BLANK)


class SolutionIn(InputSchema):
    name: str = Field(max_length=200, pattern=NOT_BLANK)
    provider: RequiredUnitCode
    sector: PrioritySector
    need: SupportNeed
    price_min: Money
    price_max: Money
    references: str = Field("", max_length=2000)


class SolutionPatchIn(InputSchema):
    name: str = patch_field(max_length=200, pattern=NOT_BLANK)
    provider: RequiredUnitCode = patch_field()
    sector: PrioritySector = patch_field()
    need: SupportNeed = patch_field()
    price_min: Money = patch_field()
    price_max: Money = patch_field()
    references: str = patch_field(max_length=2000)


class CatalogueRetiredOut(Schema):
    id: int
    archived_at: datetime


def _partner(user: User, code: str) -> OrgUnit:
    """A partner unit the caller reads (else a 404, as for one that does not exist)."""
    return partners_visible_to(user).get(code=code.strip().upper())


def _contact(partner: OrgUnit, contact_id: int) -> PartnerContact:
    return PartnerContact.all_objects.get(pk=contact_id, profile__unit=partner)


def _solution_fields(changes: dict[str, Any]) -> dict[str, Any]:
    if "provider" in changes:
        changes["provider"] = unit_by_code(changes["provider"], "provider")
    return changes


@catalogue.patch(
    "/partners/partners/{code}/profile",
    response=with_errors({200: PartnerProfileOut}, 400, 401, 403, 404, 422),
    operation_id="partner_profile_update",
)
def partner_profile_update(request: HttpRequest, code: str, payload: ProfileIn) -> Any:
    """Change a partner's profile (made on its first save): main contact, website, description and,
    for a school or university, its level. A bad e-mail, website or phone is a 400 naming it."""
    user = caller(request)
    partner = _partner(user, code)
    return services.partner_profile_save(by=user, partner=partner, **payload.dict(exclude_unset=True))


@catalogue.post(
    "/partners/partners/{code}/contacts",
    response=with_errors({201: ContactWithIdOut}, 400, 401, 403, 404, 422),
    operation_id="partner_contact_add",
)
def partner_contact_add(request: HttpRequest, code: str, payload: ContactIn) -> Any:
    """Add a contact person to a partner: a name, and an e-mail or a phone number (400 without)."""
    user = caller(request)
    partner = _partner(user, code)
    return Status(201, services.partner_contact_save(by=user, partner=partner, **payload.dict()))


@catalogue.patch(
    "/partners/partners/{code}/contacts/{contact_id}",
    response=with_errors({200: ContactWithIdOut}, 400, 401, 403, 404, 409, 422),
    operation_id="partner_contact_update",
)
def partner_contact_update(
    request: HttpRequest, code: str, contact_id: RecordId, payload: ContactPatchIn
) -> Any:
    """Change a contact person (a retired one is a 409)."""
    user = caller(request)
    partner = _partner(user, code)
    contact = _contact(partner, contact_id)
    changes = payload.dict(exclude_unset=True)
    return services.partner_contact_save(by=user, partner=partner, contact=contact, **changes)


@catalogue.post(
    "/partners/partners/{code}/contacts/{contact_id}/retire",
    response=with_errors({200: CatalogueRetiredOut}, 400, 401, 403, 404, 409, 422),
    operation_id="partner_contact_retire",
)
def partner_contact_retire(
    request: HttpRequest, code: str, contact_id: RecordId, payload: CatalogueRetireIn
) -> Any:
    """A contact who left: retired with the reason (kept in the history), never deleted."""
    user = caller(request)
    contact = _contact(_partner(user, code), contact_id)
    retired = services.partner_contact_retire(by=user, contact=contact, reason=payload.reason)
    return {"id": retired.pk, "archived_at": retired.archived_at}


@catalogue.post(
    "/partners/solutions",
    response=with_errors({201: SolutionOut}, 400, 401, 403, 422),
    operation_id="solution_create",
)
def solution_create(request: HttpRequest, payload: SolutionIn) -> Any:
    """Add a solution to the catalogue: a partner as provider (400 otherwise), the highest price
    not below the lowest (400 naming `price_max`)."""
    user = caller(request)
    fields = _solution_fields(payload.dict())
    return Status(201, services.solution_save(by=user, **fields))


def _solution(solution_id: int) -> Solution:
    return Solution.all_objects.select_related("provider").get(pk=solution_id)


@catalogue.patch(
    "/partners/solutions/{solution_id}",
    response=with_errors({200: SolutionOut}, 400, 401, 403, 404, 409, 422),
    operation_id="solution_update",
)
def solution_update(request: HttpRequest, solution_id: RecordId, payload: SolutionPatchIn) -> Any:
    """Change a solution in force (a retired one is a 409)."""
    user = caller(request)
    fields = _solution_fields(payload.dict(exclude_unset=True))
    return services.solution_save(by=user, solution=_solution(solution_id), **fields)


@catalogue.post(
    "/partners/solutions/{solution_id}/retire",
    response=with_errors({200: CatalogueRetiredOut}, 400, 401, 403, 404, 409, 422),
    operation_id="solution_retire",
)
def solution_retire(request: HttpRequest, solution_id: RecordId, payload: CatalogueRetireIn) -> Any:
    """Take a solution out of the catalogue with the reason; the cases that used it keep it."""
    user = caller(request)
    retired = services.solution_retire(by=user, solution=_solution(solution_id), reason=payload.reason)
    return {"id": retired.pk, "archived_at": retired.archived_at}
