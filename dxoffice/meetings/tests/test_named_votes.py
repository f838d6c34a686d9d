"""Who voted what in a named poll: on the meeting page, in the minutes and in the API, once the
result is shown to the reader; never for a secret ballot."""

import io

import pytest
from django.urls import reverse
from docx import Document as WordDocument

from dxoffice.core.documents import Format, render
from dxoffice.meetings import services
from dxoffice.meetings.minutes import minutes_document
from dxoffice.meetings.tests.factories import running_meeting

pytestmark = pytest.mark.django_db

OPTIONS = ["Phương án Đông", "Phương án Tây"]
VOTES_BY_NAME = "Kết quả biểu quyết của từng thành viên:"  # the minutes' heading of the named votes


def _poll(world, *, secret: bool, publish: bool = True):
    meeting, _rows = running_meeting(world, [world.focal_a, world.focal_b])
    poll = services.poll_create(
        by=world.coordinator,
        meeting=meeting,
        question="Chọn phương án đặt trạm?",
        kind="multiple",
        options=OPTIONS,
        max_choices=2,
        secret=secret,
    )
    services.poll_open(by=world.coordinator, poll=poll)
    services.vote_cast(by=world.focal_a, poll=poll, choice=[0])
    services.vote_cast(by=world.focal_b, poll=poll, choice=[0, 1])
    services.poll_close(by=world.coordinator, poll=poll)
    if publish:
        services.poll_publish(by=world.coordinator, poll=poll)
    poll.refresh_from_db()
    return meeting, poll


def _page(client, user, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _named_block(page: str) -> str:
    start = page.find('data-testid="named-votes"')
    return page[start : page.find("</details>", start)] if start >= 0 else ""


def _docx_text(data: bytes) -> str:
    document = WordDocument(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def _api_poll(client, user, poll) -> dict:
    client.force_login(user)
    response = client.get(f"/api/v1/meetings/polls/{poll.pk}")
    assert response.status_code == 200
    return response.json()


def test_a_published_named_poll_shows_who_voted_what_on_the_page(client, world):
    meeting, _poll_ = _poll(world, secret=False)
    block = _named_block(_page(client, world.focal_a, meeting))
    assert block
    assert world.focal_a.display_name in block and world.focal_b.display_name in block
    assert f"{OPTIONS[0]}, {OPTIONS[1]}" in block  # the second member chose both


def test_a_published_named_poll_is_in_the_minutes_with_names_and_choices(world):
    meeting, _poll_ = _poll(world, secret=False)
    document = minutes_document(meeting, user=world.focal_a, language="vi")
    text = _docx_text(render(document, Format.DOCX))
    assert VOTES_BY_NAME in text
    assert f"{world.focal_a.display_name} {OPTIONS[0]}" in text
    assert f"{world.focal_b.display_name} {OPTIONS[0]}, {OPTIONS[1]}" in text
    render(document, Format.PDF)  # the PDF builds from the same blocks


def test_a_published_named_poll_lists_its_votes_in_the_api(client, world):
    meeting, poll = _poll(world, secret=False)
    data = _api_poll(client, world.focal_a, poll)
    assert sorted(data["votes"], key=lambda v: v["name"]) == sorted(
        [
            {"name": world.focal_a.display_name, "choice": [OPTIONS[0]]},
            {"name": world.focal_b.display_name, "choice": OPTIONS},
        ],
        key=lambda v: v["name"],
    )
    listed = client.get(f"/api/v1/meetings/meetings/{meeting.pk}/polls").json()
    assert [len(p["votes"]) for p in listed] == [2]


def test_a_secret_poll_never_shows_names(client, world):
    meeting, poll = _poll(world, secret=True)
    for user in (world.focal_a, world.coordinator, world.leader):
        assert not _named_block(_page(client, user, meeting))
        assert _api_poll(client, user, poll)["votes"] == []
        text = _docx_text(render(minutes_document(meeting, user=user, language="vi"), Format.DOCX))
        assert VOTES_BY_NAME not in text


def test_an_unpublished_named_poll_shows_no_names_to_a_plain_participant(client, world):
    meeting, poll = _poll(world, secret=False, publish=False)
    assert not _named_block(_page(client, world.focal_a, meeting))
    assert _api_poll(client, world.focal_a, poll)["votes"] == []
    text = _docx_text(render(minutes_document(meeting, user=world.focal_a, language="vi"), Format.DOCX))
    assert VOTES_BY_NAME not in text
    # Those who run the meeting see the closed result, and with it the names, before publishing.
    assert world.focal_b.display_name in _named_block(_page(client, world.coordinator, meeting))
