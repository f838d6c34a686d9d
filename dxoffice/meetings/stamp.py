"""Stamp a confidential meeting's PDF with its reader's name and the time, on every page.

The stamp is laid out by WeasyPrint (Vietnamese glyphs, no outside fetch) and merged onto each page
with pypdf. pypdf must be installed where confidential documents are read."""

from __future__ import annotations

import io
from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

STAMP_HTML = """<html><head><style>
@page {{ size: {width}pt {height}pt; margin: 0 }}
body {{ margin: 0; font-family: "Noto Sans", "DejaVu Sans", sans-serif }}
.stamp {{ position: absolute; left: 12pt; bottom: 8pt; font-size: 8pt; color: #b00020; opacity: .8 }}
.diag {{ position: absolute; top: 45%; left: 5%; width: 90%; text-align: center; font-size: 28pt;
        color: #b00020; opacity: .12; transform: rotate(-30deg) }}
</style></head><body><div class="diag">{diag}</div><div class="stamp">{line}</div></body></html>"""


def stamp_line(reader: str) -> str:
    when = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    return _("Confidential. Read by %(reader)s on %(when)s.") % {"reader": reader, "when": when}


def stamped_pdf(data: bytes, *, reader: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    line = escape(stamp_line(reader))
    stamps: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        key = (round(width), round(height))
        if key not in stamps:
            html = STAMP_HTML.format(width=width, height=height, line=line, diag=escape(reader))
            stamps[key] = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]
        page.merge_page(stamps[key])  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
