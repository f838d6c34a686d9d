"""The daily digest: one message per person per day with their digest notifications not yet
e-mailed, in their language; re-running sends nothing twice; a failed send is retried."""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy

from dxoffice.core.notifications.channels import RecordingChannel
from dxoffice.core.notifications.models import DigestLog, Notification
from dxoffice.core.notifications.services import notify, send_digests

DAY = date(2026, 5, 15)


def tell(people, *recipients, title="Something", kind="test.daily", key=""):
    return notify(
        kind=kind, recipients=list(recipients), title=title, url="/units/", by=people.actor, dedupe_key=key
    )


def test_one_digest_per_person_grouped_by_kind(people, recorded):
    tell(people, people.anna, title="Daily one")
    tell(people, people.anna, title="Daily two")
    tell(people, people.anna, people.binh, title="Urgent one", kind="test.urgent")  # e-mailed at once instead
    tell(people, people.binh, title="For Binh")

    run = send_digests(DAY)

    assert run.sent == 2 and run.items == 3
    by_person = {envelope.recipient.username: envelope for envelope in recorded}
    anna = by_person["anna"]
    assert anna.subject == "[dxoffice] 2 notifications for 15 May 2026"
    assert anna.text.startswith("Hello ")
    assert "== Daily things (2) ==" in anna.text
    assert anna.text.index("Daily one") < anna.text.index("Daily two")
    assert "Urgent one" not in anna.text and "For Binh" not in anna.text
    assert "https://dx.example/units/" in anna.text
    assert 'data-kind="test.daily"' in anna.html and '<html lang="en">' in anna.html
    # Binh reads Vietnamese.
    assert by_person["binh"].subject.endswith("15/05/2026") and '<html lang="vi">' in by_person["binh"].html
    assert DigestLog.objects.get(user=people.anna, day=DAY).item_count == 2
    assert not Notification.objects.filter(kind="test.daily", emailed_at__isnull=True).exists()


def test_rerun_the_same_day_sends_nothing_twice(people, recorded):
    tell(people, people.anna)
    assert send_digests(DAY).sent == 1
    assert send_digests(DAY).sent == 0
    # Something new the same day waits for tomorrow's digest.
    tell(people, people.anna, title="Later that day")
    again = send_digests(DAY)
    assert again.sent == 0 and again.already_sent == 1
    assert len(recorded) == 1

    tomorrow = send_digests(DAY + timedelta(days=1))
    assert tomorrow.sent == 1 and "Later that day" in recorded[-1].text
    assert send_digests(DAY + timedelta(days=2)).sent == 0


def test_people_without_an_address_are_counted_and_keep_their_items(people, recorded):
    people.anna.email = ""
    people.anna.save()
    tell(people, people.anna)

    run = send_digests(DAY)

    assert run.no_email == 1 and run.sent == 0 and recorded == []
    assert Notification.objects.get().emailed_at is None


def test_dry_run_sends_and_records_nothing(people, recorded):
    tell(people, people.anna)
    run = send_digests(DAY, dry_run=True)
    assert run.sent == 1 and run.digests[0].user == people.anna
    assert recorded == [] and not DigestLog.objects.exists()


def test_a_failed_send_records_nothing_and_is_retried(people, recorded, monkeypatch):
    tell(people, people.anna)

    def broken(self, envelope):
        raise ConnectionRefusedError("SMTP server unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(RecordingChannel, "send", broken)
        run = send_digests(DAY)
    assert run.failed == 1 and run.sent == 0
    assert not DigestLog.objects.exists() and Notification.objects.get().emailed_at is None

    assert send_digests(DAY).sent == 1 and len(recorded) == 1


def test_the_email_channel_sends_through_django_mail(people, settings, mailoutbox):
    settings.DXOFFICE_NOTIFICATION_CHANNELS = ["dxoffice.core.notifications.channels.EmailChannel"]
    tell(people, people.binh, title=gettext_lazy("Overdue tasks"))

    send_digests(DAY)

    (message,) = mailoutbox
    assert message.to == [people.binh.email]
    assert "Nhiệm vụ quá hạn" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html" and "Nhiệm vụ quá hạn" in html
