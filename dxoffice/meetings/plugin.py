"""The meetings module's entries in the module registry: navigation, the home card, visibility of
its records (file downloads, History pages), the task origin of conclusions, its audit events,
notification kinds and the live channel's routes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dxoffice.core.registry import (
    AuditEvent,
    DailyJob,
    HomeCard,
    Module,
    NavEntry,
    NotificationKind,
    OriginKind,
)
from dxoffice.meetings import selectors
from dxoffice.meetings.routing import websocket_urlpatterns


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


def _conclusion_url(conclusion: Any) -> str:
    return reverse("meetings:meeting_detail", args=[conclusion.meeting_id]) + f"#conclusion-{conclusion.pk}"


def meetings_card(request: HttpRequest) -> dict[str, Any] | None:
    from dxoffice.meetings.stats import meeting_figures

    figures = meeting_figures(request.user)
    lists = selectors.meeting_lists(request.user, past_limit=0)
    coming = (lists.ongoing + lists.upcoming)[:3]
    if not figures.held and not coming:
        return None
    return {"figures": figures, "coming": coming}


_EVENTS = [
    ("meeting.created", _("meeting created")),
    ("meeting.changed", _("meeting changed")),
    ("meeting.invited", _("invitations sent")),
    ("meeting.started", _("meeting started")),
    ("meeting.item_changed", _("current agenda item changed")),
    ("meeting.closed", _("meeting closed")),
    ("minutes.approved", _("minutes approved")),
    ("participant.added", _("participant added")),
    ("participant.changed", _("participant changed")),
    ("participant.removed", _("participant removed")),
    ("participant.answered", _("invitation answered")),
    ("participant.attendance", _("attendance recorded")),
    ("participant.checked_in", _("checked in by QR code")),
    ("agenda.item_added", _("agenda item added")),
    ("agenda.item_changed", _("agenda item changed")),
    ("agenda.item_removed", _("agenda item removed")),
    ("agenda.reordered", _("agenda reordered")),
    ("agenda.discussion_saved", _("discussion recorded")),
    ("document.added", _("document shared")),
    ("document.changed", _("document changed")),
    ("document.archived", _("document withdrawn")),
    ("document.note_saved", _("private note saved")),
    ("document.commented", _("comment on a draft")),
    ("speaker.requested", _("asked to speak")),
    ("speaker.withdrawn", _("request to speak withdrawn")),
    ("speaker.reordered", _("speakers' list reordered")),
    ("speaker.started", _("given the floor")),
    ("speaker.ended", _("speech ended")),
    ("poll.created", _("poll created")),
    ("poll.opened", _("poll opened")),
    ("poll.voted", _("vote cast")),
    ("poll.closed", _("poll closed")),
    ("poll.published", _("poll result published")),
    ("conclusion.recorded", _("conclusion recorded")),
    ("conclusion.changed", _("conclusion changed")),
    ("conclusion.archived", _("conclusion withdrawn")),
    ("calendar.feed_made", _("calendar address made")),
    ("calendar.feed_renewed", _("calendar address renewed")),
]

MODULE = Module(
    name="meetings",
    label=_("Meetings"),
    nav=[
        NavEntry(
            "meetings", _("Meetings"), "meetings:meeting_list", icon="easel2", order=110, visible=_signed_in
        )
    ],
    cards=[
        HomeCard("meetings", _("Paperless meetings"), "meetings/cards/meetings.html", meetings_card, order=40)
    ],
    visibility={
        "meetings.meeting": selectors.meeting_is_visible,
        "meetings.participant": selectors.part_is_visible,
        "meetings.agendaitem": selectors.part_is_visible,
        "meetings.meetingdocument": selectors.document_is_visible,
        "meetings.conclusion": selectors.part_is_visible,
        "meetings.poll": selectors.part_is_visible,
        "meetings.pollvote": selectors.vote_is_visible,
        "meetings.speaker": selectors.speaker_is_visible,
        "meetings.documentnote": selectors.note_is_visible,
        "meetings.documentcomment": selectors.comment_is_visible,
        "meetings.calendarfeed": selectors.feed_is_visible,
    },
    origins=[
        OriginKind(
            "meetings.conclusion", _("Meeting conclusion"), model="meetings.Conclusion", url=_conclusion_url
        )
    ],
    events=[AuditEvent(code, label) for code, label in _EVENTS],
    daily=[
        DailyJob(
            "meetings.daily",
            _("Meeting reminders, written consultations closed at their deadline"),
            "dxoffice.meetings.reminders.daily_job",
        )
    ],
    notifications=[
        NotificationKind(
            "meeting.invited",
            _("Meeting invitations"),
            _("You are invited to a meeting, or its time or place changed."),
            default_email="immediate",
            attachments="dxoffice.meetings.calendar.invitation_files",
        ),
        NotificationKind(
            "meeting.reminder",
            _("Meeting reminders"),
            _("A meeting you take part in starts soon."),
            default_email="immediate",
            attachments="dxoffice.meetings.calendar.invitation_files",
        ),
        NotificationKind(
            "meeting.consultation",
            _("Written consultations"),
            _("The members are asked for their opinion in writing, before a deadline."),
            default_email="immediate",
        ),
    ],
    websockets=websocket_urlpatterns,
)
