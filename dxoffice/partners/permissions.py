"""Who may see and do what in the partners module, through the one gate (`core.permissions`).

- An agreement is kept by its owner unit (the province): those who may plan there manage it, and
  anyone who may view there reads it. A party reads the agreements it is party to.
- A party reports on its own commitments (evidence, notes) with the report action on its unit.
- An enterprise's own account (made when it is verified) sees only its own profile, assessments
  and requests, answers its self-assessment and asks for help.
- School projects are kept by the province (or, when a project fulfils a commitment, by that
  agreement's owner unit): those who may plan there add tasks carrying them out.
- Partners (the partner units of the tree) and the solutions catalogue are kept by the DX office
  (those who plan for the province); anyone who views the province reads every partner's profile and
  contacts, a partner's own people read their own.
- Enterprises belong to their commune: the DX office (plan on the commune, so the province's
  coordinators) verifies them and triages their cases; a partner sees the cases assigned to it and
  moves them along with the report action on its own unit.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dxoffice.core.models import PARTNER_KINDS, OrgUnit, UnitKind
from dxoffice.core.permissions import Action, AnyUser, can, can_anywhere, unit_filter
from dxoffice.partners.models import Agreement, Commitment, Enterprise, SchoolProject, SupportCase


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    scope = unit_filter(user, Action.VIEW, "owner_unit")
    if scope == Q():
        return Agreement.objects.all()
    parties = Agreement.parties.through.objects.filter(unit_filter(user, Action.VIEW, "orgunit"))
    return Agreement.objects.filter(scope | Q(pk__in=parties.values("agreement_id")))


def may_manage_agreement(user: AnyUser, agreement: Agreement) -> bool:
    return can(user, Action.PLAN, agreement.owner_unit)


def may_manage_agreements(user: AnyUser) -> bool:
    return can_anywhere(user, Action.PLAN)


def may_report_on(user: AnyUser, commitment: Commitment) -> bool:
    """The party itself, or the agreement's managers, may add evidence and notes."""
    return can(user, Action.REPORT, commitment.party) or may_manage_agreement(user, commitment.agreement)


def commitments_visible_to(user: AnyUser) -> QuerySet[Commitment]:
    return Commitment.objects.filter(agreement__in=agreements_visible_to(user).values("pk"))


def _own(user: AnyUser, field: str) -> Q:
    """An enterprise's own account sees its own records."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(**{field: user.pk})


def enterprises_visible_to(user: AnyUser) -> QuerySet[Enterprise]:
    scope = unit_filter(user, Action.VIEW, "commune")
    if scope == Q():
        return Enterprise.objects.all()
    assigned = SupportCase.objects.filter(unit_filter(user, Action.VIEW, "partner")).values("enterprise_id")
    return Enterprise.objects.filter(scope | Q(pk__in=assigned) | _own(user, "account_id"))


def may_verify(user: AnyUser, enterprise: Enterprise) -> bool:
    return can(user, Action.PLAN, enterprise.commune)


def cases_visible_to(user: AnyUser) -> QuerySet[SupportCase]:
    scope = unit_filter(user, Action.VIEW, "enterprise__commune", "partner")
    if scope == Q():
        return SupportCase.objects.all()
    return SupportCase.objects.filter(scope | _own(user, "enterprise__account_id"))


def may_triage(user: AnyUser, case: SupportCase) -> bool:
    return can(user, Action.PLAN, case.enterprise.commune)


def own_enterprise(user: AnyUser) -> Enterprise | None:
    """The enterprise whose account this is, if any."""
    if not user.is_authenticated:
        return None
    return Enterprise.objects.filter(account_id=user.pk).first()


def may_work_on(user: AnyUser, case: SupportCase) -> bool:
    """The assigned partner moves the case along; the DX office may too."""
    assigned = case.partner is not None and can(user, Action.REPORT, case.partner)
    return assigned or may_triage(user, case)


def school_projects_visible_to(user: AnyUser) -> QuerySet[SchoolProject]:
    scope = unit_filter(user, Action.VIEW, "school")
    if scope == Q():
        return SchoolProject.objects.all()
    by_agreement = Q(commitment__agreement__in=agreements_visible_to(user).values("pk"))
    return SchoolProject.objects.filter(scope | by_agreement)


def province_unit() -> OrgUnit | None:
    """The province at the root of the unit tree."""
    return OrgUnit.objects.filter(kind=UnitKind.PROVINCE, parent__isnull=True).order_by("pk").first()


def school_project_owner(project: SchoolProject) -> OrgUnit | None:
    """Who keeps a school project: the owner unit of the agreement it fulfils, else the province."""
    if project.commitment is not None:
        return project.commitment.agreement.owner_unit
    return province_unit()


def may_manage_school_project(user: AnyUser, project: SchoolProject) -> bool:
    return can(user, Action.PLAN, school_project_owner(project))


def partners_visible_to(user: AnyUser) -> QuerySet[OrgUnit]:
    """The partner units whose profile and contacts the person reads: every one for those who view
    the province, else those in their own view scope (a partner's own people)."""
    partners = OrgUnit.objects.filter(kind__in=PARTNER_KINDS)
    if can(user, Action.VIEW, province_unit()):
        return partners
    return partners.filter(unit_filter(user, Action.VIEW))


def may_keep_partners(user: AnyUser) -> bool:
    """Partner profiles, their contacts and the solutions catalogue: the DX office."""
    return can(user, Action.PLAN, province_unit())
