"""The speakers' list from the live page: those who run the meeting reorder it (a JSON POST), and
bad input or someone else is refused with a clear answer, never a 500."""

import json

import pytest
from django.urls import reverse

from dxoffice.meetings import services
from dxoffice.meetings.models import Speaker
from dxoffice.meetings.tests.factories import running_meeting

pytestmark = pytest.mark.django_db


def _list(world):
    meeting, _rows = running_meeting(world, [world.focal_a, world.focal_b])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận dự thảo")
    services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
    meeting.refresh_from_db()
    speakers = [services.speak_request(by=user, meeting=meeting) for user in (world.focal_a, world.focal_b)]
    return meeting, [s.pk for s in speakers]


def _post(client, meeting, body):
    return client.post(
        reverse("meetings:speakers_reorder", args=[meeting.pk]),
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
    )


def _waiting(meeting):
    return list(
        Speaker.objects.filter(item_id=meeting.current_item_id, state="waiting")
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


def test_the_secretary_reorders_the_waiting_speakers(client, world):
    meeting, (first, second) = _list(world)
    client.force_login(world.coordinator)
    response = _post(client, meeting, {"order": [second, first]})
    assert response.status_code == 200 and response.json() == {"order": [second, first]}
    assert _waiting(meeting) == [second, first]
    # A form post (without the script) works the same.
    response = client.post(
        reverse("meetings:speakers_reorder", args=[meeting.pk]), {"order": [first, second]}
    )
    assert response.status_code == 200 and _waiting(meeting) == [first, second]


def test_a_partial_order_keeps_the_others_after(client, world):
    meeting, (first, second) = _list(world)
    client.force_login(world.leader)  # the chair
    assert _post(client, meeting, {"order": [second]}).json() == {"order": [second, first]}
    assert _waiting(meeting) == [second, first]


def test_a_participant_who_does_not_run_the_meeting_may_not_reorder(client, world):
    meeting, (first, second) = _list(world)
    client.force_login(world.focal_a)
    response = _post(client, meeting, {"order": [second, first]})
    assert response.status_code == 403 and response.json()["detail"]
    assert _waiting(meeting) == [first, second]
    client.force_login(world.viewer)  # sees the unit's (not confidential) meeting, does not run it
    assert _post(client, meeting, {"order": [second, first]}).status_code == 403
    confidential, _rows = running_meeting(world, [world.focal_a])
    confidential.confidential = True
    confidential.save(update_fields=["confidential"])
    assert _post(client, confidential, {"order": [1]}).status_code == 404  # not theirs to see
    assert _waiting(meeting) == [first, second]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        {"order": "1,2"},
        {"order": []},
        {"order": [1.5]},
        {"order": ["1"]},
        {"order": [True]},
        {"order": [-1]},
        {"order": "DUP"},
        {"order": "UNKNOWN"},
        {"wrong": [1]},
    ],
)
def test_bad_input_is_refused_cleanly(client, world, body):
    meeting, (first, second) = _list(world)
    if body == {"order": "DUP"}:
        body = {"order": [first, first]}
    if body == {"order": "UNKNOWN"}:
        body = {"order": [second, 10**9]}
    client.force_login(world.coordinator)
    response = _post(client, meeting, body)
    assert response.status_code == 400
    assert response.json()["detail"] and "order" in response.json()["errors"]
    assert _waiting(meeting) == [first, second]


def test_a_speaker_of_another_item_or_already_speaking_is_unknown_here(client, world):
    meeting, (first, second) = _list(world)
    services.speaker_next(by=world.coordinator, meeting=meeting)  # the first now speaks
    client.force_login(world.coordinator)
    response = _post(client, meeting, {"order": [second, first]})
    assert response.status_code == 400 and str(first) in response.json()["detail"]


def test_without_a_current_item_the_order_is_refused_with_a_conflict(client, world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    client.force_login(world.coordinator)
    response = _post(client, meeting, {"order": [1]})
    assert response.status_code == 409 and response.json()["detail"]


def test_the_live_page_offers_the_controls_to_those_who_run_the_meeting(client, world):
    meeting, _ids = _list(world)
    client.force_login(world.coordinator)
    page = client.get(reverse("meetings:live", args=[meeting.pk])).content.decode()
    assert reverse("meetings:speakers_reorder", args=[meeting.pk]) in page and "data-csrf" in page
    client.force_login(world.focal_a)
    page = client.get(reverse("meetings:live", args=[meeting.pk])).content.decode()
    assert "data-reorder" not in page
    assert "withdrawLabel" in page  # the script's words, in the person's language
