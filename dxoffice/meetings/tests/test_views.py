"""The meetings screens: wiring, the permission edges (404 out of scope, 403 for writes), check-in
by QR code, documents (stamped when confidential), exports and the calendar."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from dxoffice.core.documents import Format, render
from dxoffice.core.documents.model import Document, IssuingBody, Paragraph
from dxoffice.meetings import services
from dxoffice.meetings.models import Attendance, MeetingStatus
from dxoffice.meetings.tests.factories import add_member, make_meeting, running_meeting

pytestmark = pytest.mark.django_db


def _pdf(text: str) -> bytes:
    document = Document(IssuingBody("Sở"), "Tài liệu", text, "Cà Mau", timezone.localdate())
    document.add(Paragraph(text))
    return render(document, Format.PDF)


def test_the_list_and_the_page_for_a_participant(client, world):
    meeting = make_meeting(world, title="Họp Ban Chỉ đạo tháng 12")
    add_member(world, meeting, world.focal_a)
    client.force_login(world.focal_a)
    assert "Họp Ban Chỉ đạo tháng 12" in client.get(reverse("meetings:meeting_list")).content.decode()
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert 'data-testid="poll-create"' not in page.content.decode()  # a member does not run it


def test_out_of_scope_reads_are_404_and_writes_403(client, world):
    secret = make_meeting(world, confidential=True)
    client.force_login(world.admin)
    for name in ("meeting_detail", "live", "projector", "meeting_ics"):
        assert client.get(reverse(f"meetings:{name}", args=[secret.pk])).status_code == 404
    assert client.get(reverse("meetings:minutes", args=[secret.pk, "pdf"])).status_code == 404
    open_meeting = make_meeting(world)
    client.force_login(world.viewer)
    assert client.get(reverse("meetings:meeting_detail", args=[open_meeting.pk])).status_code == 200
    response = client.post(
        reverse("meetings:item_add", args=[open_meeting.pk]), {"title": "X", "duration_minutes": 5}
    )
    assert response.status_code == 403
    assert client.get(reverse("meetings:checkin_qr", args=[open_meeting.pk])).status_code == 403


def test_the_secretary_builds_and_runs_the_meeting_from_the_page(client, world):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    client.post(
        reverse("meetings:participant_add", args=[meeting.pk]), {"user": world.focal_a.pk, "role": "member"}
    )
    client.post(
        reverse("meetings:item_add", args=[meeting.pk]), {"title": "Khai mạc", "duration_minutes": 10}
    )
    member = meeting.participants.get(user=world.focal_a)
    client.post(reverse("meetings:attendance", args=[meeting.pk, member.pk]), {"attendance": "in_person"})
    client.post(reverse("meetings:meeting_step", args=[meeting.pk, "start"]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.IN_PROGRESS and meeting.current_item.title == "Khai mạc"
    member.refresh_from_db()
    assert member.attendance == Attendance.IN_PERSON
    response = client.post(
        reverse("meetings:poll_create", args=[meeting.pk]),
        {
            "question": "Thông qua?",
            "kind": "yes_no",
            "majority": "simple",
            "base": "present",
            "max_choices": 1,
        },
    )
    assert response.status_code == 302
    assert meeting.polls.count() == 1


def test_a_bad_form_is_a_message_not_a_500(client, world):
    meeting, _ = running_meeting(world, [])
    client.force_login(world.coordinator)
    response = client.post(
        reverse("meetings:poll_create", args=[meeting.pk]),
        {
            "question": "Chọn?",
            "kind": "single",
            "options": "Chỉ một",
            "majority": "simple",
            "base": "present",
            "max_choices": 1,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert meeting.polls.count() == 0
    assert list(response.context["messages"])


def test_qr_check_in(client, world):
    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    url = reverse("meetings:checkin", args=[meeting.pk, meeting.checkin_token])
    client.force_login(world.focal_a)
    assert client.get(reverse("meetings:checkin", args=[meeting.pk, "wrong"])).status_code == 404
    assert client.post(url).status_code == 200
    assert meeting.participants.get(user=world.focal_a).attendance == Attendance.IN_PERSON
    client.force_login(world.coordinator)
    svg = client.get(reverse("meetings:checkin_qr", args=[meeting.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_documents_are_versioned_and_confidential_ones_stamped(client, world):
    meeting = make_meeting(world, confidential=True)
    add_member(world, meeting, world.focal_a)
    document = services.document_add(
        by=world.coordinator,
        meeting=meeting,
        upload=SimpleUploadedFile("to-trinh.pdf", _pdf("Bản một")),
        title="Tờ trình",
    )
    services.document_add(
        by=world.coordinator,
        meeting=meeting,
        document=document,
        upload=SimpleUploadedFile("to-trinh-v2.pdf", _pdf("Bản hai")),
    )
    versions = services.versions_of(document)
    assert [v.original_name for v in versions] == ["to-trinh-v2.pdf", "to-trinh.pdf"]
    client.force_login(world.focal_a)
    page = client.get(reverse("meetings:document", args=[meeting.pk, document.pk]))
    assert page.status_code == 200
    response = client.get(reverse("meetings:document_file", args=[meeting.pk, document.pk, versions[0].pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bản hai" in text and world.focal_a.display_name in text
    # Core's plain download would skip the stamp: a participant gets 404 there, as does an outsider.
    assert client.get(reverse("core:attachment_download", args=[versions[0].pk])).status_code == 404
    client.force_login(world.admin)
    assert client.get(reverse("core:attachment_download", args=[versions[0].pk])).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(reverse("core:attachment_download", args=[versions[0].pk])).status_code == 200


def test_private_notes_stay_private(client, world):
    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    add_member(world, meeting, world.focal_b)
    document = services.document_add(
        by=world.coordinator, meeting=meeting, upload=SimpleUploadedFile("a.pdf", _pdf("A")), title="A"
    )
    services.note_save(by=world.focal_a, document=document, text="Cần hỏi lại Sở Tài chính về nguồn vốn")
    client.force_login(world.focal_b)
    page = client.get(reverse("meetings:document", args=[meeting.pk, document.pk])).content.decode()
    assert "Cần hỏi lại Sở Tài chính về nguồn vốn" not in page
    client.force_login(world.focal_a)
    assert (
        "Cần hỏi lại Sở Tài chính về nguồn vốn"
        in client.get(reverse("meetings:document", args=[meeting.pk, document.pk])).content.decode()
    )


def test_draft_comments_are_read_by_the_drafting_unit(world):
    from dxoffice.meetings.selectors import comments_visible_to

    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    add_member(world, meeting, world.dept_focal)
    add_member(world, meeting, world.focal_b)
    draft = services.document_add(
        by=world.coordinator,
        meeting=meeting,
        upload=SimpleUploadedFile("d.pdf", _pdf("D")),
        title="Dự thảo",
        is_draft=True,
        drafting_unit=world.department,
    )
    services.comment_add(by=world.focal_a, document=draft, text="Đề nghị bổ sung chỉ tiêu")
    assert comments_visible_to(world.dept_focal, draft).count() == 1
    assert comments_visible_to(world.focal_b, draft).count() == 0
    assert comments_visible_to(world.focal_a, draft).count() == 1


def test_poll_results_export_as_xlsx_and_csv(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="=HYPERLINK(1)")
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    services.poll_close(by=world.coordinator, poll=poll)
    client.force_login(world.focal_a)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("meetings:polls_export", args=[meeting.pk, "xlsx"])).content)
    )
    cell = workbook.active["A2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"
    csv = client.get(reverse("meetings:polls_export", args=[meeting.pk, "csv"])).content.decode()
    assert "'=HYPERLINK(1)" in csv


def test_the_ics_and_the_secret_calendar_feed(client, world):
    meeting = make_meeting(world, title="Hội nghị không giấy", starts_at=timezone.now() + timedelta(days=2))
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    client.force_login(world.leader)
    ics = Calendar.from_ical(client.get(reverse("meetings:meeting_ics", args=[meeting.pk])).content)
    assert [str(e["summary"]) for e in ics.walk("VEVENT")] == ["Hội nghị không giấy"]
    client.post(reverse("meetings:calendar_feed_renew"))
    feed = services.calendar_feed_of(by=world.leader)
    client.logout()
    body = client.get(reverse("meetings:calendar_feed", args=[feed.token])).content
    assert [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["Hội nghị không giấy"]
    old = feed.token
    services.calendar_feed_renew(by=world.leader)
    assert client.get(reverse("meetings:calendar_feed", args=[old])).status_code == 404


def test_minutes_download(client, world):
    meeting, _ = running_meeting(world, [])
    client.force_login(world.leader)
    for fmt in ("pdf", "docx"):
        response = client.get(reverse("meetings:minutes", args=[meeting.pk, fmt]))
        assert response.status_code == 200 and len(response.content) > 1000
    assert client.get(reverse("meetings:minutes", args=[meeting.pk, "exe"])).status_code == 404


def test_the_live_and_projector_pages(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    client.force_login(world.focal_a)
    live = client.get(reverse("meetings:live", args=[meeting.pk])).content.decode()
    assert f"/ws/meetings/{meeting.pk}/" in live and "live-initial" in live
    client.force_login(world.coordinator)
    projector = client.get(reverse("meetings:projector", args=[meeting.pk])).content.decode()
    assert reverse("meetings:checkin_qr", args=[meeting.pk]) in projector
    outside = re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"'\s>]+)""", projector + live)
    assert [url for url in outside if not url.startswith(("http://testserver/", "//testserver/"))] == []


