"""Completion dates and resuming: a task is not completed before it started (which would count
as on time), and a task the coordinator paused is resumed by the coordinator, with a reason."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.planning import services
from dxoffice.planning.models import TaskStatus
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def evidence():
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")


def test_completion_cannot_be_backdated_before_the_start(world):
    task = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, start_date=date(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.task_change_status(
            by=world.focal_a,
            task=task,
            status=TaskStatus.COMPLETED,
            evidence=[evidence()],
            completed_on=date(2026, 5, 31),
        )
    assert "completed_on" in refused.value.message_dict
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED and task.completed_on is None
    services.task_change_status(
        by=world.focal_a,
        task=task,
        status=TaskStatus.COMPLETED,
        evidence=[evidence()],
        completed_on=date(2026, 6, 1),
    )


def test_a_focal_point_cannot_resume_a_paused_task(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.PAUSED, reason="Chờ vốn")
    assert TaskStatus.IN_PROGRESS not in services.allowed_transitions(world.focal_a, task)
    with pytest.raises(PermissionDenied):
        services.task_change_status(by=world.focal_a, task=task, status=TaskStatus.IN_PROGRESS)


def test_resuming_needs_a_reason(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.PAUSED, reason="Chờ vốn")
    with pytest.raises(ValidationError) as refused:
        services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.IN_PROGRESS)
    assert "reason" in refused.value.message_dict
    services.task_change_status(
        by=world.coordinator, task=task, status=TaskStatus.IN_PROGRESS, reason="Đã có vốn"
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.status_note == "Đã có vốn"
