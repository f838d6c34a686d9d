"""The demo's meetings as `load_demo` leaves them: the steering committee's meeting held (attendance,
speakers, a named and a secret vote, conclusions with follow-ups, minutes approved and frozen) and a
conference scheduled this week (invited, answers and a deputy, a draft open to comments)."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from dxoffice.core.models import User
from dxoffice.core.notifications.models import Notification
from dxoffice.demo.loader import load_demo
from dxoffice.meetings import selectors
from dxoffice.meetings.models import (
    Attendance,
    FrozenDocument,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PollState,
    Rsvp,
    Speaker,
    SpeakerState,
)
from dxoffice.meetings.quorum import attendance_counts
from dxoffice.meetings.stats import meeting_figures

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(db):
    with transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def test_the_demo_meetings_are_in_their_states(demo):
    held = Meeting.objects.get(kind=MeetingKind.STEERING)
    assert held.status == MeetingStatus.APPROVED and held.approved_by.username == "leader"
    assert held.starts_at < timezone.now()
    assert sorted(FrozenDocument.objects.filter(meeting=held).values_list("format", flat=True)) == [
        "docx",
        "pdf",
    ]
    attendance = sorted(held.participants.values_list("attendance", flat=True))
    assert attendance.count(Attendance.IN_PERSON) == 4 and attendance.count(Attendance.ONLINE) == 1
    absent = held.participants.get(attendance=Attendance.ABSENT)
    assert absent.absence_reason
    assert attendance_counts(held).quorum_reached
    named = held.polls.get(secret=False)
    secret = held.polls.get(secret=True)
    assert named.state == secret.state == PollState.PUBLISHED
    assert named.votes.filter(choice__isnull=False).count() == named.votes.count() > 0
    assert secret.votes.exists() and not secret.votes.filter(choice__isnull=False).exists()
    assert secret.result["votes_cast"] == secret.votes.count() == secret.receipts.count()
    spoken = Speaker.objects.filter(item__meeting=held, state=SpeakerState.DONE)
    assert spoken.count() == 2 and all(s.ended_at for s in spoken)
    assert all(item.discussion for item in held.items.all())
    leader = User.objects.get(username="leader")
    tasks = selectors.follow_ups(leader, list(held.conclusions.all()))
    assert held.conclusions.count() == 3 and all(len(found) == 1 for found in tasks.values())

    coming = Meeting.objects.get(kind=MeetingKind.CONFERENCE)
    assert coming.status == MeetingStatus.INVITED
    assert (
        timezone.localdate()
        <= timezone.localtime(coming.starts_at).date()
        <= timezone.localdate() + timedelta(days=7)
    )
    answers = dict(coming.participants.values_list("user__username", "rsvp"))
    assert Rsvp.ACCEPTED in answers.values() and Rsvp.DELEGATED in answers.values()
    delegated = coming.participants.get(rsvp=Rsvp.DELEGATED)
    assert delegated.deputy is not None and delegated.deputy.username == "admin"
    assert coming.documents.filter(is_draft=True, drafting_unit__isnull=False).exists()
    invited = Notification.objects.filter(kind="meeting.invited", target_id=coming.pk)
    assert invited.filter(recipient__username="focal").exists()

    figures = meeting_figures(leader)
    assert figures.held == 1 and figures.paperless_percent == 100.0 and figures.documents >= 2
    assert figures.conclusions == 3 and figures.follow_ups == 3 and figures.follow_ups_on_time == 1