def test_asking_to_speak_and_giving_the_floor_from_the_page(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận")
    services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
    client.force_login(world.focal_a)
    client.post(reverse("meetings:speak", args=[meeting.pk]))
    assert client.post(reverse("meetings:speaker_next", args=[meeting.pk])).status_code == 403
    client.force_login(world.leader)
    client.post(reverse("meetings:speaker_next", args=[meeting.pk]))
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="speakers"' in page and world.focal_a.display_name in page
    assert item.speakers.get().state == "speaking"


def _export_text(client, meeting) -> str:
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("meetings:polls_export", args=[meeting.pk, "xlsx"])).content)
    )
    xlsx = " ".join(str(c.value) for row in workbook.active.iter_rows() for c in row if c.value is not None)
    csv = client.get(reverse("meetings:polls_export", args=[meeting.pk, "csv"])).content.decode()
    return xlsx + "\n" + csv


def _minutes_text(client, meeting) -> str:
    response = client.get(reverse("meetings:minutes", args=[meeting.pk, "pdf"]))
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_poll_counts_reach_participants_only_once_published(client, world):
    meeting, _ = running_meeting(world, [world.focal_a, world.focal_b])
    poll = services.poll_create(
        by=world.coordinator,
        meeting=meeting,
        question="Question ZETA",
        kind="single",
        options=["Option AAA", "Option BBB"],
    )
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    # Open: the running count is for those who run the meeting only.
    client.force_login(world.focal_b)
    assert "Option AAA: 1" not in _export_text(client, meeting)
    client.force_login(world.coordinator)
    assert "Option AAA: 1" in _export_text(client, meeting)
    # Closed, not published: neither the export nor the minutes give it to a participant.
    services.poll_close(by=world.coordinator, poll=poll)
    client.force_login(world.focal_b)
    assert "Option AAA: 1" not in _export_text(client, meeting)
    assert "ZETA" not in _minutes_text(client, meeting)
    client.force_login(world.coordinator)
    assert "Option AAA: 1" in _export_text(client, meeting)
    assert "ZETA" in _minutes_text(client, meeting)
    # Published: everyone who sees the meeting sees the result.
    services.poll_publish(by=world.coordinator, poll=poll)
    client.force_login(world.focal_b)
    assert "Option AAA: 1" in _export_text(client, meeting)
    assert "ZETA" in _minutes_text(client, meeting)


