"""Writes of participants: adding people and guests, answers to the invitation, deputies,
attendance recorded by the secretary, and check-in by the room's QR code."""

from __future__ import annotations

import hmac

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.services import archive, save_audited
from dxoffice.meetings import access, live
from dxoffice.meetings.models import (
    VOTING_ROLES,
    Attendance,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantRole,
    PollVote,
    Rsvp,
)
from dxoffice.meetings.services.common import locked, require_open, require_run


@transaction.atomic
def participant_add(
    *,
    by: User,
    meeting: Meeting,
    user: User | None = None,
    role: str = ParticipantRole.MEMBER,
    guest_name: str = "",
    guest_email: str = "",
    guest_organisation: str = "",
) -> Participant:
    require_run(by, meeting)
    meeting = locked(meeting)
    require_open(meeting)
    if user is not None and meeting.participants.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s already takes part in this meeting.") % {"name": user}})
    if user is not None and not user.is_active:
        raise ValidationError({"user": _("This account is not active.")})
    participant = Participant(
        meeting=meeting,
        user=user,
        role=role,
        guest_name=guest_name.strip() if user is None else "",
        guest_email=guest_email.strip() if user is None else "",
        guest_organisation=guest_organisation.strip() if user is None else "",
    )
    save_audited(participant, by=by, event="participant.added")
    live.changed(meeting)
    if user is not None:
        access.forget(user)
    return participant


@transaction.atomic
def participant_update(
    *,
    by: User,
    participant: Participant,
    role: str | None = None,
    guest_name: str | None = None,
    guest_email: str | None = None,
    guest_organisation: str | None = None,
) -> Participant:
    """Change a participant's role or a guest's details (name, e-mail, organisation). A member who
    has voted keeps a voting role, and one who sent a deputy stays a member: the record holds."""
    require_run(by, participant.meeting)
    meeting = locked(participant.meeting)
    require_open(meeting)
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    if role is not None and role != participant.role:
        if role not in ParticipantRole.values:
            raise ValidationError({"role": _("Unknown role.")})
        if role not in VOTING_ROLES:
            if PollVote.objects.filter(participant=participant).exists():
                raise StateConflict(_("This participant has voted: they keep a voting role."))
            if participant.deputy_id:
                raise ValidationError({"role": _("This member sends a deputy: only a member can.")})
        participant.role = role
    details = {"guest_name": guest_name, "guest_email": guest_email, "guest_organisation": guest_organisation}
    for field, value in details.items():
        if value is None:
            continue
        if participant.user_id:
            raise ValidationError(
                {field: _("Only a guest's details can change; a person's come from their account.")}
            )
        setattr(participant, field, value.strip())
    save_audited(participant, by=by, event="participant.changed")
    live.changed(meeting)
    return participant


@transaction.atomic
def participant_remove(*, by: User, participant: Participant) -> Participant:
    require_run(by, participant.meeting)
    meeting = locked(participant.meeting)
    require_open(meeting)
    if PollVote.objects.filter(participant=participant).exists():
        raise StateConflict(_("This participant has voted: they stay on the record."))
    archive(participant, by=by, event="participant.removed")
    live.revoked(meeting, participant.user_id)
    live.changed(meeting)
    return participant


@transaction.atomic
def rsvp_answer(
    *, by: User, participant: Participant, answer: str, deputy: User | None = None
) -> Participant:
    """The participant answers the invitation; a member who cannot come may send a deputy, who then
    attends and votes in their place."""
    if participant.user_id != by.pk:
        raise PermissionDenied
    meeting = locked(participant.meeting)
    require_open(meeting)
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        raise StateConflict(_("The meeting is over: answers can no longer change."))
    if answer not in Rsvp.values:
        raise ValidationError({"answer": _("Unknown answer.")})
    if answer == Rsvp.DELEGATED:
        if deputy is None:
            raise ValidationError({"deputy": _("Choose the deputy who attends in your place.")})
        if participant.role not in VOTING_ROLES:
            raise ValidationError({"deputy": _("Only a member can send a deputy.")})
        if meeting.participants.filter(user=deputy).exists():
            raise ValidationError({"deputy": _("This person already takes part in the meeting.")})
        participant.deputy = deputy
    else:
        participant.deputy = None
    participant.rsvp = answer
    save_audited(participant, by=by, event="participant.answered")
    access.forget(by)
    if deputy is not None:
        access.forget(deputy)
    live.changed(meeting)
    return participant


@transaction.atomic
def attendance_record(
    *, by: User, participant: Participant, attendance: str, reason: str = ""
) -> Participant:
    """The secretary records a participant's attendance (in person, online, absent with reason)."""
    require_run(by, participant.meeting)
    meeting = locked(participant.meeting)
    require_open(meeting)
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Unknown attendance state.")})
    participant = Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    participant.attendance = attendance
    participant.absence_reason = reason.strip() if attendance == Attendance.ABSENT else ""
    if attendance in (Attendance.IN_PERSON, Attendance.ONLINE):
        participant.checked_in_at = participant.checked_in_at or timezone.now()
    save_audited(participant, by=by, event="participant.attendance")
    live.changed(meeting)
    return participant


def checkin_token_matches(meeting: Meeting, token: str) -> bool:
    return bool(token) and hmac.compare_digest(meeting.checkin_token.encode(), token.encode())


@transaction.atomic
def checkin_by_token(*, by: User, meeting: Meeting, token: str) -> list[Participant]:
    """A participant scans the code shown on the room's screen: they (or the member they stand in
    for) are present in person. Scanning twice changes nothing."""
    if not checkin_token_matches(meeting, token):
        raise PermissionDenied
    meeting = locked(meeting)
    require_open(meeting)
    if meeting.status not in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS, MeetingStatus.DRAFT):
        raise StateConflict(_("The meeting is over: check-in is closed."))
    access.forget(by)
    rows = [
        p
        for p in access.participations(by, meeting)
        if p.deputy_id is None or p.deputy_id == by.pk  # a member who sent a deputy does not check in
    ]
    if not rows:
        raise PermissionDenied
    now = timezone.now()
    changed = False
    for participant in rows:
        if participant.attendance != Attendance.IN_PERSON:
            participant.attendance = Attendance.IN_PERSON
            participant.absence_reason = ""
            participant.checked_in_at = participant.checked_in_at or now
            save_audited(participant, by=by, event="participant.checked_in")
            changed = True
    if changed:
        live.changed(meeting)
    return rows
