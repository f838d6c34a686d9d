"""The meetings module's part of the Cà Mau demo: a steering-committee meeting already held (agenda,
attendance, speakers, a named and a secret vote, conclusions, approved minutes and follow-up tasks
at various states) and one scheduled this week, invited, with its documents."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from dxoffice.core.models import User
from dxoffice.demo.evidence import evidence_pdf
from dxoffice.demo.state import Demo
from dxoffice.meetings import services
from dxoffice.meetings.models import Attendance, Meeting, MeetingKind, ParticipantRole, Rsvp
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.services import task_change_status

HELD_AGENDA = [
    ("Báo cáo kết quả thực hiện nhiệm vụ chuyển đổi số quý III", "Sở Khoa học và Công nghệ", 20),
    ("Kế hoạch phát triển hạ tầng dữ liệu và nền tảng số năm 2027", "Tổ Điều phối", 30),
    ("Triển khai phòng họp không giấy tại các sở, ngành", "Văn phòng UBND tỉnh", 20),
]
CONCLUSIONS = [
    (0, "Các sở, ngành tập trung hoàn thành các nhiệm vụ chậm tiến độ trước ngày 31/12."),
    (
        1,
        "Thống nhất thông qua Kế hoạch phát triển hạ tầng dữ liệu năm 2027; giao Sở KH&CN hoàn thiện, trình ban hành.",
    ),
    (2, "Giao Văn phòng UBND tỉnh triển khai phòng họp không giấy tại 100% sở, ngành trong quý I."),
]


def _at(demo: Demo, days: int, hour: int) -> datetime:
    day = demo.today + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _pdf(name: str, title: str, demo: Demo) -> ContentFile:
    return ContentFile(evidence_pdf(name, title, demo.today), name=f"{name}.pdf")


def _members(demo: Demo) -> list[User]:
    wanted = ["viewer", "dept", "focal", "focal2", "partner"]
    return [demo.users[name] for name in wanted if name in demo.users]


def build(demo: Demo) -> None:
    """Add the meetings module's demo records (called by the loader after the register is built)."""
    if "coordinator" not in demo.users or "leader" not in demo.users or not demo.plans:
        return
    held = _held_meeting(demo)
    _follow_ups(demo, held)
    # Approved once the follow-up tasks are assigned: the frozen minutes list them.
    services.minutes_approve(by=demo.users["leader"], meeting=held)
    _scheduled_meeting(demo)


def _held_meeting(demo: Demo) -> Meeting:
    secretary, chair = demo.users["coordinator"], demo.users["leader"]
    meeting = services.meeting_create(
        by=secretary,
        unit=demo.units["CAMAU"],
        title="Phiên họp Ban Chỉ đạo chuyển đổi số tỉnh quý IV",
        kind=MeetingKind.STEERING,
        starts_at=_at(demo, -7, 8),
        ends_at=_at(demo, -7, 11),
        room="Phòng họp A, trụ sở UBND tỉnh",
        chair=chair,
        summary="Phiên họp do đồng chí Trưởng Ban Chỉ đạo chủ trì.",
    )
    rows = [services.participant_add(by=secretary, meeting=meeting, user=user) for user in _members(demo)]
    services.participant_add(
        by=secretary,
        meeting=meeting,
        role=ParticipantRole.INVITEE,
        guest_name="Đại diện Tập đoàn Công nghệ",
        guest_organisation="Đối tác chiến lược",
    )
    items = [
        services.item_save(
            by=secretary, meeting=meeting, title=title, presenter=presenter, duration_minutes=minutes
        )
        for title, presenter, minutes in HELD_AGENDA
    ]
    services.document_add(
        by=secretary,
        meeting=meeting,
        item=items[1],
        title="Dự thảo Kế hoạch hạ tầng dữ liệu 2027",
        upload=_pdf("du-thao-ke-hoach-2027", "Du thao ke hoach ha tang du lieu 2027", demo),
    )
    services.meeting_send_invitations(by=secretary, meeting=meeting)
    chair_row = meeting.participants.get(role=ParticipantRole.CHAIR)
    for row, how in zip(
        [chair_row, *rows], [Attendance.IN_PERSON] * 4 + [Attendance.ONLINE, Attendance.ABSENT], strict=False
    ):
        services.attendance_record(
            by=secretary,
            participant=row,
            attendance=how,
            reason="Đi công tác" if how == Attendance.ABSENT else "",
        )
    services.meeting_start(by=secretary, meeting=meeting)
    meeting.refresh_from_db()
    for index, item in enumerate(items):
        services.current_item_set(by=secretary, meeting=meeting, item_id=item.pk)
        if index == 1:
            for row in rows[1:3]:
                if row.user is not None:
                    services.speak_request(by=row.user, meeting=meeting)
            services.speaker_next(by=secretary, meeting=meeting)
            services.speaker_next(by=secretary, meeting=meeting)
            services.speaker_next(by=secretary, meeting=meeting)
            _vote(demo, meeting, item, secret=False)
        if index == 2:
            _vote(demo, meeting, item, secret=True)
        services.item_discussion_save(
            by=secretary, item=item, discussion="Các thành viên thảo luận, thống nhất với nội dung báo cáo."
        )
    for index, text in CONCLUSIONS:
        services.conclusion_save(by=secretary, meeting=meeting, item=items[index], text=text)
    services.meeting_close(by=secretary, meeting=meeting)
    return meeting


