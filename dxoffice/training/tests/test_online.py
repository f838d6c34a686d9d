"""Online courses: lesson text made safe, progress saved per lesson, the final test opening after
enough lessons, automatic marking of each question kind, attempts and the pass mark, random draw."""

import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.exceptions import StateConflict
from dxoffice.training import services
from dxoffice.training.models import Completion, QuestionKind, Quiz
from dxoffice.training.rules import MarkedQuestion, answer_correct, mark
from dxoffice.training.tests.factories import UserFactory, learner_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(world):
    user = UserFactory(unit=world.commune_a)
    return user, learner_for(user, world.commune_a)


def test_lesson_text_loses_scripts_and_handlers(world, catalogue):
    lesson = services.lesson_save(
        by=world.admin,
        course=catalogue.online,
        title="Bài 9",
        body='<p onclick="x()">Xin chào<script>alert(1)</script> <a href="javascript:alert(1)">x</a> <a href="https://a.vn">a</a></p>',
    )
    assert "script" not in lesson.body and "onclick" not in lesson.body and "javascript" not in lesson.body
    assert 'href="https://a.vn"' in lesson.body and "Xin chào" in lesson.body
    with pytest.raises(PermissionDenied):
        services.lesson_save(by=world.focal_a, course=catalogue.online, title="x")


@pytest.mark.parametrize(
    ("kind", "answer", "correct"),
    [
        ("single", [1], True),
        ("single", [2], False),
        ("single", [1, 2], False),
        ("true_false", ["1"], True),
        ("multiple", [1, 3], True),
        ("multiple", [1], False),
        ("multiple", [1, 2, 3], False),
        ("short", "  tri tue nhan tao. ", True),
        ("short", "Trí Tuệ Nhân Tạo", True),
        ("short", "máy học", False),
        ("short", None, False),
    ],
)
def test_each_question_kind_is_marked(kind, answer, correct):
    question = MarkedQuestion(
        kind=kind,
        points=1,
        correct_choices=frozenset({1, 3} if kind == "multiple" else {1}),
        accepted=("trí tuệ nhân tạo",),
    )
    assert answer_correct(question, answer) is correct


def test_the_score_weighs_points():
    questions = [
        (1, MarkedQuestion("single", 3, frozenset({10}))),
        (2, MarkedQuestion("short", 1, accepted=("AI",))),
    ]
    assert mark(questions, {"1": [10], "2": "no"}) == Decimal("75.0")
    assert mark(questions, {}) == Decimal("0.0")


def test_the_final_test_opens_after_half_the_lessons(world, catalogue, me):
    user, learner = me
    final = catalogue.online.quizzes.get(is_final=True)
    with pytest.raises(StateConflict, match="50%"):
        services.attempt_start(by=user, learner=learner, quiz=final)
    lessons = list(catalogue.online.lessons.all())
    services.lesson_done(by=user, learner=learner, lesson=lessons[0])
    services.lesson_done(by=user, learner=learner, lesson=lessons[1])
    assert services.attempt_start(by=user, learner=learner, quiz=final).number == 1


def _answers(quiz, *, right):
    answers = {}
    for question in quiz.questions.all():
        if question.kind == QuestionKind.SHORT:
            answers[str(question.pk)] = "ai" if right else "x"
        else:
            answers[str(question.pk)] = [c.pk for c in question.choices.all() if c.correct is right]
    return answers


def test_answers_saved_as_the_learner_goes_then_marked_and_the_course_completed(world, catalogue, me):
    user, learner = me
    final = catalogue.online.quizzes.get(is_final=True)
    for lesson in catalogue.online.lessons.all():
        services.lesson_done(by=user, learner=learner, lesson=lesson)
    assert not Completion.objects.exists()  # the final test is still to pass
    attempt = services.attempt_start(by=user, learner=learner, quiz=final)
    right = _answers(final, right=True)
    first_key = next(iter(right))
    services.attempt_save(by=user, attempt=attempt, answers={first_key: right[first_key]})
    resumed = services.attempt_start(by=user, learner=learner, quiz=final)  # another device: same attempt
    assert resumed.pk == attempt.pk and resumed.answers == {first_key: right[first_key]}
    submitted = services.attempt_submit(by=user, attempt=resumed, answers=right)
    assert submitted.passed and submitted.score == Decimal("100.0")
    completion = Completion.objects.get(learner=learner)
    assert completion.source == "online" and completion.score == Decimal("100.0")
    with pytest.raises(StateConflict):
        services.attempt_save(by=user, attempt=submitted, answers={})


def test_attempts_are_limited_and_the_pass_mark_holds(world, catalogue, me):
    user, learner = me
    final = catalogue.online.quizzes.get(is_final=True)
    for lesson in catalogue.online.lessons.all():
        services.lesson_done(by=user, learner=learner, lesson=lesson)
    for _ in range(2):
        attempt = services.attempt_start(by=user, learner=learner, quiz=final)
        assert not services.attempt_submit(
            by=user, attempt=attempt, answers=_answers(final, right=False)
        ).passed
    with pytest.raises(StateConflict, match="No attempts left"):
        services.attempt_start(by=user, learner=learner, quiz=final)
    assert not Completion.objects.exists()


def test_someone_else_cannot_answer_for_the_learner(world, catalogue, me):
    _user, learner = me
    final = catalogue.online.quizzes.get(is_final=True)
    with pytest.raises(PermissionDenied):
        services.attempt_start(by=world.admin, learner=learner, quiz=final)


def test_answers_to_questions_outside_the_attempt_are_refused(world, catalogue, me):
    user, learner = me
    final = catalogue.online.quizzes.get(is_final=True)
    for lesson in catalogue.online.lessons.all():
        services.lesson_done(by=user, learner=learner, lesson=lesson)
    attempt = services.attempt_start(by=user, learner=learner, quiz=final)
    with pytest.raises(ValidationError, match="not part"):
        services.attempt_save(by=user, attempt=attempt, answers={"999999": "x"})


def test_a_bank_draws_the_asked_number_of_questions(world, catalogue, me):
    user, learner = me
    practice = Quiz.objects.create(course=catalogue.online, title="Luyện tập", draw=2)
    for n in range(5):
        services.question_add(
            by=world.admin, quiz=practice, kind="single", text=f"Câu {n}", choices=[("a", True), ("b", False)]
        )
    attempt = services.attempt_start(by=user, learner=learner, quiz=practice, rng=random.Random(4))
    assert len(attempt.question_ids) == 2
    assert set(attempt.question_ids) <= set(practice.questions.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("kind", "choices", "accepted", "field"),
    [
        ("single", [("a", True), ("b", True)], [], "choices"),
        ("multiple", [("a", False), ("b", False)], [], "choices"),
        ("true_false", [("a", True)], [], "choices"),
        ("short", [], ["  "], "accepted_answers"),
    ],
)
def test_a_question_must_be_answerable(world, catalogue, kind, choices, accepted, field):
    quiz = catalogue.online.quizzes.first()
    with pytest.raises(ValidationError) as error:
        services.question_add(
            by=world.admin, quiz=quiz, kind=kind, text="?", choices=choices, accepted_answers=accepted
        )
    assert field in error.value.message_dict
