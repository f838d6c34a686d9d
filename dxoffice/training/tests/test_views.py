"""The screens' wiring and permission edges: the catalogue, a course, a lesson and a quiz taken on
screen, a class's page, coverage and its exports, the staff list, imports and the public check."""

from datetime import date
from io import BytesIO

import pytest
import segno
from django.urls import reverse
from openpyxl import load_workbook

from dxoffice.training import services
from dxoffice.training.models import Attempt, CompletionSource, LessonProgress
from dxoffice.training.tests.factories import (
    ClassFactory,
    LearnerFactory,
    UserFactory,
    learner_for,
    session_of,
    workbook_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_client(client, world):
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    client.force_login(user)
    return client, learner


def test_the_catalogue_and_a_course_page(client, world, catalogue):
    client.force_login(world.focal_a)
    page = client.get(reverse("training:course_list"), {"q": "ky nang"}).content.decode()
    assert "KNS-CB" in page
    assert "KNS-CB" not in client.get(reverse("training:course_list"), {"topic": "data"}).content.decode()
    assert client.get(reverse("training:course_detail", args=[catalogue.online.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("training:course_list")).status_code == 302


def test_a_learner_takes_lessons_and_the_final_test_on_screen(learner_client, catalogue):
    client, learner = learner_client
    lessons = list(catalogue.online.lessons.all())
    response = client.post(reverse("training:lesson_detail", args=[lessons[0].pk]))
    assert response.url == reverse("training:lesson_detail", args=[lessons[1].pk])
    for lesson in lessons[1:]:
        client.post(reverse("training:lesson_detail", args=[lesson.pk]))
    assert LessonProgress.objects.filter(learner=learner).count() == 3
    final = catalogue.online.quizzes.get(is_final=True)
    url = reverse("training:quiz_take", args=[final.pk])
    client.post(url)  # start
    attempt = Attempt.objects.get(learner=learner)
    form = {}
    for question in final.questions.all():
        if question.kind == "short":
            form[f"q{question.pk}"] = "AI"
        else:
            form[f"q{question.pk}"] = str(question.choices.get(correct=True).pk)
    client.post(url, {**form, "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.passed
    page = client.get(reverse("training:my_learning")).content.decode()
    assert 'data-testid="certificate-link"' in page


def test_a_quiz_page_without_a_learner_profile_is_forbidden(client, world, catalogue):
    client.force_login(world.viewer)
    assert (
        client.get(reverse("training:quiz_take", args=[catalogue.online.quizzes.first().pk])).status_code
        == 403
    )


def test_the_class_page_enrols_and_takes_the_roll(client, world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province)
    session = session_of(course_class)
    learner = LearnerFactory(unit=world.commune_a)
    client.force_login(world.focal_a)
    assert (
        learner.full_name
        in client.get(reverse("training:class_detail", args=[course_class.pk])).content.decode()
    )
    client.post(reverse("training:class_enrol", args=[course_class.pk]), {"learner": learner.pk})
    enrolment = course_class.enrolments.get()
    assert (
        client.post(
            reverse("training:session_roll", args=[session.pk]), {"present": [enrolment.pk]}
        ).status_code
        == 403
    )
    client.force_login(world.partner)  # the provider runs its class
    client.post(reverse("training:session_roll", args=[session.pk]), {"present": [enrolment.pk]})
    assert enrolment.attendance.get().present


def test_coverage_screen_drills_down_and_exports(client, world, catalogue):
    learner = LearnerFactory(unit=world.commune_a)
    LearnerFactory(unit=world.commune_b)
    services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=date(2026, 5, 1),
        source=CompletionSource.EXTERNAL,
    )
    client.force_login(world.leader)
    page = client.get(reverse("training:coverage"), {"year": 2026}).content.decode()
    assert 'data-testid="coverage-share">50,0%' in page and "?unit=XA-A&year=2026" in page
    response = client.get(reverse("training:coverage"), {"year": 2026, "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[2]][:5] == ["KNS-CB", catalogue.basic.title, 2, 1, 50.0]
    still = client.get(reverse("training:still_must"), {"unit": "CMU", "year": 2026, "format": "xlsx"})
    rows = list(load_workbook(BytesIO(still.content)).worksheets[0].values)
    assert len(rows) == 2 and rows[1][0] == world.commune_b.name
    client.force_login(world.focal_a)
    assert client.get(reverse("training:coverage"), {"unit": "XA-B"}).status_code == 404
    assert client.get(reverse("training:coverage")).status_code == 200  # their own unit


def test_the_staff_import_page(client, world):
    client.force_login(world.focal_a)
    url = reverse("training:staff_import") + "?unit=XA-A"
    upload = workbook_upload(
        ["staff_code", "full_name", "position_level"], [["S1", "Phan Văn Trị", "commune_official"]]
    )
    response = client.post(url, {"file": upload, "unit": "XA-A"})
    assert response.status_code == 302
    assert "Phan Văn Trị" in client.get(reverse("training:staff_list"), {"unit": "XA-A"}).content.decode()
    client.force_login(world.focal_b)
    assert client.get(url).status_code == 404  # another unit: out of their sight
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403  # sees the unit, keeps no staff list
    template = client.get(reverse("training:import_template", args=["staff"]))
    assert load_workbook(BytesIO(template.content)).active["A2"].value == "staff_code"


def test_the_verification_page_is_public(client):
    assert client.get(reverse("training:verify")).status_code == 200


def test_reading_the_answers_asks_the_question_kinds_once(world, catalogue, rf):
    from types import SimpleNamespace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dxoffice.training.models import QuestionKind, Quiz
    from dxoffice.training.views.learning import _answers_from

    quiz = Quiz.objects.create(course=catalogue.online, title="Ngân hàng câu hỏi", pass_mark=50)
    ids = [
        services.question_add(
            by=world.admin,
            quiz=quiz,
            kind=QuestionKind.SHORT,
            text=f"Câu {n}",
            accepted_answers=["AI"],
        ).pk
        for n in range(8)
    ]

    def queries(count):
        request = rf.post("/", {f"q{qid}": "AI" for qid in ids[:count]})
        with CaptureQueriesContext(connection) as captured:
            answers = _answers_from(request, SimpleNamespace(question_ids=ids[:count]))
        assert answers == {str(qid): "AI" for qid in ids[:count]}
        return len(captured)

    assert queries(2) == queries(8) == 1


def test_the_coverage_workbook_has_the_providers_delivery(client, world, catalogue):
    from dxoffice.training.models import ClassStatus

    ClassFactory(course=catalogue.basic, unit=world.province, status=ClassStatus.HELD)
    for unit in (world.commune_a, world.commune_b):
        services.completion_record(
            by=world.admin,
            learner=LearnerFactory(unit=unit),
            course=catalogue.basic,
            completed_on=date(2026, 5, 1),
            source=CompletionSource.EXTERNAL,
            provider=world.partner_org,
        )
    client.force_login(world.leader)
    response = client.get(reverse("training:coverage"), {"year": 2026, "format": "xlsx"})
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[-1]
    rows = list(sheet.values)
    assert len(workbook.worksheets) == 5
    assert rows[1] == (world.partner_org.code, world.partner_org.name, 1, 2, 16.0)


def test_every_aria_label_of_the_templates_is_translated():
    import re
    from pathlib import Path

    from django.utils import translation

    folder = Path(__file__).resolve().parent.parent / "templates"
    literal = re.compile(r'aria-label="[A-Za-z]')
    found = [str(p.name) for p in folder.rglob("*.html") if literal.search(p.read_text(encoding="utf-8"))]
    assert found == []
    with translation.override("vi"):
        assert translation.gettext("Breadcrumb") == "Đường dẫn trang"


def test_the_check_in_poster_shows_a_qr_code_of_the_sessions_link_to_those_who_run_the_class(
    client, world, catalogue
):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province)
    session = session_of(course_class)
    poster = reverse("training:check_in_poster", args=[session.pk])
    image = reverse("training:check_in_qr", args=[session.pk])
    check_in = reverse("training:check_in", args=[session.check_in_code])
    client.force_login(world.focal_a)  # sees the class, does not run it
    assert client.get(poster).status_code == 403 and client.get(image).status_code == 403
    assert (
        "check-in-poster-link"
        not in client.get(reverse("training:class_detail", args=[course_class.pk])).content.decode()
    )
    client.force_login(world.partner)  # the provider runs its class
    page = client.get(reverse("training:class_detail", args=[course_class.pk])).content.decode()
    assert poster in page
    response = client.get(poster)
    body = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert (
        f"http://testserver{check_in}" in body and "<svg" in body and "07:00" in body
    )  # opens an hour before
    svg = client.get(image)
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    # The code is the check-in link itself: decoding it needs a reader, so check it is the one segno
    # makes of that link (a different link gives a different code).
    made = segno.make(f"http://testserver{check_in}", error="m").svg_inline(scale=10, border=2)
    assert svg.content.decode() == made
    assert client.get(reverse("training:check_in_qr", args=[session.pk + 999])).status_code == 404
