"""Writes of documents (uploads and new versions, multipart) and conclusions (with the follow-up
tasks they assign in the program register), by those who run the meeting."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import File, Form, Schema, Status

from dxoffice.core.api import unit_by_code, units_by_codes, with_errors
from dxoffice.core.api_inputs import RecordId, Upload
from dxoffice.core.exceptions import UnknownReference
from dxoffice.meetings import planning_refs, selectors, services
from dxoffice.meetings.api.common import (
    WRITE_ERRORS,
    conclusion_out,
    item_ref,
    record_of,
    running,
    task_out,
)
from dxoffice.meetings.api.meetings import router as meetings_router
from dxoffice.meetings.api.schemas import ConclusionOut, DocumentOut, TaskLinkOut
from dxoffice.meetings.api.write_schemas import ConclusionIn, ConclusionPatch, DocumentPatch, FollowUpIn
from dxoffice.meetings.models import Conclusion, MeetingDocument

# On the meetings router: a path's operations must share one router (the GET lists are there).
router = meetings_router

UPLOAD_ERRORS = (*WRITE_ERRORS, 413)


class DocumentForm(Schema):
    title: str = SchemaField(
        "", max_length=300, description="The document's title (the file's name if empty)."
    )
    item: int | None = SchemaField(None, ge=1, le=2**63 - 1, description="The agenda item it belongs to.")
    is_draft: Literal["true", "false"] = SchemaField(
        "false", description="true: a draft, which takes comments until the meeting starts."
    )


def _too_large(upload: Upload) -> Any:
    limit = settings.DXOFFICE_MAX_UPLOAD_BYTES
    if (upload.size or 0) <= limit:
        return None
    message = _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
    return Status(413, {"detail": message, "errors": {"file": [message]}})


@router.get(
    "/meetings/meetings/{meeting_id}/documents/{document_id}",
    response=with_errors({200: DocumentOut}, 401, 404, 422),
    operation_id="document_get",
    tags=["documents"],
)
def document_get(request: HttpRequest, meeting_id: RecordId, document_id: RecordId) -> Any:
    meeting = selectors.meeting_for(request.auth, meeting_id)  # type: ignore[attr-defined]
    return record_of(meeting, MeetingDocument, document_id)


@router.post(
    "/meetings/meetings/{meeting_id}/documents",
    response=with_errors({201: DocumentOut}, *UPLOAD_ERRORS),
    operation_id="document_add",
    tags=["documents"],
)
def document_add(
    request: HttpRequest, meeting_id: RecordId, file: File[Upload], data: Form[DocumentForm]
) -> Any:
    """Share a document with the meeting (multipart form: `file`, and `title`, `item`, `is_draft`).
    PDF, DOCX, XLSX and images; a type not accepted or a content that does not match its name is a
    400 naming `file`, a file over the upload limit a 413."""
    user, meeting = running(request, meeting_id)
    refused = _too_large(file)
    if refused is not None:
        return refused
    document = services.document_add(
        by=user,
        meeting=meeting,
        upload=file,
        title=data.title,
        item=item_ref(meeting, data.item),
        is_draft=data.is_draft == "true",
        drafting_unit=user.unit if data.is_draft == "true" else None,
    )
    return Status(201, document)


@router.post(
    "/meetings/meetings/{meeting_id}/documents/{document_id}/versions",
    response=with_errors({201: DocumentOut}, *UPLOAD_ERRORS),
    operation_id="document_version_add",
    tags=["documents"],
)
def document_version_add(
    request: HttpRequest, meeting_id: RecordId, document_id: RecordId, file: File[Upload]
) -> Any:
    """Upload a new version of a document (multipart `file`): it becomes the current one; the
    earlier versions stay listed."""
    user, meeting = running(request, meeting_id)
    document = record_of(meeting, MeetingDocument, document_id)
    refused = _too_large(file)
    if refused is not None:
        return refused
    return Status(201, services.document_add(by=user, meeting=meeting, upload=file, document=document))


@router.patch(
    "/meetings/meetings/{meeting_id}/documents/{document_id}",
    response=with_errors({200: DocumentOut}, *WRITE_ERRORS),
    operation_id="document_update",
    tags=["documents"],
)
def document_update(
    request: HttpRequest, meeting_id: RecordId, document_id: RecordId, payload: DocumentPatch
) -> Any:
    """Rename a document, move it to another item (`item: null` for the meeting's general
    documents) or mark it a draft; only the fields sent change."""
    user, meeting = running(request, meeting_id)
    document = record_of(meeting, MeetingDocument, document_id)
    changes = payload.dict(exclude_unset=True)
    if "item" in changes:
        changes["item"] = item_ref(meeting, changes["item"])
    return services.document_update(by=user, document=document, **changes)


@router.post(
    "/meetings/meetings/{meeting_id}/documents/{document_id}/archive",
    response=with_errors({200: DocumentOut}, 401, 403, 404, 409, 422),
    operation_id="document_remove",
    tags=["documents"],
)
def document_remove(request: HttpRequest, meeting_id: RecordId, document_id: RecordId) -> Any:
    """Withdraw a document from the meeting (retired with its versions, kept in the history)."""
    user, meeting = running(request, meeting_id)
    return services.document_archive(by=user, document=record_of(meeting, MeetingDocument, document_id))


@router.post(
    "/meetings/meetings/{meeting_id}/conclusions",
    response=with_errors({201: ConclusionOut}, *WRITE_ERRORS),
    operation_id="conclusion_add",
    tags=["conclusions"],
)
def conclusion_add(request: HttpRequest, meeting_id: RecordId, payload: ConclusionIn) -> Any:
    """Record a conclusion, on an agenda item (`item`) or on the meeting as a whole."""
    user, meeting = running(request, meeting_id)
    conclusion = services.conclusion_save(
        by=user, meeting=meeting, text=payload.text, item=item_ref(meeting, payload.item)
    )
    return Status(201, conclusion_out(conclusion, []))


@router.patch(
    "/meetings/meetings/{meeting_id}/conclusions/{conclusion_id}",
    response=with_errors({200: ConclusionOut}, *WRITE_ERRORS),
    operation_id="conclusion_update",
    tags=["conclusions"],
)
def conclusion_update(
    request: HttpRequest, meeting_id: RecordId, conclusion_id: RecordId, payload: ConclusionPatch
) -> Any:
    """Correct a conclusion's text or move it to another item (`item: null`: the meeting)."""
    user, meeting = running(request, meeting_id)
    conclusion = record_of(meeting, Conclusion, conclusion_id)
    changes = payload.dict(exclude_unset=True)
    item = item_ref(meeting, changes["item"]) if "item" in changes else conclusion.item
    conclusion = services.conclusion_save(
        by=user, meeting=meeting, conclusion=conclusion, text=changes.get("text", conclusion.text), item=item
    )
    return conclusion_out(conclusion, selectors.follow_ups(user, [conclusion])[conclusion.pk])


