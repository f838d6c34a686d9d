"""Saved filters per person and bulk actions on the register's selection, each audited per task."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dxoffice.core.notifications.models import Notification
from dxoffice.planning import services
from dxoffice.planning.models import Task, TaskStatus
from dxoffice.planning.saved_filters import SavedFilter
from dxoffice.planning.selectors import TaskFilters, local_today
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world):
    today = local_today()
    return [
        TaskFactory(
            plan=world.plan,
            pillar=world.pillar,
            lead_unit=world.commune_a,
            code=f"A-{n}",
            status=TaskStatus.IN_PROGRESS,
            start_date=today - timedelta(days=30),
            due_date=today + timedelta(days=5),
        )
        for n in range(2)
    ]


def test_a_saved_filter_belongs_to_its_owner_and_replaces_one_of_the_same_name(world):
    saved = services.saved_filter_save(
        by=world.coordinator, name="Quá hạn", filters=TaskFilters(overdue=True)
    )
    again = services.saved_filter_save(
        by=world.coordinator, name="Quá hạn", filters=TaskFilters(overdue=True, unit="XA-A")
    )
    assert saved.pk == again.pk and again.query == "unit=XA-A&overdue=true"
    with pytest.raises(ValidationError):
        services.saved_filter_save(by=world.coordinator, name="Trống", filters=TaskFilters())
    with pytest.raises(PermissionDenied):
        services.saved_filter_archive(by=world.leader, saved=again)


def test_saved_filters_through_the_register(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("planning:saved_filter_save"), {"name": "Xã A", "query": "unit=XA-A"})
    page = client.get(reverse("planning:task_list"))
    assert [s.name for s in page.context["saved_filters"]] == ["Xã A"]
    client.force_login(world.leader)
    assert client.get(reverse("planning:task_list")).context["saved_filters"] == []
    saved = SavedFilter.objects.get()
    assert client.post(reverse("planning:saved_filter_remove", args=[saved.pk])).status_code == 404


def test_bulk_move_deadline_audits_each_task_with_the_reason(world, tasks):
    new_due = local_today() + timedelta(days=45)
    services.tasks_move_deadline(
        by=world.coordinator, tasks=tasks, due_date=new_due, reason="Theo chỉ đạo BCĐ"
    )
    for task in tasks:
        task.refresh_from_db()
        record = task.history.first()
        assert task.due_date == new_due
        assert (
            record.history_event == "task.deadline_moved"
            and record.history_change_reason == "Theo chỉ đạo BCĐ"
        )


def test_bulk_actions_are_all_or_nothing(world, tasks):
    other = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b, code="B-1")
    with pytest.raises(PermissionDenied):
        services.tasks_move_deadline(by=world.focal_a, tasks=tasks, due_date=date(2026, 12, 30), reason="x")
    with pytest.raises(ValidationError):
        services.tasks_move_deadline(
            by=world.coordinator, tasks=tasks, due_date=date(2026, 12, 30), reason=""
        )
    done = TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, status=TaskStatus.COMPLETED
    )
    before = {t.pk: t.due_date for t in Task.objects.all()}
    with pytest.raises(ValidationError):
        services.tasks_move_deadline(
            by=world.coordinator, tasks=[*tasks, done], due_date=local_today() + timedelta(days=9), reason="x"
        )
    assert {t.pk: t.due_date for t in Task.objects.all()} == before
    assert other.pk in before


def test_bulk_remind_tells_the_lead_units_and_keeps_it_in_history(world, tasks):
    assert services.tasks_remind(by=world.coordinator, tasks=tasks, message="Đề nghị cập nhật tiến độ") == 2
    assert Notification.objects.filter(recipient=world.focal_a, kind="task.reminded").count() == 2
    assert tasks[0].history.first().history_event == "task.reminded"


def test_bulk_reassign_through_the_register(client, world, tasks):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("planning:task_bulk"),
        {
            "action": "reassign",
            "task": [t.pk for t in tasks],
            "lead_unit": world.commune_b.code,
            "query": "q=A",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?q=A")
    assert set(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("lead_unit", flat=True)) == {
        world.commune_b.pk
    }
    client.force_login(world.focal_b)
    hidden = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    assert (
        client.post(reverse("planning:task_bulk"), {"action": "remind", "task": [hidden.pk]}).status_code
        == 404
    )


def test_the_directives_own_document_is_attached_by_an_administrator(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dxoffice.planning.tests.factories import DirectiveFactory

    directive = DirectiveFactory(number="57-NQ/TW")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    client.force_login(world.coordinator)
    refused = client.post(
        reverse("planning:directive_document_upload", args=[directive.pk]),
        {"file": SimpleUploadedFile("nq57.pdf", pdf, content_type="application/pdf")},
    )
    assert refused.status_code == 403
    client.force_login(world.admin)
    client.post(
        reverse("planning:directive_document_upload", args=[directive.pk]),
        {"file": SimpleUploadedFile("nq57.pdf", pdf, content_type="application/pdf")},
    )
    client.force_login(world.viewer)
    page = client.get(reverse("planning:directive_list"))
    documents = page.context["directives"][0].documents
    assert [f.original_name for f in documents] == ["nq57.pdf"]
    assert client.get(reverse("core:attachment_download", args=[documents[0].pk])).status_code == 200
