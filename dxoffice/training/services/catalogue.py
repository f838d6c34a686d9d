"""Writes of the catalogue: courses and the audiences they are required of."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.training.models import Course, CourseFormat, Requirement
from dxoffice.training.permissions import manages_course

COURSE_FIELDS = {
    "code", "title", "title_en", "topic", "level", "hours", "format", "provider", "description",
    "published", "min_attendance_percent", "min_lessons_percent", "pass_mark", "final_unlock_percent",
    "certificate_months",
}  # fmt: skip


def validate_course(course: Course) -> None:
    """Codes are written in capitals; a course taken only online has no sessions to attend."""
    course.code = (course.code or "").strip().upper()
    if course.format == CourseFormat.ONLINE:
        course.min_attendance_percent = 0


@transaction.atomic
def course_save(
    *, by: User, owner_unit: OrgUnit | None = None, course: Course | None = None, **fields: Any
) -> Course:
    """Create a course managed by `owner_unit`, or change `course`."""
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    if course is None:
        if owner_unit is None:
            raise ValidationError({"owner_unit": _("Choose the unit that manages the course.")})
        require(by, Action.PLAN, owner_unit)
        course = Course(owner_unit=owner_unit, **fields)
        validate_course(course)
        return save_audited(course, by=by, event="training.course_created")
    if not manages_course(by, course):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(course, name, value)
    validate_course(course)
    return save_audited(course, by=by, event="training.course_changed")


@transaction.atomic
def requirement_save(
    *,
    by: User,
    course: Course,
    year: int,
    position_level: str = "",
    unit_kind: str = "",
    required: bool = True,
    target_percent: Any = 100,
) -> Requirement:
    """Say the course is for an audience in a year (one row per course, year and audience)."""
    if not manages_course(by, course):
        raise PermissionDenied
    requirement = Requirement.objects.filter(
        course=course, year=year, position_level=position_level, unit_kind=unit_kind
    ).first() or Requirement(course=course, year=year, position_level=position_level, unit_kind=unit_kind)
    requirement.required = required
    requirement.target_percent = target_percent
    return save_audited(requirement, by=by, event="training.requirement_saved")
