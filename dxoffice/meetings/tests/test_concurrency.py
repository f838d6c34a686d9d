"""Votes arriving together are each counted exactly once (separate connections, real transactions)."""

import threading

import pytest
from django.db import connection, connections

from dxoffice.meetings import services
from dxoffice.meetings.models import Poll
from dxoffice.meetings.tests.factories import running_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def _together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads share no in-memory SQLite test database")
def test_votes_sent_together_are_each_counted_once(world):
    from dxoffice.core.tests.factories import UserFactory

    voters = [UserFactory() for _ in range(8)]
    meeting, _rows = running_meeting(world, voters)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Đồng thời?", secret=True)
    services.poll_open(by=world.coordinator, poll=poll)
    # Every voter sends the ballot twice at the same moment (a double tap, a resend on reconnect).
    calls = [
        (lambda user=user: services.vote_cast(by=user, poll=Poll.objects.get(pk=poll.pk), choice=[0]))
        for user in voters
        for _twice in range(2)
    ]
    errors = _together(calls)
    assert errors == []
    poll = services.poll_close(by=world.coordinator, poll=Poll.objects.get(pk=poll.pk))
    assert poll.result["counts"] == [len(voters), 0, 0]
    assert poll.votes.count() == len(voters) == poll.receipts.count()
