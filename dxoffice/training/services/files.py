"""Files attached to lessons (slides, handouts, worksheets, pictures): uploaded by those who manage
the course through core's upload checks (extension and content), retired rather than deleted, each
change on the lesson's history as well as the file's own."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import Attachment, User
from dxoffice.core.services import (
    archive,
    attachment_add,
    attachments_by_target,
    save_audited,
    validate_upload,
)
from dxoffice.training.models import Lesson
from dxoffice.training.permissions import manages_course

LESSON_FILE_SUFFIXES = (".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".jpeg", ".gif", ".webp")
MAX_FILES_PER_LESSON = 20


def lesson_file_errors(upload: File, field: str = "file") -> None:
    """The file is of a kind a lesson takes and passes core's checks; a ValidationError otherwise."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in LESSON_FILE_SUFFIXES:
        raise ValidationError(
            {
                field: _("A lesson takes PDF, Word, Excel, PowerPoint files and pictures, not “%(suffix)s”.")
                % {"suffix": suffix or "?"}
            }
        )
    validate_upload(upload, field)


def lesson_files(lessons: list[Lesson]) -> dict[int, list[Attachment]]:
    """{lesson id: its current files, oldest first} for many lessons in one query."""
    grouped = attachments_by_target(Lesson, [lesson.pk for lesson in lessons])
    return {pk: sorted(files, key=lambda a: (a.uploaded_at, a.pk)) for pk, files in grouped.items()}


def lesson_file(lesson: Lesson, pk: int) -> Attachment | None:
    """A current (not retired) file of the lesson."""
    return next((a for a in lesson_files([lesson]).get(lesson.pk, []) if a.pk == pk), None)


@transaction.atomic
def lesson_file_add(*, by: User, lesson: Lesson, upload: File, description: str = "") -> Attachment:
    if not manages_course(by, lesson.course):
        raise PermissionDenied
    lesson_file_errors(upload)
    if len(lesson_files([lesson]).get(lesson.pk, [])) >= MAX_FILES_PER_LESSON:
        raise ValidationError(
            {"file": _("A lesson carries at most %(count)s files.") % {"count": MAX_FILES_PER_LESSON}}
        )
    attachment = attachment_add(by=by, target=lesson, upload=upload, description=description)
    save_audited(lesson, by=by, event="training.lesson_file_added", reason=attachment.original_name)
    return attachment


@transaction.atomic
def lesson_file_retire(*, by: User, lesson: Lesson, attachment: Attachment, reason: str = "") -> Attachment:
    """The file leaves the lesson (kept, with who retired it and why; never deleted)."""
    if not manages_course(by, lesson.course):
        raise PermissionDenied
    if lesson_file(lesson, attachment.pk) is None:
        raise ValidationError({"file": _("This file is not one of the lesson's.")})
    archive(attachment, by=by, event="training.lesson_file_retired", reason=reason)
    save_audited(
        lesson,
        by=by,
        event="training.lesson_file_retired",
        reason=f"{attachment.original_name}: {reason}".strip(": ")[:500],
    )
    return attachment
