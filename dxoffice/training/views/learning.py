"""The learner's way through an online course: lessons, quizzes, and their own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dxoffice.core.ui import flash_errors
from dxoffice.training import selectors, services, timeutil
from dxoffice.training.models import Attempt, Lesson, Question, Quiz
from dxoffice.training.permissions import manages_course
from dxoffice.training.services.files import LESSON_FILE_SUFFIXES
from dxoffice.training.services.online import final_open
from dxoffice.training.views.common import acting, found


def _learner(request: HttpRequest) -> Any:
    learner = services.learner_of(acting(request))
    if learner is None:
        raise PermissionDenied
    return learner


@login_required
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = found(
        lambda: Lesson.objects.select_related("course").get(
            pk=pk, course__in=selectors.courses_visible_to(request.user)
        )
    )
    learner = services.learner_of(acting(request))
    if request.method == "POST":
        services.lesson_done(by=acting(request), learner=_learner(request), lesson=lesson)
        later = lesson.course.lessons.filter(position__gt=lesson.position).first()
        messages.success(request, _("Lesson done; your progress is saved."))
        return (
            redirect("training:lesson_detail", later.pk)
            if later
            else redirect("training:course_detail", lesson.course_id)
        )
    lessons = list(lesson.course.lessons.all())
    done = selectors.records.done_lesson_ids(learner, lesson.course)
    context = {
        "lesson": lesson,
        "lessons": lessons,
        "done": done,
        "learner": learner,
        "files": services.lesson_files([lesson]).get(lesson.pk, []),
        "manages": manages_course(request.user, lesson.course),
        "accept": ",".join(LESSON_FILE_SUFFIXES),
    }
    return render(request, "training/lesson_detail.html", context)


def _answers_from(request: HttpRequest, attempt: Attempt) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    kinds = dict(Question.all_objects.filter(pk__in=attempt.question_ids).values_list("pk", "kind"))
    for qid in attempt.question_ids:
        values = request.POST.getlist(f"q{qid}")
        if values:
            answers[str(qid)] = values[0] if kinds.get(qid) == "short" else values
    return answers


@login_required
def quiz_take(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = found(
        lambda: Quiz.objects.select_related("course").get(
            pk=pk, course__in=selectors.courses_visible_to(request.user)
        )
    )
    learner = _learner(request)
    attempts = list(Attempt.objects.filter(quiz=quiz, learner=learner).order_by("number"))
    attempt = next((a for a in attempts if a.is_open), None)
    if request.method == "POST":
        try:
            if attempt is None:
                attempt = services.attempt_start(by=acting(request), learner=learner, quiz=quiz)
            elif "submit" in request.POST:
                attempt = services.attempt_submit(
                    by=acting(request), attempt=attempt, answers=_answers_from(request, attempt)
                )
                if attempt.passed:
                    messages.success(request, _("Passed with %(score)s%%.") % {"score": attempt.score})
                else:
                    messages.warning(
                        request,
                        _("Not passed: %(score)s%%; %(mark)s%% needed.")
                        % {"score": attempt.score, "mark": quiz.pass_mark},
                    )
            else:
                services.attempt_save(
                    by=acting(request), attempt=attempt, answers=_answers_from(request, attempt)
                )
                messages.info(request, _("Your answers are saved."))
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("training:quiz_take", quiz.pk)
    questions = []
    if attempt is not None:
        by_id = {
            q.pk: q
            for q in Question.all_objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
        }
        questions = [by_id[qid] for qid in attempt.question_ids if qid in by_id]
    context = {
        "quiz": quiz,
        "attempt": attempt,
        "attempts": attempts,
        "questions": questions,
        "answers": attempt.answers if attempt else {},
        "unlocked": final_open(learner, quiz),
        "left": quiz.max_attempts - len(attempts),
        "passed": any(a.passed for a in attempts),
    }
    return render(request, "training/quiz_take.html", context)


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    learner = services.learner_of(acting(request))
    if learner is None:
        return render(request, "training/my_learning.html", {"learner": None})
    today = timeutil.local_today()
    enrolments = learner.enrolments.select_related("course_class__course").order_by(
        "-course_class__starts_on"
    )
    online = selectors.courses_visible_to(request.user).filter(lessons__progress__learner=learner).distinct()
    from dxoffice.training.models import ClassSession

    upcoming = ClassSession.objects.filter(
        course_class__enrolments__learner=learner,
        course_class__enrolments__status="enrolled",
        starts_at__date__gte=today,
    ).select_related("course_class__course")[:10]
    context = {
        "learner": learner,
        "enrolments": enrolments,
        "progress": [selectors.course_progress(learner, course) for course in online],
        "upcoming": upcoming,
        "completions": learner.completions.select_related("course", "certificate"),
        "required": _required_left(learner, today.year),
    }
    return render(request, "training/my_learning.html", context)


def _required_left(learner: Any, year: int) -> list[Any]:
    from dxoffice.training.models import Course
    from dxoffice.training.selectors.coverage import counting_completions, needs_of_year, required_courses

    required = required_courses(needs_of_year(year), learner.position_level, learner.unit.kind)
    done = set(
        counting_completions(timeutil.local_today(), required)
        .filter(learner=learner)
        .values_list("course_id", flat=True)
    )
    return list(Course.objects.filter(pk__in=required - done))


__all__ = ["Http404"]
