"""The training module's part of the Cà Mau demo: a catalogue of a dozen courses, the year's required
courses and targets, staff lists for every commune, ward and department, classes the partner held
across the province, an online course with lessons and a final test, and completions that make some
units leaders and others laggards. Deterministic: the same records on every load (dates relative to
the demo's day)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from dxoffice.core.models import UnitKind
from dxoffice.core.periods import MONTH, QUARTER, Period
from dxoffice.core.services import save_audited
from dxoffice.core.signals import data_source_changed
from dxoffice.core.text import fold, nfc
from dxoffice.demo import data
from dxoffice.demo.state import Demo
from dxoffice.planning.signals import send_after_commit
from dxoffice.training.models import (
    Attendance,
    Certificate,
    ClassSession,
    ClassStatus,
    Completion,
    CompletionSource,
    Course,
    CourseClass,
    CourseFormat,
    CourseLevel,
    Enrolment,
    Learner,
    LessonProgress,
    PositionLevel,
    QuestionKind,
    Quiz,
    Requirement,
    Topic,
)
from dxoffice.training.models.records import CODE_ALPHABET
from dxoffice.training.rules import expiry
from dxoffice.training.services import lesson_save, question_add

P = PositionLevel


@dataclass(frozen=True)
class CourseSeed:
    code: str
    title: str
    title_en: str
    topic: str
    level: str
    hours: str
    format: str
    provider: str  # a unit code, or ""
    certificate_months: int | None = None
    pass_mark: int | None = None


COURSES = [
    CourseSeed("KNS-CB", "Kỹ năng số cơ bản cho cán bộ, công chức", "Basic digital skills for officials",
               Topic.DIGITAL_LITERACY, CourseLevel.BASIC, "16", CourseFormat.BLENDED, "DOITAC"),
    CourseSeed("KNS-XA", "Kỹ năng số cho công chức cấp xã", "Digital skills for commune officials",
               Topic.DIGITAL_LITERACY, CourseLevel.BASIC, "24", CourseFormat.IN_PERSON, "DOITAC"),
    CourseSeed("AI-HC", "Ứng dụng trí tuệ nhân tạo trong công việc hành chính", "AI for administrative work",
               Topic.AI_FOR_WORK, CourseLevel.BASIC, "8", CourseFormat.ONLINE, "DOITAC"),
    CourseSeed("AI-PROMPT", "Viết câu lệnh cho trợ lý AI: soạn thảo văn bản, tóm tắt, tra cứu", "Prompting AI assistants",
               Topic.AI_FOR_WORK, CourseLevel.INTERMEDIATE, "8", CourseFormat.ONLINE, "DOITAC"),
    CourseSeed("AI-MEDIA", "AI tạo hình ảnh và video phục vụ tuyên truyền", "AI for images and video in outreach",
               Topic.AI_FOR_WORK, CourseLevel.INTERMEDIATE, "12", CourseFormat.BLENDED, "DHCM"),
    CourseSeed("ATTT", "An toàn thông tin và bảo vệ dữ liệu cá nhân", "Information security and personal data protection",
               Topic.INFORMATION_SECURITY, CourseLevel.BASIC, "8", CourseFormat.BLENDED, "VIENTHONG", 24),
    CourseSeed("ATTT-QT", "Quản trị an toàn thông tin cho cán bộ chuyên trách", "Security administration for IT staff",
               Topic.INFORMATION_SECURITY, CourseLevel.ADVANCED, "40", CourseFormat.IN_PERSON, "VIENTHONG", 12, 70),
    CourseSeed("DL-KT", "Khai thác và chia sẻ dữ liệu trong cơ quan nhà nước", "Using and sharing data in government",
               Topic.DATA, CourseLevel.INTERMEDIATE, "16", CourseFormat.BLENDED, "DHCM"),
    CourseSeed("LD-CDS", "Lãnh đạo, quản lý chuyển đổi số", "Leading and managing digital transformation",
               Topic.DX_LEADERSHIP, CourseLevel.ADVANCED, "16", CourseFormat.IN_PERSON, "DOITAC", None, 60),
    CourseSeed("QT-DVC", "Quản trị dịch vụ công trực tuyến và một cửa điện tử", "Managing online public services",
               Topic.SECTOR_APPLICATIONS, CourseLevel.INTERMEDIATE, "12", CourseFormat.IN_PERSON, ""),
    CourseSeed("YTE-HSSK", "Hồ sơ sức khỏe điện tử cho cán bộ y tế cơ sở", "Electronic health records for clinics",
               Topic.SECTOR_APPLICATIONS, CourseLevel.BASIC, "8", CourseFormat.BLENDED, "DOITAC"),
    CourseSeed("NN-TXNG", "Truy xuất nguồn gốc nông sản, thủy sản", "Traceability of farm and fishery products",
               Topic.SECTOR_APPLICATIONS, CourseLevel.BASIC, "8", CourseFormat.IN_PERSON, "DHCM"),
]  # fmt: skip

# The year's required courses: (course, position level or "", unit kind or "", target %)
REQUIREMENTS = [
    ("KNS-CB", "", "", "100"),
    ("KNS-XA", P.COMMUNE_OFFICIAL, "", "100"),
    ("ATTT", P.LEADER, "", "100"),
    ("ATTT", P.MANAGER, "", "90"),
    ("LD-CDS", P.LEADER, "", "100"),
    ("AI-HC", P.CIVIL_SERVANT, UnitKind.DEPARTMENT, "70"),
]

LESSONS = [
    ("Trí tuệ nhân tạo là gì và làm được gì cho cán bộ", "<p>AI tạo sinh giúp soạn thảo, tóm tắt và tra cứu. "
     "Nó <strong>có thể sai</strong>: luôn kiểm tra lại trước khi dùng.</p>"),
    ("Soạn thảo văn bản hành chính cùng trợ lý AI", "<p>Đưa ra bối cảnh, thể thức (Nghị định 30/2020/NĐ-CP) và "
     "yêu cầu rõ ràng; rà soát số liệu, tên riêng.</p><ul><li>Giấy mời</li><li>Báo cáo</li><li>Công văn</li></ul>"),
    ("Tóm tắt tài liệu và chuẩn bị họp", "<p>Yêu cầu AI tóm tắt theo ý chính, nêu việc cần làm và người thực hiện.</p>"),
    ("Bảo mật khi dùng AI", "<p>Không đưa dữ liệu cá nhân, tài liệu mật vào công cụ AI công cộng.</p>"),
]  # fmt: skip

# The final test of the online AI course: (kind, question, choices, accepted short answers)
QUESTIONS = [
    (QuestionKind.TRUE_FALSE, "Kết quả do AI tạo ra luôn chính xác.", [("Đúng", False), ("Sai", True)], []),
    (QuestionKind.SINGLE, "Được đưa loại dữ liệu nào vào công cụ AI công cộng?",
     [("Tài liệu mật", False), ("Dữ liệu cá nhân của người dân", False), ("Thông tin đã công khai", True)], []),
    (QuestionKind.MULTIPLE, "Một câu lệnh tốt cho trợ lý AI nêu rõ:",
     [("Bối cảnh", True), ("Yêu cầu cụ thể", True), ("Mật khẩu của mình", False)], []),
    (QuestionKind.SHORT, "Nghị định quy định thể thức văn bản hành chính là số mấy (năm 2020)?", [],
     ["30", "30/2020", "30/2020/NĐ-CP"]),
    (QuestionKind.SINGLE, "Khi AI tóm tắt một báo cáo, việc đầu tiên cần làm là:",
     [("Gửi ngay cho lãnh đạo", False), ("Đối chiếu với bản gốc", True)], []),
]  # fmt: skip
STAFF_PER_COMMUNE = [(P.LEADER, 2), (P.MANAGER, 2), (P.COMMUNE_OFFICIAL, 10)]
STAFF_PER_DEPARTMENT = [(P.LEADER, 2), (P.MANAGER, 3), (P.CIVIL_SERVANT, 8), (P.PUBLIC_EMPLOYEE, 3)]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương", "Lý"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc", "Thanh", "Quốc", "Hữu", "Kim", "Bảo"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hiền", "Hùng", "Khánh", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]  # fmt: skip
POSITIONS = {
    P.LEADER: "Phó Chủ tịch",
    P.MANAGER: "Trưởng phòng",
    P.COMMUNE_OFFICIAL: "Công chức",
    P.CIVIL_SERVANT: "Chuyên viên",
    P.PUBLIC_EMPLOYEE: "Viên chức",
}


def build(demo: Demo) -> None:
    """Add the training module's demo records (called by the loader after the register is built)."""
    rng = random.Random(20261203)
    courses = _catalogue(demo)
    _online_course(demo, courses["AI-HC"])
    learners = _staff(demo, rng)
    _completions(demo, rng, courses, learners)
    _classes(demo, courses, learners)
    _announce(demo, learners)


