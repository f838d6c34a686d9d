"""The meetings part of the demo: a steering-committee meeting held, with approved minutes, votes
and follow-ups at various states, and a meeting scheduled this week."""

import pytest
from django.db import transaction

from dxoffice.core.models import User
from dxoffice.demo.loader import load_demo
from dxoffice.meetings.models import Meeting, MeetingStatus, PollState
from dxoffice.planning import selectors as planning_selectors


@pytest.fixture
def demo(db):
    with transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def test_the_demo_has_a_meeting_held_and_one_coming(demo):
    held = Meeting.objects.get(status=MeetingStatus.APPROVED)
    assert held.items.count() == 3
    assert held.polls.filter(state=PollState.PUBLISHED).count() == 2
    assert held.polls.filter(secret=True, votes__choice__isnull=False).count() == 0
    leader = User.objects.get(username="leader")
    tasks = [t for c in held.conclusions.all() for t in planning_selectors.tasks_of_origin(leader, c)]
    assert {t.tracking for t in tasks} == {"completed_on_time", "in_progress_on_time", "overdue"}
    coming = Meeting.objects.get(status=MeetingStatus.INVITED)
    assert coming.documents.filter(is_draft=True).exists()
