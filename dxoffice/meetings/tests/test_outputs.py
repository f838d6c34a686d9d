"""What a meeting gives out and what leaders read: the documents .zip (its contents, stamped copies
of a confidential meeting's PDFs, who may get it) and the home card's figures."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dxoffice.core.documents import Format, render
from dxoffice.core.documents.model import Document, IssuingBody, Paragraph
from dxoffice.meetings import services
from dxoffice.meetings.stats import meeting_figures
from dxoffice.meetings.tests.factories import add_member, make_meeting, running_meeting
from dxoffice.planning import services as planning_services

pytestmark = pytest.mark.django_db


def _pdf(text: str) -> bytes:
    document = Document(IssuingBody("Sở"), "Tài liệu", text, "Cà Mau", timezone.localdate())
    document.add(Paragraph(text))
    return render(document, Format.PDF)


def _zip(client, meeting):
    response = client.get(reverse("meetings:documents_zip", args=[meeting.pk]))
    assert response.status_code == 200, response.status_code
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_zip_holds_the_current_version_of_every_document(client, world):
    meeting = make_meeting(world)
    first = _pdf("Tờ trình bản một")
    document = services.document_add(
        by=world.coordinator, meeting=meeting, upload=SimpleUploadedFile("to-trinh.pdf", first)
    )
    second = _pdf("Tờ trình bản hai")
    services.document_add(
        by=world.coordinator,
        meeting=meeting,
        document=document,
        upload=SimpleUploadedFile("to-trinh-v2.pdf", second),
    )
    sheet = SimpleUploadedFile("so-lieu.xlsx", _xlsx())
    services.document_add(by=world.coordinator, meeting=meeting, upload=sheet)
    client.force_login(world.viewer)  # sees the meeting through its unit
    archive = _zip(client, meeting)
    assert archive.namelist() == ["01-to-trinh-v2.pdf", "02-so-lieu.xlsx"]
    assert archive.read("01-to-trinh-v2.pdf") == second  # as uploaded, not stamped
    client.force_login(world.outsider)
    assert client.get(reverse("meetings:documents_zip", args=[meeting.pk])).status_code == 404


def test_the_zip_of_a_confidential_meeting_holds_stamped_pdfs_only(client, world):
    secret = make_meeting(world, confidential=True)
    add_member(world, secret, world.focal_a)
    original = _pdf("Đề án mật")
    services.document_add(
        by=world.coordinator, meeting=secret, upload=SimpleUploadedFile("de-an.pdf", original)
    )
    services.document_add(
        by=world.coordinator, meeting=secret, upload=SimpleUploadedFile("bang.xlsx", _xlsx())
    )
    client.force_login(world.focal_a)
    page = client.get(reverse("meetings:meeting_detail", args=[secret.pk])).content.decode()
    assert 'data-testid="documents-zip"' in page
    archive = _zip(client, secret)
    names = archive.namelist()
    assert "01-de-an.pdf" in names and not any(name.endswith(".xlsx") for name in names)
    stamped = archive.read("01-de-an.pdf")
    assert stamped != original
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(stamped)).pages)
    assert world.focal_a.display_name in text and "Đề án mật" in text
    note = archive.read(next(n for n in names if n.endswith(".txt"))).decode()
    assert "bang.xlsx" in note
    for outsider in (world.admin, world.viewer, world.outsider):  # no part in it: nothing of it
        client.force_login(outsider)
        assert client.get(reverse("meetings:documents_zip", args=[secret.pk])).status_code == 404


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Số liệu"
    book.save(buffer)
    return buffer.getvalue()


def _held(world, **fields):
    meeting, _rows = running_meeting(world, [])
    if fields.get("confidential"):
        services.meeting_update(by=world.coordinator, meeting=meeting, confidential=True)
    services.meeting_close(by=world.coordinator, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def test_the_home_card_counts_meetings_held_paperless_documents_and_follow_ups(client, world):
    paperless = _held(world)
    document = services.document_add(
        by=world.coordinator, meeting=paperless, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1")
    )
    services.document_add(
        by=world.coordinator,
        meeting=paperless,
        document=document,
        upload=SimpleUploadedFile("a2.pdf", b"%PDF-1.4\n2"),
    )
    _held(world)  # held, with no document in the application
    coming = make_meeting(world, starts_at=timezone.now() + timedelta(days=3))  # not held yet
    services.document_add(
        by=world.coordinator, meeting=coming, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n3")
    )
    secret = _held(world, confidential=True)  # the viewer takes no part: not counted for them
    services.document_add(
        by=world.coordinator, meeting=secret, upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n4")
    )

    done = services.conclusion_save(by=world.coordinator, meeting=paperless, text="Hoàn thành trong tháng")
    open_one = services.conclusion_save(by=world.coordinator, meeting=paperless, text="Tiếp tục theo dõi")
    tasks = [
        services.conclusion_task_create(
            by=world.coordinator,
            conclusion=conclusion,
            plan=world.plan,
            pillar=world.pillar,
            title=conclusion.text,
            lead_unit=world.department,
            due_date=timezone.localdate() + timedelta(days=30),
        )
        for conclusion in (done, open_one)
    ]
    planning_services.task_change_status(by=world.coordinator, task=tasks[0], status="in_progress")
    planning_services.task_change_status(
        by=world.coordinator,
        task=tasks[0],
        status="completed",
        completed_on=timezone.localdate(),
        evidence=[SimpleUploadedFile("nghiem-thu.pdf", b"%PDF-1.4\nxong")],
    )

    figures = meeting_figures(world.viewer)
    assert (figures.held, figures.paperless, figures.paperless_percent) == (2, 1, 50.0)
    assert figures.documents == 3  # two versions shared in one meeting, one in the meeting to come
    assert (figures.conclusions, figures.follow_ups, figures.follow_ups_on_time) == (2, 2, 1)
    assert meeting_figures(world.leader).held == 3  # the chair takes part in the confidential one too

    client.force_login(world.viewer)
    card = client.get("/").content.decode()
    assert "Họp không giấy" in card  # the card, in the reader's language
    card_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))
    assert re.search(r"50[,.]0\s*%", card_text)
    assert "1/2 (50" in card_text
