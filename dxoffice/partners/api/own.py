"""The enterprise's side of the API: its own profile, its support requests with their state and
notes, its yearly maturity self-assessment and the rating of a resolved case. The same gate as the
screens: an enterprise's account sees only its own records (another enterprise's is a 404); the DX
office uses the same operations for the enterprises of its communes; anyone else who sees a record
but may not change it gets a 403."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from dxoffice.core.api import caller, with_errors
from dxoffice.core.api_inputs import NOT_BLANK, InputSchema, RecordId, Year, patch_field
from dxoffice.core.exceptions import StateConflict
from dxoffice.partners import services
from dxoffice.partners.maturity import DIMENSIONS, LEVELS, QUESTIONS, compare
from dxoffice.partners.models import (
    EnterpriseSize,
    MaturityAssessment,
    PrioritySector,
    SupportCase,
    SupportNeed,
)
from dxoffice.partners.permissions import cases_visible_to, enterprises_visible_to, own_enterprise
from dxoffice.partners.services.common import local_today

profiles = Router(tags=["enterprises"])
requests = Router(tags=["support cases"])
maturity = Router(tags=["maturity assessments"])

Answer = Annotated[int, Field(ge=0, le=4)]


class EnterpriseProfileOut(Schema):
    id: int
    name: str
    tax_code: str
    sector: str
    size: str
    commune: str = Field(description="Code of the commune, ward or special zone.")
    commune_name: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    on_digital_platform: bool
    status: str = Field(description="pending, verified or rejected.")
    verified_on: date | None
    account: str | None = Field(description="The username of the enterprise's own account.")


class EnterpriseProfilePatch(InputSchema):
    """What the enterprise keeps itself; its name, tax code, sector and commune are the DX office's
    to correct."""

    address: str = patch_field(max_length=255)
    contact_name: str = patch_field(max_length=150, pattern=NOT_BLANK)
    contact_email: str = patch_field(max_length=254, description="Also the account's e-mail.")
    contact_phone: str = patch_field(max_length=30)
    size: EnterpriseSize = patch_field()
    on_digital_platform: bool = patch_field()


class CaseNoteOut(Schema):
    text: str
    author: str
    written_at: datetime


class CaseDetailOut(Schema):
    id: int
    enterprise: int
    sector: str
    need: str
    description: str
    status: str = Field(description="new, triaged, in_progress, resolved or declined.")
    partner: str | None = Field(description="Name of the partner assigned.")
    solution: str | None = Field(description="Name of the catalogue solution proposed.")
    opened_on: date
    due_date: date | None = Field(description="By when the enterprise gets its answer.")
    closed_on: date | None
    decline_reason: str
    satisfaction: int | None
    notes: list[CaseNoteOut]


class CaseOpenIn(InputSchema):
    need: SupportNeed
    description: str = Field(min_length=1, max_length=2000, pattern=NOT_BLANK)
    sector: PrioritySector | None = Field(None, description="The enterprise's own sector when left out.")


class RatingIn(InputSchema):
    satisfaction: int = Field(ge=1, le=5, description="1 (not satisfied) to 5 (very satisfied).")


class DimensionOut(Schema):
    dimension: str
    label: str
    score: Decimal
    previous: Decimal | None = Field(description="The same dimension the year before, if answered.")
    change: Decimal | None


class AssessmentOut(Schema):
    year: int
    score: Decimal = Field(description="0–100, rounded half up to one decimal.")
    level: int = Field(description="1–5, in bands of 20 points.")
    level_label: str
    change: Decimal | None = Field(description="Against the year before, when it was answered.")
    answers: dict[str, int]
    dimensions: list[DimensionOut]


class AssessmentIn(InputSchema):
    year: Year | None = Field(None, description="This year when left out (not after this year).")
    answers: dict[str, Answer] = Field(
        description="Every question's code (maturity_questions) with its answer 0–4."
    )


class QuestionOut(Schema):
    code: str
    dimension: str
    dimension_label: str
    text: str


def _enterprise(user: Any, pk: int) -> Any:
    return enterprises_visible_to(user).select_related("commune", "account").get(pk=pk)


def _profile(enterprise: Any) -> dict[str, Any]:
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "tax_code": enterprise.tax_code,
        "sector": enterprise.sector,
        "size": enterprise.size,
        "commune": enterprise.commune.code,
        "commune_name": enterprise.commune.name,
        "address": enterprise.address,
        "contact_name": enterprise.contact_name,
        "contact_email": enterprise.contact_email,
        "contact_phone": enterprise.contact_phone,
        "on_digital_platform": enterprise.on_digital_platform,
        "status": enterprise.status,
        "verified_on": enterprise.verified_on,
        "account": enterprise.account.username if enterprise.account else None,
    }


def _case(case: SupportCase) -> dict[str, Any]:
    return {
        "id": case.pk,
        "enterprise": case.enterprise_id,
        "sector": case.sector,
        "need": case.need,
        "description": case.description,
        "status": case.status,
        "partner": case.partner.name if case.partner else None,
        "solution": case.solution.name if case.solution else None,
        "opened_on": case.opened_on,
        "due_date": case.due_date,
        "closed_on": case.closed_on,
        "decline_reason": case.decline_reason,
        "satisfaction": case.satisfaction,
        "notes": [
            {"text": note.text, "author": str(note.author), "written_at": note.written_at}
            for note in case.notes.select_related("author")
        ],
    }


def _visible_case(user: Any, pk: int) -> SupportCase:
    return cases_visible_to(user).select_related("partner", "solution").get(pk=pk)


def _assessment(item: MaturityAssessment, before: MaturityAssessment | None) -> dict[str, Any]:
    rows = compare(item.answers, before.answers if before else None)
    return {
        "year": item.year,
        "score": item.score,
        "level": item.level,
        "level_label": str(LEVELS[item.level]),
        "change": item.score - before.score if before else None,
        "answers": item.answers,
        "dimensions": [
            {
                "dimension": row.dimension,
                "label": str(row.label),
                "score": row.score,
                "previous": row.previous,
                "change": row.change,
            }
            for row in rows
        ],
    }


@profiles.get(
    "/partners/me/enterprise",
    response=with_errors({200: EnterpriseProfileOut}, 401, 404),
    operation_id="my_enterprise",
)
def my_enterprise(request: HttpRequest) -> Any:
    """The enterprise whose account is calling (404 for an account that is no enterprise's)."""
    enterprise = own_enterprise(caller(request))
    if enterprise is None:
        raise Http404
    return _profile(_enterprise(caller(request), enterprise.pk))


@profiles.get(
    "/partners/enterprises/{enterprise_id}",
    response=with_errors({200: EnterpriseProfileOut}, 401, 404, 422),
    operation_id="enterprise_get",
)
def enterprise_get(request: HttpRequest, enterprise_id: RecordId) -> Any:
    return _profile(_enterprise(caller(request), enterprise_id))


@profiles.patch(
    "/partners/enterprises/{enterprise_id}",
    response=with_errors({200: EnterpriseProfileOut}, 400, 401, 403, 404, 422),
    operation_id="enterprise_update",
)
def enterprise_update(request: HttpRequest, enterprise_id: RecordId, payload: EnterpriseProfilePatch) -> Any:
    """Change the enterprise's contacts, address, size or whether it uses a digital platform (the
    enterprise itself, or the DX office; a 400 names the field, e.g. a malformed `contact_email`)."""
    user = caller(request)
    enterprise = _enterprise(user, enterprise_id)
    saved = services.enterprise_profile_update(
        by=user, enterprise=enterprise, **payload.dict(exclude_unset=True)
    )
    return _profile(_enterprise(user, saved.pk))


@requests.post(
    "/partners/enterprises/{enterprise_id}/cases",
    response=with_errors({201: CaseDetailOut}, 400, 401, 403, 404, 409, 422),
    operation_id="case_open",
)
def case_open(request: HttpRequest, enterprise_id: RecordId, payload: CaseOpenIn) -> Any:
    """Ask the DX office for help (the enterprise itself, or the DX office for a request it received;
    a rejected enterprise asks nothing: 409). The case starts `new`."""
    user = caller(request)
    enterprise = _enterprise(user, enterprise_id)
    case = services.case_open(
        by=user,
        enterprise=enterprise,
        sector=payload.sector or enterprise.sector,
        need=payload.need,
        description=payload.description,
    )
    return Status(201, _case(_visible_case(user, case.pk)))


@requests.get(
    "/partners/cases/{case_id}",
    response=with_errors({200: CaseDetailOut}, 401, 404, 422),
    operation_id="case_get",
)
def case_get(request: HttpRequest, case_id: RecordId) -> Any:
    """One support case with its state, deadline and notes (an enterprise: its own only)."""
    return _case(_visible_case(caller(request), case_id))


@requests.post(
    "/partners/cases/{case_id}/rating",
    response=with_errors({200: CaseDetailOut}, 400, 401, 403, 404, 409, 422),
    operation_id="case_rate",
)
def case_rate(request: HttpRequest, case_id: RecordId, payload: RatingIn) -> Any:
    """The enterprise rates its resolved case once (409 before it is resolved, or rated again);
    the partner or the DX office may record the score it gave."""
    user = caller(request)
    case = _visible_case(user, case_id)
    services.case_rate(by=user, case=case, satisfaction=payload.satisfaction)
    return _case(_visible_case(user, case.pk))


@maturity.get(
    "/partners/maturity/questions",
    response=with_errors({200: list[QuestionOut]}, 401),
    operation_id="maturity_questions",
)
def maturity_questions(request: HttpRequest) -> Any:
    """The 15 questions of the self-assessment, in the caller's language; each is answered 0–4."""
    return [
        {
            "code": q.code,
            "dimension": q.dimension,
            "dimension_label": str(DIMENSIONS[q.dimension]),
            "text": str(q.text),
        }
        for q in QUESTIONS
    ]


@maturity.get(
    "/partners/enterprises/{enterprise_id}/assessments",
    response=with_errors({200: list[AssessmentOut]}, 401, 404, 422),
    operation_id="assessment_list",
)
def assessment_list(request: HttpRequest, enterprise_id: RecordId) -> Any:
    """The enterprise's self-assessments, newest first, each against the year before."""
    enterprise = _enterprise(caller(request), enterprise_id)
    items = list(MaturityAssessment.objects.filter(enterprise=enterprise).order_by("-year"))
    by_year = {item.year: item for item in items}
    return [_assessment(item, by_year.get(item.year - 1)) for item in items]


def _answer_errors(error: ValidationError) -> ValidationError:
    """A question's refusal named as the body names it: `answers.<code>`."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {
        (name if name in ("year", "answers", "enterprise") else f"answers.{name}"): messages
        for name, messages in error.message_dict.items()
    }
    return ValidationError(renamed)


@maturity.post(
    "/partners/enterprises/{enterprise_id}/assessments",
    response=with_errors({200: AssessmentOut, 201: AssessmentOut}, 400, 401, 403, 404, 409, 422),
    operation_id="assessment_submit",
)
def assessment_submit(request: HttpRequest, enterprise_id: RecordId, payload: AssessmentIn) -> Any:
    """The year's self-assessment (the enterprise itself, or the DX office entering the answers it
    received). 201 for a new year, 200 when it replaces that year's answers. Every question is
    answered (400 naming `answers.<code>`); a year after this one is a 400 naming `year`; an
    enterprise not verified is not assessed (409)."""
    user = caller(request)
    enterprise = _enterprise(user, enterprise_id)
    year = payload.year or local_today().year
    existed = MaturityAssessment.objects.filter(enterprise=enterprise, year=year).exists()
    try:
        saved = services.assessment_save(by=user, enterprise=enterprise, year=year, answers=payload.answers)
    except StateConflict:
        raise
    except ValidationError as error:
        raise _answer_errors(error) from error
    before = MaturityAssessment.objects.filter(enterprise=enterprise, year=year - 1).first()
    return Status(200 if existed else 201, _assessment(saved, before))
