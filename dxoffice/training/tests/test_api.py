"""The API's wiring and permission edges: lists scoped to the caller, enrolment statuses, coverage,
and the token-free certificate check."""

from datetime import date

import pytest

from dxoffice.training import services
from dxoffice.training.models import CompletionSource
from dxoffice.training.tests.factories import ClassFactory, LearnerFactory

pytestmark = pytest.mark.django_db


def test_courses_and_classes_are_listed(client, world, catalogue):
    ClassFactory(course=catalogue.basic, unit=world.province)
    client.force_login(world.focal_a)
    courses = client.get("/api/v1/training/courses").json()
    assert {c["code"] for c in courses["items"]} == {"KNS-CB", "AI-HC"}
    assert client.get(f"/api/v1/training/courses/{catalogue.basic.pk}").json()["provider"] == "DOITAC"
    assert client.get("/api/v1/training/courses/999999").status_code == 404
    assert client.get("/api/v1/training/classes").json()["count"] == 1


def test_enrolment_through_the_api(client, world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province, capacity=1)
    first, second = LearnerFactory(unit=world.commune_a), LearnerFactory(unit=world.commune_a)
    outsider = LearnerFactory(unit=world.commune_b)
    client.force_login(world.focal_a)
    url = f"/api/v1/training/classes/{course_class.pk}/enrolments"
    assert (
        client.post(url, {"learner_id": first.pk}, content_type="application/json").json()["status"]
        == "enrolled"
    )
    assert (
        client.post(url, {"learner_id": second.pk}, content_type="application/json").json()["status"]
        == "waiting"
    )
    assert client.post(url, {"learner_id": first.pk}, content_type="application/json").status_code == 409
    assert client.post(url, {"learner_id": outsider.pk}, content_type="application/json").status_code == 404


def test_completions_are_scoped_to_the_caller(client, world, catalogue):
    mine = LearnerFactory(unit=world.commune_a)
    theirs = LearnerFactory(unit=world.commune_b)
    for learner in (mine, theirs):
        services.completion_record(
            by=world.admin,
            learner=learner,
            course=catalogue.basic,
            completed_on=date(2026, 5, 1),
            source=CompletionSource.EXTERNAL,
        )
    client.force_login(world.focal_a)
    rows = client.get("/api/v1/training/completions").json()["items"]
    assert [row["learner_id"] for row in rows] == [mine.pk]
    assert rows[0]["certificate"]


def test_coverage_through_the_api(client, world, catalogue):
    learner = LearnerFactory(unit=world.commune_a)
    LearnerFactory(unit=world.commune_a)
    services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 5, 1),
        source=CompletionSource.EXTERNAL,
    )
    client.force_login(world.leader)
    body = client.get("/api/v1/training/coverage", {"year": 2026}).json()
    assert (body["unit"], body["must"], body["done"], body["share"]) == ("CMU", 2, 1, "50.0")
    assert body["units"][0]["unit"] == "XA-A"
    client.force_login(world.focal_b)
    assert client.get("/api/v1/training/coverage", {"unit": "XA-A"}).status_code == 404
    assert client.get("/api/v1/training/coverage", {"unit": "NOPE"}).status_code == 422


def test_the_certificate_check_needs_no_token(client, world, catalogue):
    learner = LearnerFactory(unit=world.commune_a, full_name="Lê Thị Hoa")
    completion = services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 5, 1),
        source=CompletionSource.EXTERNAL,
    )
    body = client.get("/api/v1/training/certificate-check", {"code": completion.certificate.code}).json()
    assert body["status"] == "valid" and body["holder_initials"] == "L. T. H."
    assert "Lê Thị Hoa" not in str(body)
    assert client.get("/api/v1/training/certificate-check", {"code": "FAKE-CODE-0000"}).json() == {
        "status": "unknown",
        "holder_initials": None,
        "course": None,
        "completed_on": None,
        "expires_on": None,
        "issuer": None,
    }
