"""Commitment notices (due soon, late; once per due date), school projects carried by tasks, and
who may open a partners record's files and History page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dxoffice.core.notifications.models import Notification
from dxoffice.core.registry import registry
from dxoffice.partners import services
from dxoffice.partners.reminders import send_commitment_reminders
from dxoffice.partners.tests.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def test_due_soon_and_late_commitments_are_told_once(world, agreement, today):
    CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=3), title="Sắp hạn"
    )
    CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today - timedelta(days=3), title="Trễ"
    )
    CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today + timedelta(days=60))
    CommitmentFactory(
        agreement=agreement, party=world.partner_org, due_date=today - timedelta(days=3), status="met"
    )

    created = send_commitment_reminders(today)

    kinds = sorted(Notification.objects.values_list("kind", "recipient__username"))
    assert kinds == [
        ("partners.commitment_due", "coordinator"),
        ("partners.commitment_due", "partner"),
        ("partners.commitment_late", "coordinator"),
        ("partners.commitment_late", "partner"),
    ]
    assert created == 4
    assert send_commitment_reminders(today) == 0  # the same due date is told once
    out = StringIO()
    call_command("partners_reminders", stdout=out)
    assert out.getvalue().strip() == "0 notifications"
    assert Notification.objects.count() == 4


def test_a_school_project_is_carried_by_a_task_with_the_school_as_partner(world):
    from dxoffice.core.tests.factories import OrgUnitFactory

    school = OrgUnitFactory(code="TRUONG-A", name="Trường Tiểu học A", kind="school")
    project = services.school_project_save(
        by=world.coordinator, school=school, title="Phòng tin học", students_in_it=120, classrooms_equipped=2
    )
    task = services.school_project_task_create(
        by=world.coordinator,
        project=project,
        plan=world.plan,
        code="GD-01",
        pillar=world.pillar,
        lead_unit=world.department,
        is_recurring=True,
    )
    assert task.origin == "partners.school_project" and task.partner == school
    with pytest.raises(ValidationError):
        services.school_project_save(by=world.coordinator, school=world.commune_a, title="Không phải trường")
    with pytest.raises(PermissionDenied):
        services.school_project_save(by=world.partner, school=school, title="x")


def test_partners_records_are_visible_to_those_in_scope_only(world, agreement, today, client):
    commitment = CommitmentFactory(agreement=agreement, party=world.partner_org, due_date=today)
    assert registry.is_visible(world.partner, commitment)
    assert registry.is_visible(world.leader, agreement)
    assert not registry.is_visible(world.focal_a, commitment)
    client.force_login(world.partner)
    assert client.get(f"/history/partners.commitment/{commitment.pk}/").status_code == 200
    client.force_login(world.focal_a)
    assert client.get(f"/history/partners.commitment/{commitment.pk}/").status_code == 404
