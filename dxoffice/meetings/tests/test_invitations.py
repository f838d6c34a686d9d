"""Invitations and reminders: e-mailed through the notification service with the meeting's .ics
attached, to the participants and deputies with an account and to guests with an e-mail address."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from dxoffice.core.notifications.channels import RecordingChannel
from dxoffice.meetings import services
from dxoffice.meetings.reminders import send_meeting_reminders
from dxoffice.meetings.tests.factories import add_member, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(settings):
    settings.DXOFFICE_NOTIFICATION_CHANNELS = ["dxoffice.core.notifications.channels.RecordingChannel"]
    settings.SITE_URL = "https://dx.example/"
    RecordingChannel.clear()
    yield RecordingChannel.sent
    RecordingChannel.clear()


def _meeting_with_guests(world):
    meeting = make_meeting(world, room="Phòng họp số 1", starts_at=timezone.now() + timedelta(hours=20))
    world.focal_a.email = "focal@example.com"
    world.focal_a.save()
    add_member(world, meeting, world.focal_a)
    services.participant_add(
        by=world.coordinator,
        meeting=meeting,
        role="invitee",
        guest_name="Bà Khách Mời",
        guest_email="khach@doitac.example",
        guest_organisation="Đối tác",
    )
    services.participant_add(by=world.coordinator, meeting=meeting, role="invitee", guest_name="Không thư")
    return meeting


def _ics(envelope):
    (attachment,) = envelope.attachments
    assert attachment.mimetype == "text/calendar" and attachment.filename.endswith(".ics")
    return Calendar.from_ical(attachment.content).walk("VEVENT")[0]


def test_invitations_carry_the_ics_to_members_and_guests(
    world, recorded, django_capture_on_commit_callbacks, monkeypatch
):
    meeting = _meeting_with_guests(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    member = next(e for e in recorded if e.recipient == world.focal_a)
    event = _ics(member)
    assert str(event["summary"]) == meeting.title and str(event["location"]) == "Phòng họp số 1"
    assert f"/meetings/{meeting.pk}/" in member.text

    (guest,) = [e for e in recorded if e.recipient is None]  # the guest without an address gets none
    assert guest.address == "khach@doitac.example" and "Bà Khách Mời" in guest.text
    assert meeting.title in guest.subject
    assert str(_ics(guest)["uid"]) == f"meeting-{meeting.pk}@dxoffice"
    assert "https://dx.example/" not in guest.text  # no page they could open: no link

    recorded.clear()
    later = timezone.now() + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)  # sent again later, after a change: told again
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    assert any(e.address == "khach@doitac.example" for e in recorded)


def test_reminders_reach_members_and_guests_once_with_the_ics(
    world, recorded, django_capture_on_commit_callbacks
):
    meeting = _meeting_with_guests(world)
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        told = send_meeting_reminders()
    assert told >= 2
    guests = [e for e in recorded if e.recipient is None]
    assert [e.address for e in guests] == ["khach@doitac.example"]
    assert "Reminder" in guests[0].subject or "Nhắc" in guests[0].subject
    assert _ics(guests[0])["dtstart"].dt == meeting.starts_at.replace(microsecond=0)
    assert any(e.recipient == world.focal_a and e.attachments for e in recorded)

    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders() == 0  # once per meeting and start time
    assert recorded == []


def test_a_guests_address_is_checked_and_kept(client, world):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    client.post(
        f"/meetings/{meeting.pk}/participants/",
        {"guest_name": "Ông Khách", "guest_email": "ong.khach@example.com", "role": "invitee"},
    )
    assert meeting.participants.get(guest_name="Ông Khách").guest_email == "ong.khach@example.com"
    client.post(
        f"/meetings/{meeting.pk}/participants/",
        {"guest_name": "Sai thư", "guest_email": "not-an-address", "role": "invitee"},
    )
    assert not meeting.participants.filter(guest_name="Sai thư").exists()
