"""Who may see and do what in a meeting: the module's rules over the one permission gate.

A participant (or the deputy a member sends) sees the meeting. A meeting that is not confidential
is also seen by whoever may view its organising unit. A confidential one is seen by its
participants only: nobody else learns anything of it, administrators included. The chair and the
secretary run the meeting; so may the unit's planners, unless it is confidential."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from dxoffice.core.permissions import Action, AnyUser, can, unit_filter
from dxoffice.meetings.models import Meeting, Participant, ParticipantRole, Poll, PollState

RUNNING_ROLES = (ParticipantRole.CHAIR, ParticipantRole.SECRETARY)


def _takes_part(user: AnyUser) -> Q:
    return Q(user_id=user.pk) | Q(deputy_id=user.pk)


def participations(user: AnyUser, meeting: Meeting) -> list[Participant]:
    """The participant rows the person acts for in this meeting: their own and those they deputise."""
    if not user.is_authenticated:
        return []
    cache: dict[int, list[Participant]] = user.__dict__.setdefault("_meetings_participations", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = list(
            Participant.objects.filter(_takes_part(user), meeting_id=meeting.pk).select_related("user")
        )
    return cache[meeting.pk]


def forget(user: AnyUser) -> None:
    user.__dict__.pop("_meetings_participations", None)


def visible_meetings_q(user: AnyUser) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    takes_part = Exists(Participant.objects.filter(_takes_part(user), meeting_id=OuterRef("pk")))
    return Q(takes_part) | (Q(confidential=False) & unit_filter(user, Action.VIEW, "unit"))


def can_view(user: AnyUser, meeting: Meeting) -> bool:
    if not user.is_authenticated or not user.is_active or meeting.is_archived:
        return False
    if participations(user, meeting):
        return True
    return not meeting.confidential and can(user, Action.VIEW, meeting.unit)


def can_run(user: AnyUser, meeting: Meeting) -> bool:
    """Chair or secretary of the meeting, or a planner of its unit (not for a confidential meeting)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if any(p.role in RUNNING_ROLES and p.user_id == user.pk for p in participations(user, meeting)):
        return True
    return not meeting.confidential and can(user, Action.PLAN, meeting.unit)


def sees_results(user: AnyUser, poll: Poll) -> bool:
    """A poll's counts: those who run the meeting see them as they come in; everyone else once the
    result is published."""
    if poll.state == PollState.PUBLISHED:
        return True
    if poll.state == PollState.DRAFT:
        return False
    return can_run(user, poll.meeting)


def can_chair(user: AnyUser, meeting: Meeting) -> bool:
    """Approving the minutes is the chair's."""
    if not user.is_authenticated or not user.is_active:
        return False
    return any(
        p.role == ParticipantRole.CHAIR and p.user_id == user.pk for p in participations(user, meeting)
    )


def can_create(user: AnyUser) -> bool:
    from dxoffice.core.permissions import can_anywhere

    return can_anywhere(user, Action.PLAN)


def meetings_queryset(user: AnyUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(visible_meetings_q(user))
