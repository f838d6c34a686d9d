"""The PDF rendering of a `Document`: an HTML template with print CSS, laid out by WeasyPrint.

WeasyPrint draws with the system's fonts through Pango; the stylesheet asks for Times New Roman and
falls back to serifs Debian ships with full Vietnamese glyphs (Noto Serif, DejaVu Serif). The
document never loads anything from outside: every URL fetch is refused.
"""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string

from dxoffice.core.documents.labels import labels_for
from dxoffice.core.documents.model import Block, Document, Table

TEMPLATE = "core/documents/document.html"


def _table_view(table: Table) -> dict[str, Any]:
    aligns = [str(column.align) for column in table.columns]
    return {
        "widths": [f"{share * 100:.2f}%" for share in table.widths],
        "rows": [list(zip(row, aligns, strict=True)) for row in table.rows],
        "totals": [list(zip(row, aligns, strict=True)) for row in table.totals],
    }


def render_html(document: Document) -> str:
    """The HTML WeasyPrint lays out (also handy to look at in a browser)."""
    outline: list[tuple[str, Block, dict[str, Any]]] = [
        (heading, block, _table_view(block) if isinstance(block, Table) else {})
        for heading, block in document.outline()
    ]
    return render_to_string(TEMPLATE, {"doc": document, "labels": labels_for(document), "outline": outline})


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
