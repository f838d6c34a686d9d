"""The meetings API: wiring and permission edges (the services carry the rules)."""

import pytest
from django.utils import timezone

from dxoffice.meetings import services
from dxoffice.meetings.tests.factories import add_member, make_meeting, running_meeting

pytestmark = pytest.mark.django_db


def test_a_non_participant_sees_nothing_of_a_confidential_meeting(client, world):
    secret = make_meeting(world, confidential=True)
    add_member(world, secret, world.focal_a)
    client.force_login(world.admin)
    assert client.get("/api/v1/meetings/meetings").json()["count"] == 0
    for path in ("", "/participants", "/items", "/documents", "/polls", "/conclusions"):
        assert client.get(f"/api/v1/meetings/meetings/{secret.pk}{path}").status_code == 404
    client.force_login(world.focal_a)
    assert client.get(f"/api/v1/meetings/meetings/{secret.pk}").json()["confidential"] is True
    names = [p["role"] for p in client.get(f"/api/v1/meetings/meetings/{secret.pk}/participants").json()]
    assert sorted(names) == ["chair", "member", "secretary"]


def test_create_a_meeting_and_bad_input_names_the_field(client, world):
    client.force_login(world.coordinator)
    start = timezone.now().replace(microsecond=0)
    body = {
        "title": "Họp giao ban",
        "unit": "CMU",
        "starts_at": start.isoformat(),
        "ends_at": (start + timezone.timedelta(hours=1)).isoformat(),
    }
    response = client.post("/api/v1/meetings/meetings", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    bad = client.post("/api/v1/meetings/meetings", {**body, "unit": "NOPE"}, content_type="application/json")
    assert bad.status_code == 422 and "unit" in bad.json()["errors"]
    late = client.post(
        "/api/v1/meetings/meetings", {**body, "ends_at": body["starts_at"]}, content_type="application/json"
    )
    assert late.status_code == 400 and "ends_at" in late.json()["errors"]
    client.force_login(world.focal_a)
    assert client.post("/api/v1/meetings/meetings", body, content_type="application/json").status_code == 403


def test_vote_as_the_voter_and_the_poll_lifecycle(client, world):
    meeting, _ = running_meeting(world, [world.focal_a])
    client.force_login(world.coordinator)
    poll = client.post(
        f"/api/v1/meetings/meetings/{meeting.pk}/polls",
        {"question": "Thông qua?", "secret": True},
        content_type="application/json",
    ).json()
    assert client.post(f"/api/v1/meetings/polls/{poll['id']}/open").json()["present_count"] == 2
    assert client.post(f"/api/v1/meetings/polls/{poll['id']}/open").status_code == 409
    client.force_login(world.focal_a)
    first = client.post(
        f"/api/v1/meetings/polls/{poll['id']}/vote", {"choice": [0]}, content_type="application/json"
    ).json()
    again = client.post(
        f"/api/v1/meetings/polls/{poll['id']}/vote", {"choice": [0]}, content_type="application/json"
    ).json()
    assert first["counted"] and first["receipt"] and not again["counted"]
    bad = client.post(
        f"/api/v1/meetings/polls/{poll['id']}/vote", {"choice": [7]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "choice" in bad.json()["errors"]
    assert client.post(f"/api/v1/meetings/polls/{poll['id']}/close").status_code == 403
    client.force_login(world.coordinator)
    client.post(f"/api/v1/meetings/polls/{poll['id']}/close")
    published = client.post(f"/api/v1/meetings/polls/{poll['id']}/publish").json()
    assert published["result"]["counts"] == [1, 0, 0]


def test_conclusions_list_their_follow_up_tasks(client, world):
    from datetime import date

    meeting, _ = running_meeting(world, [])
    conclusion = services.conclusion_save(by=world.coordinator, meeting=meeting, text="Giao nhiệm vụ")
    services.conclusion_task_create(
        by=world.coordinator,
        conclusion=conclusion,
        plan=world.plan,
        pillar=world.pillar,
        title="Nhiệm vụ sau họp",
        lead_unit=world.department,
        due_date=date(2026, 12, 31),
    )
    client.force_login(world.coordinator)
    rows = client.get(f"/api/v1/meetings/meetings/{meeting.pk}/conclusions").json()
    assert rows[0]["tasks"][0]["lead_unit"] == "SKHCN"
    minutes = client.get(f"/api/v1/meetings/meetings/{meeting.pk}/minutes").json()
    assert minutes["approved"] is False and minutes["pdf"].endswith("minutes.pdf")
