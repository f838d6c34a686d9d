"""Meetings as iCalendar: the .ics of one meeting (with its invitation) and a person's feed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from dxoffice.core.notifications.channels import Attachment
from dxoffice.meetings.models import Meeting, MeetingStatus

PRODID = "-//dxoffice//meetings//VI"


def _event(meeting: Meeting, base_url: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@dxoffice")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    location = meeting.room or meeting.online_link
    if location:
        event.add("location", location)
    url = f"{base_url}/meetings/{meeting.pk}/"
    event.add("url", url)
    event.add("description", meeting.online_link or url)
    event.add("status", "CANCELLED" if meeting.is_archived else "CONFIRMED")
    event.add("sequence", int(meeting.history.count()) if hasattr(meeting, "history") else 0)
    return event


def calendar_bytes(meetings: Iterable[Meeting], base_url: str, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        if meeting.status != MeetingStatus.DRAFT or meeting.is_archived:
            calendar.add_component(_event(meeting, base_url))
    return calendar.to_ical()


def invitation_files(meeting: Meeting) -> list[Attachment]:
    """The .ics an invitation or a reminder e-mail carries (the notification kinds name this)."""
    if not isinstance(meeting, Meeting):
        return []
    content = calendar_bytes([meeting], settings.SITE_URL.rstrip("/"))
    return [Attachment(f"hop-{meeting.pk}.ics", content, "text/calendar")]
