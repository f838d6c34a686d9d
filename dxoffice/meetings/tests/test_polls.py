"""Polls: the lifecycle one step at a time, who may vote, counting once, majorities and quorum."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.meetings import services
from dxoffice.meetings.models import Attendance, Majority, MajorityBase, PollKind, PollState, Rsvp
from dxoffice.meetings.results import meets_majority
from dxoffice.meetings.tests.factories import add_member, make_meeting, present, running_meeting

pytestmark = pytest.mark.django_db


def _open_poll(world, meeting, **fields):
    poll = services.poll_create(
        by=world.coordinator, meeting=meeting, question="Thông qua kế hoạch?", **fields
    )
    return services.poll_open(by=world.coordinator, poll=poll)


def test_a_yes_no_poll_goes_open_closed_published_and_records_who_was_present(world):
    meeting, rows = running_meeting(world, [world.focal_a, world.focal_b, world.dept_focal])
    poll = _open_poll(world, meeting)
    assert (poll.state, poll.present_count, poll.members_count, poll.quorum_reached) == ("open", 4, 4, True)
    for user, choice in [(world.leader, 0), (world.focal_a, 0), (world.focal_b, 1)]:
        assert services.vote_cast(by=user, poll=poll, choice=[choice]).counted
    poll = services.poll_close(by=world.coordinator, poll=poll)
    assert poll.result["counts"] == [2, 1, 0]
    assert poll.result["votes_cast"] == 3 and poll.result["turnout_percent"] == 75.0
    assert poll.result["passed"] is True
    with pytest.raises(StateConflict):
        services.vote_cast(by=world.dept_focal, poll=poll, choice=[0])
    poll = services.poll_publish(by=world.coordinator, poll=poll)
    assert poll.state == PollState.PUBLISHED
    with pytest.raises(StateConflict):
        services.poll_publish(by=world.coordinator, poll=poll)


def test_a_vote_sent_twice_counts_once(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    poll = _open_poll(world, meeting)
    first = services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    again = services.vote_cast(by=world.focal_a, poll=poll, choice=[1])
    assert first.counted and first.receipt and not again.counted
    assert poll.votes.count() == 1
    assert services.poll_close(by=world.coordinator, poll=poll).result["counts"] == [1, 0, 0]


def test_only_members_present_vote(world):
    meeting = make_meeting(world)
    absent = add_member(world, meeting, world.focal_a)
    for row in [meeting.participants.get(user=world.leader), add_member(world, meeting, world.focal_b)]:
        present(world, row)
    add_member(world, meeting, world.viewer, role="observer")
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = _open_poll(world, meeting)
    with pytest.raises(StateConflict):
        services.vote_cast(by=world.focal_a, poll=poll, choice=[0])  # not checked in
    with pytest.raises(PermissionDenied):
        services.vote_cast(by=world.viewer, poll=poll, choice=[0])  # an observer
    with pytest.raises(PermissionDenied):
        services.vote_cast(by=world.outsider, poll=poll, choice=[0])
    present(world, absent, Attendance.ONLINE)
    assert services.vote_cast(by=world.focal_a, poll=poll, choice=[0]).counted


def test_a_deputy_votes_once_in_the_members_place(world):
    meeting = make_meeting(world)
    member = add_member(world, meeting, world.focal_a)
    services.rsvp_answer(by=world.focal_a, participant=member, answer=Rsvp.DELEGATED, deputy=world.focal_b)
    services.checkin_by_token(by=world.focal_b, meeting=meeting, token=meeting.checkin_token)
    present(world, meeting.participants.get(user=world.leader))
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = _open_poll(world, meeting)
    with pytest.raises(PermissionDenied):
        services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    assert services.vote_cast(by=world.focal_b, poll=poll, choice=[1]).counted
    assert not services.vote_cast(by=world.focal_b, poll=poll, choice=[1]).counted
    vote = poll.votes.get()
    assert (vote.participant, vote.cast_by) == (member, world.focal_b)


def test_bad_choices_name_the_field_and_count_nothing(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    poll = _open_poll(world, meeting)
    for choice in [[], [3], [0, 1], ["0"], "yes", None, [True]]:
        with pytest.raises(ValidationError) as caught:
            services.vote_cast(by=world.focal_a, poll=poll, choice=choice)
        assert "choice" in caught.value.message_dict
    assert poll.votes.count() == 0


def test_a_multiple_choice_poll_takes_up_to_its_limit(world):
    meeting, _rows = running_meeting(world, [world.focal_a, world.focal_b])
    poll = _open_poll(
        world,
        meeting,
        kind=PollKind.MULTIPLE,
        options=["Phương án A", "Phương án B", "Phương án C"],
        max_choices=2,
    )
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0, 2])
    with pytest.raises(ValidationError):
        services.vote_cast(by=world.focal_b, poll=poll, choice=[0, 1, 2])
    services.vote_cast(by=world.focal_b, poll=poll, choice=[2])
    result = services.poll_close(by=world.coordinator, poll=poll).result
    assert result["counts"] == [1, 0, 2] and result["winner"] == 2


def test_poll_options_are_checked(world):
    meeting, _rows = running_meeting(world, [])
    for options in [["Một"], ["A", "A"], ["A", " "]]:
        with pytest.raises(ValidationError) as caught:
            services.poll_create(
                by=world.coordinator, meeting=meeting, question="?", kind="single", options=options
            )
        assert "options" in caught.value.message_dict


def test_a_poll_needs_the_quorum_when_it_opens(world):
    meeting = make_meeting(world)
    for user in [world.focal_a, world.focal_b, world.dept_focal]:
        add_member(world, meeting, user)
    present(world, meeting.participants.get(user=world.leader))
    present(world, meeting.participants.get(user=world.focal_a))
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    with pytest.raises(StateConflict):
        services.poll_open(by=world.coordinator, poll=poll)  # 2 of 4 is not more than half
    present(world, meeting.participants.get(user=world.focal_b))
    assert services.poll_open(by=world.coordinator, poll=poll).present_count == 3


def test_polls_open_one_at_a_time_and_only_while_the_meeting_runs(world):
    meeting = make_meeting(world)
    present(world, meeting.participants.get(user=world.leader))
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Một?")
    with pytest.raises(StateConflict):
        services.poll_open(by=world.coordinator, poll=poll)
    services.meeting_start(by=world.coordinator, meeting=meeting)
    services.poll_open(by=world.coordinator, poll=poll)
    other = services.poll_create(by=world.coordinator, meeting=meeting, question="Hai?")
    with pytest.raises(StateConflict):
        services.poll_open(by=world.coordinator, poll=other)
    with pytest.raises(StateConflict):
        services.meeting_close(by=world.coordinator, meeting=meeting)


def test_members_do_not_run_polls(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    with pytest.raises(PermissionDenied):
        services.poll_create(by=world.focal_a, meeting=meeting, question="?")
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="?")
    with pytest.raises(PermissionDenied):
        services.poll_open(by=world.focal_a, poll=poll)


@pytest.mark.parametrize(
    ("votes", "against", "base", "majority", "passed"),
    [
        (3, 2, 10, Majority.SIMPLE, True),
        (2, 2, 10, Majority.SIMPLE, False),
        (5, 0, 10, Majority.ABSOLUTE, False),
        (6, 0, 10, Majority.ABSOLUTE, True),
        (6, 0, 9, Majority.TWO_THIRDS, True),
        (5, 0, 9, Majority.TWO_THIRDS, False),
        (0, 0, 0, Majority.TWO_THIRDS, False),
    ],
)
def test_majority_rules(votes, against, base, majority, passed):
    assert meets_majority(votes, against, base, majority) is passed


def test_a_majority_of_all_members_counts_the_absent(world):
    meeting = make_meeting(world)
    rows = [meeting.participants.get(user=world.leader)] + [
        add_member(world, meeting, u) for u in [world.focal_a, world.focal_b, world.dept_focal, world.viewer]
    ]
    for row in rows[:3]:
        present(world, row)
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = _open_poll(world, meeting, majority=Majority.ABSOLUTE, base=MajorityBase.MEMBERS)
    for user in [world.leader, world.focal_a]:
        services.vote_cast(by=user, poll=poll, choice=[0])
    result = services.poll_close(by=world.coordinator, poll=poll).result
    assert (result["base"], result["passed"]) == (5, False)  # 2 of 5 members is not more than half


def test_a_written_consultation_asks_every_member_and_closes_at_its_deadline(world):
    from datetime import timedelta

    from django.utils import timezone

    from dxoffice.core.notifications.models import Notification
    from dxoffice.meetings.models import MeetingKind
    from dxoffice.meetings.reminders import run_daily

    meeting = make_meeting(world, kind=MeetingKind.WRITTEN, title="Lấy ý kiến về dự thảo quy chế")
    for user in [world.focal_a, world.focal_b]:
        add_member(world, meeting, user)
    with pytest.raises(ValidationError) as caught:
        services.poll_create(by=world.coordinator, meeting=meeting, question="Đồng ý ban hành quy chế?")
    assert "deadline" in caught.value.message_dict
    deadline = timezone.now() + timedelta(days=3)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Đồng ý?", deadline=deadline)
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    poll = services.poll_open(by=world.coordinator, poll=poll)  # nobody checked in: none needed
    assert (poll.present_count, poll.members_count) == (3, 3)
    asked = set(
        Notification.objects.filter(kind="meeting.consultation").values_list("recipient__username", flat=True)
    )
    assert asked == {"leader", "focal", "focal2"}
    assert services.vote_cast(by=world.focal_a, poll=poll, choice=[0]).counted
    assert run_daily(now=deadline + timedelta(minutes=1))[1] == 1
    poll.refresh_from_db()
    assert poll.state == PollState.CLOSED and poll.result["votes_cast"] == 1
    with pytest.raises(StateConflict):
        services.vote_cast(by=world.focal_b, poll=poll, choice=[0])


def test_reminders_go_once_to_participants_of_meetings_within_a_day(world):
    from datetime import timedelta

    from django.utils import timezone

    from dxoffice.core.notifications.models import Notification
    from dxoffice.meetings.reminders import send_meeting_reminders

    meeting = make_meeting(world, starts_at=timezone.now() + timedelta(hours=5))
    add_member(world, meeting, world.focal_a)
    make_meeting(world, starts_at=timezone.now() + timedelta(days=3))  # not yet
    assert send_meeting_reminders() == 0  # not invited yet
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    assert send_meeting_reminders() == 3
    assert send_meeting_reminders() == 0
    assert Notification.objects.filter(kind="meeting.reminder", recipient=world.focal_a).count() == 1


def test_the_project_daily_run_sends_the_meeting_reminders(world):
    from datetime import timedelta

    from django.utils import timezone

    from dxoffice.core.daily import run_daily_jobs
    from dxoffice.core.notifications.models import Notification
    from dxoffice.core.registry import registry

    meeting = make_meeting(world, starts_at=timezone.now() + timedelta(hours=5))
    add_member(world, meeting, world.focal_a)
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    jobs = [job for job in registry.daily_jobs() if job.code == "meetings.daily"]
    (result,) = run_daily_jobs(timezone.localdate(), jobs)
    assert not result.failed and result.summary == "3 reminder(s), 0 consultation(s) closed"
    assert Notification.objects.filter(kind="meeting.reminder", recipient=world.focal_a).count() == 1
