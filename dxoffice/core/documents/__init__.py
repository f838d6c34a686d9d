"""Documents in Vietnamese administrative layout (Decree 30/2020/ND-CP), from one model to a PDF
(WeasyPrint) and an editable .docx (python-docx). See `model` for the shape of a document."""

from dxoffice.core.documents.http import Format, document_response, render
from dxoffice.core.documents.labels import (
    begun_period,
    following_period,
    period_label,
    period_name,
    period_phrase,
    place_date,
    recent_periods,
    short_date,
)
from dxoffice.core.documents.model import (
    Align,
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    IssuingBody,
    Paragraph,
    Signature,
    Table,
    roman,
)

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Column",
    "Document",
    "Format",
    "Heading",
    "IssuingBody",
    "Paragraph",
    "Signature",
    "Table",
    "begun_period",
    "document_response",
    "following_period",
    "period_label",
    "period_name",
    "period_phrase",
    "place_date",
    "recent_periods",
    "render",
    "roman",
    "short_date",
]
