"""The secret-ballot property: with the database and the history tables in hand, nothing stored
links a voter to a choice; yet nobody votes twice and each voter can check their receipt."""

import logging

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import translation

from dxoffice.meetings import services
from dxoffice.meetings.models import Participant, Poll, PollKind, PollTally, PollVote
from dxoffice.meetings.tests.factories import running_meeting

pytestmark = pytest.mark.django_db

OPTIONS = ["Phương án Alpha", "Phương án Bravo", "Phương án Charlie"]


def _voter_fields(model) -> list[str]:
    """Fields of `model` that name a person (a participant or a user)."""
    user_model = apps.get_model("core", "User")
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in (Participant, user_model)
    ]


def _rows_of_poll(model, poll):
    poll_fields = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is Poll
    ]
    rows = []
    for name in poll_fields:
        rows += list(model._default_manager.filter(**{name: poll}).values())
    return rows


def test_no_stored_row_names_both_the_voter_and_the_choice(world, caplog):
    caplog.set_level(logging.DEBUG)
    voters = [world.focal_a, world.focal_b, world.dept_focal]
    meeting, _rows = running_meeting(world, voters)
    poll = services.poll_create(
        by=world.coordinator,
        meeting=meeting,
        question="Bầu chọn phương án",
        kind=PollKind.SINGLE,
        options=OPTIONS,
        secret=True,
    )
    services.poll_open(by=world.coordinator, poll=poll)
    receipts = {}
    for user, choice in zip(voters, [0, 1, 2], strict=True):
        receipts[user.username] = services.vote_cast(by=user, poll=poll, choice=[choice]).receipt
    poll = services.poll_close(by=world.coordinator, poll=poll)
    assert poll.result["counts"] == [1, 1, 1]

    # Every table that refers to the poll, history tables included, in the whole project.
    checked = 0
    for model in apps.get_models():
        rows = _rows_of_poll(model, poll)
        if not rows:
            continue
        checked += 1
        names_voter = _voter_fields(model)
        payload = [
            f.attname
            for f in model._meta.concrete_fields
            if not isinstance(f, (models.ForeignKey, models.AutoField, models.BigAutoField))
            and f.attname not in ("archived_at",)
            and not f.attname.startswith("history_")
        ]
        for row in rows:
            if names_voter and any(row[name] for name in names_voter):
                # A row that names a voter carries no choice at all.
                assert all(row[name] in (None, "", {}, []) for name in payload if name != "id"), (model, row)
            else:
                # A row that carries choices names nobody and keeps no time that could order it.
                assert not any(isinstance(row.get(name), type(poll.opened_at)) for name in payload), (
                    model,
                    row,
                )
    assert checked >= 3  # the votes, their history, the counters and the receipts were looked at

    # The ballot counters and receipts keep no history of their own.
    assert not hasattr(apps.get_model("meetings", "PollTally"), "history")
    assert not hasattr(apps.get_model("meetings", "PollReceipt"), "history")
    # Nothing logged while voting names an option.
    assert not any(option in record.getMessage() for record in caplog.records for option in OPTIONS)

    # Each voter checks their receipt; a made-up one is not in the count.
    for code in receipts.values():
        assert services.receipt_is_counted(poll, code)
    assert not services.receipt_is_counted(poll, "0000-0000-0000")


def test_a_named_poll_lists_who_voted_what(world):
    from dxoffice.meetings.selectors import named_votes

    meeting, _rows = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[1])
    with translation.override("en"):
        assert named_votes(poll) == [(world.focal_a.display_name, ["No"])]
    poll.secret = True
    assert named_votes(poll) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="xmin is a PostgreSQL system column")
def test_the_transaction_id_of_a_vote_does_not_single_out_a_counter(world):
    voters = [world.focal_a, world.focal_b]
    meeting, _rows = running_meeting(world, voters)
    poll = services.poll_create(
        by=world.coordinator,
        meeting=meeting,
        question="Bầu chọn phương án",
        kind=PollKind.SINGLE,
        options=OPTIONS,
        secret=True,
    )
    services.poll_open(by=world.coordinator, poll=poll)
    for user, choice in zip(voters, [0, 1], strict=True):
        assert services.vote_cast(by=user, poll=poll, choice=[choice]).counted
    # The vote row is written in a savepoint, so its xmin is a sub-transaction id just above the id of
    # the transaction that changed the counters: look at the counters last changed at or before it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text::bigint FROM {PollVote._meta.db_table} WHERE poll_id = %s", [poll.pk]
        )
        vote_xmins = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT xmin::text::bigint, option FROM {PollTally._meta.db_table} WHERE poll_id = %s",
            [poll.pk],
        )
        tallies = cursor.fetchall()
    assert len(vote_xmins) == 2 and len(tallies) == len(OPTIONS)
    assert len({xmin for xmin, _option in tallies}) == 1  # every counter carries the same xmin
    for xmin in vote_xmins:
        before = [tally_xmin for tally_xmin, _option in tallies if tally_xmin <= xmin]
        nearest = {option for tally_xmin, option in tallies if before and tally_xmin == max(before)}
        assert len(nearest) != 1, nearest
    assert sorted(PollTally.objects.filter(poll=poll).values_list("count", flat=True)) == [0, 1, 1]
