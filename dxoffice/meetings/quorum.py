"""Attendance figures and the quorum, counted in the database."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Q

from dxoffice.meetings.models import PRESENT, VOTING_ROLES, Attendance, Meeting


@dataclass(frozen=True)
class AttendanceCounts:
    members: int  # participants who vote (chair and members)
    present: int  # of them, present in person or online (a deputy standing in counts)
    in_person: int  # everyone present in person, guests included
    online: int
    absent: int
    not_checked_in: int
    quorum_percent: int

    @property
    def quorum_reached(self) -> bool:
        return quorum_met(self.present, self.members, self.quorum_percent)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "quorum_reached": self.quorum_reached}


def quorum_met(present: int, members: int, percent: int) -> bool:
    """More than `percent` % of the members present (a meeting without members has no quorum)."""
    return members > 0 and present * 100 > members * percent


def attendance_counts(meeting: Meeting) -> AttendanceCounts:
    voting = Q(role__in=VOTING_ROLES)
    figures = meeting.participants.aggregate(
        members=Count("pk", filter=voting),
        present=Count("pk", filter=voting & Q(attendance__in=PRESENT)),
        in_person=Count("pk", filter=Q(attendance=Attendance.IN_PERSON)),
        online=Count("pk", filter=Q(attendance=Attendance.ONLINE)),
        absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
        not_checked_in=Count("pk", filter=Q(attendance=Attendance.NOT_CHECKED_IN)),
    )
    return AttendanceCounts(quorum_percent=meeting.quorum_percent, **figures)