def test_poll_export_answers_404_for_an_unknown_format(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    client.force_login(world.focal_a)
    assert client.get(reverse("meetings:polls_export", args=[meeting.pk, "exe"])).status_code == 404
    assert client.get(reverse("meetings:polls_export", args=[meeting.pk, "xlsx"])).status_code == 200


def _deputy_meeting(world):
    """In progress: focal_a and focal_b both send dept_focal as their deputy; viewer observes."""
    from dxoffice.meetings.models import Rsvp

    meeting = make_meeting(world)
    members = [add_member(world, meeting, user) for user in (world.focal_a, world.focal_b)]
    for row, user in zip(members, (world.focal_a, world.focal_b), strict=True):
        services.rsvp_answer(by=user, participant=row, answer=Rsvp.DELEGATED, deputy=world.dept_focal)
    add_member(world, meeting, world.viewer, role="observer")
    add_member(world, meeting, world.partner, role="invitee")
    services.checkin_by_token(by=world.dept_focal, meeting=meeting, token=meeting.checkin_token)
    chair = meeting.participants.get(user=world.leader)
    services.attendance_record(by=world.coordinator, participant=chair, attendance=Attendance.IN_PERSON)
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)
    return meeting, members, poll


def test_the_vote_form_is_only_for_those_who_hold_a_ballot(client, world):
    meeting, _members, _poll = _deputy_meeting(world)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    for user in (world.viewer, world.partner, world.focal_a):  # observer, invitee, sent a deputy
        client.force_login(user)
        assert 'data-testid="vote-form"' not in client.get(url).content.decode(), user
    for user in (world.leader, world.dept_focal):
        client.force_login(user)
        assert 'data-testid="vote-form"' in client.get(url).content.decode(), user


