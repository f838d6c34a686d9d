"""Conclusions become follow-up tasks in the program register, linked back; the minutes and the
notice of conclusions as PDF and .docx carry the attendance, votes and conclusions."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as WordDocument
from pypdf import PdfReader

from dxoffice.core.documents import Format, render
from dxoffice.meetings import services
from dxoffice.meetings.minutes import conclusions_notice, minutes_document
from dxoffice.meetings.models import Attendance
from dxoffice.meetings.stats import meeting_figures
from dxoffice.meetings.tests.factories import add_member, present, running_meeting
from dxoffice.planning import selectors as planning_selectors

pytestmark = pytest.mark.django_db


def _task(world, conclusion, **fields):
    return services.conclusion_task_create(
        by=fields.pop("by", world.coordinator),
        conclusion=conclusion,
        plan=world.plan,
        pillar=world.pillar,
        title=fields.pop("title", "Triển khai nền tảng họp không giấy"),
        lead_unit=fields.pop("lead_unit", world.department),
        due_date=fields.pop("due_date", date(2026, 12, 31)),
        **fields,
    )


def test_a_conclusion_assigns_a_task_that_links_back(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Hạ tầng số")
    conclusion = services.conclusion_save(
        by=world.coordinator,
        meeting=meeting,
        item=item,
        text="Giao Sở KH&CN triển khai phòng họp không giấy.",
    )
    task = _task(world, conclusion, coordinating_units=[world.commune_a])
    assert task.origin == "meetings.conclusion" and task.origin_object == conclusion
    assert list(planning_selectors.tasks_of_origin(world.coordinator, conclusion)) == [task]
    assert list(task.coordinating_units.all()) == [world.commune_a]
    figures = meeting_figures(world.coordinator)
    assert (figures.conclusions, figures.follow_ups, figures.follow_ups_on_time) == (1, 1, 0)
    # Numbered in the plan in the order assigned, whatever the rows' ids.
    assert task.code == "KL-1"
    assert _task(world, conclusion, title="Tập huấn thư ký cuộc họp").code == "KL-2"


def test_only_those_who_run_the_meeting_and_may_plan_assign_tasks(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    conclusion = services.conclusion_save(by=world.coordinator, meeting=meeting, text="Kết luận.")
    with pytest.raises(PermissionDenied):
        _task(world, conclusion, by=world.focal_a)
    with pytest.raises(PermissionDenied):  # the chair runs the meeting but does not plan
        _task(world, conclusion, by=world.leader)


def test_a_conclusion_needs_text_and_an_item_of_its_meeting(world):
    meeting, _rows = running_meeting(world, [])
    other, _ = running_meeting(world, [])
    foreign = services.item_save(by=world.coordinator, meeting=other, title="Khác")
    with pytest.raises(ValidationError) as caught:
        services.conclusion_save(by=world.coordinator, meeting=meeting, text="  ")
    assert "text" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.conclusion_save(by=world.coordinator, meeting=meeting, text="Có", item=foreign)
    assert "item" in caught.value.message_dict


def _held_meeting(world):
    meeting, rows = running_meeting(world, [world.focal_a])
    absent = add_member(world, meeting, world.focal_b)
    services.attendance_record(
        by=world.coordinator, participant=absent, attendance=Attendance.ABSENT, reason="Đi công tác"
    )
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Kế hoạch chuyển đổi số 2026")
    services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
    services.speak_request(by=world.focal_a, meeting=meeting)
    services.speaker_next(by=world.coordinator, meeting=meeting)
    services.speaker_next(by=world.coordinator, meeting=meeting)
    services.item_discussion_save(by=world.coordinator, item=item, discussion="Các đại biểu thống nhất cao.")
    poll = services.poll_create(
        by=world.coordinator, meeting=meeting, item=item, question="Thông qua kế hoạch"
    )
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    services.poll_close(by=world.coordinator, poll=poll)
    conclusion = services.conclusion_save(
        by=world.coordinator, meeting=meeting, item=item, text="Thống nhất ban hành kế hoạch trong tháng 12."
    )
    _task(world, conclusion)
    services.meeting_close(by=world.coordinator, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


def test_the_minutes_write_themselves_from_the_meeting(world):
    meeting = _held_meeting(world)
    document = minutes_document(meeting, user=world.coordinator, language="vi")
    for text in (_pdf_text(render(document, Format.PDF)), _docx_text(render(document, Format.DOCX))):
        flat = " ".join(text.split())
        assert "BIÊN BẢN" in flat.upper()
        assert "Kế hoạch chuyển đổi số 2026" in flat
        assert "Đi công tác" in flat  # absent with reason
        assert "Các đại biểu thống nhất cao." in flat
        assert "Thống nhất ban hành kế hoạch trong tháng 12." in flat
        assert world.focal_a.display_name in flat  # a speaker with speaking time
        assert "Sở Khoa học và Công nghệ" in flat  # the follow-up's lead unit


def test_the_notice_of_conclusions(world):
    meeting = _held_meeting(world)
    text = " ".join(
        _pdf_text(
            render(conclusions_notice(meeting, user=world.coordinator, language="vi"), Format.PDF)
        ).split()
    )
    assert "THÔNG BÁO" in text.upper()
    assert "Thống nhất ban hành kế hoạch trong tháng 12." in text


def test_approved_minutes_lock_conclusions(world):
    meeting = _held_meeting(world)
    services.minutes_approve(by=world.leader, meeting=meeting)
    with pytest.raises(ValidationError):
        services.conclusion_save(by=world.coordinator, meeting=meeting, text="Thêm sau")
    with pytest.raises(ValidationError):
        present(world, meeting.participants.get(user=world.focal_b))


def test_only_open_plans_are_offered_and_only_to_those_who_plan(world):
    from django.utils import timezone

    from dxoffice.meetings import planning_refs

    assert planning_refs.plan_choices(world.viewer) == []
    assert str(world.plan.pk) in [pk for pk, _label in planning_refs.plan_choices(world.coordinator)]
    type(world.plan).all_objects.filter(pk=world.plan.pk).update(archived_at=timezone.now())
    assert str(world.plan.pk) not in [pk for pk, _label in planning_refs.plan_choices(world.coordinator)]
