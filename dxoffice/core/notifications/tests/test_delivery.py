"""How notifications are stored and sent: a fixed number of queries however many people are told,
a clash with a concurrent run, loads that must not e-mail (email_paused), a queue that cannot be
reached, and the digest's horizon."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxoffice.core.models import Role
from dxoffice.core.notifications import tasks
from dxoffice.core.notifications.channels import InAppChannel
from dxoffice.core.notifications.models import EmailMode, Notification
from dxoffice.core.notifications.services import DIGEST_HORIZON_DAYS, email_paused, notify, send_digests
from dxoffice.core.tests.factories import user_with_role

DAY = date(2026, 5, 15)


def crowd(people, count):
    return [
        user_with_role(Role.COORDINATOR, people.province, username=f"coord{index}", language="en")
        for index in range(count)
    ]


def queries_to_tell(people, recipients, kind="test.urgent"):
    with CaptureQueriesContext(connection) as queries:
        created = notify(
            kind=kind, recipients=recipients, title="Province-wide", by=people.actor, dedupe_key="k"
        )
    assert len(created) == len(recipients)
    return len(queries.captured_queries)


def test_telling_many_people_costs_the_same_queries_as_telling_two(people, recorded):
    few = queries_to_tell(people, [people.anna, people.binh])
    many = crowd(people, 40)

    assert queries_to_tell(people, many) == few
    assert Notification.objects.filter(dedupe_key="k").count() == 42


def test_a_clash_with_a_concurrent_run_skips_only_that_person(people):
    (stored,) = notify(
        kind="test.daily", recipients=[people.anna], title="First", by=people.actor, dedupe_key="k"
    )
    clashing = Notification(recipient=people.anna, kind="test.daily", title="Again", dedupe_key="k")
    fresh = Notification(recipient=people.binh, kind="test.daily", title="Again", dedupe_key="k")

    saved = InAppChannel().store([clashing, fresh])

    assert saved == [fresh] and fresh.pk is not None and clashing.pk is None
    assert list(Notification.objects.filter(recipient=people.anna).values_list("pk", flat=True)) == [
        stored.pk
    ]


def test_while_email_is_paused_notifications_are_stored_but_never_mailed(
    people, recorded, django_capture_on_commit_callbacks
):
    with email_paused(), django_capture_on_commit_callbacks(execute=True):
        paused = notify(kind="test.urgent", recipients=[people.anna], title="Loaded", by=people.system)
        paused += notify(kind="test.daily", recipients=[people.binh], title="Loaded", by=people.system)

    assert [n.email_mode for n in paused] == [EmailMode.OFF, EmailMode.OFF]
    assert send_digests(DAY).sent == 0 and recorded == []
    # Afterwards everything goes out as the people chose.
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="test.urgent", recipients=[people.anna], title="Real", by=people.actor)
    assert [envelope.subject for envelope in recorded] == ["[dxoffice] Real"]


def test_when_the_queue_cannot_be_reached_the_digest_carries_the_mail(
    people, recorded, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(ids):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "send_immediate_task", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind="test.urgent", recipients=[people.anna], title="Act now", by=people.actor)

    assert recorded == [] and Notification.objects.get().email_mode == EmailMode.DIGEST
    assert send_digests(DAY).sent == 1 and "Act now" in recorded[0].text


def test_a_digest_carries_only_the_last_days_and_retires_older_items(people, recorded):
    people.anna.email = ""
    people.anna.save()
    (old,) = notify(kind="test.daily", recipients=[people.anna], title="Long ago", by=people.actor)
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=DIGEST_HORIZON_DAYS + 1)
    )
    notify(kind="test.daily", recipients=[people.anna], title="Recent", by=people.actor)

    assert send_digests(DAY).no_email == 1
    old.refresh_from_db()
    assert old.email_mode == EmailMode.OFF and old.read_at is None  # still under the bell

    people.anna.email = "anna@example.org"
    people.anna.save()
    run = send_digests(DAY + timedelta(days=1))
    assert run.items == 1 and "Recent" in recorded[0].text and "Long ago" not in recorded[0].text


def test_anonymous_pages_never_count_notifications(client, db):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/login/").status_code == 200
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