def _vote(demo: Demo, meeting: Meeting, item: object, *, secret: bool) -> None:
    secretary = demo.users["coordinator"]
    question = (
        "Thông qua Kế hoạch phát triển hạ tầng dữ liệu năm 2027"
        if not secret
        else "Đồng ý lựa chọn mô hình phòng họp không giấy dùng chung"
    )
    poll = services.poll_create(by=secretary, meeting=meeting, item=item, question=question, secret=secret)  # type: ignore[arg-type]
    services.poll_open(by=secretary, poll=poll)
    voters = [
        demo.users["leader"],
        *[p.user for p in meeting.participants.filter(attendance__in=("in_person", "online"), role="member")],
    ]
    for number, user in enumerate(voters):
        if user is not None:
            services.vote_cast(by=user, poll=poll, choice=[2 if number == 3 else 0])
    services.poll_close(by=secretary, poll=poll)
    services.poll_publish(by=secretary, poll=poll)


def _follow_ups(demo: Demo, meeting: Meeting) -> None:
    """One task per conclusion: completed, in progress, and one already overdue."""
    secretary = demo.users["coordinator"]
    plan = demo.plans.get(demo.today.year) or next(iter(demo.plans.values()))
    pillar = next(iter(demo.pillars.values()))
    leads = ["SKHCN", "SKHCN", "VPUB"]
    dues = [demo.today + timedelta(days=20), demo.today + timedelta(days=60), demo.today - timedelta(days=3)]
    for conclusion, lead, due in zip(meeting.conclusions.order_by("pk"), leads, dues, strict=True):
        task = services.conclusion_task_create(
            by=secretary,
            conclusion=conclusion,
            plan=plan,
            pillar=pillar,
            title=conclusion.text[:200],
            lead_unit=demo.units[lead],
            due_date=due,
        )
        if due > demo.today + timedelta(days=30):
            continue
        task_change_status(by=secretary, task=task, status=TaskStatus.IN_PROGRESS)
        if due < demo.today + timedelta(days=30) and due > demo.today:
            task_change_status(
                by=secretary,
                task=task,
                status=TaskStatus.COMPLETED,
                completed_on=demo.today,
                evidence=[_pdf(f"nghiem-thu-{task.pk}", task.title, demo)],
            )


def _scheduled_meeting(demo: Demo) -> None:
    secretary = demo.users["coordinator"]
    days = 2 if demo.today.weekday() < 3 else 0
    meeting = services.meeting_create(
        by=secretary,
        unit=demo.units["CAMAU"],
        title="Hội nghị không giấy: sơ kết chuyển đổi số năm và nhiệm vụ năm tới",
        kind=MeetingKind.CONFERENCE,
        starts_at=_at(demo, days, 14),
        ends_at=_at(demo, days, 17),
        room="Hội trường UBND tỉnh",
        online_link="https://hop.camau.gov.vn/so-ket",
        chair=demo.users["leader"],
    )
    rows = [services.participant_add(by=secretary, meeting=meeting, user=user) for user in _members(demo)]
    for title, presenter, minutes in [
        ("Khai mạc, giới thiệu đại biểu", "Văn phòng UBND tỉnh", 10),
        ("Báo cáo sơ kết chuyển đổi số năm", "Sở Khoa học và Công nghệ", 30),
        ("Thảo luận và biểu quyết kế hoạch năm tới", "Các thành viên", 45),
    ]:
        item = services.item_save(
            by=secretary, meeting=meeting, title=title, presenter=presenter, duration_minutes=minutes
        )
    services.document_add(
        by=secretary,
        meeting=meeting,
        item=item,
        title="Dự thảo Kế hoạch chuyển đổi số năm tới",
        is_draft=True,
        drafting_unit=demo.units["SKHCN"],
        upload=_pdf("du-thao-ke-hoach", "Du thao ke hoach chuyen doi so", demo),
    )
    services.meeting_send_invitations(by=secretary, meeting=meeting)
    accepting = rows[0] if rows else None
    delegating = rows[2] if len(rows) > 2 else None
    if accepting is not None and accepting.user is not None:
        services.rsvp_answer(by=accepting.user, participant=accepting, answer=Rsvp.ACCEPTED)
    if delegating is not None and delegating.user is not None and "admin" in demo.users:
        services.rsvp_answer(
            by=delegating.user, participant=delegating, answer=Rsvp.DELEGATED, deputy=demo.users["admin"]
        )
