"""What the meetings views share: the meeting the person may see (else 404), and running a service
with its refusals shown as messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from dxoffice.core.models import User
from dxoffice.core.ui import flash_errors
from dxoffice.meetings import access, selectors
from dxoffice.meetings.models import Meeting


def me(request: HttpRequest) -> User:
    """The signed-in person (every view here requires a login)."""
    return cast(User, request.user)


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        return selectors.meeting_for(request.user, pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def run_meeting(request: HttpRequest, pk: int) -> Meeting:
    """A meeting the person runs (chair, secretary, planner): others get 404 if they cannot see it,
    403 if they can."""
    meeting = visible_meeting(request, pk)
    if not access.can_run(request.user, meeting):
        raise PermissionDenied
    return meeting


def back_to(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("meetings:meeting_detail", pk=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def attempt(request: HttpRequest, action: Callable[[], Any], success: str = "") -> bool:
    """Run a service; its ValidationError becomes error messages. True when it succeeded."""
    try:
        action()
    except ValidationError as exc:
        flash_errors(request, exc)
        return False
    if success:
        messages.success(request, success)
    return True


def int_or_none(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
