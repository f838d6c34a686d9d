"""Planning announces what others may react to, after the write commits and never inside it."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from dxoffice.planning import services, signals
from dxoffice.planning.models import ReportStatus, TaskStatus
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard():
    received: list[tuple[str, dict]] = []
    connected = []
    for name in (
        "task_created",
        "task_assigned",
        "task_completed",
        "report_submitted",
        "report_accepted",
        "report_returned",
    ):
        signal = getattr(signals, name)

        def receiver(sender, name=name, **kwargs):
            received.append((name, kwargs))

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
    yield received
    for signal, receiver in connected:
        signal.disconnect(receiver)


def _evidence():
    return SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")


def test_creating_and_completing_a_task_is_announced_after_commit(world, heard):
    with transaction.atomic():
        task = services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="S-1",
            title="Nhiệm vụ",
            pillar=world.pillar,
            lead_unit=world.commune_a,
            due_date=date(2026, 12, 31),
        )
        assert heard == []  # nothing is sent inside the transaction
    assert [name for name, _ in heard] == ["task_created", "task_assigned"]
    assert heard[1][1]["units"] == [world.commune_a]

    heard.clear()
    services.task_change_status(
        by=world.focal_a, task=task, status=TaskStatus.COMPLETED, evidence=[_evidence()]
    )
    assert [name for name, _ in heard] == ["task_completed"] and heard[0][1]["task"] == task


def test_nothing_is_announced_when_the_write_rolls_back(world, heard):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.task_change_status(
            by=world.focal_a, task=task, status=TaskStatus.COMPLETED, evidence=[_evidence()]
        )
        raise RuntimeError("a later step fails")
    assert heard == []


def test_review_decisions_are_announced(world, heard):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    first = ReportFactory(
        task=task,
        period="2026Q1",
        created_by=world.focal_a,
        submitted_by=world.focal_a,
        status=ReportStatus.SUBMITTED,
    )
    second = ReportFactory(task=task, period="2026Q2", created_by=world.focal_a)
    services.report_accept(by=world.coordinator, report=first)
    services.report_submit(by=world.focal_a, report=second)
    services.report_return(by=world.coordinator, report=second, comment="Bổ sung")
    assert [name for name, _ in heard] == ["report_accepted", "report_submitted", "report_returned"]


def test_changing_the_lead_unit_assigns_the_task_again(world, heard):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    services.task_update(by=world.coordinator, task=task, title="Tên mới")
    assert heard == []
    services.task_update(by=world.coordinator, task=task, lead_unit=world.commune_b)
    assert [(name, kw["units"]) for name, kw in heard] == [("task_assigned", [world.commune_b])]
