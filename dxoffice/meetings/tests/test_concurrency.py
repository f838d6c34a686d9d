"""Votes arriving together are each counted exactly once (separate connections, real transactions)."""

import sqlite3
import threading
from contextlib import contextmanager

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


@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads share no in-memory SQLite test database")
def test_a_close_sent_among_the_ballots_counts_exactly_the_ballots_accepted(world):
    """Ballots share the poll's row, the close takes it whole: each ballot is either accepted and in
    the closed result, or refused as too late; none is accepted and left out."""
    from dxoffice.core.exceptions import StateConflict
    from dxoffice.core.tests.factories import UserFactory

    voters = [UserFactory() for _ in range(10)]
    meeting, _rows = running_meeting(world, voters)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Đóng giữa chừng?")
    services.poll_open(by=world.coordinator, poll=poll)
    outcomes = []

    def ballot(user):
        outcomes.append(services.vote_cast(by=user, poll=Poll.objects.get(pk=poll.pk), choice=[1]))

    calls = [(lambda user=user: ballot(user)) for user in voters]
    calls.insert(5, lambda: services.poll_close(by=world.coordinator, poll=Poll.objects.get(pk=poll.pk)))
    errors = _together(calls)
    assert all(isinstance(error, StateConflict) for error in errors), errors
    accepted = [outcome for outcome in outcomes if outcome.counted]
    assert len(accepted) + len(errors) == len(voters)
    poll.refresh_from_db()
    assert poll.state == "closed"
    assert poll.result["counts"][1] == len(accepted) == poll.votes.count()


@contextmanager
def on_a_sqlite_file(path):
    """The test database copied to a file, which every new connection uses meanwhile, as the
    embedded installation runs (WAL, IMMEDIATE transactions, one connection per thread): threads
    on the in-memory test database share one cache and cannot show this."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = connections.settings["default"]
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = name


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite case; PostgreSQL runs the test above")
def test_two_votes_at_once_on_sqlite_are_each_counted_once(world, tmp_path):
    from dxoffice.core.tests.factories import UserFactory

    voters = [UserFactory(), UserFactory()]
    meeting, _rows = running_meeting(world, voters)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Cùng lúc?", secret=True)
    services.poll_open(by=world.coordinator, poll=poll)
    # Two members vote at the same moment, each ballot sent twice (a double tap).
    calls = [
        (
            lambda user=user, index=index: services.vote_cast(
                by=user, poll=Poll.objects.get(pk=poll.pk), choice=[index]
            )
        )
        for index, user in enumerate(voters)
        for _twice in range(2)
    ]

    def tally():
        current = Poll.objects.get(pk=poll.pk)
        counts = dict(current.tallies.values_list("option", "count"))
        return counts, current.votes.count(), current.receipts.count()

    outcome = {}
    with on_a_sqlite_file(tmp_path / "concurrent.sqlite3"):
        errors = _together(calls)
        _together([lambda: outcome.setdefault("tally", tally())])
    assert errors == []
    counts, votes, receipts = outcome["tally"]
    assert counts[0] == 1 and counts[1] == 1 and sum(counts.values()) == 2
    assert votes == receipts == 2  # no ballot lost, none counted twice
    assert not poll.votes.exists()  # the threads wrote to the file, not to this thread's database
