"""Meetings in the states tests need, built through the services so the rules hold."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dxoffice.core.models import User
from dxoffice.meetings import services
from dxoffice.meetings.models import Attendance, Meeting, Participant, ParticipantRole


def make_meeting(world: Any, *, by: User | None = None, members: int = 0, **fields: Any) -> Meeting:
    """A meeting of the province run by the coordinator (secretary), chaired by the leader."""
    start = fields.pop("starts_at", timezone.now() + timedelta(days=1))
    meeting = services.meeting_create(
        by=by or world.coordinator,
        unit=fields.pop("unit", world.province),
        title=fields.pop("title", "Họp Ban Chỉ đạo chuyển đổi số"),
        starts_at=start,
        ends_at=fields.pop("ends_at", start + timedelta(hours=2)),
        chair=fields.pop("chair", world.leader),
        **fields,
    )
    return meeting


def add_member(world: Any, meeting: Meeting, user: User, role: str = ParticipantRole.MEMBER) -> Participant:
    return services.participant_add(by=world.coordinator, meeting=meeting, user=user, role=role)


def present(world: Any, participant: Participant, how: str = Attendance.IN_PERSON) -> Participant:
    return services.attendance_record(by=world.coordinator, participant=participant, attendance=how)


def chair_of(meeting: Meeting) -> Participant:
    return meeting.participants.get(role=ParticipantRole.CHAIR)


def running_meeting(world: Any, voters: list[User]) -> tuple[Meeting, list[Participant]]:
    """A meeting in progress whose chair and the given members are present."""
    meeting = make_meeting(world)
    rows = [chair_of(meeting)] + [add_member(world, meeting, user) for user in voters]
    for row in rows:
        present(world, row)
    services.meeting_start(by=world.coordinator, meeting=meeting)
    meeting.refresh_from_db()
    return meeting, rows
