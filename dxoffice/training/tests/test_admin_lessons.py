"""Lessons in the Django admin: their files listed read-only, attached and retired only through the
lesson page's services and checks (never deleted), by those who plan on the course's unit."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxoffice.core.models import Attachment
from dxoffice.training import services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FormFields(HTMLParser):
    """The values a browser would send back from the admin's change form (no file chosen)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self._textarea, self.data[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and "selected" in attrs and self._select:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_of(client, url) -> dict[str, str]:
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    return {k: v for k, v in parser.data.items() if k not in ("csrfmiddlewaretoken",)}


@pytest.fixture
def lesson(catalogue):
    return catalogue.online.lessons.order_by("position").first()


@pytest.fixture
def superuser(world):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    return world.admin


def change_url(lesson):
    return reverse("admin:training_lesson_change", args=[lesson.pk])


def test_the_lessons_files_are_listed_read_only(client, world, superuser, lesson):
    services.lesson_file_add(by=world.coordinator, lesson=lesson, upload=SimpleUploadedFile("a.pdf", PDF))
    client.force_login(superuser)
    assert client.get(reverse("admin:training_lesson_changelist")).status_code == 200
    page = client.get(change_url(lesson)).content.decode()
    assert "a.pdf" in page and 'enctype="multipart/form-data"' in page
    assert "DELETE" not in page  # no deleting a file (nor adding one through the inline)
    assert client.get(reverse("admin:training_lesson_delete", args=[lesson.pk])).status_code == 403


def test_a_file_is_attached_through_the_service_and_its_checks(client, world, superuser, lesson):
    client.force_login(superuser)
    data = form_of(client, change_url(lesson))
    refused = client.post(change_url(lesson), {**data, "new_file": SimpleUploadedFile("setup.exe", PDF)})
    assert refused.status_code == 200 and "“.exe”" in refused.content.decode()
    fake = client.post(change_url(lesson), {**data, "new_file": SimpleUploadedFile("renamed.docx", PDF)})
    assert fake.status_code == 200 and services.lesson_files([lesson]) == {}
    response = client.post(
        change_url(lesson),
        {**data, "new_file": SimpleUploadedFile("slide.pdf", PDF), "new_file_description": "Slide"},
    )
    assert response.status_code == 302
    (attachment,) = services.lesson_files([lesson])[lesson.pk]
    assert (attachment.original_name, attachment.description, attachment.uploaded_by) == (
        "slide.pdf",
        "Slide",
        superuser,
    )
    assert lesson.history.first().history_event == "training.lesson_file_added"


def test_files_are_retired_with_a_reason_never_deleted(client, world, superuser, lesson):
    old = services.lesson_file_add(
        by=world.coordinator, lesson=lesson, upload=SimpleUploadedFile("cu.pdf", PDF)
    )
    client.force_login(superuser)
    data = form_of(client, change_url(lesson))
    no_reason = client.post(change_url(lesson), {**data, "retire_files": [old.pk]})
    assert no_reason.status_code == 200 and services.lesson_files([lesson])[lesson.pk] == [old]
    response = client.post(
        change_url(lesson),
        {
            **data,
            "retire_files": [old.pk],
            "retire_reason": "Bản cũ",
            "new_file": SimpleUploadedFile("moi.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert [a.original_name for a in services.lesson_files([lesson])[lesson.pk]] == ["moi.pdf"]
    kept = Attachment.all_objects.get(pk=old.pk)
    assert kept.archived_at is not None and kept.history.first().history_change_reason == "Bản cũ"
    retired = lesson.history.filter(history_event="training.lesson_file_retired").first()
    assert retired.history_change_reason == "cu.pdf: Bản cũ" and retired.history_user == superuser


def test_a_lesson_of_a_course_one_does_not_plan_is_not_changed(client, world, lesson):
    staff = world.focal_a
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_lesson", "change_lesson"]))
    client.force_login(staff)
    page = client.get(change_url(lesson)).content.decode()
    assert 'name="new_file"' not in page  # read only for them
    data = {"course": lesson.course_id, "position": 1, "title": "Đổi", "minutes": 5,
            "new_file": SimpleUploadedFile("x.pdf", PDF)}  # fmt: skip
    assert client.post(change_url(lesson), data).status_code == 403
    assert services.lesson_files([lesson]) == {}
