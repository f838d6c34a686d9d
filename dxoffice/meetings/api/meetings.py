"""Meetings and what they hold: participants, agenda items, documents, conclusions, the minutes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, unit_by_code, with_errors
from dxoffice.core.api_inputs import RecordId
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.meetings import selectors, services
from dxoffice.meetings.api.schemas import (
    ConclusionOut,
    DocumentOut,
    ItemOut,
    MeetingIn,
    MeetingOut,
    MinutesOut,
    ParticipantOut,
)

router = Router(tags=["meetings"])


@router.get(
    "/meetings/meetings", response=with_errors({200: Page[MeetingOut]}, 401, 422), operation_id="meeting_list"
)
def meeting_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    """The meetings the caller may see, newest first."""
    return paginate(selectors.meetings_visible_to(caller(request)).order_by("-starts_at", "pk"), page)


@router.post(
    "/meetings/meetings",
    response=with_errors({201: MeetingOut}, 400, 401, 403, 422),
    operation_id="meeting_create",
)
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Any:
    """Create a meeting in draft; the caller is its secretary."""
    user = caller(request)
    data = payload.dict()
    unit = unit_by_code(data.pop("unit"), "unit")
    chair_id = data.pop("chair")
    chair = User.objects.filter(pk=chair_id, is_active=True).first() if chair_id else None
    if chair_id and chair is None:
        raise UnknownReference({"chair": _("Unknown user.")})
    meeting = services.meeting_create(by=user, unit=unit, chair=chair, **data)  # type: ignore[arg-type]
    return Status(201, meeting)


@router.get(
    "/meetings/meetings/{meeting_id}",
    response=with_errors({200: MeetingOut}, 401, 404, 422),
    operation_id="meeting_get",
)
def meeting_get(request: HttpRequest, meeting_id: RecordId) -> Any:
    return selectors.meeting_for(caller(request), meeting_id)


@router.get(
    "/meetings/meetings/{meeting_id}/participants",
    response=with_errors({200: list[ParticipantOut]}, 401, 404, 422),
    operation_id="participant_list",
    tags=["participants"],
)
def participant_list(request: HttpRequest, meeting_id: RecordId) -> Any:
    meeting = selectors.meeting_for(caller(request), meeting_id)
    return list(selectors.participants_of(meeting)[: selectors.MAX_LIST])


@router.get(
    "/meetings/meetings/{meeting_id}/items",
    response=with_errors({200: list[ItemOut]}, 401, 404, 422),
    operation_id="item_list",
    tags=["agenda items"],
)
def item_list(request: HttpRequest, meeting_id: RecordId) -> Any:
    return selectors.agenda_of(selectors.meeting_for(caller(request), meeting_id))


@router.get(
    "/meetings/meetings/{meeting_id}/documents",
    response=with_errors({200: list[DocumentOut]}, 401, 404, 422),
    operation_id="document_list",
    tags=["documents"],
)
def document_list(request: HttpRequest, meeting_id: RecordId) -> Any:
    meeting = selectors.meeting_for(caller(request), meeting_id)
    return list(meeting.documents.order_by("pk")[: selectors.MAX_LIST])


@router.get(
    "/meetings/meetings/{meeting_id}/conclusions",
    response=with_errors({200: list[ConclusionOut]}, 401, 404, 422),
    operation_id="conclusion_list",
    tags=["conclusions"],
)
def conclusion_list(request: HttpRequest, meeting_id: RecordId) -> Any:
    """The conclusions with their follow-up tasks in the program register (as the caller may see them)."""
    user = caller(request)
    conclusions = list(selectors.conclusions_of(selectors.meeting_for(user, meeting_id)))
    tasks = selectors.follow_ups(user, conclusions)
    return [
        {
            "id": c.pk,
            "item": c.item_id,
            "text": c.text,
            "tasks": [
                {
                    "id": t.pk,
                    "code": t.code,
                    "title": t.title,
                    "lead_unit": t.lead_unit.code,
                    "due_date": t.due_date,
                    "status": t.status,
                    "tracking": t.tracking,
                }
                for t in tasks.get(c.pk, [])
            ],
        }
        for c in conclusions
    ]


@router.get(
    "/meetings/meetings/{meeting_id}/minutes",
    response=with_errors({200: MinutesOut}, 401, 404, 422),
    operation_id="minutes_get",
    tags=["minutes"],
)
def minutes_get(request: HttpRequest, meeting_id: RecordId) -> Any:
    """The minutes as they stand (a draft until the chair approves them, then locked and frozen: the
    files rendered at approval are served from then on): the record per agenda item, and where to
    download them as PDF and .docx."""
    meeting = selectors.meeting_for(caller(request), meeting_id)
    conclusions = list(selectors.conclusions_of(meeting))
    return {
        "approved": meeting.is_locked,
        "approved_at": meeting.approved_at,
        "frozen": meeting.is_locked and meeting.frozen_documents.exists(),
        "pdf": reverse("meetings:minutes", args=[meeting.pk, "pdf"]),
        "docx": reverse("meetings:minutes", args=[meeting.pk, "docx"]),
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "discussion": item.discussion,
                "conclusions": [c.text for c in conclusions if c.item_id == item.pk],
            }
            for item in selectors.agenda_of(meeting)
        ],
    }
