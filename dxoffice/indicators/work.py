"""What waits for a person in "my work": a unit's values to enter, submissions to review."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxoffice.core.permissions import Action, can_anywhere, unit_filter
from dxoffice.core.registry import Urgency, WorkItem
from dxoffice.indicators.models import Submission, SubmissionStatus

LIMIT = 5


def enters_anywhere(user: Any) -> bool:
    return can_anywhere(user, Action.REPORT)


def submissions_to_enter(user: Any, today: date) -> Iterator[WorkItem]:
    if not can_anywhere(user, Action.REPORT):
        return
    open_ones = (
        Submission.objects.filter(unit_filter(user, Action.REPORT, "unit"))
        .filter(status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED], campaign__opens_on__lte=today)
        .select_related("campaign", "unit")
        .order_by("campaign__closes_on")[:LIMIT]
    )
    for submission in open_ones:
        returned = submission.status == SubmissionStatus.RETURNED
        yield WorkItem(
            kind="indicators.enter",
            kind_label=_("Values returned") if returned else _("Indicator values to enter"),
            title=f"{submission.campaign.title} · {submission.unit.display_name}",
            url=reverse("indicators:entry", args=[submission.pk]),
            urgency=Urgency.RETURNED
            if returned
            else (Urgency.OVERDUE if submission.campaign.closes_on < today else Urgency.DUE_SOON),
            due=submission.campaign.closes_on,
        )


def submissions_to_review(user: Any, today: date) -> Iterator[WorkItem]:
    if not can_anywhere(user, Action.REVIEW):
        return
    waiting = (
        Submission.objects.filter(unit_filter(user, Action.REVIEW, "unit"), status=SubmissionStatus.SUBMITTED)
        .exclude(submitted_by=user)
        .select_related("campaign", "unit")
        .order_by("submitted_at")[:LIMIT]
    )
    for submission in waiting:
        yield WorkItem(
            kind="indicators.review",
            kind_label=_("Indicator values to review"),
            title=f"{submission.campaign.title} · {submission.unit.display_name}",
            url=reverse("indicators:entry", args=[submission.pk]),
            urgency=Urgency.WAITING,
            due=submission.campaign.closes_on,
        )
