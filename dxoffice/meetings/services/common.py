"""What every meetings service shares: the row lock, state checks and permission refusals."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.meetings import access
from dxoffice.meetings.models import Meeting


def locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends: the state is checked on this copy."""
    return Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)


def require_run(by: User, meeting: Meeting) -> None:
    _require_actor(by)
    if not access.can_run(by, meeting):
        raise PermissionDenied


def require_view(by: User, meeting: Meeting) -> None:
    _require_actor(by)
    if not access.can_view(by, meeting):
        raise PermissionDenied


def require_open(meeting: Meeting) -> None:
    if meeting.is_locked:
        raise StateConflict(_("The minutes of this meeting are approved: it can no longer change."))


def _require_actor(by: User | None) -> None:
    if by is None or not getattr(by, "pk", None):
        raise ValueError("a write needs an actor: pass by=<user> or by=system_actor()")
