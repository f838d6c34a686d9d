"""The live state of a meeting as the room sees it, and its broadcast to the channel layer.

Every change the room sees raises the meeting's `live_version` inside the write's transaction; after
commit the whole public state is sent to the meeting's group with that version. A client that
connects (or reconnects) gets the same state first, and ignores any event older than what it holds,
so nothing is lost by a dropped link."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F

from dxoffice.meetings.models import Meeting, Poll, PollState, Speaker, SpeakerState
from dxoffice.meetings.quorum import attendance_counts
from dxoffice.meetings.results import poll_result

EVENT = "meeting.state"
REVOKE = "meeting.revoke"


def group_name(meeting_id: int) -> str:
    return f"meeting.{meeting_id}"


def changed(meeting: Meeting) -> None:
    """Call inside the write's transaction: the room gets the new state after commit."""
    Meeting.objects.filter(pk=meeting.pk).update(live_version=F("live_version") + 1)
    meeting_id = meeting.pk
    transaction.on_commit(lambda: broadcast(meeting_id))


def revoked(meeting: Meeting, user_id: int | None) -> None:
    """Call inside the write's transaction, before `changed`: after commit, the person's open
    connections to the room check again whether they may still follow it, and close if not."""
    if user_id is None:
        return
    meeting_id = meeting.pk

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group_name(meeting_id), {"type": REVOKE, "user": user_id})

    transaction.on_commit(send)


def broadcast(meeting_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:  # pragma: no cover - a layer is always configured
        return
    state = public_state(meeting_id)
    async_to_sync(layer.group_send)(group_name(meeting_id), {"type": EVENT, "state": state})


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def poll_state(poll: Poll) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": poll.pk,
        "question": poll.question,
        "kind": poll.kind,
        "options": poll.option_labels(),
        "max_choices": poll.max_choices if poll.kind == "multiple" else 1,
        "secret": poll.secret,
        "state": poll.state,
        "votes_cast": poll.votes.count(),
        "present_count": poll.present_count,
        "deadline": _iso(poll.deadline),
        "result": None,
    }
    if poll.state == PollState.PUBLISHED:
        data["result"] = poll_result(poll)
    return data


def current_poll(meeting: Meeting) -> Poll | None:
    """The poll the room looks at: the open one, else the one closed or published last."""
    polls = Poll.objects.filter(meeting=meeting).exclude(state=PollState.DRAFT)
    open_poll = polls.filter(state=PollState.OPEN).order_by("-opened_at", "-pk").first()
    return open_poll or polls.order_by("-opened_at", "-pk").first()


def public_state(meeting_id: int) -> dict[str, Any]:
    meeting = Meeting.all_objects.select_related("current_item").get(pk=meeting_id)
    item = meeting.current_item
    speakers: list[dict[str, Any]] = []
    if item is not None:
        rows = (
            Speaker.objects.filter(item=item)
            .exclude(state=SpeakerState.DONE)
            .select_related("participant__user")
        )
        # The one speaking first, then those waiting in the chair's order.
        ordered = sorted(
            rows, key=lambda s: (s.state != SpeakerState.SPEAKING, s.position, s.requested_at, s.pk)
        )
        speakers = [
            {
                "id": s.pk,
                "participant": s.participant_id,
                "name": s.participant.name,
                "state": s.state,
                "started_at": _iso(s.started_at),
            }
            for s in ordered
        ]
    poll = current_poll(meeting)
    return {
        "version": meeting.live_version,
        "meeting": {"id": meeting.pk, "title": meeting.title, "status": meeting.status},
        "items": [{"id": i.pk, "position": i.position, "title": i.title} for i in meeting.items.all()],
        "item": None
        if item is None
        else {
            "id": item.pk,
            "position": item.position,
            "title": item.title,
            "presenter": item.presenter,
            "duration_minutes": item.duration_minutes,
            "started_at": _iso(meeting.item_started_at),
        },
        "attendance": attendance_counts(meeting).as_dict(),
        "speakers": speakers,
        "poll": poll_state(poll) if poll else None,
    }
