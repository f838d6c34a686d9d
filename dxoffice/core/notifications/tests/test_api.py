"""GET /api/v1/notifications and POST /api/v1/notifications/{id}/read: the caller's own only."""

from dxoffice.core.notifications.services import notify


def tell(people, recipient, title="Hello"):
    (notification,) = notify(
        kind="test.daily", recipients=[recipient], title=title, url="/units/", by=people.actor
    )
    return notification


def test_list_own_notifications_and_filter_unread(client, people):
    read = tell(people, people.anna, title="Seen")
    tell(people, people.anna, title="New")
    tell(people, people.binh, title="Not hers")
    read.read_at = read.created_at
    read.save()
    client.force_login(people.anna)

    data = client.get("/api/v1/notifications").json()
    assert data["count"] == 2 and [item["title"] for item in data["items"]] == ["New", "Seen"]
    item = data["items"][0]
    assert item["kind"] == "test.daily" and item["kind_label"] == "Daily things"
    assert item["url"] == "https://dx.example/units/" and item["is_read"] is False

    unread = client.get("/api/v1/notifications?unread=true").json()
    assert [item["title"] for item in unread["items"]] == ["New"]


def test_mark_read(client, people):
    notification = tell(people, people.anna)
    client.force_login(people.anna)

    response = client.post(f"/api/v1/notifications/{notification.pk}/read")

    assert response.status_code == 200 and response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_404(client, people):
    notification = tell(people, people.binh)
    client.force_login(people.anna)

    assert client.post(f"/api/v1/notifications/{notification.pk}/read").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_id_out_of_range_is_refused_by_the_schema(client, people):
    client.force_login(people.anna)
    assert client.post(f"/api/v1/notifications/{2**70}/read").status_code == 422


def test_unauthenticated_is_401(client, people):
    assert client.get("/api/v1/notifications").status_code == 401


def test_schema_names_the_operations_and_tag(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/notifications"]["get"]
    reading = schema["paths"]["/api/v1/notifications/{notification_id}/read"]["post"]
    assert (listing["operationId"], reading["operationId"]) == ("notification_list", "notification_read")
    assert listing["tags"] == reading["tags"] == ["notifications"]
    assert {"401", "422"} <= set(listing["responses"]) and {"401", "404"} <= set(reading["responses"])
