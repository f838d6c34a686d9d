"""Approved minutes are frozen: the files rendered at approval are served from then on, byte for
byte, whatever later changes to people's names, the follow-up tasks or the records."""

import io
from datetime import date

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from dxoffice.meetings import services
from dxoffice.meetings.models import FrozenDocument
from dxoffice.meetings.tests.factories import running_meeting
from dxoffice.planning import services as planning_services

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _approved_with_a_task(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Hạ tầng số")
    conclusion = services.conclusion_save(
        by=world.coordinator, meeting=meeting, item=item, text="Giao Sở KH&CN chủ trì triển khai"
    )
    task = services.conclusion_task_create(
        by=world.coordinator,
        conclusion=conclusion,
        plan=world.plan,
        pillar=world.pillar,
        title="Triển khai hạ tầng",
        lead_unit=world.department,
        due_date=date(2026, 12, 31),
    )
    services.meeting_close(by=world.coordinator, meeting=meeting)
    services.minutes_approve(by=world.leader, meeting=meeting)
    return meeting, task


def test_the_approved_minutes_are_served_byte_for_byte_after_later_changes(client, world):
    meeting, task = _approved_with_a_task(world)
    client.force_login(world.focal_a)
    urls = [
        reverse("meetings:minutes", args=[meeting.pk, "pdf"]),
        reverse("meetings:minutes", args=[meeting.pk, "docx"]),
    ]
    before = [client.get(url).content for url in urls]
    assert FrozenDocument.objects.filter(meeting=meeting).count() == 2
    assert "Đặng Thị Thành Viên" not in _pdf_text(before[0])
    assert "31/12/2026" in _pdf_text(before[0])

    world.focal_a.full_name = "Đặng Thị Thành Viên"  # a participant's name changes
    world.focal_a.save()
    planning_services.task_update(by=world.coordinator, task=task, due_date=date(2027, 3, 31))
    services.conclusion_task_create(  # a follow-up assigned after approval
        by=world.coordinator,
        conclusion=meeting.conclusions.get(),
        plan=world.plan,
        pillar=world.pillar,
        title="Nhiệm vụ giao thêm",
        lead_unit=world.commune_a,
        due_date=date(2027, 6, 30),
    )
    after = [client.get(url).content for url in urls]
    assert after == before  # byte-identical
    client.force_login(world.leader)  # the same file for every reader, whatever their scope
    assert [client.get(url).content for url in urls] == before
    assert client.get(f"/api/v1/meetings/meetings/{meeting.pk}/minutes").json()["frozen"] is True
    minutes_text = "\n".join(p.text for p in docx.Document(io.BytesIO(after[1])).paragraphs)
    assert "Hạ tầng số" in minutes_text
    # The notice of conclusions is issued later: it lists the follow-up tasks as they stand.
    notice = client.get(reverse("meetings:notice", args=[meeting.pk, "pdf"])).content
    assert "31/03/2027" in _pdf_text(notice)


def test_minutes_not_yet_approved_follow_the_records(client, world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    client.force_login(world.focal_a)
    url = reverse("meetings:minutes", args=[meeting.pk, "pdf"])
    assert "Đặng Thị Thành Viên" not in _pdf_text(client.get(url).content)
    world.focal_a.full_name = "Đặng Thị Thành Viên"
    world.focal_a.save()
    assert "Đặng Thị Thành Viên" in _pdf_text(client.get(url).content)
    assert not FrozenDocument.objects.exists()


def test_the_frozen_minutes_leave_out_results_not_published(client, world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    shown = services.poll_create(by=world.coordinator, meeting=meeting, question="Công bố kết quả?")
    hidden = services.poll_create(by=world.coordinator, meeting=meeting, question="Chưa công bố?")
    for poll in (shown, hidden):
        services.poll_open(by=world.coordinator, poll=poll)
        services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
        services.poll_close(by=world.coordinator, poll=poll)
    services.poll_publish(by=world.coordinator, poll=shown)
    services.meeting_close(by=world.coordinator, meeting=meeting)
    services.minutes_approve(by=world.leader, meeting=meeting)
    client.force_login(world.coordinator)  # runs the meeting, yet reads the one frozen copy
    text = _pdf_text(client.get(reverse("meetings:minutes", args=[meeting.pk, "pdf"])).content)
    assert "Công bố kết quả?" in text and "Chưa công bố?" not in text
