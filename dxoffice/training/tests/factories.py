"""Factories of training records, and `TrainingWorld`: the shared world plus a small catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.tests.factories import UserFactory  # noqa: F401  (re-exported for the tests)
from dxoffice.training.models import (
    ClassSession,
    Course,
    CourseClass,
    CourseFormat,
    Learner,
    Lesson,
    PositionLevel,
    Requirement,
    Topic,
)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"KH{n:03d}")
    title = factory.Sequence(lambda n: f"Kỹ năng số cơ bản {n}")
    topic = Topic.DIGITAL_LITERACY
    hours = Decimal("8")
    format = CourseFormat.IN_PERSON
    min_attendance_percent = 80


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    staff_code = factory.Sequence(lambda n: f"CB{n:05d}")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    position_level = PositionLevel.COMMUNE_OFFICIAL


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    year = 2026
    target_percent = Decimal("100")


class ClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseClass

    code = factory.Sequence(lambda n: f"LOP{n:03d}")
    starts_on = date(2026, 11, 2)
    ends_on = date(2026, 11, 3)
    capacity = 30


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    title = factory.Sequence(lambda n: f"Bài {n}")
    position = factory.Sequence(lambda n: n + 1)
    body = "<p>Nội dung</p>"


def session_of(course_class: CourseClass, day: int = 0) -> ClassSession:
    start = timezone.make_aware(
        datetime.combine(course_class.starts_on + timedelta(days=day), datetime.min.time())
    ) + timedelta(hours=8)
    return ClassSession.objects.create(
        course_class=course_class, starts_at=start, ends_at=start + timedelta(hours=4)
    )


@dataclass
class Catalogue:
    basic: Course  # in person, required of every commune official in 2026
    online: Course  # online with lessons and a final test


def learner_for(user: User, unit: OrgUnit | None = None, **kwargs: object) -> Learner:
    return LearnerFactory(user=user, unit=unit or user.unit, full_name=user.full_name, **kwargs)


def workbook_upload(headers: list[str], rows: list[list[object]], name: str = "list.xlsx") -> object:
    """An uploaded .xlsx with a header row of column keys and the given rows."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_upload(text: str, name: str = "export.csv") -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"))
