"""A course as a package file, so a province can share its courses: the course, its lessons with
their files (base64) and its quizzes with their questions, in one JSON document (`dxoffice-course`
format, version 1; a package without files is read as before).

Import checks the whole package first (its shape, sizes, every question's answers, a code not taken)
and then creates everything in one transaction through the services, so lesson text is sanitised and
every record is audited as if made on screen. Nothing of a bad package is saved."""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit, User
from dxoffice.training.models import Course, CourseFormat, CourseLevel, QuestionKind, Topic
from dxoffice.training.services import (
    course_save,
    lesson_file_add,
    lesson_files,
    lesson_save,
    question_add,
    quiz_save,
)
from dxoffice.training.services.files import MAX_FILES_PER_LESSON, lesson_file_errors
from dxoffice.training.services.online import question_errors

FORMAT = "dxoffice-course"
VERSION = 1
MAX_BYTES = 40 * 1024 * 1024  # lesson files included, base64 (a third larger than the files)
MAX_LESSONS, MAX_QUIZZES, MAX_QUESTIONS = 200, 50, 500


def _file_out(attachment: Any) -> dict[str, Any]:
    with attachment.file.open("rb") as handle:
        content = handle.read()
    return {
        "name": attachment.original_name,
        "description": attachment.description,
        "content": base64.b64encode(content).decode("ascii"),
    }


def export_course(course: Course) -> dict[str, Any]:
    lessons = list(course.lessons.all())
    files = lesson_files(lessons)
    return {
        "format": FORMAT,
        "version": VERSION,
        "course": {
            "code": course.code,
            "title": course.title,
            "title_en": course.title_en,
            "topic": course.topic,
            "level": course.level,
            "hours": str(course.hours),
            "format": course.format,
            "description": course.description,
            "min_attendance_percent": course.min_attendance_percent,
            "min_lessons_percent": course.min_lessons_percent,
            "pass_mark": course.pass_mark,
            "final_unlock_percent": course.final_unlock_percent,
            "certificate_months": course.certificate_months,
        },
        "lessons": [
            {
                "title": lesson.title,
                "body": lesson.body,
                "video_url": lesson.video_url,
                "minutes": lesson.minutes,
                "files": [_file_out(a) for a in files.get(lesson.pk, [])],
            }
            for lesson in lessons
        ],
        "quizzes": [
            {
                "title": q.title,
                "is_final": q.is_final,
                "pass_mark": q.pass_mark,
                "max_attempts": q.max_attempts,
                "draw": q.draw,
                "questions": [
                    {
                        "kind": question.kind,
                        "text": question.text,
                        "points": question.points,
                        "accepted_answers": list(question.accepted_answers or []),
                        "choices": [{"text": c.text, "correct": c.correct} for c in question.choices.all()],
                    }
                    for question in q.questions.prefetch_related("choices")
                ],
            }
            for q in course.quizzes.all()
        ],
    }


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise ValueError
    return value.strip()[:limit]


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError
    return value


