"""A new version of a meeting's document, uploaded from the meeting page by those who run it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dxoffice.core.documents import Format, render
from dxoffice.core.documents.model import Document, IssuingBody, Paragraph
from dxoffice.meetings import services
from dxoffice.meetings.tests.factories import add_member, make_meeting

pytestmark = pytest.mark.django_db


def _pdf(text: str) -> bytes:
    document = Document(IssuingBody("Sở"), "Tài liệu", text, "Cà Mau", timezone.localdate())
    document.add(Paragraph(text))
    return render(document, Format.PDF)


def test_a_new_version_is_uploaded_from_the_meeting_page(client, world):
    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    document = services.document_add(
        by=world.coordinator, meeting=meeting, upload=SimpleUploadedFile("to-trinh.pdf", _pdf("Bản một"))
    )
    client.force_login(world.coordinator)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="new-version"' in page and f'name="document" value="{document.pk}"' in page
    url = reverse("meetings:document_upload", args=[meeting.pk])
    response = client.post(
        url, {"document": document.pk, "file": SimpleUploadedFile("to-trinh-v2.pdf", _pdf("Bản hai"))}
    )
    assert response.status_code == 302
    assert [v.original_name for v in services.versions_of(document)] == ["to-trinh-v2.pdf", "to-trinh.pdf"]
    assert meeting.documents.count() == 1  # a version, not a second document

    client.force_login(world.focal_a)  # a participant sees the documents but offers no new version
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="new-version"' not in page
    refused = client.post(
        url, {"document": document.pk, "file": SimpleUploadedFile("v3.pdf", _pdf("Bản ba"))}
    )
    assert refused.status_code == 403
    assert len(services.versions_of(document)) == 2


def test_a_new_version_of_another_meetings_document_is_not_found(client, world):
    meeting, other = make_meeting(world), make_meeting(world, title="Họp khác")
    document = services.document_add(
        by=world.coordinator, meeting=other, upload=SimpleUploadedFile("a.pdf", _pdf("Một"))
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings:document_upload", args=[meeting.pk]),
        {"document": document.pk, "file": SimpleUploadedFile("b.pdf", _pdf("Hai"))},
    )
    assert response.status_code == 404
    assert len(services.versions_of(document)) == 1
