"""The learning API: lessons with the caller's progress, quizzes served without their answers,
attempts saved and submitted, a class's roll, certificates."""

import pytest

from dxoffice.training import services
from dxoffice.training.models import Certificate, Completion
from dxoffice.training.tests.factories import (
    ClassFactory,
    LearnerFactory,
    UserFactory,
    learner_for,
    session_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, world):
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    client.force_login(user)
    return user, learner


def test_a_learner_takes_an_online_course_through_the_api(client, world, catalogue, me):
    _user, learner = me
    lessons = client.get(f"/api/v1/training/courses/{catalogue.online.pk}/lessons").json()
    assert [lesson["done"] for lesson in lessons] == [False, False, False]
    for lesson in lessons:
        assert client.post(f"/api/v1/training/lessons/{lesson['id']}/done").json()["done"] is True
    quiz = client.get(f"/api/v1/training/courses/{catalogue.online.pk}/quizzes").json()[0]
    attempt = client.post(f"/api/v1/training/quizzes/{quiz['id']}/attempts").json()
    assert "correct" not in str(attempt) and "accepted" not in str(attempt)
    answers = {}
    for question in attempt["questions"]:
        if question["kind"] == "short":
            answers[str(question["id"])] = "AI"
        else:
            right = next(c for c in question["choices"] if c["text"] == "Đúng")
            answers[str(question["id"])] = [right["id"]]
    url = f"/api/v1/training/attempts/{attempt['id']}"
    saved = client.patch(url, {"answers": answers}, content_type="application/json").json()
    assert saved["answers"] == answers and saved["submitted_at"] is None
    done = client.patch(url, {"answers": {}, "submit": True}, content_type="application/json").json()
    assert done["passed"] and done["score"] == "100.0"
    assert Completion.objects.filter(learner=learner, course=catalogue.online).exists()
    assert client.patch(url, {"answers": {}}, content_type="application/json").status_code == 409
    certificates = client.get("/api/v1/training/certificates").json()
    assert certificates["count"] == 1 and certificates["items"][0]["course"] == "AI-HC"


def test_another_persons_attempt_is_not_found(client, world, catalogue, me):
    other = UserFactory(unit=world.commune_a)
    learner = learner_for(other, world.commune_a)
    for lesson in catalogue.online.lessons.all():
        services.lesson_done(by=other, learner=learner, lesson=lesson)
    attempt = services.attempt_start(by=other, learner=learner, quiz=catalogue.online.quizzes.get())
    assert (
        client.patch(
            f"/api/v1/training/attempts/{attempt.pk}", {"answers": {}}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_final_test_before_enough_lessons_is_a_conflict(client, catalogue, me):
    quiz = catalogue.online.quizzes.get()
    assert client.post(f"/api/v1/training/quizzes/{quiz.pk}/attempts").status_code == 409


def test_the_provider_takes_the_roll_through_the_api(client, world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province)
    session = session_of(course_class)
    learner = LearnerFactory(unit=world.commune_a)
    enrolment = services.enrol(by=world.admin, course_class=course_class, learner=learner)
    client.force_login(world.partner)
    assert client.get(f"/api/v1/training/classes/{course_class.pk}/enrolments").json()["count"] == 1
    url = f"/api/v1/training/sessions/{session.pk}/attendance"
    assert client.post(
        url, {"present": {str(enrolment.pk): True}}, content_type="application/json"
    ).json() == [
        {
            "id": enrolment.pk,
            "course_class": course_class.code,
            "learner_id": learner.pk,
            "learner": learner.full_name,
            "status": "enrolled",
            "score": None,
        }
    ]  # one session of one: completed
    assert Certificate.objects.filter(completion__learner=learner).exists()
    assert client.post(url, {"present": {"x": True}}, content_type="application/json").status_code == 422
    client.force_login(world.focal_a)
    assert client.post(url, {"present": {}}, content_type="application/json").status_code == 403
