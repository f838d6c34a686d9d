"""The periodic (quarterly) review of an agreement: notes and a decision per commitment, applied
to the commitments through the same rules as any status change, all in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.periods import QUARTER, Period
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.partners.models import (
    Agreement,
    AgreementReview,
    Commitment,
    CommitmentStatus,
    ReviewDecision,
    ReviewDecisionKind,
)
from dxoffice.partners.services.agreements import commitment_set_status
from dxoffice.partners.services.common import COMMITMENTS_MET_SHARE, announce, local_today


@dataclass(frozen=True)
class DecisionInput:
    commitment: Commitment
    decision: str
    note: str = ""
    new_due_date: date | None = None


def _check_period(period: str, held_on: date) -> str:
    try:
        parsed = Period.parse(period)
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from error
    if parsed.kind != QUARTER:
        raise ValidationError({"period": _("A review covers a quarter, e.g. 2026Q1.")})
    if held_on < parsed.start:
        raise ValidationError({"held_on": _("A quarter is reviewed once it has begun.")})
    if held_on > local_today():
        raise ValidationError({"held_on": _("The review date cannot be in the future.")})
    return parsed.code


def _apply(by: User, item: DecisionInput, review: AgreementReview) -> None:
    commitment = item.commitment
    note = item.note.strip() or _("Decided at the review of %(period)s.") % {"period": review.period}
    kind = item.decision
    if kind == ReviewDecisionKind.ON_TRACK and commitment.status == CommitmentStatus.AT_RISK:
        commitment_set_status(by=by, commitment=commitment, status=CommitmentStatus.IN_PROGRESS, reason=note)
    elif kind == ReviewDecisionKind.AT_RISK and commitment.status != CommitmentStatus.AT_RISK:
        commitment_set_status(by=by, commitment=commitment, status=CommitmentStatus.AT_RISK, reason=note)
    elif kind == ReviewDecisionKind.MET and commitment.status != CommitmentStatus.MET:
        commitment_set_status(by=by, commitment=commitment, status=CommitmentStatus.MET, reason=note)
    elif kind == ReviewDecisionKind.DROP:
        commitment_set_status(by=by, commitment=commitment, status=CommitmentStatus.DROPPED, reason=note)
    elif kind == ReviewDecisionKind.EXTEND:
        if item.new_due_date is None or item.new_due_date <= commitment.due_date:
            raise ValidationError(
                {f"decisions.{commitment.code}": _("A new due date must come after the current one.")}
            )
        old_due = commitment.due_date
        commitment.due_date = item.new_due_date
        save_audited(commitment, by=by, event="commitment.extended", reason=note)
        announce(COMMITMENTS_MET_SHARE, [commitment.party_id], [old_due], cumulative=True)


@transaction.atomic
def review_record(
    *,
    by: User,
    agreement: Agreement,
    period: str,
    held_on: date,
    notes: str = "",
    decisions: Sequence[DecisionInput] = (),
) -> AgreementReview:
    """Record the review of a quarter and apply its decisions. One review per agreement and quarter."""
    require(by, Action.PLAN, agreement.owner_unit)
    code = _check_period(period, held_on)
    if AgreementReview.objects.filter(agreement=agreement, period=code).exists():
        raise StateConflict({"period": _("This quarter has already been reviewed.")})
    seen: set[int] = set()
    for item in decisions:
        if item.commitment.agreement_id != agreement.pk:
            raise ValidationError({"decisions": _("A decision names a commitment of another agreement.")})
        if item.commitment.pk in seen:
            raise ValidationError(
                {"decisions": _("Commitment %(code)s has two decisions.") % {"code": item.commitment.code}}
            )
        if item.decision not in ReviewDecisionKind.values:
            raise ValidationError(
                {"decisions": _("Unknown decision “%(value)s”.") % {"value": item.decision}}
            )
        seen.add(item.commitment.pk)
    review = save_audited(
        AgreementReview(agreement=agreement, period=code, held_on=held_on, notes=notes, recorded_by=by),
        by=by,
        event="review.recorded",
    )
    for item in decisions:
        save_audited(
            ReviewDecision(
                review=review,
                commitment=item.commitment,
                decision=item.decision,
                note=item.note,
                new_due_date=item.new_due_date,
            ),
            by=by,
            event="review.decided",
        )
        _apply(by, item, review)
    return review
