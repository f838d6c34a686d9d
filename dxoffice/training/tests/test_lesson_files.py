"""Files attached to lessons: added by those who manage the course through the upload checks, shown on
the lesson page, downloaded only by those who may see the course, retired (never deleted), audited,
and carried by course packages."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dxoffice.core.models import Attachment
from dxoffice.training import services
from dxoffice.training.models import Lesson
from dxoffice.training.packages import export_course, import_course
from dxoffice.training.tests.factories import UserFactory, learner_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="bai-giang.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def lesson(catalogue):
    return catalogue.online.lessons.order_by("position").first()


def test_those_who_manage_the_course_attach_files_and_the_checks_apply(world, lesson):
    attachment = services.lesson_file_add(
        by=world.coordinator, lesson=lesson, upload=pdf(), description="Slide"
    )
    assert services.lesson_files([lesson])[lesson.pk] == [attachment]
    assert attachment.history.first().history_event == "file.attached"
    assert lesson.history.first().history_event == "training.lesson_file_added"
    assert lesson.history.first().history_change_reason == "bai-giang.pdf"
    with pytest.raises(PermissionDenied):
        services.lesson_file_add(by=world.focal_a, lesson=lesson, upload=pdf())
    with pytest.raises(ValidationError, match="not “.exe”"):
        services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("setup.exe"))
    with pytest.raises(ValidationError, match="not “.txt”"):
        services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("notes.txt", b"hello"))
    with pytest.raises(ValidationError, match="is not a .docx file"):
        services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("renamed.docx"))
    picture = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("so-do.png", PNG))
    assert [a.original_name for a in services.lesson_files([lesson])[lesson.pk]] == [
        "bai-giang.pdf",
        "so-do.png",
    ]
    assert picture.size == len(PNG)


def test_a_retired_file_is_kept_but_leaves_the_lesson(client, world, lesson):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    with pytest.raises(PermissionDenied):
        services.lesson_file_retire(by=world.focal_a, lesson=lesson, attachment=attachment)
    other = Lesson.objects.exclude(pk=lesson.pk).filter(course=lesson.course).first()
    with pytest.raises(ValidationError):
        services.lesson_file_retire(by=world.coordinator, lesson=other, attachment=attachment)
    services.lesson_file_retire(by=world.coordinator, lesson=lesson, attachment=attachment, reason="Bản cũ")
    assert services.lesson_files([lesson]) == {}
    kept = Attachment.all_objects.get(pk=attachment.pk)
    assert (
        kept.archived_at is not None and kept.history.first().history_event == "training.lesson_file_retired"
    )
    assert lesson.history.first().history_change_reason == "bai-giang.pdf: Bản cũ"
    client.force_login(world.coordinator)
    url = reverse("training:lesson_file", args=[lesson.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_the_lesson_page_shows_the_files_and_only_those_who_see_the_course_download_them(
    client, world, lesson
):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    user = UserFactory(unit=world.commune_a)
    learner_for(user, world.commune_a)
    client.force_login(user)
    page = client.get(reverse("training:lesson_detail", args=[lesson.pk])).content.decode()
    url = reverse("training:lesson_file", args=[lesson.pk, attachment.pk])
    assert url in page and "bai-giang.pdf" in page
    assert f'action="{reverse("training:lesson_file_upload", args=[lesson.pk])}"' not in page  # no attaching
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert (
        response["Cache-Control"] == "private, no-store" and "attachment" in response["Content-Disposition"]
    )
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 200
    assert (
        client.post(reverse("training:lesson_file_upload", args=[lesson.pk]), {"file": pdf()}).status_code
        == 403
    )
    assert (
        client.post(reverse("training:lesson_file_retire", args=[lesson.pk, attachment.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("training:lesson_file", args=[lesson.pk, attachment.pk + 999])).status_code == 404
    )
    lesson.course.published = False
    lesson.course.save()
    assert client.get(url).status_code == 404  # an unpublished course: its managers only
    assert client.get(reverse("core:attachment_download", args=[attachment.pk])).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_managers_attach_and_retire_from_the_lesson_page(client, world, lesson):
    client.force_login(world.coordinator)
    page_url = reverse("training:lesson_detail", args=[lesson.pk])
    assert (
        f'action="{reverse("training:lesson_file_upload", args=[lesson.pk])}"'
        in client.get(page_url).content.decode()
    )
    client.post(
        reverse("training:lesson_file_upload", args=[lesson.pk]), {"file": pdf(), "description": "Slide"}
    )
    attachment = services.lesson_files([lesson])[lesson.pk][0]
    assert attachment.description == "Slide" and attachment.uploaded_by == world.coordinator
    response = client.post(
        reverse("training:lesson_file_upload", args=[lesson.pk]), {"file": pdf("x.exe")}, follow=True
    )
    assert "“.exe”" in response.content.decode() and len(services.lesson_files([lesson])[lesson.pk]) == 1
    response = client.post(reverse("training:lesson_file_upload", args=[lesson.pk]), {}, follow=True)
    with translation.override("vi"):
        assert gettext("Choose a file to attach.") in response.content.decode()
    client.post(reverse("training:lesson_file_retire", args=[lesson.pk, attachment.pk]), {"reason": "Cũ"})
    assert services.lesson_files([lesson]) == {}


def test_the_api_lists_a_lessons_files(client, world, catalogue, lesson):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    client.force_login(world.focal_a)
    rows = client.get(f"/api/v1/training/courses/{catalogue.online.pk}/lessons").json()
    first = next(row for row in rows if row["id"] == lesson.pk)
    assert first["files"] == [
        {
            "id": attachment.pk,
            "name": "bai-giang.pdf",
            "size": len(PDF),
            "description": "",
            "url": reverse("training:lesson_file", args=[lesson.pk, attachment.pk]),
        }
    ]


def test_a_course_package_carries_its_lesson_files_there_and_back(world, catalogue, lesson):
    services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf(), description="Slide")
    retired = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("cu.pdf"))
    services.lesson_file_retire(by=world.coordinator, lesson=lesson, attachment=retired)
    package = json.loads(json.dumps(export_course(catalogue.online)))
    assert [f["name"] for f in package["lessons"][0]["files"]] == ["bai-giang.pdf"]  # not the retired one
    package["course"]["code"] = "AI-HC-3"
    course = import_course(json.dumps(package).encode(), by=world.admin, owner_unit=world.province)
    copied = course.lessons.order_by("position").first()
    files = services.lesson_files([copied])[copied.pk]
    assert [(f.original_name, f.description, f.uploaded_by) for f in files] == [
        ("bai-giang.pdf", "Slide", world.admin)
    ]
    with files[0].file.open("rb") as handle:
        assert handle.read() == PDF
    assert export_course(course)["lessons"][0]["files"] == package["lessons"][0]["files"]


def test_a_package_with_a_bad_file_saves_nothing(world, catalogue, lesson):
    services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    package = export_course(catalogue.online)
    package["course"]["code"] = "AI-HC-4"
    attachments = Attachment.all_objects.count()
    for name, content, message in (
        ("virus.exe", "TVqQAAMAAAAEAAAA", "not “.exe”"),
        ("fake.pdf", "bm90IGEgcGRm", "is not a .pdf file"),
        ("broken.pdf", "***", "damaged"),
    ):
        package["lessons"][0]["files"] = [{"name": name, "description": "", "content": content}]
        with pytest.raises(ValidationError, match=message):
            import_course(json.dumps(package).encode(), by=world.admin, owner_unit=world.province)
    assert Attachment.all_objects.count() == attachments
    assert not catalogue.online.__class__.all_objects.filter(code="AI-HC-4").exists()