@router.post(
    "/meetings/meetings/{meeting_id}/conclusions/{conclusion_id}/archive",
    response=with_errors({200: ConclusionOut}, 401, 403, 404, 409, 422),
    operation_id="conclusion_remove",
    tags=["conclusions"],
)
def conclusion_remove(request: HttpRequest, meeting_id: RecordId, conclusion_id: RecordId) -> Any:
    """Withdraw a conclusion (retired, kept in the history; its follow-up tasks stay in the register)."""
    user, meeting = running(request, meeting_id)
    conclusion = services.conclusion_archive(
        by=user, conclusion=record_of(meeting, Conclusion, conclusion_id)
    )
    return conclusion_out(conclusion, [])


@router.post(
    "/meetings/meetings/{meeting_id}/conclusions/{conclusion_id}/tasks",
    response=with_errors({201: TaskLinkOut}, *WRITE_ERRORS),
    operation_id="follow_up_create",
    tags=["conclusions"],
)
def follow_up_create(
    request: HttpRequest, meeting_id: RecordId, conclusion_id: RecordId, payload: FollowUpIn
) -> Any:
    """Assign a follow-up task of the conclusion in the program register (plan and pillar by code,
    units by code). Planning checks that the caller may plan for the lead unit."""
    user, meeting = running(request, meeting_id)
    conclusion = record_of(meeting, Conclusion, conclusion_id)
    plan = planning_refs.plan_by_code(payload.plan, "plan")
    pillar = planning_refs.pillar_by_code(plan, payload.pillar, "pillar")
    lead_unit = unit_by_code(payload.lead_unit, "lead_unit")
    if lead_unit is None:
        raise UnknownReference({"lead_unit": _("Give the lead unit's code.")})
    task = services.conclusion_task_create(
        by=user,
        conclusion=conclusion,
        plan=plan,
        pillar=pillar,
        title=payload.title,
        lead_unit=lead_unit,
        due_date=payload.due_date,
        coordinating_units=units_by_codes(payload.coordinating_units, "coordinating_units") or [],
    )
    return Status(201, task_out(task))
