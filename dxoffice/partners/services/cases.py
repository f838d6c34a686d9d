"""Support cases from request to closure (new -> triaged -> in progress -> resolved, or declined
with a reason) and their notes."""

from __future__ import annotations

from datetime import date

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
from dxoffice.partners.figures import SME_SIZES
from dxoffice.partners.models import CaseNote, CaseStatus, Enterprise, EnterpriseStatus, Solution, SupportCase
from dxoffice.partners.permissions import may_triage, may_work_on
from dxoffice.partners.services.common import (
    ENTERPRISES_SUPPORTED,
    SMES_SUPPORTED_SHARE,
    announce,
    local_today,
    unit_and_ancestors,
)

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
    enterprise = case.enterprise
    if enterprise.status == EnterpriseStatus.VERIFIED:
        announce(ENTERPRISES_SUPPORTED, [enterprise.commune_id], [case.closed_on])
        if enterprise.size in SME_SIZES:
            units = unit_and_ancestors(enterprise.commune.path)
            announce(SMES_SUPPORTED_SHARE, units, [case.closed_on], cumulative=True)
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
    """The satisfaction score (1–5) the enterprise gave once its case was resolved: rated by the
    enterprise's own account once, or recorded (and corrected) by the partner or the DX office."""
    case = _locked(case)
    own = bool(case.enterprise.account_id) and case.enterprise.account_id == by.pk
    if not (own or may_work_on(by, case)):
        raise PermissionDenied
    _expect(case, CaseStatus.RESOLVED)
    if own and case.satisfaction is not None:
        raise StateConflict({"satisfaction": _("This case has already been rated.")})
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("A satisfaction score is a whole number from 1 to 5.")})
    case.satisfaction = satisfaction
    return save_audited(case, by=by, event="case.rated")


@transaction.atomic
def case_note_add(*, by: User, case: SupportCase, text: str) -> CaseNote:
    if not may_work_on(by, case):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the note.")})
    return save_audited(CaseNote(case=case, text=text.strip(), author=by), by=by, event="case.noted")
