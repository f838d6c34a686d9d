"""The live channel of a meeting (WebSocket): the room's state on connect and after every change,
and the participant's own actions (vote, ask to speak, withdraw).

Every client first receives the whole state with its version; afterwards the group's events carry
newer versions and the client drops anything older than what it holds, so a client that reconnects
catches up with one message. A bad message is answered with an error naming what is wrong; the
connection stays open."""

from __future__ import annotations

import json
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from dxoffice.meetings import access, live, services
from dxoffice.meetings.models import Meeting, Poll, Speaker
from dxoffice.meetings.selectors import cast_ballots, voted_polls

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 4096
ACTIONS = ("sync", "vote", "speak", "withdraw")
REFUSED = 4404  # the person may not follow this meeting (or it does not exist): the page stops retrying


class MessageError(Exception):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _int_field(content: dict[str, Any], name: str, required: bool = True) -> int | None:
    value = content.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise MessageError(
            _("“%(field)s” must be a record id (a positive whole number).") % {"field": name}, name
        )
    return value


def _error_text(exc: ValidationError) -> tuple[str, str]:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.message_dict.items()))
        return " ".join(errors), field if field != "__all__" else ""
    return " ".join(exc.messages), ""


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    meeting_id: int
    group: str
    revoked: bool = False

    async def connect(self) -> None:
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        self.group = live.group_name(self.meeting_id)
        if not await database_sync_to_async(self._may_join)():
            # Accepted first, so that the refusal code reaches the browser (a handshake refused
            # before it is accepted arrives as 1006, which the page cannot tell from a lost link).
            await self.accept()
            await self.close(code=REFUSED)
            return
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(await database_sync_to_async(self._snapshot)())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    @property
    def user(self) -> Any:
        return self.scope.get("user")

    # Messages from the group ----------------------------------------------------------------------

    async def meeting_state(self, event: dict[str, Any]) -> None:
        if not self.revoked:
            await self.send_json({"type": "state", "state": event["state"]})

    async def meeting_revoke(self, event: dict[str, Any]) -> None:
        """Someone lost their place in the meeting: if it is this connection's person and they may
        no longer follow it, it leaves the group and closes before the next state is sent."""
        user = self.user
        if getattr(user, "pk", None) != event.get("user"):
            return
        if await database_sync_to_async(self._may_join)():
            return
        self.revoked = True
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.close(code=REFUSED)

    # Messages from the client ---------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        request_id: Any = None
        try:
            if text_data is None:
                raise MessageError(_("Send text messages in JSON."))
            if len(text_data.encode()) > MAX_MESSAGE_BYTES:
                raise MessageError(_("The message is too long."))
            try:
                content = json.loads(text_data)
            except ValueError as exc:
                raise MessageError(_("The message is not valid JSON.")) from exc
            if not isinstance(content, dict):
                raise MessageError(_("The message must be a JSON object."))
            request_id = content.get("request_id")
            if request_id is not None and (not isinstance(request_id, str) or len(request_id) > 64):
                request_id = None
                raise MessageError(_("“request_id” must be a short text."), "request_id")
            answer = await database_sync_to_async(self._handle)(content)
        except MessageError as exc:
            answer = {"type": "error", "message": exc.message, "field": exc.field}
        except Exception:  # a fault of ours: said, logged, and the connection stays open
            logger.exception("meeting live message failed")
            answer = {"type": "error", "message": _("Something went wrong; try again."), "field": ""}
        if request_id is not None:
            answer["request_id"] = request_id
        await self.send_json(answer)

    # Work done in a thread, with the database -----------------------------------------------------

    def _meeting(self) -> Meeting:
        return Meeting.objects.get(pk=self.meeting_id)

    def _may_join(self) -> bool:
        access.forget(self.user)
        meeting = Meeting.objects.filter(pk=self.meeting_id).first()
        return meeting is not None and access.can_view(self.user, meeting)

    def _snapshot(self) -> dict[str, Any]:
        user = self.user
        access.forget(user)
        meeting = self._meeting()
        with translation.override(getattr(user, "language", None) or "vi"):
            state = live.public_state(self.meeting_id)
            rows = services.voter_rows(user, meeting)
            return {
                "type": "state",
                "state": state,
                "me": {
                    "voter": bool(rows),
                    "participants": [{"id": p.pk, "name": p.name} for p in rows],
                    "runs": access.can_run(user, meeting),
                    # The participant rows this person acts for: their own requests to speak.
                    "mine": [p.pk for p in access.participations(user, meeting)],
                    "voted": sorted(voted_polls(user, meeting)),
                    "cast": [list(pair) for pair in cast_ballots(user, meeting)],
                },
            }

    def _handle(self, content: dict[str, Any]) -> dict[str, Any]:
        action = content.get("type")
        if action not in ACTIONS:
            raise MessageError(
                _("Unknown message type; use one of: %(types)s.") % {"types": ", ".join(ACTIONS)}, "type"
            )
        user = self.user
        with translation.override(getattr(user, "language", None) or "vi"):
            access.forget(user)
            try:
                meeting = self._meeting()
                if not access.can_view(user, meeting):
                    raise MessageError(_("You no longer take part in this meeting."))
                if action == "sync":
                    return self._snapshot()
                if action == "vote":
                    return self._vote(meeting, content)
                if action == "speak":
                    speaker = services.speak_request(by=user, meeting=meeting)
                    return {"type": "speak", "speaker": speaker.pk}
                speaker_id = _int_field(content, "speaker")
                speaker = Speaker.objects.select_related("item__meeting").get(
                    pk=speaker_id, item__meeting_id=self.meeting_id
                )
                services.speak_withdraw(by=user, speaker=speaker)
                return {"type": "withdraw", "speaker": speaker.pk}
            except ObjectDoesNotExist as exc:
                raise MessageError(_("No such record in this meeting.")) from exc
            except PermissionDenied as exc:
                raise MessageError(_("You may not do this.")) from exc
            except ValidationError as exc:
                message, field = _error_text(exc)
                raise MessageError(message, field) from exc

    def _vote(self, meeting: Meeting, content: dict[str, Any]) -> dict[str, Any]:
        poll_id = _int_field(content, "poll")
        participant_id = _int_field(content, "participant", required=False)
        poll = Poll.objects.select_related("meeting").get(pk=poll_id, meeting=meeting)
        participant = None
        if participant_id is not None:
            participant = meeting.participants.get(pk=participant_id)
        outcome = services.vote_cast(
            by=self.user, poll=poll, choice=content.get("choice"), participant=participant
        )
        return {
            "type": "voted",
            "poll": poll.pk,
            "participant": outcome.participant,
            "counted": outcome.counted,
            "receipt": outcome.receipt,
        }
