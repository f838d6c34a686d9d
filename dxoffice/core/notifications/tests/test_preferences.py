"""E-mail per the person's choice for each kind: at once, in the daily digest, or not at all."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.core.notifications.models import EmailMode, Notification, NotificationPreference
from dxoffice.core.notifications.selectors import preferences_of
from dxoffice.core.notifications.services import notify, preferences_save, send_digests

DAY = date(2026, 5, 15)


def tell(people, kind, *recipients, title="Hello"):
    return notify(kind=kind, recipients=list(recipients), title=title, url="/units/", by=people.actor)


def test_immediate_sends_one_message_right_after_commit(people, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(people, "test.urgent", people.anna, title="Act now")

    (envelope,) = recorded
    assert envelope.recipient == people.anna and not envelope.digest
    assert envelope.subject == "[dxoffice] Act now"
    assert (
        "https://dx.example/units/" in envelope.text and 'href="https://dx.example/units/"' in envelope.html
    )
    assert Notification.objects.get().emailed_at is not None
    # Already e-mailed: the digest leaves it out.
    assert send_digests(DAY).sent == 0


def test_nothing_goes_out_before_the_transaction_commits(
    people, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tell(people, "test.urgent", people.anna)
    assert recorded == [] and len(callbacks) == 1


def test_digest_choice_waits_for_the_daily_digest(people, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(people, "test.daily", people.anna, title="First")
        tell(people, "test.daily", people.anna, title="Second")
    assert recorded == []

    run = send_digests(DAY)

    (envelope,) = recorded
    assert envelope.digest and run.sent == 1 and run.items == 2
    assert "First" in envelope.text and "Second" in envelope.text


def test_off_sends_no_email_but_keeps_the_bell(people, recorded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(people, "test.quiet", people.anna)
    send_digests(DAY)
    assert recorded == []
    assert Notification.objects.get().email_mode == EmailMode.OFF


def test_the_persons_choice_overrides_the_kinds_default(people, recorded, django_capture_on_commit_callbacks):
    preferences_save(
        by=people.anna, user=people.anna, choices={"test.urgent": "off", "test.quiet": "immediate"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        tell(people, "test.urgent", people.anna, people.binh)
        tell(people, "test.quiet", people.anna, people.binh)

    assert sorted((e.recipient.username, e.subject) for e in recorded) == [
        ("anna", "[dxoffice] Hello"),  # test.quiet, which she wants at once
        ("binh", "[dxoffice] Hello"),  # test.urgent, by default
    ]
    rows = {row.kind.code: (row.email, row.is_default) for row in preferences_of(people.anna)}
    assert rows["test.urgent"] == ("off", False) and rows["test.daily"] == ("digest", True)


def test_a_failed_immediate_email_falls_back_to_the_digest(
    people, recorded, monkeypatch, django_capture_on_commit_callbacks
):
    from dxoffice.core.notifications.channels import RecordingChannel

    def broken(self, envelope):
        raise ConnectionRefusedError("gateway down")

    with monkeypatch.context() as patch:
        patch.setattr(RecordingChannel, "send", broken)
        with django_capture_on_commit_callbacks(execute=True):
            tell(people, "test.urgent", people.anna)
    assert Notification.objects.get().email_mode == EmailMode.DIGEST

    assert send_digests(DAY).sent == 1 and len(recorded) == 1


def test_people_choose_for_themselves_only_and_valid_choices(people):
    with pytest.raises(PermissionDenied):
        preferences_save(by=people.actor, user=people.anna, choices={"test.daily": "off"})
    with pytest.raises(ValidationError) as bad:
        preferences_save(by=people.anna, user=people.anna, choices={"test.daily": "hourly", "nope": "off"})
    assert set(bad.value.message_dict) == {"test.daily", "kind"}
    assert not NotificationPreference.objects.exists()


def test_changing_a_choice_is_audited(people):
    preferences_save(by=people.anna, user=people.anna, choices={"test.daily": "off"})
    preferences_save(by=people.anna, user=people.anna, choices={"test.daily": "immediate"})
    preferences_save(by=people.anna, user=people.anna, choices={"test.daily": "immediate"})  # no change

    preference = NotificationPreference.objects.get(user=people.anna)
    history = list(preference.history.order_by("history_id"))
    assert [h.email for h in history] == ["off", "immediate"]
    assert {h.history_user for h in history} == {people.anna}
    assert {h.history_event for h in history} == {"notification.preference_changed"}


def test_preferences_page_lists_kinds_and_saves(client, people):
    client.force_login(people.anna)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert b"Urgent things" in page.content and b'name="test.daily"' in page.content

    response = client.post("/notifications/preferences/", {"test.daily": "off", "test.urgent": "digest"})
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=people.anna).values_list("kind", "email"))
    assert saved == {"test.daily": "off", "test.urgent": "digest"}  # the rest follow their defaults

    bad = client.post("/notifications/preferences/", {"test.daily": "weekly"}, follow=True)
    assert bad.status_code == 200
    assert NotificationPreference.objects.get(user=people.anna, kind="test.daily").email == "off"
