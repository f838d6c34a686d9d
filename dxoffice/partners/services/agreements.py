"""Writes of agreements, amendments and commitments: the status rules, evidence and the tasks
that carry a commitment out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import Attachment, OrgUnit, User
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import attachment_add, attachments_of, save_audited
from dxoffice.partners.models import Agreement, Amendment, Commitment, CommitmentStatus
from dxoffice.partners.permissions import may_report_on
from dxoffice.partners.services.common import COMMITMENTS_MET_SHARE, announce, local_today
from dxoffice.planning import selectors as planning_selectors
from dxoffice.planning import services as planning_services

COMMITMENT_ORIGIN = "partners.commitment"
COMMITMENT_TASK_PREFIX = "CK"  # a task code left out is the plan's next free CK-1, CK-2, ...
AGREEMENT_FIELDS = {"number", "title", "signed_on", "valid_from", "valid_until", "scope"}
COMMITMENT_FIELDS = {"party", "code", "area", "title", "description", "measure", "due_date"}
NEEDS_REASON = {CommitmentStatus.AT_RISK, CommitmentStatus.DROPPED}
MOVES: dict[str, set[str]] = {
    CommitmentStatus.NOT_STARTED: {
        CommitmentStatus.IN_PROGRESS,
        CommitmentStatus.AT_RISK,
        CommitmentStatus.MET,
        CommitmentStatus.DROPPED,
    },
    CommitmentStatus.IN_PROGRESS: {CommitmentStatus.AT_RISK, CommitmentStatus.MET, CommitmentStatus.DROPPED},
    CommitmentStatus.AT_RISK: {CommitmentStatus.IN_PROGRESS, CommitmentStatus.MET, CommitmentStatus.DROPPED},
    CommitmentStatus.MET: {CommitmentStatus.IN_PROGRESS},  # reopened, with a reason
    CommitmentStatus.DROPPED: set(),
}


@transaction.atomic
def agreement_save(
    *,
    by: User,
    owner_unit: OrgUnit,
    parties: Iterable[OrgUnit],
    agreement: Agreement | None = None,
    **fields: Any,
) -> Agreement:
    """Create or change an agreement. Its parties always include the owner unit and at least one other."""
    unknown = set(fields) - AGREEMENT_FIELDS
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    require(by, Action.PLAN, owner_unit)
    if agreement is not None:
        require(by, Action.PLAN, agreement.owner_unit)
    agreement = agreement or Agreement()
    agreement.owner_unit = owner_unit
    for name, value in fields.items():
        setattr(agreement, name, value)
    units = {unit.pk: unit for unit in parties}
    units[owner_unit.pk] = owner_unit
    if len(units) < 2:
        raise ValidationError({"parties": _("An agreement needs at least one party besides the owner unit.")})
    if agreement.pk:
        used = set(agreement.commitments.values_list("party_id", flat=True))
        if used - set(units):
            raise ValidationError({"parties": _("A party that has commitments cannot be removed.")})
    event = "agreement.changed" if agreement.pk else "agreement.created"
    save_audited(agreement, by=by, event=event)
    agreement.parties.set(units.values())
    return agreement


@transaction.atomic
def amendment_add(*, by: User, agreement: Agreement, number: str, signed_on: date, summary: str) -> Amendment:
    require(by, Action.PLAN, agreement.owner_unit)
    if signed_on < agreement.signed_on:
        raise ValidationError({"signed_on": _("An amendment cannot be signed before the agreement.")})
    amendment = Amendment(agreement=agreement, number=number, signed_on=signed_on, summary=summary)
    return save_audited(amendment, by=by, event="agreement.amended")


@transaction.atomic
def agreement_document_add(
    *, by: User, agreement: Agreement, upload: File, description: str = ""
) -> Attachment:
    """The signed document (or an amendment's scan) kept with the agreement."""
    require(by, Action.PLAN, agreement.owner_unit)
    return attachment_add(by=by, target=agreement, upload=upload, description=description)


def _check_commitment(commitment: Commitment) -> None:
    agreement = commitment.agreement
    errors: dict[str, str] = {}
    if commitment.party_id and not agreement.parties.filter(pk=commitment.party_id).exists():
        errors["party"] = _("The party must be one of the agreement's parties.")
    if commitment.due_date and commitment.due_date < agreement.signed_on:
        errors["due_date"] = _("The due date is before the agreement was signed.")
    taken = Commitment.all_objects.filter(agreement=agreement, code=commitment.code).exclude(pk=commitment.pk)
    if commitment.code and taken.exists():
        errors["code"] = _("The code %(code)s is already used in this agreement.") % {"code": commitment.code}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def commitment_save(
    *, by: User, agreement: Agreement, commitment: Commitment | None = None, **fields: Any
) -> Commitment:
    """Create or change what a party committed to (not its status: see `commitment_set_status`)."""
    unknown = set(fields) - COMMITMENT_FIELDS
    if unknown:
        raise TypeError(f"unknown commitment fields: {sorted(unknown)}")
    require(by, Action.PLAN, agreement.owner_unit)
    if commitment is not None and commitment.agreement_id != agreement.pk:
        raise ValidationError({"agreement": _("This commitment belongs to another agreement.")})
    commitment = commitment or Commitment(agreement=agreement)
    previous_party = commitment.party_id
    for name, value in fields.items():
        setattr(commitment, name, value)
    _check_commitment(commitment)
    event = "commitment.changed" if commitment.pk else "commitment.created"
    save_audited(commitment, by=by, event=event)
    announce(
        COMMITMENTS_MET_SHARE, [commitment.party_id, previous_party], [commitment.due_date], cumulative=True
    )
    return commitment


def carrying_tasks(commitment: Commitment) -> list[Any]:
    """The tasks that carry the commitment out, as the system sees them (every one)."""
    from dxoffice.core.actors import system_actor

    return list(planning_selectors.tasks_of_origin(system_actor(), commitment))


def has_evidence(commitment: Commitment) -> bool:
    return attachments_of(commitment).exists()


def _tasks_all_completed(commitment: Commitment) -> bool:
    tasks = [task for task in carrying_tasks(commitment) if task.status != "cancelled"]
    return bool(tasks) and all(task.status == "completed" for task in tasks)


@transaction.atomic
def commitment_set_status(
    *, by: User, commitment: Commitment, status: str, reason: str = "", met_on: date | None = None
) -> Commitment:
    """Move a commitment along. Met needs evidence or all its tasks completed; at risk and dropped
    need a reason; dropped is final; a met commitment reopens only with a reason."""
    require(by, Action.PLAN, commitment.agreement.owner_unit)
    commitment = Commitment.objects.select_for_update(of=("self",)).get(pk=commitment.pk)
    current = commitment.status
    if status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Unknown status “%(value)s”.") % {"value": status}})
    if status not in MOVES[current]:
        raise StateConflict(
            {
                "status": _("A commitment cannot go from “%(from)s” to “%(to)s”.")
                % {"from": CommitmentStatus(current).label, "to": CommitmentStatus(status).label}
            }
        )
    reason = (reason or "").strip()
    if (status in NEEDS_REASON or current == CommitmentStatus.MET) and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    today = local_today()
    if status == CommitmentStatus.MET:
        if not (has_evidence(commitment) or _tasks_all_completed(commitment)):
            raise StateConflict(
                {
                    "status": _(
                        "A commitment is met once its evidence is attached or all its tasks are completed."
                    )
                }
            )
        met_on = met_on or today
        if met_on > today:
            raise ValidationError({"met_on": _("The date it was met cannot be in the future.")})
        if met_on < commitment.agreement.signed_on:
            raise ValidationError({"met_on": _("The date it was met is before the agreement was signed.")})
        commitment.met_on = met_on
    elif current == CommitmentStatus.MET:
        announce(COMMITMENTS_MET_SHARE, [commitment.party_id], [commitment.met_on], cumulative=True)
        commitment.met_on = None
    commitment.status = status
    commitment.status_reason = reason
    save_audited(commitment, by=by, event="commitment.status_changed", reason=reason)
    if status == CommitmentStatus.MET:
        announce(COMMITMENTS_MET_SHARE, [commitment.party_id], [commitment.met_on], cumulative=True)
    return commitment


@transaction.atomic
def commitment_evidence_add(
    *, by: User, commitment: Commitment, upload: File, description: str = ""
) -> Attachment:
    """Evidence of completion: the party itself or the agreement's managers."""
    if not may_report_on(by, commitment):
        raise PermissionDenied
    return attachment_add(by=by, target=commitment, upload=upload, description=description)


@transaction.atomic
def commitment_task_create(*, by: User, commitment: Commitment, plan: Any, **fields: Any) -> Any:
    """A task of the register that carries the commitment out (its origin kept). A partner's
    commitment names the partner on the task, so the partner sees it; the title and due date default
    to the commitment's, the code to the plan's next free `CK-<n>`."""
    require(by, Action.PLAN, commitment.agreement.owner_unit)
    if commitment.status == CommitmentStatus.DROPPED:
        raise StateConflict({"commitment": _("A dropped commitment takes no new tasks.")})
    if commitment.party.is_partner:
        fields.setdefault("partner", commitment.party)
    fields.setdefault("due_date", commitment.due_date)
    if not fields.get("title"):
        fields["title"] = commitment.title
    if not fields.get("code"):
        fields["code"] = planning_services.task_code_next(plan, COMMITMENT_TASK_PREFIX)
    return planning_services.task_create(
        by=by, plan=plan, origin=COMMITMENT_ORIGIN, origin_object=commitment, **fields
    )
