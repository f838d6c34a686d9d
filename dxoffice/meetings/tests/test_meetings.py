"""Meetings: creation, who sees them, the status workflow, participants, RSVP and deputies."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.notifications.models import Notification
from dxoffice.meetings import access, selectors, services
from dxoffice.meetings.models import Meeting, MeetingStatus, ParticipantRole, Rsvp
from dxoffice.meetings.tests.factories import add_member, make_meeting

pytestmark = pytest.mark.django_db


def test_creating_a_meeting_makes_the_creator_secretary_and_the_chair_participant(world):
    meeting = make_meeting(world)
    roles = dict(meeting.participants.values_list("user__username", "role"))
    assert roles == {"coordinator": ParticipantRole.SECRETARY, "leader": ParticipantRole.CHAIR}
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.history.first().history_event == "meeting.created"


def test_only_planners_of_the_unit_create_meetings(world):
    with pytest.raises(PermissionDenied):
        make_meeting(world, by=world.focal_a)
    with pytest.raises(PermissionDenied):
        make_meeting(world, by=world.viewer)


def test_a_meeting_must_end_after_it_starts(world):
    start = timezone.now()
    with pytest.raises(ValidationError) as caught:
        make_meeting(world, starts_at=start, ends_at=start - timedelta(minutes=5))
    assert "ends_at" in caught.value.message_dict
    assert not Meeting.objects.exists()


def test_an_open_meeting_is_seen_by_its_unit_a_confidential_one_only_by_participants(world):
    open_meeting = make_meeting(world, title="Họp thường kỳ")
    secret = make_meeting(world, title="Họp mật", confidential=True)
    add_member(world, secret, world.focal_a)
    assert set(selectors.meetings_visible_to(world.viewer)) == {open_meeting}
    assert set(selectors.meetings_visible_to(world.focal_a)) == {secret}
    assert set(selectors.meetings_visible_to(world.leader)) == {open_meeting, secret}
    assert not selectors.meetings_visible_to(world.outsider).exists()
    # Administrators who are not participants see nothing of a confidential meeting.
    assert secret not in selectors.meetings_visible_to(world.admin)
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_for(world.admin, secret.pk)
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_for(world.outsider, open_meeting.pk)


def test_a_member_does_not_run_the_meeting_the_secretary_does(world):
    meeting = make_meeting(world, confidential=True)
    add_member(world, meeting, world.focal_a)
    assert access.can_run(world.coordinator, meeting)
    assert not access.can_run(world.focal_a, meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_update(by=world.focal_a, meeting=meeting, title="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.participant_add(by=world.admin, meeting=meeting, user=world.focal_b)


def test_status_goes_draft_invited_in_progress_closed_approved(world):
    meeting = make_meeting(world)
    meeting = services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    assert meeting.status == MeetingStatus.INVITED
    meeting = services.meeting_start(by=world.coordinator, meeting=meeting)
    assert meeting.status == MeetingStatus.IN_PROGRESS
    with pytest.raises(StateConflict):
        services.meeting_start(by=world.coordinator, meeting=meeting)
    with pytest.raises(StateConflict):
        services.minutes_approve(by=world.leader, meeting=meeting)
    meeting = services.meeting_close(by=world.coordinator, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(by=world.coordinator, meeting=meeting)  # the chair approves
    meeting = services.minutes_approve(by=world.leader, meeting=meeting)
    assert meeting.status == MeetingStatus.APPROVED and meeting.approved_by == world.leader
    with pytest.raises(StateConflict):
        services.meeting_update(by=world.coordinator, meeting=meeting, title="Sửa sau khi duyệt")
    with pytest.raises(StateConflict):
        services.item_save(by=world.coordinator, meeting=meeting, title="Thêm nội dung")


def test_invitations_notify_participants_and_deputies_but_not_the_sender(world):
    meeting = make_meeting(world)
    member = add_member(world, meeting, world.focal_a)
    services.rsvp_answer(by=world.focal_a, participant=member, answer=Rsvp.DELEGATED, deputy=world.focal_b)
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    told = set(
        Notification.objects.filter(kind="meeting.invited").values_list("recipient__username", flat=True)
    )
    assert told == {"leader", "focal", "focal2"}


def test_a_person_takes_part_once(world):
    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    with pytest.raises(ValidationError) as caught:
        add_member(world, meeting, world.focal_a)
    assert "user" in caught.value.message_dict


def test_a_guest_needs_a_name(world):
    meeting = make_meeting(world)
    with pytest.raises(ValidationError) as caught:
        services.participant_add(by=world.coordinator, meeting=meeting, role=ParticipantRole.INVITEE)
    assert "guest_name" in caught.value.message_dict
    guest = services.participant_add(
        by=world.coordinator, meeting=meeting, role=ParticipantRole.INVITEE, guest_name="Ông Trần Văn B"
    )
    assert guest.name == "Ông Trần Văn B"


def test_a_deputy_sees_the_meeting_and_only_the_member_answers_for_themselves(world):
    meeting = make_meeting(world, confidential=True)
    member = add_member(world, meeting, world.focal_a)
    with pytest.raises(PermissionDenied):
        services.rsvp_answer(by=world.focal_b, participant=member, answer=Rsvp.ACCEPTED)
    with pytest.raises(ValidationError) as caught:
        services.rsvp_answer(by=world.focal_a, participant=member, answer=Rsvp.DELEGATED)
    assert "deputy" in caught.value.message_dict
    services.rsvp_answer(by=world.focal_a, participant=member, answer=Rsvp.DELEGATED, deputy=world.focal_b)
    assert selectors.meeting_for(world.focal_b, meeting.pk) == meeting
    assert [p.pk for p in services.voter_rows(world.focal_b, meeting)] == [member.pk]
    assert services.voter_rows(world.focal_a, meeting) == []  # the deputy votes in the member's place


def test_an_observer_cannot_send_a_deputy(world):
    meeting = make_meeting(world)
    observer = add_member(world, meeting, world.viewer, role=ParticipantRole.OBSERVER)
    with pytest.raises(ValidationError):
        services.rsvp_answer(
            by=world.viewer, participant=observer, answer=Rsvp.DELEGATED, deputy=world.focal_b
        )
