"""Daily reminders: a session tomorrow to those enrolled, a certificate about to expire to its holder
and their unit's focal point, each once."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from dxoffice.core.notifications.models import Notification
from dxoffice.training import services
from dxoffice.training.models import ClassSession, CompletionSource
from dxoffice.training.reminders import class_reminders, expiry_reminders
from dxoffice.training.tests.factories import ClassFactory, LearnerFactory, UserFactory, learner_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)


def test_a_session_tomorrow_is_announced_once_to_the_enrolled(world, catalogue):
    course_class = ClassFactory(course=catalogue.basic, unit=world.province, capacity=1)
    start = timezone.make_aware(datetime(2026, 11, 11, 8, 0))
    ClassSession.objects.create(
        course_class=course_class, starts_at=start, ends_at=start + timedelta(hours=3)
    )
    enrolled = learner_for(UserFactory(unit=world.commune_a), world.commune_a)
    waiting = learner_for(UserFactory(unit=world.commune_a), world.commune_a)
    for learner in (enrolled, waiting):
        services.enrol(by=world.admin, course_class=course_class, learner=learner)
    assert class_reminders(TODAY) == 1
    assert class_reminders(TODAY) == 0
    assert Notification.objects.filter(kind="training.class_reminder", recipient=enrolled.user).exists()
    assert not Notification.objects.filter(kind="training.class_reminder", recipient=waiting.user).exists()
    assert class_reminders(TODAY + timedelta(days=3)) == 0


def test_an_expiring_certificate_reminds_the_holder_and_the_focal_point(world, catalogue):
    catalogue.basic.certificate_months = 12
    catalogue.basic.save()
    holder = learner_for(UserFactory(unit=world.commune_a), world.commune_a)
    services.completion_record(
        by=world.admin,
        learner=holder,
        course=catalogue.basic,
        completed_on=date(2025, 12, 1),
        source=CompletionSource.EXTERNAL,
    )
    fresh = LearnerFactory(unit=world.commune_b)
    services.completion_record(
        by=world.admin,
        learner=fresh,
        course=catalogue.basic,
        completed_on=date(2026, 6, 1),
        source=CompletionSource.EXTERNAL,
    )
    assert expiry_reminders(TODAY) == 2
    people = set(
        Notification.objects.filter(kind="training.certificate_expiring").values_list(
            "recipient__username", flat=True
        )
    )
    assert people == {holder.user.username, world.focal_a.username}
    assert expiry_reminders(TODAY) == 0


def test_my_work_lists_sessions_this_week_and_required_courses_left(world, catalogue):
    from dxoffice.training.work import learning_due

    course_class = ClassFactory(
        course=catalogue.basic, unit=world.province, starts_on=date(2026, 11, 12), ends_on=date(2026, 11, 12)
    )
    start = timezone.make_aware(datetime(2026, 11, 12, 8, 0))
    ClassSession.objects.create(
        course_class=course_class, starts_at=start, ends_at=start + timedelta(hours=3)
    )
    user = UserFactory(unit=world.commune_a)
    learner = learner_for(user, world.commune_a)
    services.enrol(by=world.admin, course_class=course_class, learner=learner)
    items = list(learning_due(user, TODAY))
    assert [(i.kind, i.due) for i in items] == [
        ("training.session", date(2026, 11, 12)),
        ("training.required", date(2026, 12, 31)),
    ]
    services.completion_record(
        by=world.admin,
        learner=learner,
        course=catalogue.basic,
        completed_on=TODAY,
        source=CompletionSource.EXTERNAL,
    )
    assert [i.kind for i in learning_due(user, TODAY)] == ["training.session"]
    assert list(learning_due(world.viewer, TODAY)) == []


def test_the_home_page_lists_the_learners_required_course_left(client, world, catalogue):
    from django.urls import reverse

    from dxoffice.training.tests.factories import RequirementFactory

    year = timezone.localdate().year
    if year != 2026:
        RequirementFactory(course=catalogue.basic, year=year, position_level="commune_official")
    user = UserFactory(unit=world.commune_a)
    learner_for(user, world.commune_a)
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    work = page.split('data-testid="my-work"', 1)[1]
    assert catalogue.basic.display_title in work
    assert reverse("training:course_detail", args=[catalogue.basic.pk]) in work


def test_the_project_daily_run_sends_the_class_reminders(world, catalogue):
    from dxoffice.core.daily import run_daily_jobs
    from dxoffice.core.registry import registry

    course_class = ClassFactory(course=catalogue.basic, unit=world.province, capacity=5)
    start = timezone.make_aware(datetime(2026, 11, 11, 8, 0))
    ClassSession.objects.create(course_class=course_class, starts_at=start, ends_at=start + timedelta(hours=3))
    enrolled = learner_for(UserFactory(unit=world.commune_a), world.commune_a)
    services.enrol(by=world.admin, course_class=course_class, learner=enrolled)

    (result,) = run_daily_jobs(TODAY, [job for job in registry.daily_jobs() if job.code == "training.daily"])
    assert not result.failed and result.summary.startswith("1 class reminder(s)")
    assert Notification.objects.filter(kind="training.class_reminder", recipient=enrolled.user).count() == 1
