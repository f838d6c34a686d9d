"""What an uploaded file's content must look like for its extension: a PDF renamed .docx is not
a Word document. The first bytes (and, for Office Open XML and OpenDocument, the zip's parts) are
read and the file is rewound; nothing is stored."""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from django.core.files.base import File

SNIFF_BYTES = 8192
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97, Excel 97, PowerPoint 97
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_ODF_TYPE = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}


def _text(head: bytes) -> bool:
    """Plain text or CSV: no NUL byte, and it decodes as UTF-8 (or UTF-16 with its mark)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the sniffing window
    return True


_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    ".pdf": lambda head: head.lstrip(b"\r\n\t \xef\xbb\xbf").startswith(b"%PDF"),
    ".doc": lambda head: head.startswith(_OLE),
    ".xls": lambda head: head.startswith(_OLE),
    ".ppt": lambda head: head.startswith(_OLE),
    ".png": lambda head: head.startswith(b"\x89PNG"),
    ".jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    ".gif": lambda head: head.startswith((b"GIF87a", b"GIF89a")),
    ".webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
    ".zip": lambda head: head.startswith(_ZIP),
    ".rar": lambda head: head.startswith(b"Rar!\x1a\x07"),
    ".7z": lambda head: head.startswith(b"7z\xbc\xaf\x27\x1c"),
    ".txt": _text,
    ".csv": _text,
}


def _zip_holds(upload: File, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if suffix in _OOXML_PART:
                return "[Content_Types].xml" in names and any(
                    name.startswith(_OOXML_PART[suffix]) for name in names
                )
            return "mimetype" in names and archive.read("mimetype").strip() == _ODF_TYPE[suffix]
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False


def content_matches_suffix(upload: File, suffix: str) -> bool:
    """Does the file's content fit its extension (".pdf", ".docx"...)? Unknown suffixes: no."""
    upload.seek(0)
    try:
        head = upload.read(SNIFF_BYTES) or b""
        if isinstance(head, str):
            head = head.encode()
        if suffix in _OOXML_PART or suffix in _ODF_TYPE:
            if not head.startswith(_ZIP):
                return False
            upload.seek(0)
            return _zip_holds(upload, suffix)
        check = _SIGNATURES.get(suffix)
        return bool(check and check(head))
    finally:
        upload.seek(0)
