"""The API of online learning and of class rosters: lessons, quizzes (never with their answers),
attempts saved as the learner goes and marked on submission, a class's enrolments and attendance,
certificates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import RecordId
from dxoffice.core.exceptions import UnknownReference
from dxoffice.core.models import User
from dxoffice.training import selectors, services
from dxoffice.training.api.schemas import (
    AttemptIn,
    AttemptOut,
    CertificateOut,
    EnrolmentIn,
    EnrolmentOut,
    LessonOut,
    QuizOut,
    RollIn,
)
from dxoffice.training.models import Attempt, ClassSession, Lesson, Question, Quiz
from dxoffice.training.selectors.records import done_lesson_ids

learning_router = Router()


def _learner(user: User) -> Any:
    learner = services.learner_of(user)
    if learner is None:
        raise PermissionDenied
    return learner


@learning_router.get(
    "/training/courses/{course_id}/lessons",
    response=with_errors({200: list[LessonOut]}, 401, 404, 422),
    operation_id="lesson_list",
    tags=["training lessons"],
)
def lesson_list(request: HttpRequest, course_id: RecordId) -> list[dict[str, Any]]:
    """A course's lessons in order, each saying whether the caller has done it."""
    user = caller(request)
    course = selectors.course_for(user, course_id)
    done = done_lesson_ids(services.learner_of(user), course)
    lessons = list(course.lessons.all())
    files = services.lesson_files(lessons)
    return [{**_lesson(lesson, files), "done": lesson.pk in done} for lesson in lessons]


def _lesson(lesson: Lesson, files: dict[int, list[Any]] | None = None) -> dict[str, Any]:
    fields = ("id", "position", "title", "body", "video_url", "minutes")
    attached = (services.lesson_files([lesson]) if files is None else files).get(lesson.pk, [])
    return {
        **{name: getattr(lesson, name) for name in fields},
        "files": [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "description": a.description,
                "url": reverse("training:lesson_file", args=[lesson.pk, a.pk]),
            }
            for a in attached
        ],
    }


@learning_router.post(
    "/training/lessons/{lesson_id}/done",
    response=with_errors({200: LessonOut}, 401, 403, 404, 422),
    operation_id="lesson_done",
    tags=["training lessons"],
)
def lesson_done(request: HttpRequest, lesson_id: RecordId) -> dict[str, Any]:
    """Mark a lesson done (the caller's own progress; it may complete an online course)."""
    user = caller(request)
    lesson = Lesson.objects.get(pk=lesson_id, course__in=selectors.courses_visible_to(user))
    services.lesson_done(by=user, learner=_learner(user), lesson=lesson)
    return {**_lesson(lesson), "done": True}


@learning_router.get(
    "/training/courses/{course_id}/quizzes",
    response=with_errors({200: list[QuizOut]}, 401, 404, 422),
    operation_id="quiz_list",
    tags=["training quizzes"],
)
def quiz_list(request: HttpRequest, course_id: RecordId) -> Any:
    return list(selectors.course_for(caller(request), course_id).quizzes.all())


