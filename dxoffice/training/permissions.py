"""Who may do what in training, on top of the one permission gate (core.permissions).

- The catalogue (courses, audiences, lessons, quizzes): those who plan on the course's managing unit.
- A class: those who plan on its organising unit, and the focal points of its provider (the partner
  runs its own classes: sessions, attendance, scores).
- A unit's staff list and enrolments: those who report for the unit (its focal points) and above.
- Reading a learner's results: the learner, those who see the learner's unit, and the provider of a
  class the learner is enrolled in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, AnyUser, can, scope_paths, unit_filter
from dxoffice.training.models import Course, CourseClass, Learner


def manages_course(user: AnyUser, course: Course) -> bool:
    return can(user, Action.PLAN, course.owner_unit)


def runs_class(user: AnyUser, course_class: CourseClass) -> bool:
    if can(user, Action.PLAN, course_class.unit):
        return True
    provider = course_class.delivered_by
    return provider is not None and can(user, Action.REPORT, provider)


def manages_staff(user: AnyUser, unit: OrgUnit | None) -> bool:
    return can(user, Action.REPORT, unit)


def is_self(user: AnyUser, learner: Learner) -> bool:
    return bool(getattr(user, "is_authenticated", False) and learner.user_id == user.pk)


def learner_filter(user: AnyUser, prefix: str = "") -> Q:
    """Learners (through `prefix`, e.g. "learner__") whose results `user` may read."""
    own = Q(**{f"{prefix}user": user}) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if scope_paths(user, Action.VIEW) is None:
        return Q()
    in_unit = unit_filter(user, Action.VIEW, f"{prefix}unit")
    delivered = unit_filter(user, Action.VIEW, f"{prefix}enrolments__course_class__provider") | unit_filter(
        user, Action.VIEW, f"{prefix}enrolments__course_class__course__provider"
    )
    return own | in_unit | delivered


def sees_learner(user: AnyUser, learner: Learner) -> bool:
    if is_self(user, learner) or can(user, Action.VIEW, learner.unit):
        return True
    return Learner.all_objects.filter(pk=learner.pk).filter(learner_filter(user)).exists()


def sees_class(user: AnyUser, course_class: CourseClass) -> bool:
    """Classes are listed to everyone signed in (people enrol in them); this is for their rosters."""
    provider = course_class.delivered_by
    return can(user, Action.VIEW, course_class.unit) or (
        provider is not None and can(user, Action.VIEW, provider)
    )


def visible_record(user: Any, obj: Any) -> bool:
    """The registry's visibility check for History pages and file downloads of training records."""
    learner = getattr(obj, "learner", None)
    if isinstance(learner, Learner):
        return sees_learner(user, learner)
    if isinstance(obj, Learner):
        return sees_learner(user, obj)
    course = getattr(obj, "course", None)
    if isinstance(obj, CourseClass):
        return sees_class(user, obj)
    if isinstance(obj, Course):
        return sees_course(user, obj)
    if isinstance(course, Course):  # a lesson (and its files), a quiz
        return sees_course(user, course)
    return False


def sees_course(user: AnyUser, course: Course) -> bool:
    """A published course for everyone signed in; an unpublished one for those who manage it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return course.published or manages_course(user, course)
