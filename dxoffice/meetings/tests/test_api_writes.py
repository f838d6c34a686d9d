"""The meetings API's writes: participants, agenda items (and their order), documents (uploads and
new versions), conclusions and their follow-up tasks; with the refusals each can give."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.meetings import services
from dxoffice.meetings.models import AgendaItem, Conclusion, MeetingDocument, Participant
from dxoffice.meetings.tests.factories import add_member, make_meeting, running_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a small document\n"
BASE = "/api/v1/meetings/meetings"


def _json(client, method, path, body=None):
    return getattr(client, method)(path, body or {}, content_type="application/json")


def test_participants_are_added_changed_and_retired(client, world):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    added = _json(client, "post", f"{BASE}/{meeting.pk}/participants", {"user": world.focal_a.pk})
    assert added.status_code == 201 and added.json()["role"] == "member"
    twice = _json(client, "post", f"{BASE}/{meeting.pk}/participants", {"user": world.focal_a.pk})
    assert twice.status_code == 400 and "user" in twice.json()["errors"]
    unknown = _json(client, "post", f"{BASE}/{meeting.pk}/participants", {"user": 987654})
    assert unknown.status_code == 422 and "user" in unknown.json()["errors"]
    nameless = _json(client, "post", f"{BASE}/{meeting.pk}/participants", {"role": "invitee"})
    assert nameless.status_code == 400 and "guest_name" in nameless.json()["errors"]
    guest = _json(
        client,
        "post",
        f"{BASE}/{meeting.pk}/participants",
        {"guest_name": "Ông Khách", "guest_email": "khach@example.com", "role": "invitee"},
    ).json()
    assert guest["user"] is None and guest["name"] == "Ông Khách"

    path = f"{BASE}/{meeting.pk}/participants/{guest['id']}"
    changed = _json(client, "patch", path, {"role": "observer", "guest_organisation": "Viettel"})
    assert changed.status_code == 200
    assert changed.json()["role"] == "observer" and changed.json()["organisation"] == "Viettel"
    bad_mail = _json(client, "patch", path, {"guest_email": "not-an-address"})
    assert bad_mail.status_code == 400 and "guest_email" in bad_mail.json()["errors"]
    person = f"{BASE}/{meeting.pk}/participants/{added.json()['id']}"
    renamed = _json(client, "patch", person, {"guest_name": "Tên khác"})
    assert renamed.status_code == 400 and "guest_name" in renamed.json()["errors"]
    absent = _json(client, "patch", person, {"attendance": "absent"})
    assert absent.status_code == 400 and "absence_reason" in absent.json()["errors"]
    excused = _json(client, "patch", person, {"attendance": "absent", "absence_reason": "Đi công tác"})
    assert excused.json()["attendance"] == "absent" and excused.json()["absence_reason"] == "Đi công tác"

    assert client.post(f"{path}/archive").status_code == 200
    assert not Participant.objects.filter(pk=guest["id"]).exists()
    assert Participant.all_objects.get(pk=guest["id"]).is_archived  # retired, not deleted
    assert client.post(f"{path}/archive").status_code == 404


def test_a_member_who_voted_keeps_a_voting_role_and_stays(client, world):
    meeting, rows = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    client.force_login(world.coordinator)
    path = f"{BASE}/{meeting.pk}/participants/{rows[1].pk}"
    assert _json(client, "patch", path, {"role": "observer"}).status_code == 409
    assert client.post(f"{path}/archive").status_code == 409


def test_agenda_items_are_added_changed_reordered_and_retired(client, world):
    meeting = make_meeting(world)
    client.force_login(world.coordinator)
    first = _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "Khai mạc", "starts_at": "08:00"})
    assert first.status_code == 201 and first.json()["starts_at"] == "08:00"
    second = _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "Báo cáo", "duration_minutes": 30})
    third = _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "Thảo luận"})
    ids = [first.json()["id"], second.json()["id"], third.json()["id"]]
    assert [r.json()["position"] for r in (first, second, third)] == [1, 2, 3]
    blank = _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "   "})
    assert blank.status_code == 422 and "title" in blank.json()["errors"]

    item = f"{BASE}/{meeting.pk}/items/{ids[1]}"
    changed = _json(client, "patch", item, {"presenter": "Sở KH&CN", "starts_at": None})
    assert changed.json()["presenter"] == "Sở KH&CN" and changed.json()["title"] == "Báo cáo"

    order = f"{BASE}/{meeting.pk}/items/order"
    moved = _json(client, "post", order, {"order": [ids[2], ids[0], ids[1]]})
    assert moved.status_code == 200 and [i["id"] for i in moved.json()] == [ids[2], ids[0], ids[1]]
    assert [i["position"] for i in moved.json()] == [1, 2, 3]
    for wrong in ([ids[0], ids[1]], [ids[0], ids[0], ids[1], ids[2]], [*ids, 999999]):
        refused = _json(client, "post", order, {"order": wrong})
        assert refused.status_code == 400 and "order" in refused.json()["errors"]

    services.conclusion_save(
        by=world.coordinator, meeting=meeting, item=AgendaItem.objects.get(pk=ids[0]), text="Kết luận"
    )
    assert client.post(f"{BASE}/{meeting.pk}/items/{ids[0]}/archive").status_code == 409
    assert client.post(f"{item}/archive").status_code == 200
    assert [i["id"] for i in client.get(f"{BASE}/{meeting.pk}/items").json()] == [ids[2], ids[0]]
    assert AgendaItem.all_objects.filter(pk=ids[1]).exists()


def test_documents_are_uploaded_versioned_changed_and_withdrawn(client, world, settings):
    meeting = make_meeting(world)
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Nội dung")
    client.force_login(world.coordinator)
    url = f"{BASE}/{meeting.pk}/documents"
    made = client.post(url, {"file": SimpleUploadedFile("to-trinh.pdf", PDF), "item": item.pk})
    assert made.status_code == 201, made.json()
    document = made.json()
    assert document["item"] == item.pk and document["title"] == "to-trinh.pdf"
    assert [v["name"] for v in document["versions"]] == ["to-trinh.pdf"]

    fake = client.post(url, {"file": SimpleUploadedFile("bang.docx", PDF)})
    assert fake.status_code == 400 and "file" in fake.json()["errors"]
    elsewhere = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "item": 999999})
    assert elsewhere.status_code == 422 and "item" in elsewhere.json()["errors"]
    settings.DXOFFICE_MAX_UPLOAD_BYTES = 10
    large = client.post(url, {"file": SimpleUploadedFile("lon.pdf", PDF)})
    assert large.status_code == 413 and "file" in large.json()["errors"]
    settings.DXOFFICE_MAX_UPLOAD_BYTES = 1024 * 1024

    versions = f"{url}/{document['id']}/versions"
    again = client.post(versions, {"file": SimpleUploadedFile("to-trinh-v2.pdf", PDF + b"v2")})
    assert again.status_code == 201
    assert [v["name"] for v in again.json()["versions"]] == ["to-trinh-v2.pdf", "to-trinh.pdf"]
    assert MeetingDocument.objects.filter(meeting=meeting).count() == 1

    changed = _json(client, "patch", f"{url}/{document['id']}", {"title": "Tờ trình", "item": None})
    assert changed.json()["title"] == "Tờ trình" and changed.json()["item"] is None
    assert client.get(f"{url}/{document['id']}").json()["title"] == "Tờ trình"
    assert client.post(f"{url}/{document['id']}/archive").status_code == 200
    assert client.get(url).json() == []
    assert MeetingDocument.all_objects.get(pk=document["id"]).is_archived


def test_conclusions_are_recorded_corrected_assigned_and_withdrawn(client, world):
    meeting, _rows = running_meeting(world, [])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Nội dung")
    client.force_login(world.coordinator)
    url = f"{BASE}/{meeting.pk}/conclusions"
    made = _json(client, "post", url, {"text": "Giao Sở KH&CN", "item": item.pk})
    assert made.status_code == 201 and made.json()["item"] == item.pk
    path = f"{url}/{made.json()['id']}"
    assert _json(client, "patch", path, {"text": "Giao Sở KH&CN chủ trì"}).json()["text"].endswith("chủ trì")
    body = {
        "title": "Triển khai",
        "plan": "KH-2026",
        "pillar": "CQS",
        "lead_unit": "SKHCN",
        "coordinating_units": ["XA-A"],
        "due_date": "2026-12-31",
    }
    task = _json(client, "post", f"{path}/tasks", body)
    assert task.status_code == 201 and task.json()["code"] == "KL-1" and task.json()["lead_unit"] == "SKHCN"
    for field, value in (("plan", "NOPE"), ("pillar", "NOPE"), ("lead_unit", "NOPE")):
        refused = _json(client, "post", f"{path}/tasks", {**body, field: value})
        assert refused.status_code == 422 and field in refused.json()["errors"]
    listed = client.get(url).json()
    assert listed[0]["tasks"][0]["code"] == "KL-1"
    assert client.post(f"{path}/archive").status_code == 200
    assert client.get(url).json() == [] and Conclusion.all_objects.filter(pk=made.json()["id"]).exists()


def test_writes_need_those_who_run_the_meeting_and_an_open_record(client, world):
    meeting = make_meeting(world)
    add_member(world, meeting, world.focal_a)
    client.force_login(world.focal_a)  # a participant sees the meeting but does not run it
    assert _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "X"}).status_code == 403
    refused = client.post(f"{BASE}/{meeting.pk}/documents", {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert refused.status_code == 403
    assert _json(client, "post", f"{BASE}/{meeting.pk}/conclusions", {"text": "X"}).status_code == 403

    other = make_meeting(world, title="Họp khác")
    item = services.item_save(by=world.coordinator, meeting=other, title="Của cuộc họp khác")
    client.force_login(world.coordinator)
    assert _json(client, "patch", f"{BASE}/{meeting.pk}/items/{item.pk}", {"title": "Y"}).status_code == 404

    services.meeting_start(by=world.coordinator, meeting=meeting)
    services.meeting_close(by=world.coordinator, meeting=meeting)
    services.minutes_approve(by=world.leader, meeting=meeting)
    locked = _json(client, "post", f"{BASE}/{meeting.pk}/items", {"title": "Muộn"})
    assert locked.status_code == 409


def test_a_confidential_meeting_is_invisible_to_outsiders_on_every_write(client, world):
    secret = make_meeting(world, confidential=True)
    item = services.item_save(by=world.coordinator, meeting=secret, title="Mật")
    member = add_member(world, secret, world.focal_a)
    conclusion = services.conclusion_save(by=world.coordinator, meeting=secret, text="Mật")
    document = services.document_add(
        by=world.coordinator, meeting=secret, upload=SimpleUploadedFile("mat.pdf", PDF)
    )
    client.force_login(world.admin)  # administers the unit, but takes no part
    m = f"{BASE}/{secret.pk}"
    calls = [
        ("post", f"{m}/participants", {"user": world.focal_b.pk}),
        ("patch", f"{m}/participants/{member.pk}", {"role": "observer"}),
        ("post", f"{m}/participants/{member.pk}/archive", None),
        ("post", f"{m}/items", {"title": "X"}),
        ("patch", f"{m}/items/{item.pk}", {"title": "X"}),
        ("post", f"{m}/items/order", {"order": [item.pk]}),
        ("post", f"{m}/items/{item.pk}/archive", None),
        ("get", f"{m}/documents/{document.pk}", None),
        ("patch", f"{m}/documents/{document.pk}", {"title": "X"}),
        ("post", f"{m}/documents/{document.pk}/archive", None),
        ("post", f"{m}/conclusions", {"text": "X"}),
        ("patch", f"{m}/conclusions/{conclusion.pk}", {"text": "X"}),
        ("post", f"{m}/conclusions/{conclusion.pk}/archive", None),
    ]
    for method, path, body in calls:
        response = client.get(path) if method == "get" else _json(client, method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
    upload = client.post(f"{m}/documents", {"file": SimpleUploadedFile("b.pdf", PDF)})
    version = client.post(f"{m}/documents/{document.pk}/versions", {"file": SimpleUploadedFile("c.pdf", PDF)})
    assert upload.status_code == version.status_code == 404
    assert secret.items.count() == 1 and secret.participants.count() == 3
    assert len(services.versions_of(document)) == 1