def read_package(data: bytes) -> dict[str, Any]:
    """The package as checked Python data, or a ValidationError naming what is wrong."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {"file": _("The package is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}}
        )
    try:
        package = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError({"file": _("This is not a course package (JSON).")}) from None
    if not isinstance(package, dict) or package.get("format") != FORMAT or package.get("version") != VERSION:
        raise ValidationError({"file": _("This is not a course package of this version.")})
    course, lessons, quizzes = package.get("course"), package.get("lessons", []), package.get("quizzes", [])
    if not isinstance(course, dict) or not isinstance(lessons, list) or not isinstance(quizzes, list):
        raise ValidationError({"file": _("The package is incomplete.")})
    if len(lessons) > MAX_LESSONS or len(quizzes) > MAX_QUIZZES:
        raise ValidationError({"file": _("The package has too many lessons or quizzes.")})
    try:
        checked = _checked(course, lessons, quizzes)
    except (ValueError, TypeError, KeyError, InvalidOperation):
        raise ValidationError({"file": _("The package has a field of the wrong kind.")}) from None
    return checked


def _checked(course: dict[str, Any], lessons: list[Any], quizzes: list[Any]) -> dict[str, Any]:
    fields = {
        "code": _text(course["code"], 40).upper(),
        "title": _text(course["title"], 300),
        "title_en": _text(course.get("title_en", ""), 300),
        "topic": course["topic"] if course.get("topic") in Topic.values else Topic.DIGITAL_LITERACY,
        "level": course["level"] if course.get("level") in CourseLevel.values else CourseLevel.BASIC,
        "hours": Decimal(str(course["hours"])),
        "format": course["format"] if course.get("format") in CourseFormat.values else CourseFormat.ONLINE,
        "description": _text(course.get("description", ""), 5000),
        "min_attendance_percent": _int(course.get("min_attendance_percent", 80), 0, 100),
        "min_lessons_percent": _int(course.get("min_lessons_percent", 100), 0, 100),
        "pass_mark": None if course.get("pass_mark") is None else _int(course["pass_mark"], 0, 100),
        "final_unlock_percent": _int(course.get("final_unlock_percent", 50), 0, 100),
        "certificate_months": None
        if course.get("certificate_months") is None
        else _int(course["certificate_months"], 1, 600),
    }
    checked_lessons = [
        {
            "title": _text(item["title"], 300),
            "body": _text(item.get("body", ""), 200_000),
            "video_url": _text(item.get("video_url", ""), 200),
            "minutes": _int(item.get("minutes", 10), 0, 10_000),
            "files": _files(item.get("files", []), str(item["title"])[:60]),
        }
        for item in lessons
    ]
    checked_quizzes = []
    total = 0
    for quiz in quizzes:
        questions = []
        for q in quiz.get("questions", []):
            choices = [(_text(c["text"], 500), bool(c.get("correct"))) for c in q.get("choices", [])]
            accepted = [_text(a, 200) for a in q.get("accepted_answers", [])]
            kind = q["kind"] if q.get("kind") in QuestionKind.values else ""
            errors = question_errors(kind, choices, accepted)
            if errors:
                raise ValidationError(
                    {
                        "file": _("Question “%(text)s”: %(error)s")
                        % {"text": str(q.get("text", ""))[:60], "error": next(iter(errors.values()))}
                    }
                )
            questions.append(
                {
                    "kind": kind,
                    "text": _text(q["text"], 2000),
                    "points": _int(q.get("points", 1), 1, 100),
                    "choices": choices,
                    "accepted": accepted,
                }
            )
        total += len(questions)
        checked_quizzes.append(
            {
                "title": _text(quiz["title"], 300),
                "is_final": bool(quiz.get("is_final")),
                "pass_mark": _int(quiz.get("pass_mark", 70), 0, 100),
                "max_attempts": _int(quiz.get("max_attempts", 3), 1, 50),
                "draw": _int(quiz.get("draw", 0), 0, 500),
                "questions": questions,
            }
        )
    if total > MAX_QUESTIONS:
        raise ValueError
    return {"course": fields, "lessons": checked_lessons, "quizzes": checked_quizzes}


def _files(items: Any, lesson: str) -> list[tuple[ContentFile, str]]:
    """A lesson's files decoded and passed through the checks an upload passes (kind, size, content)."""
    if not isinstance(items, list) or len(items) > MAX_FILES_PER_LESSON:
        raise ValueError
    files = []
    for item in items:
        name = _text(item["name"], 255)
        try:
            content = base64.b64decode(_text(item["content"], MAX_BYTES), validate=True)
        except binascii.Error:
            raise ValidationError(
                {
                    "file": _("Lesson “%(lesson)s”: the file “%(name)s” is damaged.")
                    % {"lesson": lesson, "name": name}
                }
            ) from None
        upload = ContentFile(content, name=name)
        try:
            lesson_file_errors(upload)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "file": _("Lesson “%(lesson)s”: %(error)s")
                    % {"lesson": lesson, "error": " ".join(exc.messages)}
                }
            ) from None
        files.append((upload, _text(item.get("description", ""), 255)))
    return files


@transaction.atomic
def import_course(data: bytes, *, by: User, owner_unit: OrgUnit) -> Course:
    package = read_package(data)
    fields = package["course"]
    if Course.all_objects.filter(code=fields["code"]).exists():
        raise ValidationError(
            {"code": _("A course with code %(code)s already exists.") % {"code": fields["code"]}}
        )
    course = course_save(by=by, owner_unit=owner_unit, published=False, **fields)
    for position, lesson in enumerate(package["lessons"], start=1):
        files = lesson.pop("files")
        saved_lesson = lesson_save(by=by, course=course, position=position, **lesson)
        for upload, description in files:
            upload.seek(0)
            lesson_file_add(by=by, lesson=saved_lesson, upload=upload, description=description)
    for quiz in package["quizzes"]:
        questions = quiz.pop("questions")
        saved = quiz_save(by=by, course=course, **quiz)
        for q in questions:
            question_add(
                by=by,
                quiz=saved,
                kind=q["kind"],
                text=q["text"],
                points=q["points"],
                choices=q["choices"],
                accepted_answers=q["accepted"],
            )
    return course
