"""Files a kind's e-mails carry (a meeting's .ics), and e-mails to guests who have no account."""

from datetime import date

import pytest
from django.core import mail

from dxoffice.core.notifications.channels import Attachment, EmailChannel, Envelope
from dxoffice.core.notifications.models import Notification
from dxoffice.core.notifications.services import Guest, notify, notify_guests, send_digests
from dxoffice.core.registry import NotificationKind, registry

DAY = date(2026, 5, 15)
CALLS: list[object] = []


def invitation_files(target):
    CALLS.append(target)
    return [Attachment(f"unit-{target.code}.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")]


def broken_files(target):
    raise RuntimeError("the calendar could not be built")


@pytest.fixture(autouse=True)
def kinds_with_files(monkeypatch):
    CALLS.clear()
    for kind in [
        NotificationKind(
            "test.invite", "Invitations", default_email="immediate", attachments=invitation_files
        ),
        NotificationKind(
            "test.invite_daily",
            "Invitations (digest)",
            default_email="digest",
            attachments=f"{__name__}.invitation_files",  # a dotted path works too
        ),
        NotificationKind("test.broken", "Broken", default_email="immediate", attachments=broken_files),
    ]:
        monkeypatch.setitem(registry._notifications, kind.code, kind)


def test_an_immediate_email_carries_the_kinds_files_for_its_target(
    people, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind="test.invite", recipients=[people.anna], title="Meet", target=people.commune, by=people.actor
        )

    (envelope,) = recorded
    assert [(a.filename, a.mimetype) for a in envelope.attachments] == [("unit-C.ics", "text/calendar")]
    assert envelope.attachments[0].content.startswith(b"BEGIN:VCALENDAR")


def test_a_digest_carries_each_file_once(people, recorded):
    for title in ("First notice", "Second notice"):
        notify(
            kind="test.invite_daily",
            recipients=[people.binh],
            title=title,
            target=people.commune,
            by=people.actor,
        )
    notify(
        kind="test.daily", recipients=[people.binh], title="No file", target=people.commune, by=people.actor
    )

    assert send_digests(DAY).sent == 1
    (envelope,) = recorded
    assert envelope.digest and [a.filename for a in envelope.attachments] == ["unit-C.ics"]
    assert len(CALLS) == 2  # the kind without files never asked for any


def test_a_kind_whose_files_fail_still_sends_the_email(people, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            kind="test.broken", recipients=[people.anna], title="Meet", target=people.commune, by=people.actor
        )

    (envelope,) = recorded
    assert envelope.subject == "[dxoffice] Meet" and envelope.attachments == ()
    assert Notification.objects.get().emailed_at is not None


def test_the_email_channel_attaches_the_files(people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    envelope = Envelope(
        people.anna,
        "Subject",
        "Text",
        attachments=(Attachment("meeting.ics", b"BEGIN:VCALENDAR", "text/calendar"),),
    )
    EmailChannel().send(envelope)
    (message,) = mail.outbox
    assert message.to == [people.anna.email]
    assert message.attachments[0][0] == "meeting.ics" and message.attachments[0][2] == "text/calendar"


def test_guests_get_one_email_each_in_their_language_after_commit(
    people, recorded, django_capture_on_commit_callbacks
):
    guests = [
        Guest("guest@example.vn", "Trần Văn Khách", "vi"),
        Guest("GUEST@example.vn", "Same address again"),  # the same person, once
        Guest("visitor@example.com", "Visitor", "en"),
        Guest("  ", "No address"),
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = notify_guests(
            kind="test.invite",
            guests=guests,
            title="Steering committee",
            body="Room 2",
            url="/meetings/1/",
            target=people.commune,
            by=people.actor,
            dedupe_key="invite:1",
        )
        assert queued == 2 and recorded == []  # nothing before commit
    assert len(callbacks) == 1

    by_address = {envelope.address: envelope for envelope in recorded}
    assert sorted(by_address) == ["guest@example.vn", "visitor@example.com"]
    vietnamese, english = by_address["guest@example.vn"], by_address["visitor@example.com"]
    assert vietnamese.recipient is None and vietnamese.to == "guest@example.vn"
    assert "Trần Văn Khách" in vietnamese.text and "Kính gửi" in vietnamese.text
    assert "Hello Visitor" in english.text and "https://dx.example/meetings/1/" in english.text
    assert [a.filename for a in english.attachments] == ["unit-C.ics"]
    assert Notification.objects.count() == 0  # a guest has no bell


def test_guests_are_not_emailed_twice_for_the_same_key(people, recorded, django_capture_on_commit_callbacks):
    def send(key):
        with django_capture_on_commit_callbacks(execute=True):
            return notify_guests(
                kind="test.invite",
                guests=[Guest("guest@example.vn")],
                title="Meet",
                by=people.actor,
                dedupe_key=key,
            )

    assert (send("invite:1"), send("invite:1"), send("invite:2")) == (1, 0, 1)
    assert len(recorded) == 2


def test_notify_guests_refuses_an_unknown_kind_or_no_key(people):
    with pytest.raises(ValueError, match="not registered"):
        notify_guests(kind="test.none", guests=[], title="x", by=people.actor, dedupe_key="k")
    with pytest.raises(ValueError, match="dedupe_key"):
        notify_guests(kind="test.invite", guests=[], title="x", by=people.actor, dedupe_key="")
