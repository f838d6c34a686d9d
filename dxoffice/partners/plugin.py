"""The partners module's entries in the module registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxoffice.core.models import User
from dxoffice.core.permissions import Action, can_anywhere, unit_filter
from dxoffice.core.registry import (
    AuditEvent,
    DailyJob,
    DataSource,
    HomeCard,
    Module,
    NavEntry,
    NotificationKind,
    OriginKind,
    PublicPage,
    Urgency,
    WorkItem,
)
from dxoffice.partners import selectors, sources
from dxoffice.partners.models import SupportCase
from dxoffice.partners.permissions import agreements_visible_to, own_enterprise


def _sees_partners(user: Any) -> bool:
    return bool(can_anywhere(user, Action.VIEW))


def _is_enterprise(user: Any) -> bool:
    return (
        bool(user.is_authenticated)
        and not can_anywhere(user, Action.VIEW)
        and own_enterprise(user) is not None
    )


def _commitment_url(record: Any) -> str:
    return reverse("partners:commitment_detail", args=[record.pk])


def _school_project_url(record: Any) -> str:
    return reverse("partners:school_list") + f"#project-{record.pk}"


def agreements_card(request: HttpRequest) -> dict[str, Any] | None:
    """The agreements the person may see, with their commitments by state."""
    agreements = list(agreements_visible_to(request.user)[:3])
    if not agreements:
        return None
    cards = [selectors.scorecard(request.user, agreement) for agreement in agreements]
    return {"cards": cards}


def cases_waiting(user: User, today: date) -> list[WorkItem]:
    """Support cases waiting for this person: new ones to triage (the DX office of their commune),
    assigned ones to answer (the partner), the most urgent first."""
    if not can_anywhere(user, Action.REPORT):
        return []
    to_triage = Q(status="new") & unit_filter(user, Action.PLAN, "enterprise__commune")
    to_answer = Q(status__in=["triaged", "in_progress"]) & unit_filter(user, Action.REPORT, "partner")
    cases = SupportCase.objects.filter(to_triage | to_answer).select_related("enterprise")
    items: list[WorkItem] = []
    for case in cases.order_by(F("due_date").asc(nulls_last=True), "opened_on")[:5]:
        late = case.due_date is not None and case.due_date < today
        items.append(
            WorkItem(
                kind="partners.case",
                kind_label=_("Support case to triage")
                if case.status == "new"
                else _("Support case to answer"),
                title=case.enterprise.name,
                url=reverse("partners:case_detail", args=[case.pk]),
                urgency=Urgency.OVERDUE if late else Urgency.WAITING,
                due=case.due_date,
                detail=str(case.get_need_display()),
            )
        )
    return items


MODULE = Module(
    name="partners",
    label=_("Partners"),
    nav=[
        NavEntry(
            "partners",
            _("Partnership"),
            "partners:agreement_list",
            icon="people",
            order=130,
            visible=_sees_partners,
        ),
        NavEntry(
            "my_enterprise",
            _("My enterprise"),
            "partners:my_enterprise",
            icon="shop",
            order=131,
            visible=_is_enterprise,
        ),
    ],
    cards=[
        HomeCard(
            "partners",
            _("Cooperation agreements"),
            "partners/cards/agreements.html",
            agreements_card,
            order=60,
        )
    ],
    work=[cases_waiting],
    visibility={
        "partners.agreement": selectors.visible_record,
        "partners.commitment": selectors.visible_record,
        "partners.enterprise": selectors.visible_record,
        "partners.supportcase": selectors.visible_record,
        "partners.schoolproject": selectors.visible_record,
        "partners.prioritylisting": selectors.visible_record,
        "partners.partnerprofile": selectors.visible_record,
        "partners.partnercontact": selectors.visible_record,
        "partners.solution": selectors.visible_record,
    },
    origins=[
        OriginKind(
            "partners.commitment", _("Agreement commitment"), model="partners.Commitment", url=_commitment_url
        ),
        OriginKind(
            "partners.school_project",
            _("School project"),
            model="partners.SchoolProject",
            url=_school_project_url,
        ),
    ],
    events=[
        AuditEvent("agreement.created", _("agreement created")),
        AuditEvent("agreement.changed", _("agreement changed")),
        AuditEvent("agreement.amended", _("amendment added")),
        AuditEvent("commitment.created", _("commitment created")),
        AuditEvent("commitment.changed", _("commitment changed")),
        AuditEvent("commitment.status_changed", _("commitment status changed")),
        AuditEvent("commitment.started_by_task", _("started: a task carrying it began")),
        AuditEvent("commitment.extended", _("due date extended at a review")),
        AuditEvent("review.recorded", _("agreement reviewed")),
        AuditEvent("review.decided", _("review decision")),
        AuditEvent("enterprise.registered", _("enterprise registered")),
        AuditEvent("enterprise.verified", _("enterprise verified")),
        AuditEvent("enterprise.account_created", _("enterprise account created")),
        AuditEvent("enterprise.password_issued", _("temporary password issued")),
        AuditEvent("enterprise.password_reset", _("password set through the e-mailed link")),
        AuditEvent("enterprise.rejected", _("enterprise rejected")),
        AuditEvent("enterprise.assessed", _("maturity assessed")),
        AuditEvent("enterprise.prioritised", _("put on the priority list")),
        AuditEvent("enterprise.unprioritised", _("taken off the priority list")),
        AuditEvent("enterprise.profile_changed", _("enterprise profile changed")),
        AuditEvent("case.opened", _("support case opened")),
        AuditEvent("case.triaged", _("support case triaged")),
        AuditEvent("case.started", _("support case started")),
        AuditEvent("case.resolved", _("support case resolved")),
        AuditEvent("case.declined", _("support case declined")),
        AuditEvent("case.rated", _("satisfaction recorded")),
        AuditEvent("case.noted", _("note added")),
        AuditEvent("solution.saved", _("solution saved")),
        AuditEvent("solution.retired", _("solution retired")),
        AuditEvent("partner.profile_created", _("partner profile created")),
        AuditEvent("partner.profile_changed", _("partner profile changed")),
        AuditEvent("partner.contact_added", _("contact added")),
        AuditEvent("partner.contact_changed", _("contact changed")),
        AuditEvent("partner.contact_retired", _("contact retired")),
        AuditEvent("school_project.created", _("school project created")),
        AuditEvent("school_project.changed", _("school project changed")),
    ],
    notifications=[
        NotificationKind(
            "partners.commitment_late",
            _("Late commitments"),
            _("A commitment of an agreement you follow is past its due date."),
        ),
        NotificationKind(
            "partners.case_assigned",
            _("Support cases assigned to you"),
            _("The DX office assigned an enterprise's request to your organisation."),
            default_email="immediate",
        ),
        NotificationKind(
            "partners.commitment_due",
            _("Commitments due soon"),
            _("A commitment of an agreement you follow is due within two weeks."),
        ),
    ],
    public=[
        PublicPage("enterprise_register", _("Enterprise registration for DX support"), "partners:register"),
        PublicPage("enterprise_login", _("Enterprise sign-in"), "partners:login", order=101),
    ],
    daily=[
        DailyJob("partners.daily", _("Commitments due soon or late"), "dxoffice.partners.reminders.run_daily")
    ],
    sources=[
        DataSource(
            "partners.enterprises_supported",
            _("Enterprises supported"),
            sources.enterprises_supported,
            unit=_("enterprises"),
            description=_(
                "Verified enterprises with a support case resolved in the period, per commune (a unit counts its subtree)."
            ),
        ),
        DataSource(
            "partners.commitments_met_share",
            _("Agreement commitments met"),
            sources.commitments_met_share,
            unit="%",
            description=_(
                "Share of a party's commitments due by the period's end (dropped ones left out) that were met, per party unit."
            ),
        ),
        DataSource(
            "partners.smes_supported_share",
            _("SMEs supported"),
            sources.smes_supported_share,
            unit="%",
            description=_(
                "Share of the verified small and medium enterprises (micro, small, medium) of a unit that had a support case resolved by the period's end (a unit counts its subtree)."
            ),
        ),
    ],
)
