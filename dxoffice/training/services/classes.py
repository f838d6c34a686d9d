"""Writes of classes: the class itself, its sessions and unit quotas, enrolment with its waiting
list, attendance (by the secretary or by QR check-in) and the assessment score. Each step that can
complete the course asks `completion_check` at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import OrgUnit, User
from dxoffice.core.notifications.services import Message, notify
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import save_audited
from dxoffice.training import timeutil
from dxoffice.training.models import (
    Attendance,
    CheckInMethod,
    ClassSession,
    ClassStatus,
    Completion,
    Course,
    CourseClass,
    Enrolment,
    EnrolmentStatus,
    Learner,
    UnitQuota,
)
from dxoffice.training.permissions import is_self, manages_staff, runs_class
from dxoffice.training.services.completion import completion_check

CHECK_IN_OPENS_BEFORE = timedelta(minutes=60)  # a QR check-in is taken from then until the session ends

CLASS_FIELDS = {
    "code", "provider", "starts_on", "ends_on", "place", "online_link", "trainer", "capacity",
    "self_enrolment", "status",
}  # fmt: skip


def validate_class(course_class: CourseClass) -> None:
    """Codes in capitals; the dates and the course are checked by the model (CourseClass.clean)."""
    course_class.code = (course_class.code or "").strip().upper()


@transaction.atomic
def class_save(
    *,
    by: User,
    course: Course | None = None,
    unit: OrgUnit | None = None,
    course_class: CourseClass | None = None,
    **fields: Any,
) -> CourseClass:
    unknown = set(fields) - CLASS_FIELDS
    if unknown:
        raise TypeError(f"unknown class fields: {sorted(unknown)}")
    if course_class is None:
        if course is None or unit is None:
            raise ValidationError({"course": _("Choose the course and the organising unit.")})
        require(by, Action.PLAN, unit)
        course_class = CourseClass(course=course, unit=unit, **fields)
        validate_class(course_class)
        return save_audited(course_class, by=by, event="training.class_created")
    if not runs_class(by, course_class):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(course_class, name, value)
    validate_class(course_class)
    return save_audited(course_class, by=by, event="training.class_changed")


@transaction.atomic
def session_save(
    *, by: User, course_class: CourseClass, session: ClassSession | None = None, **fields: Any
) -> ClassSession:
    if not runs_class(by, course_class):
        raise PermissionDenied
    session = session or ClassSession(course_class=course_class)
    for name, value in fields.items():
        setattr(session, name, value)
    return save_audited(session, by=by, event="training.session_saved")


@transaction.atomic
def quota_set(*, by: User, course_class: CourseClass, unit: OrgUnit, seats: int) -> UnitQuota:
    if not runs_class(by, course_class):
        raise PermissionDenied
    quota = UnitQuota.objects.filter(course_class=course_class, unit=unit).first() or UnitQuota(
        course_class=course_class, unit=unit
    )
    quota.seats = seats
    others = sum(q.seats for q in course_class.quotas.exclude(pk=quota.pk))
    if others + seats > course_class.capacity:
        raise ValidationError(
            {
                "seats": _("Quotas would total %(total)s seats, above the class's capacity of %(capacity)s.")
                % {"total": others + seats, "capacity": course_class.capacity}
            }
        )
    return save_audited(quota, by=by, event="training.quota_saved")


def _quota_for(course_class: CourseClass, learner: Learner) -> UnitQuota | None:
    """The deepest quota unit the learner's unit falls under."""
    matching = [
        q for q in course_class.quotas.select_related("unit") if learner.unit.path.startswith(q.unit.path)
    ]
    return max(matching, key=lambda q: q.unit.depth, default=None)


def has_seat(course_class: CourseClass, learner: Learner) -> bool:
    """A seat for this learner: within their unit's quota, or among the seats no quota holds."""
    enrolled = Enrolment.objects.filter(
        course_class=course_class, status=EnrolmentStatus.ENROLLED
    ).select_related("learner__unit")
    quota = _quota_for(course_class, learner)
    quotas = list(course_class.quotas.select_related("unit"))
    if quota is not None:
        taken = sum(1 for e in enrolled if e.learner.unit.path.startswith(quota.unit.path))
        return taken < quota.seats
    free = course_class.capacity - sum(q.seats for q in quotas)
    outside = sum(1 for e in enrolled if not any(e.learner.unit.path.startswith(q.unit.path) for q in quotas))
    return outside < free


def may_enrol(by: User, course_class: CourseClass, learner: Learner) -> bool:
    if runs_class(by, course_class) or manages_staff(by, learner.unit):
        return True
    return is_self(by, learner) and course_class.self_enrolment


@transaction.atomic
def enrol(*, by: User, course_class: CourseClass, learner: Learner) -> Enrolment:
    """Enrol the learner, or put them on the waiting list when their seats are taken."""
    if not may_enrol(by, course_class, learner):
        raise PermissionDenied
    course_class = CourseClass.objects.select_for_update(of=("self",)).get(pk=course_class.pk)
    if course_class.status != ClassStatus.OPEN:
        raise StateConflict(_("This class is not open for enrolment."))
    existing = Enrolment.objects.filter(course_class=course_class, learner=learner).first()
    if existing is not None and existing.status != EnrolmentStatus.CANCELLED:
        raise StateConflict(_("%(name)s is already enrolled in this class.") % {"name": learner})
    enrolment = existing or Enrolment(course_class=course_class, learner=learner)
    enrolment.enrolled_by = by
    enrolment.status = (
        EnrolmentStatus.ENROLLED if has_seat(course_class, learner) else EnrolmentStatus.WAITING
    )
    event = "training.enrolled" if enrolment.status == EnrolmentStatus.ENROLLED else "training.waitlisted"
    save_audited(enrolment, by=by, event=event)
    _tell_enrolled(enrolment, by)
    return enrolment