def test_a_deputy_for_two_members_casts_both_ballots_from_the_page(client, world):
    meeting, members, poll = _deputy_meeting(world)
    client.force_login(world.dept_focal)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="ballot-of"' in page
    vote = reverse("meetings:vote", args=[meeting.pk, poll.pk])
    for member in members:
        assert client.post(vote, {"choice": "1", "participant": member.pk}).status_code == 302
    assert sorted(poll.votes.values_list("participant_id", flat=True)) == sorted(m.pk for m in members)
    assert 'data-testid="vote-form"' not in client.get(url).content.decode()
    other = add_member(world, make_meeting(world), world.focal_b)
    assert client.post(vote, {"choice": "1", "participant": other.pk}).status_code == 404


def test_the_receipt_check_is_reached(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)
    code = services.vote_cast(by=world.focal_a, poll=poll, choice=[0]).receipt
    client.force_login(world.focal_a)
    url = reverse("meetings:receipt_check", args=[meeting.pk, poll.pk])
    response = client.get(url, {"code": code}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_confidential_pdf_that_cannot_be_stamped_is_refused_with_a_page(client, world):
    from pypdf import PdfWriter

    meeting = make_meeting(world, confidential=True)
    add_member(world, meeting, world.focal_a)
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("mat-khau")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    client.force_login(world.focal_a)
    for name, data in (("khoa.pdf", encrypted.getvalue()), ("hong.pdf", b"%PDF-1.4 not really a pdf")):
        document = services.document_add(
            by=world.coordinator, meeting=meeting, upload=SimpleUploadedFile(name, data), title=name
        )
        version = services.versions_of(document)[0]
        response = client.get(reverse("meetings:document_file", args=[meeting.pk, document.pk, version.pk]))
        assert response.status_code == 422, name
        assert 'data-testid="stamp-refused"' in response.content.decode()


def test_a_confidential_non_pdf_offers_no_download_and_says_why(client, world):
    from openpyxl import Workbook

    book = io.BytesIO()
    Workbook().save(book)
    meeting = make_meeting(world, confidential=True)
    add_member(world, meeting, world.focal_a)
    document = services.document_add(
        by=world.coordinator,
        meeting=meeting,
        upload=SimpleUploadedFile("bang.xlsx", book.getvalue()),
        title="Bảng số liệu",
    )
    client.force_login(world.focal_a)
    page = client.get(reverse("meetings:document", args=[meeting.pk, document.pk])).content.decode()
    assert 'data-testid="download"' not in page and 'data-testid="no-download"' in page


def test_the_calendar_feed_has_the_meetings_one_deputises_in_and_an_absolute_address(client, world):
    from dxoffice.meetings.models import Rsvp

    meeting = make_meeting(world, title="Họp thay mặt", starts_at=timezone.now() + timedelta(days=3))
    member = add_member(world, meeting, world.focal_a)
    services.meeting_send_invitations(by=world.coordinator, meeting=meeting)
    services.rsvp_answer(by=world.focal_a, participant=member, answer=Rsvp.DELEGATED, deputy=world.focal_b)
    client.force_login(world.focal_b)
    client.post(reverse("meetings:calendar_feed_renew"))
    feed = services.calendar_feed_of(by=world.focal_b)
    page = client.get(reverse("meetings:meeting_list"))
    assert page.context["feed_url"] == "http://testserver" + reverse(
        "meetings:calendar_feed", args=[feed.token]
    )
    client.logout()
    body = client.get(reverse("meetings:calendar_feed", args=[feed.token])).content
    assert [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")] == ["Họp thay mặt"]
