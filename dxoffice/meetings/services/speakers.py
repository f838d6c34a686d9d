"""The speakers' list of the current agenda item: ask for the floor, withdraw, the chair orders the
list and gives the floor to the next; speaking time goes into the minutes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.services import save_audited
from dxoffice.meetings import access, live
from dxoffice.meetings.models import MeetingStatus, Participant, Speaker, SpeakerState
from dxoffice.meetings.models.meeting import Meeting
from dxoffice.meetings.services.common import locked, require_run


def _current_item(meeting: Meeting):  # type: ignore[no-untyped-def]
    if meeting.status != MeetingStatus.IN_PROGRESS or meeting.current_item_id is None:
        raise StateConflict(_("The meeting is not discussing an agenda item now."))
    return meeting.current_item


@transaction.atomic
def speak_request(*, by: User, meeting: Meeting, participant: Participant | None = None) -> Speaker:
    """Ask for the floor on the current item (asking twice keeps one place in the list)."""
    meeting = locked(meeting)
    item = _current_item(meeting)
    rows = access.participations(by, meeting)
    if participant is None:
        participant = rows[0] if rows else None
    if participant is None or participant.pk not in {p.pk for p in rows}:
        raise PermissionDenied
    existing = (
        Speaker.objects.filter(item=item, participant=participant).exclude(state=SpeakerState.DONE).first()
    )
    if existing is not None:
        return existing
    last = Speaker.objects.filter(item=item).aggregate(m=Max("position"))["m"] or 0
    speaker = Speaker(item=item, participant=participant, position=last + 1)
    save_audited(speaker, by=by, event="speaker.requested")
    live.changed(meeting)
    return speaker


@transaction.atomic
def speak_withdraw(*, by: User, speaker: Speaker) -> Speaker:
    meeting = locked(speaker.item.meeting)
    if speaker.participant not in access.participations(by, meeting) and not access.can_run(by, meeting):
        raise PermissionDenied
    if speaker.state == SpeakerState.WAITING:
        speaker.state = SpeakerState.DONE
        save_audited(speaker, by=by, event="speaker.withdrawn")
        live.changed(meeting)
    return speaker


@transaction.atomic
def speakers_reorder(*, by: User, meeting: Meeting, order: list[int]) -> list[int]:
    """The chair sets the order of those waiting on the current item (their ids in the new order).
    An id given twice, or of no one waiting on the current item, is refused naming it; anyone who
    asked for the floor since the order was drawn keeps their turn after those given. Returns the
    whole order as saved."""
    require_run(by, meeting)
    meeting = locked(meeting)
    item = _current_item(meeting)
    if len(set(order)) != len(order):
        raise ValidationError({"order": _("A speaker appears more than once in the order.")})
    waiting = {
        s.pk: s
        for s in Speaker.objects.filter(item=item, state=SpeakerState.WAITING).order_by(
            "position", "requested_at", "pk"
        )
    }
    unknown = [pk for pk in order if pk not in waiting]
    if unknown:
        raise ValidationError(
            {
                "order": _("Not waiting on the current item's speakers' list: %(ids)s. Reload the page.")
                % {"ids": ", ".join(map(str, unknown))}
            }
        )
    given = set(order)
    full = list(order) + [pk for pk in waiting if pk not in given]
    for position, pk in enumerate(full, start=1):
        speaker = waiting[pk]
        if speaker.position != position:
            speaker.position = position
            save_audited(speaker, by=by, event="speaker.reordered")
    live.changed(meeting)
    return full


@transaction.atomic
def speaker_next(*, by: User, meeting: Meeting) -> Speaker | None:
    """The chair ends the current speech and gives the floor to the first waiting."""
    require_run(by, meeting)
    meeting = locked(meeting)
    item = _current_item(meeting)
    now = timezone.now()
    for speaking in Speaker.objects.filter(item=item, state=SpeakerState.SPEAKING):
        speaking.state, speaking.ended_at = SpeakerState.DONE, now
        save_audited(speaking, by=by, event="speaker.ended")
    following = (
        Speaker.objects.filter(item=item, state=SpeakerState.WAITING).order_by("position", "pk").first()
    )
    if following is not None:
        following.state, following.started_at = SpeakerState.SPEAKING, now
        save_audited(following, by=by, event="speaker.started")
    live.changed(meeting)
    return following
