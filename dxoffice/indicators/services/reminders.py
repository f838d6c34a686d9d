"""Telling people: reminders of a campaign to the units not yet submitted, and a return to the person
who submitted. Through the one notification service, in each reader's language."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dxoffice.core.models import Role, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.periods import Period
from dxoffice.core.selectors import users_with_role_on
from dxoffice.indicators.access import may_run_campaigns
from dxoffice.indicators.models import Campaign, Submission, SubmissionStatus


def campaign_remind(*, by: User, campaign: Campaign) -> int:
    """Remind the focal points of every unit that has not submitted. Returns how many were told; a
    second reminder the same day tells nobody twice."""
    if not may_run_campaigns(by, campaign.version.framework):
        raise PermissionDenied
    waiting = Submission.objects.filter(
        campaign=campaign, status__in=[SubmissionStatus.DRAFT, SubmissionStatus.RETURNED]
    ).select_related("unit")
    told = 0
    stamp = timezone.localdate().isoformat()
    for submission in waiting:
        people = users_with_role_on(submission.unit, [Role.FOCAL], skip_ancestor_kinds=["province"])
        sent = notify(
            kind="indicators.campaign_reminder",
            recipients=people,
            title=Message(
                gettext_lazy("Indicator values to enter: %(campaign)s, %(period)s"),
                campaign=campaign.title,
                period=Period.parse(campaign.period),
            ),
            body=Message(gettext_lazy("The campaign closes on %(date)s."), date=campaign.closes_on),
            url=reverse("indicators:entry", args=[submission.pk]),
            target=submission,
            by=by,
            dedupe_key=f"indicators.reminder:{submission.pk}:{stamp}",
        )
        told += len(sent)
    return told


def submission_returned_notice(*, by: User, submission: Submission) -> None:
    if submission.submitted_by is None:
        return
    notify(
        kind="indicators.submission_returned",
        recipients=[submission.submitted_by],
        title=Message(
            gettext_lazy("Indicator values returned: %(campaign)s"), campaign=submission.campaign.title
        ),
        body=submission.return_reason,
        url=reverse("indicators:entry", args=[submission.pk]),
        target=submission,
        by=by,
        dedupe_key=f"indicators.returned:{submission.pk}:{submission.reviewed_at}",
    )
