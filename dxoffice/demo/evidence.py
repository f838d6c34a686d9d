"""A tiny one-page PDF made in memory, used as evidence of completion in the demo."""

from __future__ import annotations

import textwrap
import unicodedata
from datetime import date


def _ascii(text: str) -> str:
    """PDF base fonts have no Vietnamese glyphs: write the text without accents."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return text.encode("ascii", "replace").decode()


def _literal(line: str) -> str:
    return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def evidence_pdf(code: str, title: str, day: date) -> bytes:
    lines = ["BIEN BAN NGHIEM THU / CERTIFICATE OF COMPLETION", "", f"Nhiem vu {code}"]
    lines += textwrap.wrap(_ascii(title), 80)
    lines += [
        "",
        f"Hoan thanh ngay {day:%d/%m/%Y}",
        "",
        "Du lieu mau dxoffice (demo) - khong co gia tri phap ly.",
    ]
    text = " T* ".join(f"{_literal(line)}Tj" for line in lines)
    stream = f"BT /F1 12 Tf 56 780 Td 16 TL {text} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
