"""A lesson's files through the API: listed and downloaded by those who may see the course (as the
lesson page decides), attached and retired with a reason by those who manage it, through the lesson
page's service and checks; audited, nothing deleted, every refusal with its status and field."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxoffice.core.models import Attachment
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.training import services
from dxoffice.training.api.files import MEDIA_TYPES
from dxoffice.training.services.files import LESSON_FILE_SUFFIXES, MAX_FILES_PER_LESSON
from dxoffice.training.tests.factories import UserFactory, learner_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
BASE = "/api/v1/training/lessons"


def pdf(name="bai-giang.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def lesson(catalogue):
    return catalogue.online.lessons.order_by("position").first()


@pytest.fixture
def learner(world):
    user = UserFactory(unit=world.commune_a)
    learner_for(user, world.commune_a)
    return user


def signed_in(client, user):
    """Signed in by session, reading the messages in English (the tests match them)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, lesson, file, **form):
    return client.post(f"{BASE}/{lesson.pk}/files", {"file": file, **form})


def retire(client, lesson, file_id, body):
    return client.post(
        f"{BASE}/{lesson.pk}/files/{file_id}/retire",
        body,
        content_type="application/json",
    )


def test_those_who_manage_the_course_attach_a_file_through_the_service(client, world, lesson):
    signed_in(client, world.coordinator)
    response = upload(client, lesson, pdf(), description="Slide")
    assert response.status_code == 201, response.json()
    made = response.json()
    attachment = services.lesson_files([lesson])[lesson.pk][0]
    assert made == {
        "id": attachment.pk,
        "name": "bai-giang.pdf",
        "size": len(PDF),
        "description": "Slide",
        "url": reverse("training:lesson_file", args=[lesson.pk, attachment.pk]),
        "download_url": f"{BASE}/{lesson.pk}/files/{attachment.pk}/content",
        "uploaded_at": made["uploaded_at"],
        "uploaded_by": world.coordinator.display_name,
        "retired_at": None,
    }
    assert attachment.uploaded_by == world.coordinator
    assert attachment.history.first().history_event == "file.attached"
    entry = lesson.history.first()
    assert (entry.history_event, entry.history_change_reason, entry.history_user) == (
        "training.lesson_file_added",
        "bai-giang.pdf",
        world.coordinator,
    )
    listed = client.get(f"{BASE}/{lesson.pk}/files").json()
    assert listed == [made]
    lessons = client.get(f"/api/v1/training/courses/{lesson.course_id}/lessons").json()
    assert [f["id"] for f in lessons[0]["files"]] == [attachment.pk]  # lesson_list says the same


@pytest.mark.parametrize(
    "file, message",
    [
        (pdf("setup.exe"), "not “.exe”"),
        (pdf("notes.txt", b"hello"), "not “.txt”"),
        (pdf("renamed.docx"), "is not a .docx file"),
        (pdf("empty.pdf", b""), "empty"),
        (pdf("no-extension"), "not “?”"),
    ],
)
def test_a_file_of_the_wrong_kind_is_a_400_naming_file(client, world, lesson, file, message):
    response = upload(signed_in(client, world.coordinator), lesson, file)
    assert response.status_code == 400 and list(response.json()["errors"]) == ["file"]
    assert message in response.json()["errors"]["file"][0]
    assert services.lesson_files([lesson]) == {}


def test_a_file_over_the_limit_is_a_413_naming_file(client, world, lesson, settings):
    settings.DXOFFICE_MAX_UPLOAD_BYTES = 10
    response = upload(signed_in(client, world.coordinator), lesson, pdf())
    assert response.status_code == 413 and list(response.json()["errors"]) == ["file"]
    assert services.lesson_files([lesson]) == {}


def test_a_full_lesson_takes_no_more_files(client, world, lesson):
    for number in range(MAX_FILES_PER_LESSON):
        services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf(f"{number}.pdf"))
    response = upload(signed_in(client, world.coordinator), lesson, pdf("one-more.pdf"))
    assert response.status_code == 400 and "at most 20 files" in response.json()["errors"]["file"][0]


def test_the_form_is_checked_against_the_schema(client, world, lesson):
    signed_in(client, world.coordinator)
    missing = client.post(f"{BASE}/{lesson.pk}/files", {"description": "Slide"})
    assert missing.status_code == 422 and "file" in missing.json()["errors"]
    long = upload(client, lesson, pdf(), description="x" * 256)
    assert long.status_code == 422 and "description" in long.json()["errors"]
    assert upload(client, lesson, pdf(), description="x" * 255).status_code == 201
    assert client.post(f"{BASE}/0/files", {"file": pdf()}).status_code == 422
    assert client.post(f"{BASE}/999999/files", {"file": pdf()}).status_code == 404


def test_learners_read_and_download_the_files_of_a_course_open_to_them(client, world, lesson, learner):
    kept = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf(), description="Slide")
    picture = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf("so-do.png", PNG))
    signed_in(client, learner)
    assert [f["name"] for f in client.get(f"{BASE}/{lesson.pk}/files").json()] == [
        "bai-giang.pdf",
        "so-do.png",
    ]
    response = client.get(f"{BASE}/{lesson.pk}/files/{kept.pk}/content")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    )
    assert 'attachment; filename="bai-giang.pdf"' in response["Content-Disposition"]
    image = client.get(f"{BASE}/{lesson.pk}/files/{picture.pk}/content")
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content) == PNG


def test_a_token_downloads_as_well(world, lesson, learner):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    api = ApiClient(learner, bearer=True)
    response = api.get(f"/training/lessons/{lesson.pk}/files/{attachment.pk}/content")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert ApiClient(token="dxo_nope").get(f"/training/lessons/{lesson.pk}/files").status_code == 401