def _catalogue(demo: Demo) -> dict[str, Course]:
    province = demo.units["CAMAU"]
    courses: dict[str, Course] = {}
    for seed in COURSES:
        course = Course(
            code=seed.code,
            title=seed.title,
            title_en=seed.title_en,
            topic=seed.topic,
            level=seed.level,
            hours=Decimal(seed.hours),
            format=seed.format,
            owner_unit=province,
            provider=demo.units.get(seed.provider) if seed.provider else None,
            certificate_months=seed.certificate_months,
            pass_mark=seed.pass_mark,
            min_attendance_percent=0 if seed.format == CourseFormat.ONLINE else 80,
            description=f"{seed.title}. Khóa học thuộc chương trình bồi dưỡng chuyển đổi số của tỉnh.",
        )
        courses[seed.code] = save_audited(course, by=demo.system, event="training.course_created")
    for code, level, kind, target in REQUIREMENTS:
        save_audited(
            Requirement(
                course=courses[code],
                year=demo.today.year,
                position_level=level,
                unit_kind=kind,
                target_percent=Decimal(target),
            ),
            by=demo.system,
            event="training.requirement_saved",
        )
    return courses


def _online_course(demo: Demo, course: Course) -> None:
    for position, (title, body) in enumerate(LESSONS, start=1):
        lesson_save(by=demo.system, course=course, title=title, body=body, position=position, minutes=15)
    final = save_audited(
        Quiz(
            course=course, title="Bài kiểm tra cuối khóa", is_final=True, pass_mark=70, max_attempts=3, draw=4
        ),
        by=demo.system,
        event="training.quiz_saved",
    )
    for kind, text, choices, accepted in QUESTIONS:
        question_add(
            by=demo.system, quiz=final, kind=kind, text=text, choices=choices, accepted_answers=accepted
        )


