"""An upload's content must be what its extension says: a PDF renamed .docx is refused."""

import zipfile
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.services import validate_upload


def office(parts: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = office({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = office({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"%PDF-1.7\n..."),
        ("bao-cao.docx", DOCX),
        ("so-lieu.xlsx", XLSX),
        ("van-ban.odt", ODT),
        ("anh.png", b"\x89PNG\r\n\x1a\n...."),
        ("anh.jpg", b"\xff\xd8\xff\xe0...."),
        ("ghi-chu.txt", "Biên bản họp".encode()),
        ("danh-sach.csv", b"ma,ten\n1,Xa A\n"),
        ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...."),
        ("goi.zip", office({"a.txt": b"a"})),
    ],
)
def test_files_whose_content_fits_their_extension_are_accepted(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.docx", b"%PDF-1.7\n..."),  # a PDF renamed
        ("so-lieu.xlsx", DOCX),  # a Word document renamed
        ("anh.png", b"MZ\x90\x00"),  # a program renamed
        ("bao-cao.pdf", b"<html><script>"),
        ("ghi-chu.txt", b"\x00\x01\x02binary"),
        ("van-ban.odt", DOCX),
    ],
)
def test_files_whose_content_does_not_fit_are_refused(name, content):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload, field="evidence")
    assert "evidence" in refused.value.message_dict
    assert upload.tell() == 0  # rewound for whoever reads it next
