"""A paperless meeting in two browsers over the live channel: the chair opens a poll, a member votes
on a phone, both see the result; the secretary records a conclusion that becomes a task.

The pages run against the real ASGI application (HTTP and WebSocket) served in a thread."""

import socket
import threading
import time

import pytest
from django.test import Client

from dxoffice.meetings import services
from dxoffice.meetings.models import Meeting
from dxoffice.meetings.tests.factories import running_meeting
from dxoffice.planning import selectors as planning_selectors

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def asgi_url():
    import uvicorn
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from dxoffice.asgi import application, django_asgi_app

    static = ASGIStaticFilesHandler(django_asgi_app)

    async def app(scope, receive, send):
        handler = static if scope["type"] == "http" else application
        await handler(scope, receive, send)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _sign_in(context, base_url, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def _in_a_thread(work):
    """Run writes outside this thread, where the browser driver keeps an event loop running (the
    services broadcast after commit through async_to_sync)."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()))
    thread.start()
    thread.join(timeout=60)
    return result["value"]


def test_the_chair_opens_a_poll_a_member_votes_on_a_phone_and_both_see_the_result(asgi_url, world, chromium):
    def prepare():
        meeting, _rows = running_meeting(world, [world.focal_a])
        item = services.item_save(by=world.coordinator, meeting=meeting, title="Kế hoạch hạ tầng dữ liệu")
        services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
        poll = services.poll_create(
            by=world.coordinator, meeting=meeting, item=item, question="Thông qua kế hoạch?"
        )
        return meeting, item, poll

    meeting, item, poll = _in_a_thread(prepare)

    chair_context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    phone_context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    _sign_in(chair_context, asgi_url, world.leader)
    _sign_in(phone_context, asgi_url, world.focal_a)
    chair, phone = chair_context.new_page(), phone_context.new_page()
    for page in (chair, phone):
        page.set_default_timeout(15000)

    phone.goto(f"{asgi_url}/meetings/{meeting.pk}/live/")
    phone.wait_for_selector('#live-link[data-state="connected"]', timeout=30000)
    assert "Kế hoạch hạ tầng dữ liệu" in phone.inner_text("#live-item")

    chair.goto(f"{asgi_url}/meetings/{meeting.pk}/")
    chair.click('[data-testid="poll-open"]')
    phone.wait_for_selector('#live-poll button[data-choice="0"]')  # the poll reached the phone live
    phone.click('#live-poll button[data-choice="0"]')
    phone.wait_for_selector('[data-testid="voted"]')
    assert "Mã xác nhận" in phone.inner_text("#live-notice")

    chair.click('[data-testid="poll-close"]')
    chair.click('[data-testid="poll-publish"]')
    phone.wait_for_selector('[data-testid="live-verdict"]')
    assert "Thông qua" in phone.inner_text('[data-testid="live-verdict"]')
    assert "1" in chair.inner_text('[data-testid="poll-result"]')
    projector = chair_context.new_page()
    projector.goto(f"{asgi_url}/meetings/{meeting.pk}/projector/")
    projector.wait_for_selector('[data-testid="live-verdict"]')
    assert poll.votes.count() == 1

    # The secretary records a conclusion on the item and makes it a follow-up task.
    secretary_context = chromium.new_context(viewport={"width": 1366, "height": 900})
    _sign_in(secretary_context, asgi_url, world.coordinator)
    secretary = secretary_context.new_page()
    secretary.goto(f"{asgi_url}/meetings/{meeting.pk}/#item-{item.pk}")
    secretary.fill(f"#concl-{item.pk}", "Giao Sở KH&CN hoàn thiện kế hoạch trước ngày 31/12.")
    secretary.click(f'#item-{item.pk} [data-testid="conclusion-save"]')
    secretary.click('[data-testid="assign-task"]')
    secretary.select_option('[data-testid="follow-up-lead_unit"]', str(world.department.pk))
    secretary.fill('[data-testid="follow-up-due_date"]', "2026-12-31")
    secretary.click('[data-testid="follow-up-save"]')
    secretary.wait_for_selector('[data-testid="follow-up-tracking"]')
    conclusion = Meeting.objects.get(pk=meeting.pk).conclusions.get()
    tasks = list(planning_selectors.tasks_of_origin(world.coordinator, conclusion))
    assert [t.lead_unit for t in tasks] == [world.department]
    for context in (chair_context, phone_context, secretary_context):
        context.close()


def test_the_secretary_reorders_the_speakers_and_a_member_withdraws_on_a_phone(asgi_url, world, chromium):
    def prepare():
        meeting, _rows = running_meeting(world, [world.focal_a, world.focal_b])
        item = services.item_save(by=world.coordinator, meeting=meeting, title="Chuyển đổi số cấp xã")
        services.current_item_set(by=world.coordinator, meeting=meeting, item_id=item.pk)
        first = services.speak_request(by=world.focal_a, meeting=meeting)
        second = services.speak_request(by=world.focal_b, meeting=meeting)
        return meeting, first, second

    meeting, first, second = _in_a_thread(prepare)
    desk = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    phone_context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    _sign_in(desk, asgi_url, world.coordinator)
    _sign_in(phone_context, asgi_url, world.focal_a)
    secretary, phone = desk.new_page(), phone_context.new_page()
    for page in (secretary, phone):
        page.set_default_timeout(15000)
        page.goto(f"{asgi_url}/meetings/{meeting.pk}/live/")
        page.wait_for_selector('#live-link[data-state="connected"]', timeout=30000)

    def names(page):
        return [row.inner_text().split("\n")[0] for row in page.query_selector_all("#live-speakers li")]

    assert names(secretary)[:2] == [world.focal_a.display_name, world.focal_b.display_name]
    assert phone.query_selector("[data-move]") is None  # a member does not reorder
    secretary.click(f'#live-speakers li[data-speaker="{second.pk}"] [data-move="up"]')
    phone.wait_for_function(f"document.querySelector('#live-speakers li')?.dataset.speaker === '{second.pk}'")
    assert names(secretary)[:2] == [world.focal_b.display_name, world.focal_a.display_name]
    # The keyboard's focus stays on the one moved.
    assert secretary.evaluate("document.activeElement.closest('li')?.dataset.speaker") == str(second.pk)

    # The member withdraws their own request from the phone; only theirs offers the button.
    assert len(phone.query_selector_all('[data-testid="withdraw"]')) == 1
    phone.click(f'#live-speakers li[data-speaker="{first.pk}"] [data-testid="withdraw"]')
    secretary.wait_for_function(f"!document.querySelector('#live-speakers li[data-speaker=\"{first.pk}\"]')")
    first.refresh_from_db()
    assert first.state == "done"


def test_a_dropped_link_reconnects_and_catches_up_without_a_reload(asgi_url, world, chromium):
    """The live page's WebSocket is cut; while it is down the chair moves the room to the next item;
    the page reconnects by itself and shows the new item, with no reload."""
    import re

    def prepare():
        meeting, _rows = running_meeting(world, [world.focal_a])
        first = services.item_save(by=world.coordinator, meeting=meeting, title="Khai mạc phiên họp")
        second = services.item_save(by=world.coordinator, meeting=meeting, title="Hạ tầng dữ liệu tỉnh")
        services.current_item_set(by=world.coordinator, meeting=meeting, item_id=first.pk)
        return meeting, second

    meeting, second = _in_a_thread(prepare)
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    _sign_in(context, asgi_url, world.focal_a)
    page = context.new_page()
    page.set_default_timeout(20000)
    links, moved, down = [], [], []

    def through(route):  # the page's connections go to the server, unless the link is down
        if down:
            route.close(code=1001, reason="no link")
            return
        links.append((route, route.connect_to_server(), bool(moved)))

    page.route_web_socket(re.compile(r".*/ws/meetings/.*"), through)
    loads = []
    page.on("load", lambda _page: loads.append(1))
    page.goto(f"{asgi_url}/meetings/{meeting.pk}/live/")
    page.wait_for_selector('#live-link[data-state="connected"]', timeout=30000)
    assert "Khai mạc phiên họp" in page.inner_text("#live-item")
    page.evaluate("window.__sameDocument = true")

    route, server, _moved = links[-1]
    down.append(True)
    server.close()
    route.close(code=1001, reason="link dropped")
    page.wait_for_selector('#live-link[data-state="reconnecting"]')
    # While the link is down (the page keeps trying), the room moves on.
    _in_a_thread(lambda: services.current_item_set(by=world.coordinator, meeting=meeting, item_id=second.pk))
    moved.append(True)
    down.clear()  # the link is back: the page's next try reaches the server
    page.wait_for_function("document.querySelector('#live-item').innerText.includes('Hạ tầng dữ liệu tỉnh')")
    page.wait_for_selector('#live-link[data-state="connected"]')
    assert len(links) == 2 and links[1][2]  # one new connection, opened after the room moved on
    assert page.evaluate("window.__sameDocument") is True and loads == [1]  # no reload
    context.close()