def _tell_enrolled(enrolment: Enrolment, by: User) -> None:
    user = enrolment.learner.user
    if user is None:
        return
    course_class = enrolment.course_class
    if enrolment.status == EnrolmentStatus.ENROLLED:
        title = Message(
            gettext_lazy("Enrolled in %(course)s, class %(code)s"),
            course=course_class.course.title,
            code=course_class.code,
        )
    else:
        title = Message(
            gettext_lazy("On the waiting list of %(course)s, class %(code)s"),
            course=course_class.course.title,
            code=course_class.code,
        )
    notify(
        kind="training.enrolled",
        recipients=[user],
        title=title,
        url=reverse("training:class_detail", args=[course_class.pk]),
        target=enrolment,
        by=by,
        dedupe_key=f"training.enrolled:{enrolment.pk}:{enrolment.status}",
    )


@transaction.atomic
def enrolment_cancel(*, by: User, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Cancel an enrolment; the first on the waiting list whose seat it frees takes it."""
    course_class = CourseClass.objects.select_for_update(of=("self",)).get(pk=enrolment.course_class_id)
    if not may_enrol(by, course_class, enrolment.learner):
        raise PermissionDenied
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise StateConflict(_("This enrolment is already cancelled."))
    enrolment.status = EnrolmentStatus.CANCELLED
    save_audited(enrolment, by=by, event="training.enrolment_cancelled", reason=reason)
    for waiting in course_class.enrolments.filter(status=EnrolmentStatus.WAITING).select_related(
        "learner__unit"
    ):
        if has_seat(course_class, waiting.learner):
            waiting.status = EnrolmentStatus.ENROLLED
            save_audited(waiting, by=by, event="training.enrolment_promoted")
            _tell_enrolled(waiting, by)
            break
    return enrolment


def _active_enrolment(session: ClassSession, enrolment: Enrolment) -> None:
    if enrolment.course_class_id != session.course_class_id:
        raise ValidationError(
            {"enrolment": _("%(name)s is not enrolled in this class.") % {"name": enrolment.learner}}
        )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise StateConflict(_("%(name)s is not enrolled in this class.") % {"name": enrolment.learner})


def _mark(
    session: ClassSession, enrolment: Enrolment, present: bool, method: str, by: User
) -> Completion | None:
    row = Attendance.objects.filter(session=session, enrolment=enrolment).first() or Attendance(
        session=session, enrolment=enrolment
    )
    if row.pk and row.present == present:
        return None
    row.present, row.method = present, method
    save_audited(
        row,
        by=by,
        event="training.attendance_recorded" if method == CheckInMethod.SECRETARY else "training.checked_in",
    )
    if not present:
        return None
    return completion_check(
        by=by, learner=enrolment.learner, course=session.course_class.course, enrolment=enrolment
    )


@transaction.atomic
def attendance_record(*, by: User, session: ClassSession, present: Mapping[int, bool]) -> list[Completion]:
    """The secretary's roll for a session: {enrolment id: present}. Returns completions it caused."""
    if not runs_class(by, session.course_class):
        raise PermissionDenied
    enrolments = {e.pk: e for e in session.course_class.enrolments.select_related("learner__unit")}
    completions: list[Completion] = []
    for enrolment_id, is_present in present.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            raise ValidationError(
                {"enrolment": _("Enrolment %(id)s is not in this class.") % {"id": enrolment_id}}
            )
        _active_enrolment(session, enrolment)
        done = _mark(session, enrolment, is_present, CheckInMethod.SECRETARY, by)
        if done is not None:
            completions.append(done)
    return completions


@transaction.atomic
def check_in(*, by: User, code: str) -> Attendance:
    """The learner scans the session's QR code: present, by their own account."""
    session = ClassSession.objects.select_related("course_class__course").filter(check_in_code=code).first()
    if session is None:
        raise ValidationError({"code": _("This check-in code is not valid.")})
    now = timeutil.now()
    if now < session.starts_at - CHECK_IN_OPENS_BEFORE:
        raise StateConflict(
            _("Check-in for this session opens at %(time)s.")
            % {
                "time": date_format(
                    timezone.localtime(session.starts_at - CHECK_IN_OPENS_BEFORE), "H:i d/m/Y"
                )
            }
        )
    if now > session.ends_at:
        raise StateConflict(_("This session has ended; check-in is closed. Ask the class secretary."))
    enrolment = (
        Enrolment.objects.filter(course_class=session.course_class, learner__user=by)
        .select_related("learner__unit")
        .first()
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise StateConflict(_("You are not enrolled in this class."))
    _mark(session, enrolment, True, CheckInMethod.QR, by)
    return Attendance.objects.get(session=session, enrolment=enrolment)


@transaction.atomic
def score_record(*, by: User, enrolment: Enrolment, score: Any) -> Enrolment:
    if not runs_class(by, enrolment.course_class):
        raise PermissionDenied
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise StateConflict(_("%(name)s is not enrolled in this class.") % {"name": enrolment.learner})
    enrolment.score = score
    save_audited(enrolment, by=by, event="training.score_recorded")
    completion_check(
        by=by, learner=enrolment.learner, course=enrolment.course_class.course, enrolment=enrolment
    )
    return enrolment
