"""Writes of participants and agenda items, by those who run the meeting, through the services the
pages use. Nothing is deleted: removing retires the record (archived, kept in the history)."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status

from dxoffice.core.api import with_errors
from dxoffice.core.api_inputs import RecordId
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.meetings import selectors, services
from dxoffice.meetings.api.common import WRITE_ERRORS, record_of, running
from dxoffice.meetings.api.meetings import router as meetings_router
from dxoffice.meetings.api.schemas import ItemOut, ParticipantOut
from dxoffice.meetings.api.write_schemas import (
    ItemIn,
    ItemOrderIn,
    ItemPatch,
    ParticipantIn,
    ParticipantPatch,
)
from dxoffice.meetings.models import AgendaItem, Participant

# On the meetings router: a path's operations must share one router (the GET lists are there).
router = meetings_router


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


@router.post(
    "/meetings/meetings/{meeting_id}/participants",
    response=with_errors({201: ParticipantOut}, *WRITE_ERRORS),
    operation_id="participant_add",
    tags=["participants"],
)
def participant_add(request: HttpRequest, meeting_id: RecordId, payload: ParticipantIn) -> Any:
    """Add a person (`user`) or a guest (`guest_name`, and `guest_email` to send them the invitation).
    A person already taking part is a 400 naming `user`; approved minutes are a 409."""
    user, meeting = running(request, meeting_id)
    person = None
    if payload.user is not None:
        person = User.objects.filter(pk=payload.user, is_active=True).first()
        if person is None:
            raise UnknownReference({"user": _("Unknown user.")})
    participant = services.participant_add(
        by=user,
        meeting=meeting,
        user=person,
        role=payload.role.value,
        guest_name=payload.guest_name,
        guest_email=payload.guest_email,
        guest_organisation=payload.guest_organisation,
    )
    return Status(201, participant)


@router.patch(
    "/meetings/meetings/{meeting_id}/participants/{participant_id}",
    response=with_errors({200: ParticipantOut}, *WRITE_ERRORS),
    operation_id="participant_update",
    tags=["participants"],
)
def participant_update(
    request: HttpRequest, meeting_id: RecordId, participant_id: RecordId, payload: ParticipantPatch
) -> Any:
    """Change a participant's role, a guest's details or the attendance; only the fields sent
    change. A member who voted keeps a voting role (409)."""
    user, meeting = running(request, meeting_id)
    participant = record_of(meeting, Participant, participant_id)
    changes = payload.dict(exclude_unset=True)
    attendance = changes.pop("attendance", None)
    reason = changes.pop("absence_reason", None)
    if "role" in changes:
        changes["role"] = changes["role"].value if hasattr(changes["role"], "value") else changes["role"]
    with transaction.atomic():
        if changes:
            participant = services.participant_update(by=user, participant=participant, **changes)
        if attendance is not None or reason is not None:
            participant = services.attendance_record(
                by=user,
                participant=participant,
                attendance=str(getattr(attendance, "value", attendance) or participant.attendance),
                reason=reason if reason is not None else participant.absence_reason,
            )
    return record_of(meeting, Participant, participant_id)


@router.post(
    "/meetings/meetings/{meeting_id}/participants/{participant_id}/archive",
    response=with_errors({200: ParticipantOut}, 401, 403, 404, 409, 422),
    operation_id="participant_remove",
    tags=["participants"],
)
def participant_remove(request: HttpRequest, meeting_id: RecordId, participant_id: RecordId) -> Any:
    """Take a participant off the meeting (retired, kept in the history). One who voted stays: 409."""
    user, meeting = running(request, meeting_id)
    return services.participant_remove(by=user, participant=record_of(meeting, Participant, participant_id))


@router.post(
    "/meetings/meetings/{meeting_id}/items",
    response=with_errors({201: ItemOut}, *WRITE_ERRORS),
    operation_id="item_add",
    tags=["agenda items"],
)
def item_add(request: HttpRequest, meeting_id: RecordId, payload: ItemIn) -> Any:
    """Add an item at the end of the agenda."""
    user, meeting = running(request, meeting_id)
    item = services.item_save(
        by=user,
        meeting=meeting,
        title=payload.title,
        presenter=payload.presenter,
        starts_at=_time(payload.starts_at),
        duration_minutes=payload.duration_minutes,
    )
    return Status(201, item)


@router.post(
    "/meetings/meetings/{meeting_id}/items/order",
    response=with_errors({200: list[ItemOut]}, *WRITE_ERRORS),
    operation_id="item_reorder",
    tags=["agenda items"],
)
def item_reorder(request: HttpRequest, meeting_id: RecordId, payload: ItemOrderIn) -> Any:
    """Put the agenda in a new order: every item id of the meeting, each once (else a 400 naming
    `order`)."""
    user, meeting = running(request, meeting_id)
    services.items_reorder(by=user, meeting=meeting, order=list(payload.order))
    return selectors.agenda_of(meeting)


# Declared after items/order, which the path with an id would otherwise take.
@router.patch(
    "/meetings/meetings/{meeting_id}/items/{item_id}",
    response=with_errors({200: ItemOut}, *WRITE_ERRORS),
    operation_id="item_update",
    tags=["agenda items"],
)
def item_update(request: HttpRequest, meeting_id: RecordId, item_id: RecordId, payload: ItemPatch) -> Any:
    """Change an item's title, presenter, time slot or duration; only the fields sent change
    (`starts_at: null` clears the time slot). The order changes through `item_reorder`."""
    user, meeting = running(request, meeting_id)
    item = record_of(meeting, AgendaItem, item_id)
    changes = payload.dict(exclude_unset=True)
    return services.item_save(
        by=user,
        meeting=meeting,
        item=item,
        title=changes.get("title", item.title),
        presenter=changes.get("presenter", item.presenter),
        starts_at=_time(changes["starts_at"]) if "starts_at" in changes else item.starts_at,
        duration_minutes=changes.get("duration_minutes", item.duration_minutes),
    )


@router.post(
    "/meetings/meetings/{meeting_id}/items/{item_id}/archive",
    response=with_errors({200: ItemOut}, 401, 403, 404, 409, 422),
    operation_id="item_remove",
    tags=["agenda items"],
)
def item_remove(request: HttpRequest, meeting_id: RecordId, item_id: RecordId) -> Any:
    """Take an item off the agenda (retired). The item under discussion, or one holding polls,
    conclusions, speakers or documents, stays: 409."""
    user, meeting = running(request, meeting_id)
    return services.item_archive(by=user, item=record_of(meeting, AgendaItem, item_id))
