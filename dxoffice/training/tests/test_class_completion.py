"""A class completes the course when its rule holds: the attendance share, then the score if the
course has a pass mark. The completion issues a certificate, tells the learner and announces the
changed figures, at once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dxoffice.core.notifications.models import Notification
from dxoffice.core.signals import data_source_changed
from dxoffice.training import services
from dxoffice.training.models import Certificate, Completion, CompletionSource
from dxoffice.training.tests.factories import (
    ClassFactory,
    LearnerFactory,
    UserFactory,
    learner_for,
    session_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_class(world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province)
    for day in range(5):
        session_of(course_class, day)
    return course_class


def _enrol(world, course_class, learner):
    return services.enrol(by=world.admin, course_class=course_class, learner=learner)


def test_attending_four_of_five_sessions_completes_at_once(
    world, course_class, django_capture_on_commit_callbacks
):
    learner = learner_for(UserFactory(unit=world.commune_a), world.commune_a)
    enrolment = _enrol(world, course_class, learner)
    sessions = list(course_class.sessions.all())
    for session in sessions[:3]:
        assert services.attendance_record(by=world.admin, session=session, present={enrolment.pk: True}) == []
    assert not Completion.objects.exists()
    received = []
    data_source_changed.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t-class")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            done = services.attendance_record(
                by=world.admin, session=sessions[3], present={enrolment.pk: True}
            )
    finally:
        data_source_changed.disconnect(dispatch_uid="t-class")
    assert len(done) == 1
    completion = done[0]
    assert completion.source == CompletionSource.CLASS
    assert completion.provider == world.partner_org
    assert completion.course_class == course_class
    certificate = Certificate.objects.get(completion=completion)
    assert certificate.issuer == world.partner_org
    assert (
        Notification.objects.filter(recipient=learner.user, kind="training.certificate_issued").count() == 1
    )
    codes = {(r["code"], tuple(r["unit_ids"])) for r in received}
    assert ("training.coverage", (world.province.pk, world.commune_a.pk)) in codes
    assert ("training.people_trained_by_provider", (world.partner_org.pk,)) in codes
    assert "2026M11" in received[0]["periods"]


def test_a_fifth_session_attended_does_not_complete_twice(world, course_class):
    learner = LearnerFactory(unit=world.commune_a)
    enrolment = _enrol(world, course_class, learner)
    for session in course_class.sessions.all():
        services.attendance_record(by=world.admin, session=session, present={enrolment.pk: True})
    assert Completion.objects.filter(learner=learner).count() == 1


def test_a_pass_mark_waits_for_the_score(world, course_class, catalogue):
    catalogue.basic.pass_mark = 70
    catalogue.basic.save()
    learner = LearnerFactory(unit=world.commune_a)
    enrolment = _enrol(world, course_class, learner)
    for session in course_class.sessions.all():
        services.attendance_record(by=world.admin, session=session, present={enrolment.pk: True})
    assert not Completion.objects.exists()
    services.score_record(by=world.admin, enrolment=enrolment, score=Decimal("65"))
    assert not Completion.objects.exists()
    services.score_record(by=world.admin, enrolment=enrolment, score=Decimal("70"))
    assert Completion.objects.get(learner=learner).score == Decimal("70")


def test_the_partner_records_attendance_of_its_own_classes_only(world, course_class, catalogue):
    learner = LearnerFactory(unit=world.commune_a)
    enrolment = _enrol(world, course_class, learner)
    session = course_class.sessions.first()
    services.attendance_record(by=world.partner, session=session, present={enrolment.pk: True})
    other = ClassFactory(course=catalogue.basic, unit=world.province, provider=world.other_partner)
    other_session = session_of(other)
    with pytest.raises(PermissionDenied):
        services.attendance_record(by=world.partner, session=other_session, present={})
    with pytest.raises(PermissionDenied):
        services.attendance_record(by=world.focal_a, session=session, present={enrolment.pk: True})


def _at(monkeypatch, moment):
    from dxoffice.training import timeutil

    monkeypatch.setattr(timeutil, "now", lambda: moment)


def test_qr_check_in_marks_the_learner_present(world, course_class, monkeypatch):
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    _enrol(world, course_class, learner)
    session = course_class.sessions.first()
    _at(monkeypatch, session.starts_at + timedelta(minutes=10))
    attendance = services.check_in(by=user, code=session.check_in_code)
    assert attendance.present and attendance.method == "qr"
    with pytest.raises(Exception, match="not valid"):
        services.check_in(by=user, code="forged")
    stranger = UserFactory(unit=world.commune_b)
    with pytest.raises(Exception, match="not enrolled"):
        services.check_in(by=stranger, code=session.check_in_code)


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(minutes=-61), False),
        (timedelta(minutes=-60), True),
        (timedelta(hours=4), True),  # the session's end
        (timedelta(hours=4, minutes=1), False),
        (timedelta(days=20), False),
    ],
)
def test_qr_check_in_is_taken_only_around_its_session(world, course_class, monkeypatch, offset, accepted):
    from dxoffice.core.exceptions import StateConflict
    from dxoffice.training.models import Attendance

    user = UserFactory(unit=world.commune_a)
    _enrol(world, course_class, learner_for(user, world.commune_a))
    session = course_class.sessions.first()
    _at(monkeypatch, session.starts_at + offset)
    if accepted:
        assert services.check_in(by=user, code=session.check_in_code).present
        return
    with pytest.raises(StateConflict, match="opens at|has ended"):
        services.check_in(by=user, code=session.check_in_code)
    assert not Attendance.objects.filter(session=session).exists()


def test_a_late_check_in_on_the_page_says_why(client, world, course_class, monkeypatch):
    user = UserFactory(unit=world.commune_a)
    _enrol(world, course_class, learner_for(user, world.commune_a))
    session = course_class.sessions.first()
    _at(monkeypatch, session.ends_at + timedelta(hours=1))
    client.force_login(user)
    url = reverse("training:check_in", args=[session.check_in_code])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "đã đóng điểm danh" in page or "check-in is closed" in page


@pytest.mark.parametrize("last", ["attendance", "lesson", "final"])
def test_a_blended_course_completes_on_its_last_condition_and_not_before(world, last):
    """Classes and online lessons with a final test: whichever condition is met last completes it."""
    from dxoffice.training.models import CourseFormat, QuestionKind, Quiz
    from dxoffice.training.tests.factories import CourseFactory, LessonFactory

    course = CourseFactory(
        format=CourseFormat.BLENDED,
        owner_unit=world.province,
        provider=world.partner_org,
        min_attendance_percent=50,
        min_lessons_percent=100,
        final_unlock_percent=50,
    )
    lessons = [LessonFactory(course=course, position=n) for n in (1, 2)]
    final = Quiz.objects.create(course=course, title="Kiểm tra cuối", is_final=True, pass_mark=60)
    question = services.question_add(
        by=world.admin,
        quiz=final,
        kind=QuestionKind.TRUE_FALSE,
        text="Dữ liệu số cần được bảo vệ?",
        choices=[("Đúng", True), ("Sai", False)],
    )
    course_class = ClassFactory(course=course, unit=world.province)
    sessions = [session_of(course_class, day) for day in (0, 1)]
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    enrolment = _enrol(world, course_class, learner)
    right = {str(question.pk): [c.pk for c in question.choices.all() if c.correct]}

    def attend():
        services.attendance_record(by=world.admin, session=sessions[0], present={enrolment.pk: True})

    def lesson():
        services.lesson_done(by=user, learner=learner, lesson=lessons[1])

    def final_test():
        attempt = services.attempt_start(by=user, learner=learner, quiz=final)
        assert services.attempt_submit(by=user, attempt=attempt, answers=right).passed

    steps = {"attendance": attend, "lesson": lesson, "final": final_test}
    services.lesson_done(by=user, learner=learner, lesson=lessons[0])
    for name, step in steps.items():
        if name != last:
            step()
            assert not Completion.objects.filter(learner=learner).exists(), name
    steps[last]()
    completion = Completion.objects.get(learner=learner)
    assert completion.source == CompletionSource.CLASS and completion.course_class == course_class
    assert completion.provider == world.partner_org
    assert Certificate.objects.filter(completion=completion).count() == 1


def test_a_blended_course_without_a_class_does_not_complete_online(world):
    from dxoffice.training.models import CourseFormat
    from dxoffice.training.tests.factories import CourseFactory, LessonFactory

    course = CourseFactory(format=CourseFormat.BLENDED, owner_unit=world.province, min_attendance_percent=0)
    lesson = LessonFactory(course=course, position=1)
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    services.lesson_done(by=user, learner=learner, lesson=lesson)
    assert not Completion.objects.filter(learner=learner).exists()