def _bulk(rows: list[Any], model: type[Any], event: str, by: Any) -> None:
    """Many rows at once, each with its history row and event code (what save_audited records)."""
    bulk_create_with_history(
        rows, model, batch_size=1000, default_user=by, custom_historical_attrs={"history_event": event}
    )


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _staff(demo: Demo, rng: random.Random) -> list[Learner]:
    """Staff lists for every commune, ward and department; the demo's people are on theirs."""
    learners: list[Learner] = []
    units = sorted(demo.units.values(), key=lambda u: u.code)
    for unit in units:
        if unit.kind in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE):
            plan = STAFF_PER_COMMUNE
        elif unit.kind in (UnitKind.DEPARTMENT, UnitKind.AGENCY) and unit.parent_id == demo.units["CAMAU"].pk:
            plan = STAFF_PER_DEPARTMENT
        else:
            continue
        number = 0
        for level, count in plan:
            for _n in range(count):
                number += 1
                learners.append(
                    Learner(
                        unit=unit,
                        staff_code=f"{unit.code}-{number:03d}",
                        full_name=_name(rng),
                        position_level=level,
                        position=POSITIONS[level],
                    )
                )
    linked = {
        "focal": P.COMMUNE_OFFICIAL,
        "focal2": P.COMMUNE_OFFICIAL,
        "dept": P.CIVIL_SERVANT,
        "coordinator": P.CIVIL_SERVANT,
    }
    for username, level in linked.items():
        user = demo.users.get(username)
        if user is None or user.unit is None:
            continue
        learners.append(
            Learner(
                unit=user.unit,
                user=user,
                staff_code=f"{user.unit.code}-{username.upper()}",
                full_name=user.full_name,
                position_level=level,
                position=user.position[:150],
                email=user.email,
            )
        )
    for learner in learners:  # what Learner.save does, for the bulk insert
        learner.full_name = nfc(learner.full_name)
        learner.staff_code = learner.staff_code.upper()
        learner.search_text = fold(f"{learner.staff_code} {learner.full_name} {learner.position}")
    _bulk(learners, Learner, "training.learner_imported", demo.system)
    return list(
        Learner.objects.filter(unit__in=[u for u in units]).select_related("unit", "user").order_by("pk")
    )