def _attempt(attempt: Attempt) -> dict[str, Any]:
    by_id = {
        q.pk: q for q in Question.all_objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    questions = [
        {
            "id": q.pk,
            "kind": q.kind,
            "text": q.text,
            "points": q.points,
            "choices": [{"id": c.pk, "text": c.text} for c in q.choices.all()],
        }
        for q in (by_id[pk] for pk in attempt.question_ids if pk in by_id)
    ]
    return {
        "id": attempt.pk,
        "quiz_id": attempt.quiz_id,
        "number": attempt.number,
        "questions": questions,
        "answers": attempt.answers,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
    }


@learning_router.post(
    "/training/quizzes/{quiz_id}/attempts",
    response=with_errors({200: AttemptOut}, 401, 403, 404, 409, 422),
    operation_id="attempt_start",
    tags=["training attempts"],
)
def attempt_start(request: HttpRequest, quiz_id: RecordId) -> dict[str, Any]:
    """The caller's open attempt, or a new one with its questions drawn (no attempts left, the
    final test not yet open, or already passed: 409)."""
    user = caller(request)
    quiz = Quiz.objects.get(pk=quiz_id, course__in=selectors.courses_visible_to(user))
    return _attempt(services.attempt_start(by=user, learner=_learner(user), quiz=quiz))


@learning_router.patch(
    "/training/attempts/{attempt_id}",
    response=with_errors({200: AttemptOut}, 400, 401, 403, 404, 409, 422),
    operation_id="attempt_update",
    tags=["training attempts"],
)
def attempt_update(request: HttpRequest, attempt_id: RecordId, payload: AttemptIn) -> dict[str, Any]:
    """Save answers as the learner goes; `submit: true` marks the attempt."""
    user = caller(request)
    attempt = Attempt.objects.get(pk=attempt_id, learner__user=user)
    if payload.submit:
        return _attempt(services.attempt_submit(by=user, attempt=attempt, answers=payload.answers))
    return _attempt(services.attempt_save(by=user, attempt=attempt, answers=payload.answers))


@learning_router.post(
    "/training/classes/{class_id}/enrolments",
    response=with_errors({201: EnrolmentOut}, 400, 401, 403, 404, 409, 422),
    operation_id="enrolment_create",
    tags=["training enrolments"],
)
def enrolment_create(request: HttpRequest, class_id: RecordId, payload: EnrolmentIn) -> Any:
    """Enrol a learner (a focal point their unit's people; a learner themself where the class is
    open to it). A full class puts them on the waiting list (status `waiting`); enrolling twice or
    in a class not open is a 409."""
    user = caller(request)
    course_class = selectors.class_for(user, class_id)
    learner = selectors.learner_for(user, payload.learner_id)
    return Status(201, services.enrol(by=user, course_class=course_class, learner=learner))


@learning_router.get(
    "/training/classes/{class_id}/enrolments",
    response=with_errors({200: Page[EnrolmentOut]}, 401, 404, 422),
    operation_id="enrolment_list",
    tags=["training enrolments"],
)
def enrolment_list(request: HttpRequest, class_id: RecordId, page: Query[PageParams]) -> dict[str, Any]:
    """A class's enrolments the caller may read (all for those who run or see the class; else their
    own unit's people)."""
    user = caller(request)
    return paginate(selectors.roster(user, selectors.class_for(user, class_id)), page)


@learning_router.post(
    "/training/sessions/{session_id}/attendance",
    response=with_errors({200: list[EnrolmentOut]}, 400, 401, 403, 404, 409, 422),
    operation_id="attendance_record",
    tags=["training attendance"],
)
def attendance_record(request: HttpRequest, session_id: RecordId, payload: RollIn) -> Any:
    """The roll of a session ({enrolment id: present}); returns the enrolments whose learner
    completed the course through it."""
    user = caller(request)
    session = ClassSession.objects.get(pk=session_id, course_class__in=selectors.classes_visible_to(user))
    try:
        roll = {int(key): value for key, value in payload.present.items()}
    except ValueError:
        raise UnknownReference({"present": _("Enrolment ids are numbers.")}) from None
    done = services.attendance_record(by=user, session=session, present=roll)
    learners = {c.learner_id for c in done}
    return list(
        session.course_class.enrolments.filter(learner_id__in=learners).select_related(
            "learner", "course_class"
        )
    )


@learning_router.get(
    "/training/certificates",
    response=with_errors({200: Page[CertificateOut]}, 401, 422),
    operation_id="certificate_list",
    tags=["training certificates"],
)
def certificate_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Certificates the caller may read: their own, their units' people's."""
    return paginate(selectors.certificates_visible_to(caller(request)).order_by("-issued_on", "pk"), page)
