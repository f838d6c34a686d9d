"""What the meetings API's writes share: the meeting the caller runs (404 out of sight, 403 when
they see it without running it), records of that meeting (404 for another meeting's), and the
conclusions with their follow-up tasks as the API shows them."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dxoffice.core.api import caller
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.meetings import access, selectors
from dxoffice.meetings.models import AgendaItem, Conclusion, Meeting

# The statuses a write on a meeting's records can give.
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)

M = TypeVar("M", bound=Model)


def running(request: HttpRequest, meeting_id: int) -> tuple[User, Meeting]:
    user = caller(request)
    meeting = selectors.meeting_for(user, meeting_id)
    if not access.can_run(user, meeting):
        raise PermissionDenied(_("Only those who run the meeting may change it."))
    return user, meeting


def record_of(meeting: Meeting, model: type[M], pk: int) -> M:
    """A record of this meeting (of another one, or archived: DoesNotExist, a 404)."""
    return model.objects.get(pk=pk, meeting=meeting)  # type: ignore[attr-defined]


def item_ref(meeting: Meeting, item_id: int | None, field: str = "item") -> AgendaItem | None:
    """An agenda item named in a body; one not on this meeting's agenda is a 422 naming the field."""
    if item_id is None:
        return None
    item = meeting.items.filter(pk=item_id).first()
    if item is None:
        raise UnknownReference({field: _("This agenda item is not on this meeting's agenda.")})
    return item


def conclusion_out(conclusion: Conclusion, tasks: list[Any]) -> dict[str, Any]:
    return {
        "id": conclusion.pk,
        "item": conclusion.item_id,
        "text": conclusion.text,
        "tasks": [task_out(t) for t in tasks],
    }


def task_out(task: Any) -> dict[str, Any]:
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "lead_unit": task.lead_unit.code,
        "due_date": task.due_date,
        "status": task.status,
        "tracking": getattr(task, "tracking", ""),
    }