def _unit_rate(rng: random.Random) -> float:
    """How far along a unit is: a few leaders near done, a long middle, some laggards far behind."""
    return rng.choice([0.97, 0.92, 0.85, 0.75, 0.65, 0.55, 0.45, 0.3, 0.15])


def _completions(demo: Demo, rng: random.Random, courses: dict[str, Course], learners: list[Learner]) -> None:
    from dxoffice.training.selectors.coverage import needs_of_year, required_courses

    needs = needs_of_year(demo.today.year)
    rates: dict[int, float] = {}
    completions: list[Completion] = []
    for learner in learners:
        if learner.user is not None and learner.user.username == "focal":
            continue  # the focal official's own story is told on screen: still to complete
        rate = rates.setdefault(learner.unit_id, _unit_rate(rng))
        for course_id in sorted(required_courses(needs, learner.position_level, learner.unit.kind)):
            if rng.random() > rate:
                continue
            course = next(c for c in courses.values() if c.pk == course_id)
            day = demo.today - timedelta(days=rng.randint(3, 300))
            completions.append(
                Completion(
                    learner=learner,
                    course=course,
                    completed_on=day,
                    expires_on=expiry(day, course.certificate_months),
                    source=CompletionSource.EXTERNAL if course.is_online else CompletionSource.CLASS,
                    provider=course.provider,
                    external_provider="" if course.provider else "Sở Nội vụ",
                )
            )
    _bulk(completions, Completion, "training.completed", demo.system)
    saved = Completion.objects.filter(learner__in=learners).select_related("course")
    certificates = [
        Certificate(
            completion=c,
            code=_code(rng),
            issued_on=c.completed_on,
            expires_on=c.expires_on,
            issuer=c.provider or c.course.owner_unit,
        )
        for c in saved.order_by("pk")
    ]
    _bulk(certificates, Certificate, "training.certificate_issued", demo.system)


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _n in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _classes(demo: Demo, courses: dict[str, Course], learners: list[Learner]) -> None:
    """Classes the partner held for commune officials, and two open ones the focal official can join."""
    province = demo.units["CAMAU"]
    by_unit: dict[int, list[Learner]] = {}
    for learner in learners:
        by_unit.setdefault(learner.unit_id, []).append(learner)
    communes = sorted(demo.communes, key=lambda u: u.code)[:12]
    for index, commune in enumerate(communes, start=1):
        starts = demo.today - timedelta(days=20 + 9 * index)
        course_class = save_audited(
            CourseClass(
                course=courses["KNS-XA"],
                code=f"KNS-XA-{demo.today.year}-{index:02d}",
                unit=province,
                starts_on=starts,
                ends_on=starts + timedelta(days=2),
                place=f"Hội trường {commune.name}",
                trainer="Chuyên gia Tập đoàn Công nghệ",
                capacity=40,
                status=ClassStatus.HELD,
            ),
            by=demo.system,
            event="training.class_created",
        )
        sessions = [_session(demo, course_class, day) for day in range(3)]
        people = [p for p in by_unit.get(commune.pk, []) if p.position_level == P.COMMUNE_OFFICIAL][:8]
        enrolments = [_enrol(demo, course_class, p) for p in people]
        rows = [
            Attendance(session=s, enrolment=e, present=(n + i) % 7 != 0)
            for i, s in enumerate(sessions)
            for n, e in enumerate(enrolments)
        ]
        _bulk(rows, Attendance, "training.attendance_recorded", demo.system)
    focal_unit = demo.commune(data.FOCAL_COMMUNE)
    for index, code in enumerate(("KNS-CB", "ATTT"), start=1):
        starts = demo.today + timedelta(days=5 * index)
        course_class = save_audited(
            CourseClass(
                course=courses[code],
                code=f"{code}-{demo.today.year}-MO{index}",
                unit=province,
                starts_on=starts,
                ends_on=starts + timedelta(days=1),
                place="Trung tâm Hội nghị tỉnh",
                online_link="https://hop.camau.gov.vn/dao-tao",
                trainer="Giảng viên đối tác",
                capacity=60,
                self_enrolment=True,
                status=ClassStatus.OPEN,
            ),
            by=demo.system,
            event="training.class_created",
        )
        for day in range(2):
            _session(demo, course_class, day)
        people = by_unit.get(focal_unit.pk, [])
        chosen = [lr for lr in people if lr.user is not None and index == 1] + people[:6]
        for learner in chosen:
            _enrol(demo, course_class, learner)
    focal = next((lr for lr in learners if lr.user is not None and lr.user.username == "focal"), None)
    if focal is not None:
        for lesson in courses["AI-HC"].lessons.all()[:2]:
            save_audited(
                LessonProgress(learner=focal, lesson=lesson), by=demo.system, event="training.lesson_done"
            )


