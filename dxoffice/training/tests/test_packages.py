"""A course exported as a package and imported elsewhere comes back whole; a bad package saves nothing."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dxoffice.training.models import Course, Question
from dxoffice.training.packages import export_course, import_course

pytestmark = pytest.mark.django_db


def test_a_course_travels_as_a_package(world, catalogue):
    package = export_course(catalogue.online)
    package["course"]["code"] = "AI-HC-2"
    package["lessons"][0]["body"] = "<p>Xin chào<script>alert(1)</script></p>"
    course = import_course(json.dumps(package).encode(), by=world.admin, owner_unit=world.province)
    assert course.code == "AI-HC-2" and not course.published
    assert course.lessons.count() == 3 and "script" not in course.lessons.first().body
    final = course.quizzes.get(is_final=True)
    assert final.pass_mark == 60 and final.questions.count() == 2
    short = final.questions.get(kind="short")
    assert short.accepted_answers == ["AI", "TTNT"]


def test_a_bad_package_saves_nothing(world, catalogue):
    package = export_course(catalogue.online)
    with pytest.raises(ValidationError, match="code"):
        import_course(json.dumps(package).encode(), by=world.admin, owner_unit=world.province)
    package["course"]["code"] = "NEW"
    package["quizzes"][0]["questions"][0]["choices"] = [{"text": "a", "correct": True}]
    questions = Question.objects.count()
    with pytest.raises(ValidationError):
        import_course(json.dumps(package).encode(), by=world.admin, owner_unit=world.province)
    assert not Course.objects.filter(code="NEW").exists() and Question.objects.count() == questions
    for data in (
        b"not json",
        b"[]",
        json.dumps({"format": "dxoffice-course", "version": 1, "course": {"code": 5}}).encode(),
    ):
        with pytest.raises(ValidationError):
            import_course(data, by=world.admin, owner_unit=world.province)
    package["quizzes"] = []
    with pytest.raises(PermissionDenied):
        import_course(json.dumps(package).encode(), by=world.focal_a, owner_unit=world.province)


def test_the_package_download_is_for_those_who_manage_the_course(client, world, catalogue):
    url = reverse("training:course_package", args=[catalogue.online.pk])
    client.force_login(world.coordinator)
    assert client.get(url).json()["course"]["code"] == "AI-HC"
    client.force_login(world.focal_a)
    assert client.get(url).status_code == 403
