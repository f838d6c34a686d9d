"""A lesson's files through the API, as on the lesson page: listed and downloaded by those who may
see the course, attached (multipart) and retired with a reason by those who manage it, through the
same service and checks (services/files.py). A retired file is kept, never deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status

from dxoffice.core.api import caller, with_errors
from dxoffice.core.api_inputs import NOT_BLANK, InputSchema, RecordId, Upload
from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import Attachment
from dxoffice.training import services
from dxoffice.training.api.schemas import LessonAttachmentOut
from dxoffice.training.models import Lesson
from dxoffice.training.permissions import manages_course
from dxoffice.training.selectors.files import lesson_file_any, lesson_for
from dxoffice.training.services.files import lesson_file

files_router = Router()

TAG = "training lesson files"

# What a download answers with, by the file's extension (the kinds a lesson takes, LESSON_FILE_SUFFIXES).
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}

_BINARY = {"schema": {"type": "string", "format": "binary"}}
DOWNLOAD_RESPONSE = {
    200: {
        "description": "The file's bytes, as a download.",
        "content": {media: _BINARY for media in sorted(set(MEDIA_TYPES.values()))},
    }
}


class LessonFileForm(Schema):
    description: str = Field("", max_length=255, description="What the file is (shown beside its name).")


class LessonFileRetireIn(InputSchema):
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=NOT_BLANK)] = Field(
        description="Why the file leaves the lesson (kept in the lesson's history)."
    )


def attachment_out(lesson: Lesson, attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "size": attachment.size,
        "description": attachment.description,
        "url": reverse("training:lesson_file", args=[lesson.pk, attachment.pk]),
        "download_url": reverse("api:lesson_file_download", args=[lesson.pk, attachment.pk]),
        "uploaded_at": attachment.uploaded_at,
        "uploaded_by": attachment.uploaded_by.display_name,
        "retired_at": attachment.archived_at,
    }


def _managed_lesson(request: HttpRequest, lesson_id: int) -> Lesson:
    lesson = lesson_for(caller(request), lesson_id)
    if not manages_course(caller(request), lesson.course):
        raise PermissionDenied
    return lesson


def _too_large(upload: Upload) -> Status | None:
    """A file over the upload limit is a 413 naming `file` (the service would say 400)."""
    limit = settings.DXOFFICE_MAX_UPLOAD_BYTES
    if (upload.size or 0) <= limit:
        return None
    message = _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
    return Status(413, {"detail": message, "errors": {"file": [message]}})


@files_router.get(
    "/training/lessons/{lesson_id}/files",
    response=with_errors({200: list[LessonAttachmentOut]}, 401, 404, 422),
    operation_id="lesson_file_list",
    tags=[TAG],
)
def lesson_file_list(request: HttpRequest, lesson_id: RecordId) -> list[dict[str, Any]]:
    """The lesson's current files, oldest first (at most 20), for those who may see the course."""
    lesson = lesson_for(caller(request), lesson_id)
    return [attachment_out(lesson, a) for a in services.lesson_files([lesson]).get(lesson.pk, [])]


@files_router.post(
    "/training/lessons/{lesson_id}/files",
    response=with_errors({201: LessonAttachmentOut}, 400, 401, 403, 404, 413, 422),
    operation_id="lesson_file_add",
    tags=[TAG],
)
def lesson_file_add(
    request: HttpRequest, lesson_id: RecordId, file: File[Upload], data: Form[LessonFileForm]
) -> Any:
    """Attach a file to the lesson (multipart form: `file`, and `description`), as those who manage
    the course do on the lesson page. PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx) and
    pictures (.png, .jpg, .gif, .webp) whose content is what the extension says, at most 20 per
    lesson: otherwise a 400 naming `file`; a file over the upload limit is a 413."""
    lesson = _managed_lesson(request, lesson_id)
    refused = _too_large(file)
    if refused is not None:
        return refused
    attachment = services.lesson_file_add(
        by=caller(request), lesson=lesson, upload=file, description=data.description
    )
    return Status(201, attachment_out(lesson, attachment))


@files_router.get(
    "/training/lessons/{lesson_id}/files/{file_id}/content",
    response=with_errors({200: None}, 401, 404, 422),
    operation_id="lesson_file_download",
    url_name="lesson_file_download",
    tags=[TAG],
    openapi_extra={"responses": DOWNLOAD_RESPONSE},
)
def lesson_file_download(request: HttpRequest, lesson_id: RecordId, file_id: RecordId) -> Any:
    """Download a current file of the lesson (a retired one is a 404), never cached."""
    lesson = lesson_for(caller(request), lesson_id)
    attachment = lesson_file(lesson, file_id)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    suffix = Path(attachment.original_name).suffix.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@files_router.post(
    "/training/lessons/{lesson_id}/files/{file_id}/retire",
    response=with_errors({200: LessonAttachmentOut}, 400, 401, 403, 404, 409, 422),
    operation_id="lesson_file_retire",
    tags=[TAG],
)
def lesson_file_retire(
    request: HttpRequest, lesson_id: RecordId, file_id: RecordId, payload: LessonFileRetireIn
) -> dict[str, Any]:
    """Retire a file from the lesson with a reason: it leaves the lesson and its downloads, and is
    kept with who retired it and why. A file already retired is a 409."""
    lesson = _managed_lesson(request, lesson_id)
    with transaction.atomic():
        attachment = lesson_file_any(lesson, file_id, lock=True)
        if attachment is None:
            raise Http404
        if attachment.archived_at is not None:
            raise StateConflict(_("This file has already been retired."))
        services.lesson_file_retire(
            by=caller(request), lesson=lesson, attachment=attachment, reason=payload.reason.strip()
        )
    return attachment_out(lesson, attachment)
