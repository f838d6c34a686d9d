"""The live channel: who may join, the state on connect, votes and requests over the socket, bad
messages answered with an error (never a crash), and changes broadcast after commit."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from dxoffice.meetings import services
from dxoffice.meetings.routing import websocket_urlpatterns
from dxoffice.meetings.tests.factories import add_member, make_meeting, running_meeting

# Transactional: the consumer reaches the database from its own thread and closes old connections
# around each call (as in a worker), which a test wrapped in one transaction would not survive.
pytestmark = pytest.mark.django_db(transaction=True)

application = URLRouter(websocket_urlpatterns)


def connect(user, meeting) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/meetings/{meeting.pk}/")
    communicator.scope["user"] = user
    return communicator


async def send(communicator, payload):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    await communicator.send_to(text_data=text)
    return await communicator.receive_json_from(timeout=5)


def run(scenario):
    """Drive one async scenario from a sync test (no pytest-asyncio here): one event loop for all
    of its steps."""
    return async_to_sync(scenario)()


def test_a_person_who_may_not_see_the_meeting_cannot_join(world):
    meeting = make_meeting(world, confidential=True)

    async def scenario():
        client = connect(world.admin, meeting)
        connected, _subprotocol = await client.connect()
        return connected, await client.receive_output(timeout=5)

    # Accepted then closed with 4404, so that the browser sees the refusal (and stops retrying).
    connected, closing = run(scenario)
    assert connected and closing == {"type": "websocket.close", "code": 4404}


def test_joining_gives_the_state_with_its_version_and_the_persons_part(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    services.item_save(by=world.coordinator, meeting=meeting, title="Báo cáo tiến độ")

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        first = await client.receive_json_from(timeout=5)
        await client.disconnect()
        return first

    first = run(scenario)
    assert first["type"] == "state"
    assert first["state"]["version"] >= 1
    assert first["state"]["attendance"]["present"] == 2
    assert first["me"]["voter"] is True and first["me"]["runs"] is False


def test_voting_over_the_socket_counts_once_and_answers_with_a_receipt(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?", secret=True)
    services.poll_open(by=world.coordinator, poll=poll)

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        await client.receive_json_from(timeout=5)
        answer = await send(client, {"type": "vote", "poll": poll.pk, "choice": [0], "request_id": "r1"})
        again = await send(client, {"type": "vote", "poll": poll.pk, "choice": [0], "request_id": "r2"})
        await client.disconnect()
        return answer, again

    answer, again = run(scenario)
    assert (
        answer["type"] == "voted" and answer["counted"] and answer["receipt"] and answer["request_id"] == "r1"
    )
    assert again["counted"] is False and again["request_id"] == "r2"
    assert poll.votes.count() == 1


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("not json", ""),
        ("[1, 2]", ""),
        ({"type": "dance"}, "type"),
        ({"type": "vote", "poll": "one", "choice": [0]}, "poll"),
        ({"type": "vote", "poll": 10**9, "choice": [0]}, ""),
        ({"type": "vote", "poll": "POLL", "choice": "yes"}, "choice"),
        ({"type": "withdraw"}, "speaker"),
        ({"type": "speak", "request_id": 5}, "request_id"),
        ("x" * 5000, ""),
    ],
)
def test_a_bad_message_gets_a_clear_error_and_the_link_stays_open(world, message, field):
    meeting, _rows = running_meeting(world, [world.focal_a])
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="?")
    services.poll_open(by=world.coordinator, poll=poll)
    if isinstance(message, dict) and message.get("poll") == "POLL":
        message = {**message, "poll": poll.pk}

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        await client.receive_json_from(timeout=5)
        answer = await send(client, message)
        after = await send(client, {"type": "sync"})
        await client.disconnect()
        return answer, after

    answer, after = run(scenario)
    assert answer["type"] == "error" and answer["message"]
    assert answer["field"] == field
    assert after["type"] == "state"  # still connected
    assert poll.votes.count() == 0


def test_a_poll_of_another_meeting_is_not_reachable(world):
    meeting, _rows = running_meeting(world, [world.focal_a])
    other, _ = running_meeting(world, [world.focal_b])
    poll = services.poll_create(by=world.coordinator, meeting=other, question="?")
    services.poll_open(by=world.coordinator, poll=poll)

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        await client.receive_json_from(timeout=5)
        answer = await send(client, {"type": "vote", "poll": poll.pk, "choice": [0]})
        await client.disconnect()
        return answer

    assert run(scenario)["type"] == "error"
    assert poll.votes.count() == 0


# Inside one test transaction, so that the after-commit callbacks can be held back and counted.
@pytest.mark.django_db(transaction=False)
def test_a_change_is_broadcast_only_once_committed(world, django_capture_on_commit_callbacks, monkeypatch):
    meeting, _rows = running_meeting(world, [world.focal_a])
    sent = []
    monkeypatch.setattr("dxoffice.meetings.live.broadcast", sent.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận")
        assert sent == []
    assert sent == [] and callbacks
    for callback in callbacks:
        callback()
    assert sent == [meeting.pk]


def test_asking_to_speak_reaches_every_client(world, monkeypatch):
    # The test's transaction never commits: run the after-commit broadcast at once.
    monkeypatch.setattr("dxoffice.meetings.live.transaction.on_commit", lambda callback: callback())
    meeting, _rows = running_meeting(world, [world.focal_a])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận")
    services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)

    @database_sync_to_async
    def next_speaker():
        services.speaker_next(by=world.coordinator, meeting=meeting)

    async def scenario():
        member, chair = connect(world.focal_a, meeting), connect(world.leader, meeting)
        for client in (member, chair):
            await client.connect()
        version = (await member.receive_json_from(timeout=5))["state"]["version"]
        await chair.receive_json_from(timeout=5)
        answers = []
        await member.send_json_to({"type": "speak"})
        for _ in range(2):  # the answer and the broadcast, in either order
            answers.append(await member.receive_json_from(timeout=5))
        seen_by_chair = await chair.receive_json_from(timeout=5)
        await next_speaker()
        after_next = await chair.receive_json_from(timeout=5)
        for client in (member, chair):
            await client.disconnect()
        return version, answers, seen_by_chair, after_next

    version, answers, seen_by_chair, after_next = run(scenario)
    assert {a["type"] for a in answers} == {"speak", "state"}
    assert seen_by_chair["type"] == "state" and seen_by_chair["state"]["version"] > version
    assert [s["name"] for s in seen_by_chair["state"]["speakers"]] == [world.focal_a.display_name]
    assert after_next["state"]["speakers"][0]["state"] == "speaking"


def test_a_participant_removed_is_disconnected_and_sees_no_more_of_the_meeting(world):
    meeting = make_meeting(world, confidential=True)
    row = add_member(world, meeting, world.focal_a)
    add_member(world, meeting, world.focal_b)

    @database_sync_to_async
    def remove():
        services.participant_remove(by=world.coordinator, participant=row)

    async def scenario():
        removed, staying = connect(world.focal_a, meeting), connect(world.focal_b, meeting)
        for client in (removed, staying):
            await client.connect()
            await client.receive_json_from(timeout=5)
        await remove()
        closing = await removed.receive_output(timeout=5)
        nothing_more = await removed.receive_nothing(timeout=0.2)
        seen_by_staying = await staying.receive_json_from(timeout=5)
        await staying.disconnect()
        return closing, nothing_more, seen_by_staying

    closing, nothing_more, seen_by_staying = run(scenario)
    # Closed with the refusal code before the new state goes out, which the others still get.
    assert closing == {"type": "websocket.close", "code": 4404}
    assert nothing_more
    assert seen_by_staying["type"] == "state"


def test_a_participant_removed_cannot_act_on_a_connection_left_open(world, monkeypatch):
    # Even if the close were missed, every message checks the person's place again.
    monkeypatch.setattr("dxoffice.meetings.live.revoked", lambda meeting, user_id: None)
    meeting = make_meeting(world, confidential=True)
    row = add_member(world, meeting, world.focal_a)

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        await client.receive_json_from(timeout=5)
        await database_sync_to_async(services.participant_remove)(by=world.coordinator, participant=row)
        await client.receive_json_from(timeout=5)  # the room's new state, sent to all
        answer = await send(client, {"type": "sync"})
        await client.disconnect()
        return answer

    assert run(scenario)["type"] == "error"


def test_a_deputy_for_two_members_casts_each_ballot_over_the_socket(world):
    from dxoffice.meetings.models import Attendance, Rsvp

    meeting = make_meeting(world)
    members = [add_member(world, meeting, user) for user in (world.focal_a, world.focal_b)]
    for row, user in zip(members, (world.focal_a, world.focal_b), strict=True):
        services.rsvp_answer(by=user, participant=row, answer=Rsvp.DELEGATED, deputy=world.dept_focal)
    services.checkin_by_token(by=world.dept_focal, meeting=meeting, token=meeting.checkin_token)
    chair = meeting.participants.get(user=world.leader)
    services.attendance_record(by=world.coordinator, participant=chair, attendance=Attendance.IN_PERSON)
    services.meeting_start(by=world.coordinator, meeting=meeting)
    poll = services.poll_create(by=world.coordinator, meeting=meeting, question="Thông qua?")
    services.poll_open(by=world.coordinator, poll=poll)

    async def scenario():
        client = connect(world.dept_focal, meeting)
        await client.connect()
        first = await client.receive_json_from(timeout=5)
        answers = [
            await send(client, {"type": "vote", "poll": poll.pk, "choice": [0], "participant": m.pk})
            for m in members
        ]
        after = await send(client, {"type": "sync"})
        await client.disconnect()
        return first, answers, after

    first, answers, after = run(scenario)
    assert [p["id"] for p in first["me"]["participants"]] == [m.pk for m in members]
    assert first["me"]["cast"] == []
    assert [(a["type"], a["counted"], a["participant"]) for a in answers] == [
        ("voted", True, m.pk) for m in members
    ]
    assert sorted(map(tuple, after["me"]["cast"])) == sorted((poll.pk, m.pk) for m in members)
    assert after["me"]["voted"] == [poll.pk]


def test_withdrawing_over_the_socket_takes_the_request_off_the_waiting_list(world, monkeypatch):
    monkeypatch.setattr("dxoffice.meetings.live.transaction.on_commit", lambda callback: callback())
    meeting, rows = running_meeting(world, [world.focal_a, world.focal_b])
    item = services.item_save(by=world.coordinator, meeting=meeting, title="Thảo luận")
    services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
    meeting.refresh_from_db()
    mine = services.speak_request(by=world.focal_a, meeting=meeting)
    other = services.speak_request(by=world.focal_b, meeting=meeting)

    async def scenario():
        client = connect(world.focal_a, meeting)
        await client.connect()
        first = await client.receive_json_from(timeout=5)
        refused = await send(client, {"type": "withdraw", "speaker": other.pk})  # not theirs
        await client.send_json_to({"type": "withdraw", "speaker": mine.pk, "request_id": "w1"})
        answers = [await client.receive_json_from(timeout=5) for _ in range(2)]
        await client.disconnect()
        return first, refused, answers

    first, refused, answers = run(scenario)
    own_row = next(r for r in rows if r.user_id == world.focal_a.pk)
    assert first["me"]["mine"] == [own_row.pk]
    assert [s["participant"] for s in first["state"]["speakers"]] == [own_row.pk, other.participant_id]
    assert refused["type"] == "error"
    by_type = {a["type"]: a for a in answers}
    assert by_type["withdraw"] == {"type": "withdraw", "speaker": mine.pk, "request_id": "w1"}
    assert [s["id"] for s in by_type["state"]["state"]["speakers"]] == [other.pk]
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.state, other.state) == ("done", "waiting")
