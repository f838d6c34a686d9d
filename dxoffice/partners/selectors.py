"""Reads of agreements and commitments that several screens, the exports and the API share, scoped
by the one permission gate. A commitment's state today (late past its due date) and its progress
(from the tasks that carry it out) are derived here, never stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dxoffice.core.permissions import Action, AnyUser, can_anywhere
from dxoffice.core.registry import registry
from dxoffice.partners.models import (
    Agreement,
    Commitment,
    CommitmentState,
    CommitmentStatus,
    PartnerContact,
    PartnerProfile,
    PriorityListing,
    SchoolProject,
    Solution,
    SupportCase,
)
from dxoffice.partners.permissions import (
    agreements_visible_to,
    cases_visible_to,
    commitments_visible_to,
    enterprises_visible_to,
    partners_visible_to,
    school_projects_visible_to,
)
from dxoffice.partners.services.common import local_today
from dxoffice.planning.selectors import tasks_of_origin

PEOPLE_TRAINED = "training.people_trained_by_provider"
STATE_ORDER = [state.value for state in CommitmentState]


def commitment_state(commitment: Commitment, today: date, tasks: list[Any] | None = None) -> str:
    """Met and dropped as recorded; otherwise late past the due date; at risk as recorded or when a
    task carrying it is overdue; in progress as recorded or once a task has started."""
    status = commitment.status
    if status in (CommitmentStatus.MET, CommitmentStatus.DROPPED):
        return status
    if commitment.due_date < today:
        return CommitmentState.LATE
    tasks = tasks or []
    if status == CommitmentStatus.AT_RISK or any(getattr(t, "tracking", "") == "overdue" for t in tasks):
        return CommitmentState.AT_RISK
    if status == CommitmentStatus.IN_PROGRESS or any(t.status != "not_started" for t in tasks):
        return CommitmentState.IN_PROGRESS
    return CommitmentState.NOT_STARTED


def progress_of(tasks: list[Any]) -> int | None:
    """The mean progress of the tasks carrying a commitment (a completed task counts 100%, one
    without an accepted report 0%); None without tasks. Cancelled tasks do not count."""
    counted = [t for t in tasks if t.status != "cancelled"]
    if not counted:
        return None
    values = [
        100 if t.status == "completed" else int(getattr(t, "reported_percent", None) or 0) for t in counted
    ]
    return round(sum(values) / len(values))


@dataclass
class CommitmentRow:
    commitment: Commitment
    state: str
    tasks: list[Any]
    progress: int | None

    @property
    def state_label(self) -> str:
        return str(CommitmentState(self.state).label)


def agreement_for(user: AnyUser, pk: int) -> Agreement:
    """One agreement the user may see (else DoesNotExist, a 404)."""
    return agreements_visible_to(user).select_related("owner_unit").get(pk=pk)


def commitment_for(user: AnyUser, pk: int) -> Commitment:
    return commitments_visible_to(user).select_related("agreement__owner_unit", "party").get(pk=pk)


def school_project_for(user: AnyUser, pk: int) -> SchoolProject:
    """One school project the user may see (else DoesNotExist, a 404)."""
    return (
        school_projects_visible_to(user)
        .select_related("school", "commitment__agreement__owner_unit")
        .get(pk=pk)
    )


def agreement_list(user: AnyUser) -> QuerySet[Agreement]:
    return agreements_visible_to(user).select_related("owner_unit").prefetch_related("parties")


def commitment_rows(
    user: AnyUser, commitments: QuerySet[Commitment], today: date | None = None
) -> list[CommitmentRow]:
    """Each commitment with its tasks as the user may see them, its state and progress."""
    today = today or local_today()
    rows = []
    for commitment in commitments.select_related("party", "agreement"):
        tasks = list(tasks_of_origin(user, commitment))
        rows.append(
            CommitmentRow(commitment, commitment_state(commitment, today, tasks), tasks, progress_of(tasks))
        )
    return rows


def commitments_of(user: AnyUser, agreement: Agreement, today: date | None = None) -> list[CommitmentRow]:
    return commitment_rows(user, agreement.commitments.order_by("code"), today)


def state_counts(rows: list[CommitmentRow]) -> dict[str, int]:
    counts = Counter(row.state for row in rows)
    return {state: counts.get(state, 0) for state in STATE_ORDER}


@dataclass
class PartyScore:
    party: Any
    counts: dict[str, int]
    total: int
    due: int  # due by today (dropped left out)
    met_share: float | None  # % of those due that are met
    people_trained: Any = None  # Decimal, or None when the training module publishes nothing
    enterprises_supported: int = 0
    solutions_deployed: int = 0
    school_projects: int = 0


@dataclass
class Scorecard:
    agreement: Agreement
    today: date
    rows: list[CommitmentRow]
    counts: dict[str, int]
    parties: list[PartyScore] = field(default_factory=list)
    training_available: bool = False


def _met_share(rows: list[CommitmentRow], today: date) -> tuple[int, float | None]:
    due = [r for r in rows if r.state != CommitmentState.DROPPED and r.commitment.due_date <= today]
    if not due:
        return 0, None
    met = sum(1 for r in due if r.state == CommitmentState.MET)
    return len(due), round(100 * met / len(due), 1)


def scorecard(user: AnyUser, agreement: Agreement, today: date | None = None) -> Scorecard:
    """The agreement at a glance for the coordination group: commitments by state, per party, and
    what each partner delivered (people trained, enterprises supported, solutions deployed)."""
    today = today or local_today()
    rows = commitments_of(user, agreement, today)
    card = Scorecard(agreement, today, rows, state_counts(rows))
    source = registry.data_source(PEOPLE_TRAINED)
    card.training_available = source is not None
    parties = list(agreement.parties.order_by("kind", "name"))
    trained = source.values(str(today.year), [p.pk for p in parties]) if source is not None else {}
    resolved = SupportCase.objects.filter(status="resolved", enterprise__status="verified")
    for party in parties:
        own = [row for row in rows if row.commitment.party_id == party.pk]
        due, share = _met_share(own, today)
        supported = resolved.filter(partner=party)
        card.parties.append(
            PartyScore(
                party=party,
                counts=state_counts(own),
                total=len(own),
                due=due,
                met_share=share,
                people_trained=trained.get(party.pk),
                enterprises_supported=supported.values("enterprise_id").distinct().count(),
                solutions_deployed=supported.filter(solution__isnull=False).count(),
                school_projects=SchoolProject.objects.filter(
                    commitment__agreement=agreement, commitment__party=party
                ).count(),
            )
        )
    return card


def visible_record(user: AnyUser, obj: Any) -> bool:
    """Visibility of a partners record (its files, its History page)."""
    label = (
        obj._meta.label_lower if not hasattr(obj, "instance_type") else obj.instance_type._meta.label_lower
    )
    querysets: dict[str, QuerySet[Any]] = {
        "partners.agreement": agreements_visible_to(user),
        "partners.commitment": commitments_visible_to(user),
        "partners.enterprise": enterprises_visible_to(user),
        "partners.supportcase": cases_visible_to(user),
        "partners.schoolproject": school_projects_visible_to(user),
        "partners.prioritylisting": PriorityListing.all_objects.filter(
            enterprise__in=enterprises_visible_to(user).values("pk")
        ),
        "partners.partnerprofile": PartnerProfile.all_objects.filter(
            unit__in=partners_visible_to(user).values("pk")
        ),
        "partners.partnercontact": PartnerContact.all_objects.filter(
            profile__unit__in=partners_visible_to(user).values("pk")
        ),
        "partners.solution": Solution.all_objects.all()
        if can_anywhere(user, Action.VIEW)
        else Solution.objects.none(),
    }
    queryset = querysets.get(label)
    return queryset is not None and queryset.filter(pk=obj.id).exists()
