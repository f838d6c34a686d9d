"""Serving a rendered document as a download."""

from __future__ import annotations

from enum import StrEnum

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from dxoffice.core.documents.model import Document


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"

    @property
    def content_type(self) -> str:
        if self is Format.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(document: Document, fmt: Format) -> bytes:
    if fmt is Format.PDF:
        from dxoffice.core.documents.pdf import render_pdf

        return render_pdf(document)
    from dxoffice.core.documents.word import render_docx

    return render_docx(document)


def document_response(document: Document, fmt: Format) -> HttpResponse:
    """The document as an attachment named after `document.filename`, never cached by a proxy."""
    response = HttpResponse(render(document, fmt), content_type=fmt.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, f"{document.filename}.{fmt.value}") or ""
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
