"""Audit entries keep an event code apart from the person's own reason; every write names its actor."""

from datetime import date

import pytest
from django.utils import translation

from dxoffice.core.actors import is_system, system_actor
from dxoffice.core.audit import history_of
from dxoffice.core.services import save_audited
from dxoffice.planning import services
from dxoffice.planning.models import ProgressReport, ReportStatus, Task, TaskStatus
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_a_status_change_stores_the_event_code_and_the_reason_apart(world):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.PAUSED, reason="Chờ vốn")

    record = task.history.latest()
    assert record.history_event == "task.status_changed"
    assert record.history_change_reason == "Chờ vốn"
    assert Task.history.filter(history_event="task.status_changed").count() == 1  # the trail can be queried


def test_the_event_is_shown_in_the_readers_language_whoever_wrote_it(world):
    task = TaskFactory(plan=world.plan, lead_unit=world.commune_a)
    report = ReportFactory(
        task=task, created_by=world.focal_a, submitted_by=world.focal_a, status=ReportStatus.SUBMITTED
    )
    with translation.override("vi"):
        services.report_return(by=world.coordinator, report=report, comment="Thiếu minh chứng")
    with translation.override("en"):
        entry = history_of(ProgressReport.objects.get(pk=report.pk))[0]
        assert entry.event == "report.returned" and entry.event_label == "report returned"
        assert entry.reason == "Thiếu minh chứng"
    with translation.override("vi"):
        assert history_of(ProgressReport.objects.get(pk=report.pk))[0].event_label != "report returned"


def test_services_refuse_a_write_without_an_actor(world):
    with pytest.raises(ValueError, match="actor"):
        services.task_create(
            by=None, plan=world.plan, code="X", title="x", pillar=world.pillar, lead_unit=world.commune_a
        )
    with pytest.raises(ValueError, match="actor"):
        save_audited(world.commune_a, by=None)


def test_background_work_acts_as_the_system_actor_who_cannot_log_in(client, world):
    system = system_actor()
    assert system_actor() == system and is_system(system)
    assert not system.has_usable_password()
    task = services.task_create(
        by=system,
        plan=world.plan,
        code="SYS-1",
        title="Nhiệm vụ do hệ thống tạo",
        pillar=world.pillar,
        lead_unit=world.commune_a,
        due_date=date(2026, 12, 31),
    )
    with translation.override("en"):
        assert history_of(task)[0].user == "System"
    response = client.post("/accounts/login/", {"username": "system", "password": ""})
    assert "_auth_user_id" not in client.session and response.status_code == 200
