import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dxoffice.core.services import attachment_add, attachments_of
from dxoffice.planning import services
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)


def upload(name="bien-ban.pdf", content=b"%PDF-1.4 minh chung"):
    return SimpleUploadedFile(name, content)


def test_files_are_served_only_to_those_who_see_the_task(client, world, task):
    attachment = attachment_add(by=world.focal_a, target=task, upload=upload())
    url = reverse("core:attachment_download", args=[attachment.pk])
    client.force_login(world.viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(world.focal_b)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_files_of_a_draft_report_stay_with_the_lead_unit(client, world, task):
    report = services.report_save(
        by=world.focal_a,
        task=task,
        period="2026Q4",
        percent_complete=10,
        work_done="Nháp",
        evidence=[upload("anh.png", b"\x89PNG")],
    )
    [attachment] = attachments_of(report)
    url = reverse("core:attachment_download", args=[attachment.pk])
    client.force_login(world.viewer)
    assert client.get(url).status_code == 404
    client.force_login(world.focal_a)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["trang.html", "script.js", "data.xml", "virus.exe", "noext"])
def test_active_or_unknown_file_types_are_refused(world, task, name):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        attachment_add(by=world.focal_a, target=task, upload=upload(name))
    assert "file" in error.value.message_dict
