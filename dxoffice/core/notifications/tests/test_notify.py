"""notify(): one in-app notification per person, never twice for a key, in the reader's language."""

import pytest
from django.utils.translation import gettext_lazy

from dxoffice.core.notifications.models import Notification
from dxoffice.core.notifications.services import Message, notify


def test_one_notification_per_recipient_with_its_link_and_target(people):
    created = notify(
        kind="test.daily",
        recipients=[people.anna, people.binh, people.anna],
        title="Something happened",
        body="Details",
        url="/units/",
        target=people.commune,
        by=people.actor,
    )

    assert sorted(n.recipient.username for n in created) == ["anna", "binh"]
    stored = Notification.objects.get(recipient=people.anna)
    assert (stored.kind, stored.title, stored.body, stored.url) == (
        "test.daily",
        "Something happened",
        "Details",
        "/units/",
    )
    assert stored.target == people.commune and stored.actor == people.actor
    assert stored.read_at is None and stored.emailed_at is None


def test_the_same_dedupe_key_never_reaches_a_person_twice(people):
    first = notify(
        kind="test.daily", recipients=[people.anna], title="Once", by=people.actor, dedupe_key="k:1"
    )
    again = notify(
        kind="test.daily",
        recipients=[people.anna, people.binh],
        title="Once",
        by=people.actor,
        dedupe_key="k:1",
    )
    other = notify(
        kind="test.daily", recipients=[people.anna], title="Other", by=people.actor, dedupe_key="k:2"
    )

    assert len(first) == 1 and [n.recipient for n in again] == [people.binh] and len(other) == 1
    assert Notification.objects.filter(recipient=people.anna).count() == 2
    assert Notification.objects.filter(dedupe_key="k:1").count() == 2


def test_without_a_key_each_call_notifies(people):
    for _ in range(2):
        notify(kind="test.daily", recipients=[people.anna], title="Again", by=people.actor)
    assert Notification.objects.filter(recipient=people.anna).count() == 2


def test_the_actor_and_inactive_people_are_not_told(people):
    people.binh.is_active = False
    people.binh.save()

    created = notify(
        kind="test.daily", recipients=[people.actor, people.binh, people.anna], title="x", by=people.actor
    )

    assert [n.recipient for n in created] == [people.anna]


def test_texts_are_in_each_recipients_language(people):
    notify(
        kind="test.daily",
        recipients=[people.anna, people.binh],
        title=gettext_lazy("Overdue tasks"),
        body=Message(gettext_lazy("Report for %(period)s submitted."), period="2026Q1"),
        by=people.actor,
    )

    anna = Notification.objects.get(recipient=people.anna)
    binh = Notification.objects.get(recipient=people.binh)
    assert (anna.title, anna.body) == ("Overdue tasks", "Report for 2026Q1 submitted.")
    assert (binh.title, binh.body) == ("Nhiệm vụ quá hạn", "Đã gửi báo cáo kỳ 2026Q1.")


def test_unknown_kind_and_missing_actor_are_refused(people):
    with pytest.raises(ValueError, match="not registered"):
        notify(kind="nobody.registered.this", recipients=[people.anna], title="x", by=people.actor)
    with pytest.raises(ValueError, match="actor"):
        notify(kind="test.daily", recipients=[people.anna], title="x", by=None)
    assert not Notification.objects.exists()


def test_background_work_notifies_as_the_system_actor(people):
    (created,) = notify(kind="test.daily", recipients=[people.anna], title="Nightly", by=people.system)
    assert created.actor == people.system
