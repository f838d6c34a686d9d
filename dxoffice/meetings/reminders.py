"""The daily part of meetings: remind participants of meetings starting within a day, and close the
written consultations whose deadline has passed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dxoffice.core.actors import system_actor
from dxoffice.core.notifications.services import Message, notify, notify_guests
from dxoffice.meetings.models import Meeting, MeetingStatus
from dxoffice.meetings.services import guest_link, guests_of, invitees, polls_close_due

REMIND_BEFORE = timedelta(hours=24)


def send_meeting_reminders(now: datetime | None = None) -> int:
    """Tell every participant once per meeting (and start time) that it starts within a day."""
    now = now or timezone.now()
    actor = system_actor()
    told = 0
    soon = Meeting.objects.filter(
        status=MeetingStatus.INVITED, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
    ).exclude(kind="written")
    for meeting in soon:
        title = Message(
            gettext_lazy("Reminder: %(title)s, %(when)s"), title=meeting.title, when=meeting.starts_at
        )
        body = Message(gettext_lazy("Room: %(room)s."), room=meeting.room or meeting.online_link or "-")
        dedupe_key = f"meeting.reminder:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}"
        told += len(
            notify(
                kind="meeting.reminder",
                recipients=invitees(meeting),
                title=title,
                body=body,
                url=reverse("meetings:meeting_detail", args=[meeting.pk]),
                target=meeting,
                by=actor,
                dedupe_key=dedupe_key,
            )
        )
        told += notify_guests(  # guests with an e-mail address, once per start time
            kind="meeting.reminder",
            guests=guests_of(meeting),
            title=title,
            body=body,
            url=guest_link(meeting),
            target=meeting,
            by=actor,
            dedupe_key=dedupe_key,
        )
    return told


def run_daily(now: datetime | None = None) -> tuple[int, int]:
    return send_meeting_reminders(now), polls_close_due(by=system_actor(), now=now)


def daily_job(today: date) -> str:
    """The module's daily job (core.registry.DailyJob), run by the project's daily run. Reminders look
    a day ahead of now, whatever day the run is for."""
    told, closed = run_daily()
    return f"{told} reminder(s), {closed} consultation(s) closed"
