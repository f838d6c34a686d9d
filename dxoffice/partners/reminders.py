"""The daily notices of commitments: due within two weeks, or late. Told to the agreement's DX
office (coordinators of the owner unit) and to the party's focal points, once per commitment, due
date and kind (the dedupe key)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy

from dxoffice.core.actors import system_actor
from dxoffice.core.models import Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.selectors import users_with_role_on
from dxoffice.partners.models import Commitment, CommitmentStatus

DUE_SOON_DAYS = 14
OPEN = (CommitmentStatus.NOT_STARTED, CommitmentStatus.IN_PROGRESS, CommitmentStatus.AT_RISK)


def _people(commitment: Commitment) -> list[User]:
    office = users_with_role_on(commitment.agreement.owner_unit, (Role.COORDINATOR,))
    party = users_with_role_on(commitment.party, (Role.FOCAL, Role.COORDINATOR))
    return list({user.pk: user for user in [*office, *party]}.values())


def send_commitment_reminders(today: date) -> int:
    """Notify commitments due soon or late; returns the notifications created."""
    actor = system_actor()
    created = 0
    open_commitments = Commitment.objects.filter(status__in=OPEN, agreement__archived_at__isnull=True)
    soon = open_commitments.filter(due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
    late = open_commitments.filter(due_date__lt=today)
    for kind, queryset, template in (
        ("partners.commitment_due", soon, gettext_lazy("Commitment due on %(due)s: %(title)s")),
        ("partners.commitment_late", late, gettext_lazy("Commitment late since %(due)s: %(title)s")),
    ):
        for commitment in queryset.select_related("agreement__owner_unit", "party"):
            created += len(
                notify(
                    kind=kind,
                    recipients=_people(commitment),
                    title=Message(template, due=commitment.due_date, title=commitment.title),
                    body=commitment.measure,
                    url=reverse("partners:commitment_detail", args=[commitment.pk]),
                    target=commitment,
                    by=actor,
                    dedupe_key=f"{kind}:{commitment.pk}:{commitment.due_date.isoformat()}",
                )
            )
    return created


def run_daily(today: date) -> str:
    """The module's daily job (core.registry.DailyJob), run by the project's daily run."""
    return f"{send_commitment_reminders(today)} commitment notice(s)"
