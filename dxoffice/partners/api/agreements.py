"""Agreements, their scorecard and their commitments. A partner sees only the agreements it is
party to; another agreement is a 404, a write the caller may not make a 403."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import InputSchema, IsoDate, RecordId
from dxoffice.partners import selectors, services
from dxoffice.partners.models import Agreement, CommitmentStatus

router = Router(tags=["agreements"])
commitments = Router(tags=["commitments"])


class PartyOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class AgreementOut(Schema):
    id: int
    number: str
    title: str
    owner_unit: str = Field(description="Code of the government unit that keeps the agreement.")
    parties: list[PartyOut]
    signed_on: date
    valid_from: date
    valid_until: date | None
    scope: str

    @staticmethod
    def resolve_owner_unit(obj: Agreement) -> str:
        return obj.owner_unit.code

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[Any]:
        return list(obj.parties.all())


class CommitmentOut(Schema):
    id: int
    code: str
    party: str = Field(description="Code of the party that committed.")
    area: str
    title: str
    measure: str
    due_date: date
    status: str = Field(description="As recorded: not_started, in_progress, at_risk, met, dropped.")
    state: str = Field(
        description="As it stands today: met, late, at_risk, in_progress, not_started, dropped."
    )
    progress: int | None = Field(
        description="Mean progress of the tasks carrying it (%), null without tasks."
    )
    tasks: list[int] = Field(description="Ids of the tasks carrying it out that the caller may see.")
    met_on: date | None
    status_reason: str


class PartyScoreOut(Schema):
    party: str
    commitments: int
    counts: dict[str, int]
    due: int
    met_share: float | None = Field(description="% of the commitments due so far that are met.")
    people_trained: float | None = Field(
        description="From the training module; null when it publishes nothing."
    )
    enterprises_supported: int
    solutions_deployed: int


class ScorecardOut(Schema):
    agreement: int
    as_of: date
    counts: dict[str, int]
    training_available: bool
    parties: list[PartyScoreOut]


class StatusIn(InputSchema):
    status: CommitmentStatus
    reason: str = Field("", max_length=2000)
    met_on: IsoDate | None = Field(None, description="When it was met (today if left out).")


def _commitment_out(row: selectors.CommitmentRow) -> dict[str, Any]:
    c = row.commitment
    return {
        "id": c.pk,
        "code": c.code,
        "party": c.party.code,
        "area": c.area,
        "title": c.title,
        "measure": c.measure,
        "due_date": c.due_date,
        "status": c.status,
        "state": row.state,
        "progress": row.progress,
        "tasks": [task.pk for task in row.tasks],
        "met_on": c.met_on,
        "status_reason": c.status_reason,
    }


@router.get(
    "/partners/agreements",
    response=with_errors({200: Page[AgreementOut]}, 401, 422),
    operation_id="agreement_list",
)
def agreement_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    """The agreements the caller may see (a partner: those it is party to)."""
    return paginate(selectors.agreement_list(caller(request)), page)


@router.get(
    "/partners/agreements/{agreement_id}",
    response=with_errors({200: AgreementOut}, 401, 404, 422),
    operation_id="agreement_get",
)
def agreement_get(request: HttpRequest, agreement_id: RecordId) -> Any:
    return selectors.agreement_for(caller(request), agreement_id)


@router.get(
    "/partners/agreements/{agreement_id}/scorecard",
    response=with_errors({200: ScorecardOut}, 401, 404, 422),
    operation_id="agreement_scorecard",
)
def agreement_scorecard(request: HttpRequest, agreement_id: RecordId) -> Any:
    """Commitments by state, per party, with what each partner delivered: the screen's figures."""
    user = caller(request)
    card = selectors.scorecard(user, selectors.agreement_for(user, agreement_id))
    return {
        "agreement": card.agreement.pk,
        "as_of": card.today,
        "counts": card.counts,
        "training_available": card.training_available,
        "parties": [
            {
                "party": s.party.code,
                "commitments": s.total,
                "counts": s.counts,
                "due": s.due,
                "met_share": s.met_share,
                "people_trained": float(s.people_trained) if s.people_trained is not None else None,
                "enterprises_supported": s.enterprises_supported,
                "solutions_deployed": s.solutions_deployed,
            }
            for s in card.parties
        ],
    }


@commitments.get(
    "/partners/agreements/{agreement_id}/commitments",
    response=with_errors({200: list[CommitmentOut]}, 401, 404, 422),
    operation_id="commitment_list",
)
def commitment_list(request: HttpRequest, agreement_id: RecordId) -> Any:
    """Every commitment of the agreement with its state today, progress and tasks."""
    user = caller(request)
    return [
        _commitment_out(row)
        for row in selectors.commitments_of(user, selectors.agreement_for(user, agreement_id))
    ]


@commitments.post(
    "/partners/commitments/{commitment_id}/status",
    response=with_errors({200: CommitmentOut}, 400, 401, 403, 404, 409, 422),
    operation_id="commitment_status_set",
)
def commitment_status_set(request: HttpRequest, commitment_id: RecordId, payload: StatusIn) -> Any:
    """Move a commitment along: met needs evidence or its tasks completed (409); at risk, dropped
    and reopening need a reason (400)."""
    user = caller(request)
    commitment = selectors.commitment_for(user, commitment_id)
    services.commitment_set_status(
        by=user, commitment=commitment, status=payload.status, reason=payload.reason, met_on=payload.met_on
    )
    from dxoffice.partners.models import Commitment

    return _commitment_out(selectors.commitment_rows(user, Commitment.objects.filter(pk=commitment.pk))[0])