@pytest.mark.parametrize("who", ["learner", "focal_a", "partner", "outsider"])
def test_who_does_not_manage_the_course_reads_but_does_not_write(client, world, lesson, learner, who):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    signed_in(client, learner if who == "learner" else getattr(world, who))
    assert [f["id"] for f in client.get(f"{BASE}/{lesson.pk}/files").json()] == [attachment.pk]
    download = client.get(f"{BASE}/{lesson.pk}/files/{attachment.pk}/content")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert upload(client, lesson, pdf("other.pdf")).status_code == 403
    assert retire(client, lesson, attachment.pk, {"reason": "Cũ"}).status_code == 403
    assert [a.pk for a in services.lesson_files([lesson])[lesson.pk]] == [attachment.pk]


@pytest.mark.parametrize("who", ["learner", "focal_a", "partner", "outsider"])
def test_an_unpublished_course_is_its_managers_only(client, world, lesson, learner, who):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    lesson.course.published = False
    lesson.course.save()
    signed_in(client, learner if who == "learner" else getattr(world, who))
    assert client.get(f"{BASE}/{lesson.pk}/files").status_code == 404
    assert client.get(f"{BASE}/{lesson.pk}/files/{attachment.pk}/content").status_code == 404
    assert upload(client, lesson, pdf("other.pdf")).status_code == 404
    assert retire(client, lesson, attachment.pk, {"reason": "Cũ"}).status_code == 404
    signed_in(client, world.coordinator)
    assert client.get(f"{BASE}/{lesson.pk}/files").status_code == 200


def test_the_api_asks_to_sign_in(client, world, lesson):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    assert client.get(f"{BASE}/{lesson.pk}/files").status_code == 401
    assert client.get(f"{BASE}/{lesson.pk}/files/{attachment.pk}/content").status_code == 401
    assert upload(client, lesson, pdf()).status_code == 401
    assert retire(client, lesson, attachment.pk, {"reason": "Cũ"}).status_code == 401


def test_retiring_keeps_the_file_with_the_reason_and_twice_is_a_409(client, world, lesson, learner):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    signed_in(client, world.coordinator)
    response = retire(client, lesson, attachment.pk, {"reason": "  Bản cũ  "})
    assert response.status_code == 200, response.json()
    assert response.json()["id"] == attachment.pk and response.json()["retired_at"] is not None
    kept = Attachment.all_objects.get(pk=attachment.pk)
    assert kept.archived_at is not None and kept.file.storage.exists(kept.file.name)  # never deleted
    assert kept.history.first().history_event == "training.lesson_file_retired"
    assert kept.history.first().history_change_reason == "Bản cũ"
    entry = lesson.history.first()
    assert (entry.history_event, entry.history_change_reason, entry.history_user) == (
        "training.lesson_file_retired",
        "bai-giang.pdf: Bản cũ",
        world.coordinator,
    )
    assert client.get(f"{BASE}/{lesson.pk}/files").json() == []
    assert client.get(f"{BASE}/{lesson.pk}/files/{attachment.pk}/content").status_code == 404
    again = retire(client, lesson, attachment.pk, {"reason": "Lần nữa"})
    assert again.status_code == 409 and "already been retired" in again.json()["detail"]
    signed_in(client, learner)
    assert client.get(f"{BASE}/{lesson.pk}/files/{attachment.pk}/content").status_code == 404


def test_retiring_needs_a_reason_and_a_file_of_the_lesson(client, world, lesson, catalogue):
    attachment = services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=pdf())
    signed_in(client, world.coordinator)
    for body, field in (({}, "reason"), ({"reason": "   "}, "reason"), ({"reason": "x" * 501}, "reason")):
        response = retire(client, lesson, attachment.pk, body)
        assert response.status_code == 422 and list(response.json()["errors"]) == [field]
    unknown = retire(client, lesson, attachment.pk, {"reason": "Cũ", "force": True})
    assert unknown.status_code == 422 and "force" in unknown.json()["errors"]
    other = catalogue.online.lessons.exclude(pk=lesson.pk).first()
    assert retire(client, other, attachment.pk, {"reason": "Cũ"}).status_code == 404  # not its file
    assert client.get(f"{BASE}/{other.pk}/files/{attachment.pk}/content").status_code == 404
    assert retire(client, lesson, attachment.pk + 999, {"reason": "Cũ"}).status_code == 404
    assert services.lesson_files([lesson])[lesson.pk] == [attachment]


def test_a_task_attachment_is_no_lesson_file(client, world, lesson):
    """Another record's attachment with the same numbers is not found through a lesson."""
    from dxoffice.core.services import attachment_add

    foreign = attachment_add(by=world.coordinator, target=world.commune_a, upload=pdf("khac.pdf"))
    signed_in(client, world.coordinator)
    assert client.get(f"{BASE}/{lesson.pk}/files/{foreign.pk}/content").status_code == 404
    assert retire(client, lesson, foreign.pk, {"reason": "Cũ"}).status_code == 404
    assert Attachment.objects.filter(pk=foreign.pk).exists()


def test_every_kind_a_lesson_takes_downloads_with_a_documented_type():
    assert set(MEDIA_TYPES) == set(LESSON_FILE_SUFFIXES)
    from dxoffice.core.tests.api_contract import contract

    operation = contract().schema["paths"][f"{BASE}/{{lesson_id}}/files/{{file_id}}/content"]["get"]
    assert set(operation["responses"]["200"]["content"]) == set(MEDIA_TYPES.values())
