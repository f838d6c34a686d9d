"""Training's API under the property-based fuzzer (dxoffice/core/tests/api_fuzz.py), as a learner who
is also their unit's focal point. Schema-valid requests may be refused only by the rules below."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.tests.api_fuzz import fuzz, module_paths
from dxoffice.training import services
from dxoffice.training.tests.factories import ClassFactory, LearnerFactory, learner_for, session_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# 422: a code or id naming no record the caller may use; 400: a rule of the records themselves.
RULES: dict[str, dict[int, set[str]]] = {
    "coverage_get": {422: {"unit"}},
    "attempt_update": {400: {"answers"}},
    "attendance_record": {400: {"enrolment"}, 422: {"present"}},
    "lesson_file_add": {400: {"file"}, 413: {"file"}},
    "lesson_file_retire": {400: {"file", "reason"}},
}


def test_the_training_api_under_the_fuzzer(world, catalogue, monkeypatch):
    learner_for(world.focal_a, world.commune_a)
    course_class = ClassFactory(course=catalogue.basic, unit=world.province, self_enrolment=True)
    session_of(course_class)
    services.enrol(by=world.admin, course_class=course_class, learner=LearnerFactory(unit=world.commune_a))
    lesson = catalogue.online.lessons.order_by("position").first()
    services.lesson_file_add(
        by=world.coordinator, lesson=lesson, upload=SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    figures = fuzz(user=world.focal_a, rules=RULES, monkeypatch=monkeypatch, include=module_paths("training"))
    assert figures.operations and not figures.failures, "\n\n".join(sorted(set(figures.failures)))
