"""Reads of the catalogue, classes, learners and their results, scoped by the permission gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from dxoffice.core.permissions import Action, AnyUser, can, unit_filter
from dxoffice.core.text import fold
from dxoffice.training import timeutil
from dxoffice.training.models import (
    Attempt,
    Certificate,
    ClassStatus,
    Completion,
    Course,
    CourseClass,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Lesson,
    LessonProgress,
)
from dxoffice.training.permissions import learner_filter


@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    topic: str = ""
    format: str = ""
    year: int | None = None  # required that year (for some audience)


def courses_visible_to(user: AnyUser, filters: CourseFilters | None = None) -> QuerySet[Course]:
    """Published courses for everyone signed in; unpublished ones too for those who manage them."""
    if not getattr(user, "is_authenticated", False):
        return Course.objects.none()
    courses = Course.objects.filter(Q(published=True) | unit_filter(user, Action.PLAN, "owner_unit"))
    filters = filters or CourseFilters()
    if filters.q:
        courses = courses.filter(search_text__contains=fold(filters.q))
    if filters.topic:
        courses = courses.filter(topic=filters.topic)
    if filters.format:
        courses = courses.filter(format=filters.format)
    if filters.year:
        courses = courses.filter(
            requirements__year=filters.year,
            requirements__required=True,
            requirements__archived_at__isnull=True,
        )
    return courses.select_related("provider", "owner_unit").distinct().order_by("code")


def course_for(user: AnyUser, pk: int) -> Course:
    """A course the user may see; Course.DoesNotExist otherwise (a 404)."""
    return courses_visible_to(user).get(pk=pk)


def classes_visible_to(user: AnyUser) -> QuerySet[CourseClass]:
    """Classes of visible courses (people enrol in them), with their enrolled counts."""
    return (
        CourseClass.objects.filter(course__in=courses_visible_to(user))
        .select_related("course", "unit", "provider", "course__provider")
        .annotate(
            enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status=EnrolmentStatus.ENROLLED, enrolments__archived_at__isnull=True),
            )
        )
    )


def class_for(user: AnyUser, pk: int) -> CourseClass:
    return classes_visible_to(user).get(pk=pk)


def open_classes(user: AnyUser, today: date) -> QuerySet[CourseClass]:
    return classes_visible_to(user).filter(status=ClassStatus.OPEN, ends_on__gte=today).order_by("starts_on")


def learners_visible_to(user: AnyUser) -> QuerySet[Learner]:
    return Learner.objects.filter(learner_filter(user)).select_related("unit", "user").distinct()


def learner_for(user: AnyUser, pk: int) -> Learner:
    return learners_visible_to(user).get(pk=pk)


def enrolments_visible_to(user: AnyUser) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(learner__in=learners_visible_to(user)).select_related(
        "learner__unit", "course_class__course"
    )


def roster(user: AnyUser, course_class: CourseClass) -> QuerySet[Enrolment]:
    """The class's enrolments the user may read: all for those who run or see the class, else only
    the learners in the user's scope (a focal point sees their unit's people)."""
    rows = course_class.enrolments.select_related("learner__unit").order_by("status", "learner__full_name")
    provider = course_class.delivered_by
    if can(user, Action.VIEW, course_class.unit) or (
        provider is not None and can(user, Action.VIEW, provider)
    ):
        return rows
    return rows.filter(learner__in=learners_visible_to(user))


def completions_visible_to(user: AnyUser) -> QuerySet[Completion]:
    return Completion.objects.filter(learner__in=learners_visible_to(user)).select_related(
        "learner__unit", "course", "certificate", "provider"
    )


def certificates_visible_to(user: AnyUser) -> QuerySet[Certificate]:
    return Certificate.objects.filter(completion__in=completions_visible_to(user)).select_related(
        "completion__learner__unit", "completion__course", "issuer"
    )


def certificate_by_code(code: str) -> Certificate | None:
    """For the public check: the certificate with this code, whoever asks (it shows only initials)."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(cleaned) != 12:
        return None
    formatted = f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"
    return (
        Certificate.all_objects.select_related("completion__learner", "completion__course", "issuer")
        .filter(code=formatted)
        .first()
    )


@dataclass(frozen=True)
class CourseProgress:
    course: Course
    lessons: int
    lessons_done: int
    completion: Completion | None
    resume: Lesson | None = None  # the first lesson in order not done yet: where the learner goes on

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_done / self.lessons) if self.lessons else 0


def course_progress(learner: Learner, course: Course) -> CourseProgress:
    lessons = list(course.lessons.all())
    done = set(
        LessonProgress.objects.filter(
            learner=learner, lesson__course=course, lesson__archived_at__isnull=True
        ).values_list("lesson_id", flat=True)
    )
    completion = (
        learner.completions.filter(course=course).exclude(certificate__revoked_at__isnull=False).first()
    )
    resume = next((lesson for lesson in lessons if lesson.pk not in done), None)
    return CourseProgress(course, len(lessons), len(done), completion, resume)


def done_lesson_ids(learner: Learner | None, course: Course) -> set[int]:
    if learner is None:
        return set()
    return set(
        LessonProgress.objects.filter(learner=learner, lesson__course=course).values_list(
            "lesson_id", flat=True
        )
    )


def attempts_of(learner: Learner, quiz_ids: list[int]) -> QuerySet[Attempt]:
    return Attempt.objects.filter(learner=learner, quiz_id__in=quiz_ids).order_by("quiz_id", "number")


def certificate_status(certificate: Certificate | None) -> str:
    """What the public check says: valid, expired, revoked or unknown."""
    if certificate is None:
        return "unknown"
    if certificate.is_revoked:
        return "revoked"
    if certificate.expires_on and certificate.expires_on <= timeutil.local_today():
        return "expired"
    return "valid"
