"""The bell, the list, opening one (marks it read and follows its link), marking all read; nobody
reads another person's notifications."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxoffice.core.notifications.models import Notification
from dxoffice.core.notifications.selectors import unread_count
from dxoffice.core.notifications.services import notify


def tell(people, recipient, title="Hello", url="/units/"):
    (notification,) = notify(kind="test.daily", recipients=[recipient], title=title, url=url, by=people.actor)
    return notification


def test_the_bell_shows_the_unread_count_with_one_query(client, people):
    for index in range(3):
        tell(people, people.anna, title=f"N{index}")
    tell(people, people.binh)
    client.force_login(people.anna)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/units/")
    html = page.content.decode()
    assert 'data-testid="bell"' in html
    assert 'data-testid="bell-count">3<' in html
    counting = [q["sql"] for q in queries.captured_queries if '"notifications_notification"' in q["sql"]]
    assert len(counting) == 1 and "COUNT(" in counting[0]


def test_no_badge_when_everything_is_read(client, people):
    client.force_login(people.anna)
    html = client.get("/units/").content.decode()
    assert 'data-testid="bell"' in html and "bell-count" not in html


def test_list_shows_own_notifications_newest_first_and_filters_unread(client, people):
    old = tell(people, people.anna, title="Older one")
    tell(people, people.anna, title="Newer one")
    tell(people, people.binh, title="Binh's own")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    client.force_login(people.anna)

    everything = client.get("/notifications/").content.decode()
    assert everything.index("Newer one") < everything.index("Older one")
    assert "Binh's own" not in everything
    assert everything.count('data-unread="1"') == 1

    unread = client.get("/notifications/?show=unread").content.decode()
    assert "Newer one" in unread and "Older one" not in unread


def test_list_is_paginated(client, people):
    for index in range(30):
        tell(people, people.anna, title=f"Item {index:02d}")
    client.force_login(people.anna)
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    assert "Item 29" in first and "Item 04" not in first
    assert "Item 04" in second and "Item 29" not in second


def test_opening_marks_read_and_follows_the_link(client, people):
    notification = tell(people, people.anna, url="/units/?kind=commune")
    client.force_login(people.anna)

    response = client.get(f"/notifications/{notification.pk}/")

    assert response.status_code == 302 and response["Location"] == "/units/?kind=commune"
    notification.refresh_from_db()
    assert notification.is_read
    assert unread_count(people.anna) == 0


def test_a_link_to_another_site_is_not_followed(client, people):
    notification = tell(people, people.anna, url="https://evil.example/")
    client.force_login(people.anna)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response["Location"] == "/notifications/"


def test_nobody_opens_another_persons_notification(client, people):
    notification = tell(people, people.binh)
    client.force_login(people.anna)

    assert client.get(f"/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_mark_all_read_touches_only_ones_own(client, people):
    tell(people, people.anna)
    tell(people, people.anna)
    tell(people, people.binh)
    client.force_login(people.anna)

    assert client.get("/notifications/read-all/").status_code == 405
    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert unread_count(people.anna) == 0 and unread_count(people.binh) == 1


def test_pages_need_a_login(client, people):
    notification = tell(people, people.anna)
    for url in ("/notifications/", f"/notifications/{notification.pk}/", "/notifications/preferences/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
