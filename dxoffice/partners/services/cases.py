"""Support cases from request to closure (new -> triaged -> in progress -> resolved, or declined
with a reason), their notes, and the solutions catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.actors import is_system
from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import PARTNER_KINDS, OrgUnit, Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.permissions import Action, require
from dxoffice.core.selectors import users_with_role_on
from dxoffice.core.services import save_audited
from dxoffice.partners.models import CaseNote, CaseStatus, Enterprise, EnterpriseStatus, Solution, SupportCase
from dxoffice.partners.permissions import may_triage, may_work_on, province_unit
from dxoffice.partners.services.common import ENTERPRISES_SUPPORTED, announce, local_today

SOLUTION_FIELDS = {"name", "provider", "sector", "need", "price_min", "price_max", "references"}
CASE_WORKERS = (Role.FOCAL, Role.COORDINATOR, Role.ADMIN)


def _locked(case: SupportCase) -> SupportCase:
    return (
        SupportCase.objects.select_for_update(of=("self",))
        .select_related("enterprise__commune", "partner")
        .get(pk=case.pk)
    )


def _expect(case: SupportCase, *statuses: str) -> None:
    if case.status not in statuses:
        raise StateConflict(
            {
                "status": _("This is not possible while the case is “%(status)s”.")
                % {"status": case.get_status_display()}
            }
        )


@transaction.atomic
def case_open(
    *,
    by: User,
    enterprise: Enterprise,
    sector: str,
    need: str,
    description: str,
    opened_on: date | None = None,
) -> SupportCase:
    """A request for help: from the public form (the system actor) or entered by the DX office."""
    own = bool(enterprise.account_id) and enterprise.account_id == by.pk
    if not (is_system(by) or own):
        require(by, Action.PLAN, enterprise.commune)
    if enterprise.status == EnterpriseStatus.REJECTED:
        raise StateConflict({"enterprise": _("This enterprise's registration was rejected.")})
    case = SupportCase(
        enterprise=enterprise,
        sector=sector,
        need=need,
        description=(description or "").strip(),
        opened_on=opened_on or local_today(),
    )
    return save_audited(case, by=by, event="case.opened")


@transaction.atomic
def case_triage(
    *, by: User, case: SupportCase, partner: OrgUnit, due_date: date, solution: Solution | None = None
) -> SupportCase:
    """The DX office assigns a partner (and a solution of the catalogue) and sets the answer's deadline."""
    case = _locked(case)
    if not may_triage(by, case):
        raise PermissionDenied
    _expect(case, CaseStatus.NEW, CaseStatus.TRIAGED)
    if partner.kind not in PARTNER_KINDS:
        raise ValidationError({"partner": _("The partner must be a partner organisation.")})
    if solution is not None and solution.provider_id != partner.pk:
        raise ValidationError({"solution": _("This solution is provided by another partner.")})
    if due_date < case.opened_on:
        raise ValidationError({"due_date": _("The deadline is before the case was opened.")})
    newly_assigned = case.partner_id != partner.pk
    case.partner, case.solution, case.due_date = partner, solution, due_date
    case.status = CaseStatus.TRIAGED
    save_audited(case, by=by, event="case.triaged")
    if newly_assigned:
        notify(
            kind="partners.case_assigned",
            recipients=users_with_role_on(partner, CASE_WORKERS),
            title=Message(
                gettext_lazy("Support case assigned to you: %(enterprise)s"), enterprise=case.enterprise.name
            ),
            body=case.description,
            url=reverse("partners:case_detail", args=[case.pk]),
            target=case,
            by=by,
            dedupe_key=f"partners.case_assigned:{case.pk}:{partner.pk}",
        )
    return case


@transaction.atomic
def case_start(*, by: User, case: SupportCase) -> SupportCase:
    case = _locked(case)
    if not may_work_on(by, case):
        raise PermissionDenied
    _expect(case, CaseStatus.TRIAGED)
    case.status = CaseStatus.IN_PROGRESS
    return save_audited(case, by=by, event="case.started")


@transaction.atomic
def case_resolve(
    *, by: User, case: SupportCase, note: str, satisfaction: int | None = None, closed_on: date | None = None
) -> SupportCase:
    """The enterprise got its answer; the satisfaction it gave (1–5) may be recorded now or later.
    `closed_on` (today if left out) records a closure entered afterwards."""
    case = _locked(case)
    if not may_work_on(by, case):
        raise PermissionDenied
    _expect(case, CaseStatus.TRIAGED, CaseStatus.IN_PROGRESS)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what was done for the enterprise.")})
    today = local_today()
    closed_on = closed_on or today
    if closed_on > today or closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("The closing date must be between the opening and today.")})
    case.status = CaseStatus.RESOLVED
    case.closed_on = closed_on
    case.satisfaction = satisfaction
    save_audited(case, by=by, event="case.resolved", reason=note.strip())
    save_audited(CaseNote(case=case, text=note.strip(), author=by), by=by, event="case.noted")
    if case.enterprise.status == EnterpriseStatus.VERIFIED:
        announce(ENTERPRISES_SUPPORTED, [case.enterprise.commune_id], [case.closed_on])
    return case


@transaction.atomic
def case_decline(*, by: User, case: SupportCase, reason: str) -> SupportCase:
    case = _locked(case)
    if not may_triage(by, case):
        raise PermissionDenied
    _expect(case, *[CaseStatus.NEW, CaseStatus.TRIAGED, CaseStatus.IN_PROGRESS])
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason.")})
    case.status = CaseStatus.DECLINED
    case.decline_reason = reason.strip()[:400]
    case.closed_on = local_today()
    return save_audited(case, by=by, event="case.declined", reason=reason.strip())


@transaction.atomic
def case_rate(*, by: User, case: SupportCase, satisfaction: int) -> SupportCase:
    """The satisfaction score the enterprise gave once its case was resolved."""
    case = _locked(case)
    if not may_work_on(by, case):
        raise PermissionDenied
    _expect(case, CaseStatus.RESOLVED)
    case.satisfaction = satisfaction
    return save_audited(case, by=by, event="case.rated")


@transaction.atomic
def case_note_add(*, by: User, case: SupportCase, text: str) -> CaseNote:
    if not may_work_on(by, case):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the note.")})
    return save_audited(CaseNote(case=case, text=text.strip(), author=by), by=by, event="case.noted")


@transaction.atomic
def solution_save(*, by: User, solution: Solution | None = None, **fields: Any) -> Solution:
    """The catalogue is kept by the DX office (those who plan for the province)."""
    unknown = set(fields) - SOLUTION_FIELDS
    if unknown:
        raise TypeError(f"unknown solution fields: {sorted(unknown)}")
    require(by, Action.PLAN, province_unit())
    solution = solution or Solution()
    for name, value in fields.items():
        setattr(solution, name, value)
    if solution.provider_id and solution.provider.kind not in PARTNER_KINDS:
        raise ValidationError({"provider": _("The provider must be a partner organisation.")})
    low, high = solution.price_min, solution.price_max
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise ValidationError({"price_max": _("The highest price is below the lowest.")})
    return save_audited(solution, by=by, event="solution.saved")
