"""Polls of a meeting and votes, cast as the voter."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from dxoffice.core.api import caller, with_errors
from dxoffice.core.api_inputs import RecordId
from dxoffice.core.exceptions import UnknownReference
from dxoffice.meetings import selectors, services
from dxoffice.meetings.api.schemas import PollIn, PollOut, VoteIn, VoteOut

router = Router(tags=["polls"])


@router.get(
    "/meetings/meetings/{meeting_id}/polls",
    response=with_errors({200: list[PollOut]}, 401, 404, 422),
    operation_id="poll_list",
)
def poll_list(request: HttpRequest, meeting_id: RecordId) -> Any:
    return list(selectors.polls_of(selectors.meeting_for(caller(request), meeting_id)))


@router.post(
    "/meetings/meetings/{meeting_id}/polls",
    response=with_errors({201: PollOut}, 400, 401, 403, 404, 409, 422),
    operation_id="poll_create",
)
def poll_create(request: HttpRequest, meeting_id: RecordId, payload: PollIn) -> Any:
    """Prepare a poll (those who run the meeting)."""
    user = caller(request)
    meeting = selectors.meeting_for(user, meeting_id)
    data = payload.dict()
    item_id = data.pop("item")
    item = meeting.items.filter(pk=item_id).first() if item_id else None
    if item_id and item is None:
        raise UnknownReference({"item": _("This agenda item is not on this meeting's agenda.")})
    return Status(201, services.poll_create(by=user, meeting=meeting, item=item, **data))


@router.get(
    "/meetings/polls/{poll_id}", response=with_errors({200: PollOut}, 401, 404, 422), operation_id="poll_get"
)
def poll_get(request: HttpRequest, poll_id: RecordId) -> Any:
    return selectors.poll_for(caller(request), poll_id)


def _step(request: HttpRequest, poll_id: int, service: Any) -> Any:
    user = caller(request)
    return service(by=user, poll=selectors.poll_for(user, poll_id))


@router.post(
    "/meetings/polls/{poll_id}/open",
    response=with_errors({200: PollOut}, 401, 403, 404, 409, 422),
    operation_id="poll_open",
)
def poll_open(request: HttpRequest, poll_id: RecordId) -> Any:
    """Open the poll; the members present are counted now (409 without the quorum)."""
    return _step(request, poll_id, services.poll_open)


@router.post(
    "/meetings/polls/{poll_id}/close",
    response=with_errors({200: PollOut}, 401, 403, 404, 409, 422),
    operation_id="poll_close",
)
def poll_close(request: HttpRequest, poll_id: RecordId) -> Any:
    return _step(request, poll_id, services.poll_close)


@router.post(
    "/meetings/polls/{poll_id}/publish",
    response=with_errors({200: PollOut}, 401, 403, 404, 409, 422),
    operation_id="poll_publish",
)
def poll_publish(request: HttpRequest, poll_id: RecordId) -> Any:
    return _step(request, poll_id, services.poll_publish)


@router.post(
    "/meetings/polls/{poll_id}/vote",
    response=with_errors({200: VoteOut}, 400, 401, 403, 404, 409, 422),
    operation_id="vote_cast",
    tags=["votes"],
)
def vote_cast(request: HttpRequest, poll_id: RecordId, payload: VoteIn) -> Any:
    """Cast the caller's ballot (or that of the member they stand in for). Sending it again is
    answered with `counted: false` and changes nothing."""
    user = caller(request)
    poll = selectors.poll_for(user, poll_id)
    participant = None
    if payload.participant is not None:
        participant = poll.meeting.participants.filter(pk=payload.participant).first()
        if participant is None:
            raise UnknownReference({"participant": _("Not a participant of this meeting.")})
    outcome = services.vote_cast(by=user, poll=poll, choice=list(payload.choice), participant=participant)
    return {"counted": outcome.counted, "receipt": outcome.receipt}
