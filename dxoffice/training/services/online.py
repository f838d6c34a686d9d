"""Writes of online content and of a learner's way through it: lessons (their text made safe on
save), quizzes and questions, lessons done, quiz attempts saved as the learner goes and marked on
submission. A lesson done or a quiz passed may complete the course at once."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.services import save_audited
from dxoffice.training.models import (
    Attempt,
    Choice,
    Course,
    Learner,
    Lesson,
    LessonProgress,
    Question,
    QuestionKind,
    Quiz,
)
from dxoffice.training.permissions import is_self, manages_course
from dxoffice.training.rules import MarkedQuestion, clean_html, final_unlocked, mark
from dxoffice.training.services.completion import completion_check

MAX_ANSWER_LENGTH = 500


@transaction.atomic
def lesson_save(*, by: User, course: Course, lesson: Lesson | None = None, **fields: Any) -> Lesson:
    if not manages_course(by, course):
        raise PermissionDenied
    lesson = lesson or Lesson(course=course)
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.body = clean_html(lesson.body)
    return save_audited(lesson, by=by, event="training.lesson_saved")


@transaction.atomic
def quiz_save(*, by: User, course: Course, quiz: Quiz | None = None, **fields: Any) -> Quiz:
    if not manages_course(by, course):
        raise PermissionDenied
    quiz = quiz or Quiz(course=course)
    for name, value in fields.items():
        setattr(quiz, name, value)
    return save_audited(quiz, by=by, event="training.quiz_saved")


@transaction.atomic
def question_add(
    *,
    by: User,
    quiz: Quiz,
    kind: str,
    text: str,
    choices: Sequence[tuple[str, bool]] = (),
    accepted_answers: Sequence[str] = (),
    points: int = 1,
) -> Question:
    """A question with its choices ((text, correct) pairs) or, for a short answer, accepted answers."""
    if not manages_course(by, quiz.course):
        raise PermissionDenied
    errors = question_errors(kind, choices, accepted_answers)
    if errors:
        raise ValidationError(errors)
    position = quiz.questions.count() + 1
    question = save_audited(
        Question(
            quiz=quiz,
            kind=kind,
            text=text,
            points=points,
            accepted_answers=list(accepted_answers),
            position=position,
        ),
        by=by,
        event="training.question_saved",
    )
    for choice_text, correct in choices:
        save_audited(
            Choice(question=question, text=choice_text, correct=correct),
            by=by,
            event="training.question_saved",
        )
    return question


def question_errors(
    kind: str, choices: Sequence[tuple[str, bool]], accepted: Sequence[str]
) -> dict[str, str]:
    """The shape a question of each kind needs (the course package import applies it too)."""
    correct = sum(1 for _text, ok in choices if ok)
    if kind == QuestionKind.SHORT:
        if not [a for a in accepted if a.strip()]:
            return {"accepted_answers": _("A short-answer question needs at least one accepted answer.")}
        return {}
    if kind not in QuestionKind.values:
        return {"kind": _("Unknown question kind.")}
    if len(choices) < 2:
        return {"choices": _("A choice question needs at least two answers.")}
    if kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
        return {"choices": _("A true-or-false question has exactly two answers.")}
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and correct != 1:
        return {"choices": _("Mark exactly one answer as correct.")}
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return {"choices": _("Mark at least one answer as correct.")}
    return {}


def _own(by: User, learner: Learner) -> None:
    if not is_self(by, learner):
        raise PermissionDenied


@transaction.atomic
def lesson_done(*, by: User, learner: Learner, lesson: Lesson) -> LessonProgress:
    """The learner finished a lesson (saved on the server: they resume on any device)."""
    _own(by, learner)
    progress = LessonProgress.objects.filter(learner=learner, lesson=lesson).first()
    if progress is not None:
        return progress
    progress = save_audited(
        LessonProgress(learner=learner, lesson=lesson), by=by, event="training.lesson_done"
    )
    completion_check(by=by, learner=learner, course=lesson.course)
    return progress


def final_open(learner: Learner, quiz: Quiz) -> bool:
    if not quiz.is_final:
        return True
    course = quiz.course
    done = LessonProgress.objects.filter(
        learner=learner, lesson__course=course, lesson__archived_at__isnull=True
    ).count()
    return final_unlocked(course.final_unlock_percent, course.lessons.count(), done)


@transaction.atomic
def attempt_start(*, by: User, learner: Learner, quiz: Quiz, rng: random.Random | None = None) -> Attempt:
    """The open attempt, or a new one with its questions drawn from the bank."""
    _own(by, learner)
    attempts = Attempt.objects.select_for_update(of=("self",)).filter(quiz=quiz, learner=learner)
    open_attempt = attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if attempts.filter(passed=True).exists():
        raise StateConflict(_("You have already passed this quiz."))
    used = attempts.count()
    if used >= quiz.max_attempts:
        raise StateConflict(
            _("No attempts left: %(count)s of %(count)s used.") % {"count": quiz.max_attempts}
        )
    if not final_open(learner, quiz):
        raise StateConflict(
            _("The final test opens once you have done %(percent)s%% of the lessons.")
            % {"percent": quiz.course.final_unlock_percent}
        )
    ids = list(quiz.questions.values_list("pk", flat=True))
    if not ids:
        raise StateConflict(_("This quiz has no questions yet."))
    if quiz.draw and quiz.draw < len(ids):
        ids = sorted((rng or random.SystemRandom()).sample(ids, quiz.draw))
    return save_audited(
        Attempt(quiz=quiz, learner=learner, number=used + 1, question_ids=ids),
        by=by,
        event="training.attempt_started",
    )


def _clean_answers(attempt: Attempt, answers: dict[str, Any]) -> dict[str, Any]:
    allowed = {str(pk) for pk in attempt.question_ids}
    cleaned: dict[str, Any] = {}
    for key, value in answers.items():
        if str(key) not in allowed:
            raise ValidationError(
                {"answers": _("Question %(id)s is not part of this attempt.") % {"id": key}}
            )
        if isinstance(value, str):
            cleaned[str(key)] = value[:MAX_ANSWER_LENGTH]
        elif isinstance(value, list):
            cleaned[str(key)] = [int(v) for v in value if str(v).isdigit()][:50]
        elif isinstance(value, int):
            cleaned[str(key)] = [value]
    return cleaned


@transaction.atomic
def attempt_save(*, by: User, attempt: Attempt, answers: dict[str, Any]) -> Attempt:
    """Save answers as the learner goes (merged with those already saved)."""
    _own(by, attempt.learner)
    if not attempt.is_open:
        raise StateConflict(_("This attempt has been submitted."))
    attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
    return save_audited(attempt, by=by, event="training.attempt_saved")


def marked_questions(question_ids: Sequence[int]) -> list[tuple[int, MarkedQuestion]]:
    questions = Question.all_objects.filter(pk__in=question_ids).prefetch_related("choices")
    return [
        (
            q.pk,
            MarkedQuestion(
                kind=q.kind,
                points=q.points,
                correct_choices=frozenset(c.pk for c in q.choices.all() if c.correct),
                accepted=tuple(q.accepted_answers or ()),
            ),
        )
        for q in questions
    ]


@transaction.atomic
def attempt_submit(*, by: User, attempt: Attempt, answers: dict[str, Any] | None = None) -> Attempt:
    """Mark the attempt; passing the final test (or the only quiz) may complete the course."""
    _own(by, attempt.learner)
    attempt = (
        Attempt.objects.select_for_update(of=("self",)).select_related("quiz__course", "learner__unit").get(pk=attempt.pk)
    )
    if not attempt.is_open:
        raise StateConflict(_("This attempt has been submitted."))
    if answers:
        attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
    attempt.score = mark(marked_questions(attempt.question_ids), attempt.answers)
    attempt.passed = attempt.score >= attempt.quiz.pass_mark
    attempt.submitted_at = timezone.now()
    save_audited(attempt, by=by, event="training.attempt_submitted")
    if attempt.passed and attempt.quiz.is_final:
        completion_check(by=by, learner=attempt.learner, course=attempt.quiz.course)
    return attempt
