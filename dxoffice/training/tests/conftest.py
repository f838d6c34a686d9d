import pytest

from dxoffice.core.notifications.models import Notification  # noqa: F401


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """Training dates its completions by the local day; tests pin it to 10 November 2026."""
    from datetime import date

    from dxoffice.training import timeutil

    monkeypatch.setattr(timeutil, "local_today", lambda: date(2026, 11, 10))


@pytest.fixture
def catalogue(world):
    """Two courses managed by the province: an in-person basic course required of every commune
    official in 2026 (80% attendance), and an online course with three lessons and a final test."""
    from dxoffice.training.models import CourseFormat, PositionLevel, QuestionKind, Quiz
    from dxoffice.training.services import question_add
    from dxoffice.training.tests.factories import Catalogue, CourseFactory, LessonFactory, RequirementFactory

    basic = CourseFactory(code="KNS-CB", owner_unit=world.province, provider=world.partner_org)
    RequirementFactory(course=basic, position_level=PositionLevel.COMMUNE_OFFICIAL)
    online = CourseFactory(
        code="AI-HC",
        format=CourseFormat.ONLINE,
        owner_unit=world.province,
        min_attendance_percent=0,
        final_unlock_percent=50,
    )
    for position in (1, 2, 3):
        LessonFactory(course=online, position=position)
    final = Quiz.objects.create(
        course=online, title="Bài kiểm tra cuối khoá", is_final=True, pass_mark=60, max_attempts=2
    )
    question_add(
        by=world.admin,
        quiz=final,
        kind=QuestionKind.TRUE_FALSE,
        text="AI có thể sai?",
        choices=[("Đúng", True), ("Sai", False)],
    )
    question_add(
        by=world.admin,
        quiz=final,
        kind=QuestionKind.SHORT,
        text="Viết tắt của trí tuệ nhân tạo?",
        accepted_answers=["AI", "TTNT"],
    )
    return Catalogue(basic=basic, online=online)


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English; screens still answer in the person's language."""
    from django.utils import translation

    with translation.override("en"):
        yield
