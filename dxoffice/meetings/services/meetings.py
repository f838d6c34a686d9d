"""Writes of meetings: create, change, the status from draft to approved minutes, and invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.exceptions import StateConflict, UnknownReference
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.notifications.services import Guest, Message, notify, notify_guests
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.meetings import access, live
from dxoffice.meetings.models import Meeting, MeetingStatus, Participant, ParticipantRole, PollState
from dxoffice.meetings.services.common import locked, require_open, require_run
from dxoffice.meetings.signals import minutes_approved

MEETING_FIELDS = {
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "room",
    "online_link",
    "confidential",
    "quorum_percent",
    "summary",
}

# Which status each step leads from.
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "invite": ((MeetingStatus.DRAFT, MeetingStatus.INVITED), MeetingStatus.INVITED),
    "start": ((MeetingStatus.DRAFT, MeetingStatus.INVITED), MeetingStatus.IN_PROGRESS),
    "close": ((MeetingStatus.IN_PROGRESS,), MeetingStatus.CLOSED),
    "approve": ((MeetingStatus.CLOSED,), MeetingStatus.APPROVED),
}


@transaction.atomic
def meeting_create(
    *,
    by: User,
    unit: OrgUnit,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    chair: User | None = None,
    secretary: User | None = None,
    **fields: Any,
) -> Meeting:
    """A new meeting in draft. The secretary (the creator unless named) and the chair take part."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    require(by, Action.PLAN, unit)
    meeting = Meeting(unit=unit, title=title, starts_at=starts_at, ends_at=ends_at, created_by=by, **fields)
    save_audited(meeting, by=by, event="meeting.created")
    secretary = secretary or by
    save_audited(
        Participant(meeting=meeting, user=secretary, role=ParticipantRole.SECRETARY),
        by=by,
        event="participant.added",
    )
    if chair is not None and chair.pk != secretary.pk:
        save_audited(
            Participant(meeting=meeting, user=chair, role=ParticipantRole.CHAIR),
            by=by,
            event="participant.added",
        )
    access.forget(by)
    return meeting


@transaction.atomic
def meeting_update(*, by: User, meeting: Meeting, **fields: Any) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    save_audited(meeting, by=by, event="meeting.changed")
    live.changed(meeting)
    return meeting


def _step(by: User, meeting: Meeting, step: str, event: str) -> Meeting:
    meeting = locked(meeting)
    allowed, target = STEPS[step]
    if meeting.status not in allowed:
        raise StateConflict(
            _("A meeting that is “%(status)s” cannot do this.") % {"status": meeting.get_status_display()}
        )
    meeting.status = target
    if target == MeetingStatus.CLOSED:  # the room leaves the agenda
        meeting.current_item, meeting.item_started_at = None, None
    save_audited(meeting, by=by, event=event)
    live.changed(meeting)
    return meeting


def invitees(meeting: Meeting) -> list[User]:
    """Everyone a notice of the meeting goes to: participants with an account and the deputies."""
    people: dict[int, User] = {}
    for participant in meeting.participants.select_related("user", "deputy"):
        for person in (participant.user, participant.deputy):
            if person is not None:
                people[person.pk] = person
    return list(people.values())


def guests_of(meeting: Meeting) -> list[Guest]:
    """The guests without an account who gave an e-mail address: they are told by e-mail only."""
    rows = meeting.participants.filter(user__isnull=True).exclude(guest_email="").order_by("pk")
    return [Guest(email=p.guest_email, name=p.guest_name) for p in rows]


def guest_link(meeting: Meeting) -> str:
    """Where a guest's e-mail links: the meeting's public page if it had one; it has none (the
    meeting's pages need an account), so guests get the details and the .ics, no link."""
    return ""


@transaction.atomic
def meeting_send_invitations(*, by: User, meeting: Meeting) -> Meeting:
    """Invite every participant and deputy (in their language) and every guest with an e-mail
    address; the e-mails carry the meeting's .ics. Sending again after a change tells them again."""
    require_run(by, meeting)
    meeting = _step(by, meeting, "invite", "meeting.invited")
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    title = Message(
        gettext_lazy("Invitation: %(title)s, %(when)s"), title=meeting.title, when=meeting.starts_at
    )
    body = Message(
        gettext_lazy("Room: %(room)s. The calendar file (.ics) is attached."),
        room=meeting.room or meeting.online_link or "-",
    )
    dedupe_key = f"meeting.invited:{meeting.pk}:{stamp}"
    notify(
        kind="meeting.invited",
        recipients=invitees(meeting),
        title=title,
        body=body,
        url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        target=meeting,
        by=by,
        dedupe_key=dedupe_key,
    )
    notify_guests(
        kind="meeting.invited",
        guests=guests_of(meeting),
        title=title,
        body=body,
        url=guest_link(meeting),
        target=meeting,
        by=by,
        dedupe_key=dedupe_key,
    )
    return meeting


@transaction.atomic
def meeting_start(*, by: User, meeting: Meeting) -> Meeting:
    require_run(by, meeting)
    meeting = _step(by, meeting, "start", "meeting.started")
    first = meeting.items.order_by("position", "pk").first()
    if first is not None and meeting.current_item_id is None:
        meeting.current_item = first
        meeting.item_started_at = timezone.now()
        save_audited(meeting, by=by, event="meeting.item_changed")
    return meeting


@transaction.atomic
def meeting_close(*, by: User, meeting: Meeting) -> Meeting:
    require_run(by, meeting)
    if meeting.polls.filter(state=PollState.OPEN).exists():
        raise StateConflict(_("Close the open poll before closing the meeting."))
    return _step(by, meeting, "close", "meeting.closed")


@transaction.atomic
def minutes_approve(*, by: User, meeting: Meeting) -> Meeting:
    """The chair approves the minutes; the meeting is locked from then on, and the minutes are
    frozen as rendered now (`frozen.py`, through `signals.minutes_approved`, inside this
    transaction)."""
    if not access.can_chair(by, meeting):
        raise PermissionDenied
    meeting = _step(by, meeting, "approve", "minutes.approved")
    meeting.approved_at = timezone.now()
    meeting.approved_by = by
    save_audited(meeting, by=by, event="minutes.approved")
    minutes_approved.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def current_item_set(*, by: User, meeting: Meeting, item_id: int | None) -> Meeting:
    """The chair moves the room to an agenda item (its timer starts now)."""
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    item = meeting.items.filter(pk=item_id).first() if item_id else None
    if item_id and item is None:
        raise UnknownReference({"item": _("This agenda item is not on this meeting's agenda.")})
    meeting.current_item = item
    meeting.item_started_at = timezone.now() if item else None
    save_audited(meeting, by=by, event="meeting.item_changed")
    live.changed(meeting)
    return meeting
