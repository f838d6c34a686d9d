"""The PDF rendering of a `Document`: an HTML template with print CSS, laid out by WeasyPrint.

WeasyPrint draws with the system's fonts through Pango; the stylesheet asks for Times New Roman and
falls back to serifs Debian ships with full Vietnamese glyphs (Noto Serif, DejaVu Serif). The
document never loads anything from outside: every URL fetch is refused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from django.template.loader import render_to_string

from dxoffice.core.documents.labels import labels_for
from dxoffice.core.documents.model import Block, BulletList, Document, Paragraph, Table

TEMPLATE = "core/documents/document.html"
_SLASH_BEFORE_DIGIT = re.compile(r"/(?=\d)")
WORD_JOINER = "\u2060"


def _glue(text: str) -> str:
    """Keep "quý IV/2026" and "01/12/2026" on one line: no break after a slash before a digit."""
    return _SLASH_BEFORE_DIGIT.sub("/" + WORD_JOINER, text)


def _glued_block(block: Block) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, text=_glue(block.text))
    if isinstance(block, BulletList):
        return replace(block, items=tuple(_glue(item) for item in block.items))
    if isinstance(block, Table):
        return replace(
            block,
            rows=tuple(tuple(_glue(cell) for cell in row) for row in block.rows),
            totals=tuple(tuple(_glue(cell) for cell in row) for row in block.totals),
        )
    return replace(block, text=_glue(block.text))


def _glued(document: Document) -> Document:
    return replace(
        document,
        title=_glue(document.title),
        summary=_glue(document.summary),
        blocks=[_glued_block(block) for block in document.blocks],
    )


def _table_view(table: Table) -> dict[str, Any]:
    aligns = [str(column.align) for column in table.columns]
    return {
        "widths": [f"{share * 100:.2f}%" for share in table.widths],
        "rows": [list(zip(row, aligns, strict=True)) for row in table.rows],
        "totals": [list(zip(row, aligns, strict=True)) for row in table.totals],
    }


def render_html(document: Document) -> str:
    """The HTML WeasyPrint lays out (also handy to look at in a browser)."""
    glued = _glued(document)
    outline: list[tuple[str, Block, dict[str, Any]]] = [
        (heading, block, _table_view(block) if isinstance(block, Table) else {})
        for heading, block in glued.outline()
    ]
    context = {
        "doc": glued,
        "labels": labels_for(glued),
        "outline": outline,
        "meta_title": f"{document.kind} {document.title}".strip(),
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint reports every font it substitutes at WARNING; that is not news for a served document.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = HTML(string=render_html(document), url_fetcher=URLFetcher(allowed_protocols=()))
    pdf = html.write_pdf()
    if pdf is None:  # only when a target is given
        raise RuntimeError("WeasyPrint returned no PDF.")
    return bytes(pdf)
