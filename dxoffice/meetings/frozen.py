"""Approved minutes are frozen: when the chair approves them, the minutes are rendered once (PDF and
.docx, in the province's language) and stored; every later download serves those bytes, whatever
changes afterwards to people's names, the follow-up tasks or any other record they were built from.
The notice of conclusions is issued later, with the follow-up tasks as assigned: it stays live."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from dxoffice.core.documents import Format, render
from dxoffice.core.models import User
from dxoffice.meetings.minutes import minutes_document
from dxoffice.meetings.models import FrozenDocument, FrozenKind, Meeting


def freeze(meeting: Meeting, *, by: User) -> list[FrozenDocument]:
    """Render and store the approved minutes (inside the approval's transaction). They show what
    everyone may see: polls whose result is published, the follow-up tasks as the chair sees them."""
    language = settings.LANGUAGE_CODE
    built = {
        FrozenKind.MINUTES: minutes_document(meeting, user=by, language=language, published_only=True),
    }
    rows = []
    for kind, document in built.items():
        for fmt in (Format.PDF, Format.DOCX):
            content = render(document, fmt)
            rows.append(
                FrozenDocument(
                    meeting=meeting,
                    kind=kind,
                    format=fmt.value,
                    filename=document.filename[:200],
                    content=content,
                    sha256=hashlib.sha256(content).hexdigest(),
                )
            )
    return FrozenDocument.objects.bulk_create(rows)


def on_minutes_approved(sender: Any, *, meeting: Meeting, by: User, **kwargs: Any) -> None:
    freeze(meeting, by=by)


def frozen_response(meeting: Meeting, kind: str, fmt: Format) -> HttpResponse | None:
    """The stored file as a download, or None when the meeting has none (not approved yet)."""
    if not meeting.is_locked:
        return None
    row = FrozenDocument.objects.filter(meeting=meeting, kind=kind, format=fmt.value).first()
    if row is None:
        return None
    response = HttpResponse(bytes(row.content), content_type=fmt.content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{row.filename}.{fmt.value}") or ""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{row.sha256}"'
    return response
