"""A learner on a phone takes the lessons (downloading a lesson's file) and the final test of an
online course, completes it, downloads the certificate, and the public page verifies it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.tests.factories import UserFactory
from dxoffice.training.models import Certificate, CourseFormat, QuestionKind, Quiz
from dxoffice.training.services import lesson_file_add, question_add
from dxoffice.training.tests.factories import CourseFactory, LessonFactory, learner_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-test-12345"


def test_a_learner_completes_an_online_course_on_a_phone(live_server, world, phone):
    course = CourseFactory(
        code="AI-HC", title="Ứng dụng AI trong công việc hành chính", format=CourseFormat.ONLINE,
        owner_unit=world.province, min_attendance_percent=0,
    )  # fmt: skip
    first = LessonFactory(
        course=course, position=1, title="AI là gì", body="<p>AI <strong>có thể sai</strong>.</p>"
    )
    lesson_file_add(
        by=world.admin,
        lesson=first,
        upload=SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.4\n%%EOF\n"),
        description="Slide",
    )
    LessonFactory(
        course=course, position=2, title="Soạn thảo cùng AI", body="<p>Kiểm tra lại mọi số liệu.</p>"
    )
    final = Quiz.objects.create(course=course, title="Kiểm tra cuối khóa", is_final=True, pass_mark=100)
    question_add(
        by=world.admin,
        quiz=final,
        kind=QuestionKind.TRUE_FALSE,
        text="AI luôn đúng?",
        choices=[("Đúng", False), ("Sai", True)],
    )
    question_add(
        by=world.admin,
        quiz=final,
        kind=QuestionKind.SHORT,
        text="Viết tắt của trí tuệ nhân tạo?",
        accepted_answers=["AI"],
    )
    user = UserFactory(username="hocvien", full_name="Lê Thị Hoa", unit=world.commune_a)
    learner_for(user, world.commune_a)

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "hocvien")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/training/courses/{course.pk}/")
    phone.click("text=AI là gì")
    with phone.expect_download() as handout:
        phone.click("[data-testid=lesson-file]")
    assert handout.value.suggested_filename == "bai-giang.pdf"
    phone.click("[data-testid=lesson-done]")
    phone.wait_for_selector("text=Soạn thảo cùng AI")
    phone.click("[data-testid=lesson-done]")
    phone.wait_for_selector("[data-testid=course-progress]")
    phone.click("text=Kiểm tra cuối khóa")
    phone.click("[data-testid=quiz-start]")
    phone.check("label:has-text('Sai')")
    phone.fill("[data-testid=quiz-form] input.form-control", "ai")
    phone.click("[data-testid=quiz-submit]")
    phone.wait_for_selector(".alert-success")
    phone.goto(f"{live_server.url}/training/me/")
    link = phone.locator("[data-testid=certificate-link]")
    with phone.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    code = Certificate.objects.get(completion__learner__user=user).code
    assert link.inner_text() == code
    phone.goto(f"{live_server.url}/training/verify/?code={code}")
    result = phone.locator("[data-testid=verify-result]")
    assert result.get_attribute("data-status") == "valid"
    assert "L. T. H." in result.inner_text() and "Lê Thị Hoa" not in phone.content()