def _enrol(demo: Demo, course_class: CourseClass, learner: Learner) -> Enrolment:
    enrolment = Enrolment(course_class=course_class, learner=learner, enrolled_by=demo.system)
    return save_audited(enrolment, by=demo.system, event="training.enrolled")


def _session(demo: Demo, course_class: CourseClass, day: int) -> ClassSession:
    start = timezone.make_aware(
        datetime.combine(course_class.starts_on + timedelta(days=day), datetime.min.time())
    ) + timedelta(hours=8)
    return save_audited(
        ClassSession(
            course_class=course_class,
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            topic=f"Buổi {day + 1}",
        ),
        by=demo.system,
        event="training.session_saved",
    )


def _announce(demo: Demo, learners: list[Learner]) -> None:
    """Readers of the published figures refresh once the demo is committed."""
    unit_ids = sorted({pk for learner in learners for pk in learner.unit.ancestor_ids()})
    year = demo.today.year
    periods = [Period(year).code] + [Period(year, QUARTER, q).code for q in range(1, 5)]
    periods += [Period(year, MONTH, m).code for m in range(1, 13)]
    for code in ("training.coverage", "training.people_trained"):
        send_after_commit(
            data_source_changed, sender=Completion, code=code, unit_ids=unit_ids, periods=periods
        )
    providers = sorted(
        set(Completion.objects.exclude(provider__isnull=True).values_list("provider_id", flat=True))
    )
    send_after_commit(
        data_source_changed,
        sender=Completion,
        code="training.people_trained_by_provider",
        unit_ids=providers,
        periods=periods,
    )
