"""Concurrent decisions and edits: a review decision and a status move are taken on the row as it
is now (locked and read again), and an edit made on an older version is refused clearly."""

import pytest
from django.urls import reverse

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.tests.api_client import ApiClient
from dxoffice.planning import services
from dxoffice.planning.models import ProgressReport, ReportStatus, Task, TaskStatus
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(world):
    return TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, title="Bản đầu")


def submitted(world, task):
    return services.report_save(
        by=world.focal_a, task=task, period="2026Q1", percent_complete=40, work_done="Đợt 1", submit=True
    )


def test_two_reviewers_of_one_report_cannot_both_decide(world, task):
    report = submitted(world, task)
    seen_by_leader = ProgressReport.objects.get(pk=report.pk)
    seen_by_coordinator = ProgressReport.objects.get(pk=report.pk)
    services.report_accept(by=world.leader, report=seen_by_leader)
    with pytest.raises(StateConflict):
        services.report_return(by=world.coordinator, report=seen_by_coordinator, comment="Bổ sung")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == world.leader


def test_a_status_move_is_decided_on_the_task_as_it_is_now(world, task):
    stale = Task.objects.get(pk=task.pk)
    services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.CANCELLED, reason="Trùng")
    with pytest.raises(StateConflict):
        services.task_change_status(by=world.coordinator, task=stale, status=TaskStatus.PAUSED, reason="Chờ")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_an_edit_on_an_older_version_is_refused(world, task):
    loaded = task.version
    services.task_update(by=world.coordinator, task=Task.objects.get(pk=task.pk), title="Sửa của người kia")
    with pytest.raises(StateConflict) as refused:
        services.task_update(
            by=world.coordinator,
            task=Task.objects.get(pk=task.pk),
            expected_version=loaded,
            title="Sửa của tôi",
        )
    assert "version" in refused.value.message_dict
    task.refresh_from_db()
    assert task.title == "Sửa của người kia" and task.version == loaded + 1


def test_the_api_answers_409_to_a_stale_version(world, task):
    api = ApiClient(world.coordinator)
    version = api.get(f"/tasks/{task.pk}").json()["version"]
    assert api.patch(f"/tasks/{task.pk}", {"title": "Lần 1", "version": version}).status_code == 200
    stale = api.patch(f"/tasks/{task.pk}", {"title": "Lần 2", "version": version})
    assert stale.status_code == 409 and "version" in stale.json()["errors"]
    assert Task.objects.get(pk=task.pk).title == "Lần 1"
    report = services.report_save(
        by=world.focal_a, task=task, period="2026Q1", percent_complete=5, work_done="a"
    )
    focal = ApiClient(world.focal_a)
    first = focal.patch(f"/reports/{report.pk}", {"work_done": "b", "version": report.version})
    assert first.status_code == 200
    assert (
        focal.patch(f"/reports/{report.pk}", {"work_done": "c", "version": report.version}).status_code == 409
    )


def test_the_task_form_says_someone_else_changed_the_task(client, world, task, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:task_edit", args=[task.pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    data["plan"] = task.plan_id
    services.task_update(by=world.coordinator, task=Task.objects.get(pk=task.pk), title="Người kia sửa")
    data["title"] = "Tôi sửa"
    answer = client.post(reverse("planning:task_edit", args=[task.pk]), data)
    assert answer.status_code == 200
    assert any("changed this task" in str(e) for e in answer.context["form"].non_field_errors())
    assert Task.objects.get(pk=task.pk).title == "Người kia sửa"


@pytest.fixture
def line(world, task):
    return services.budget_line_save(
        by=world.coordinator, task=task, year=2026, source="provincial", planned=500_000_000, allocated=400_000_000
    )


def test_money_changed_on_an_older_version_of_a_budget_line_is_refused(world, task, line):
    read = line.version
    services.budget_line_save(
        by=world.coordinator, task=task, line=line, year=2026, source="provincial", planned=500_000_000,
        allocated=400_000_000, disbursed=100_000_000, expected_version=read,
    )  # fmt: skip
    with pytest.raises(StateConflict):
        services.budget_line_save(
            by=world.coordinator, task=task, line=line, year=2026, source="provincial", planned=500_000_000,
            allocated=400_000_000, disbursed=300_000_000, expected_version=read,
        )  # fmt: skip
    line.refresh_from_db()
    assert line.disbursed == 100_000_000 and line.version == read + 1


def test_the_budget_api_answers_409_to_a_stale_version(world, line):
    api = ApiClient(world.coordinator)
    version = line.version
    first = api.patch(f"/budget/lines/{line.pk}", {"disbursed": 50_000_000, "version": version})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    stale = api.patch(f"/budget/lines/{line.pk}", {"disbursed": 70_000_000, "version": version})
    assert stale.status_code == 409 and "version" in stale.json()["errors"]
    line.refresh_from_db()
    assert line.disbursed == 50_000_000


def test_the_budget_form_says_someone_else_changed_the_line(client, world, task, line, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.coordinator)
    page = client.get(reverse("planning:budget_line_edit", args=[line.pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, [])}
    assert data["version"] == line.version
    services.budget_line_save(
        by=world.coordinator, task=task, line=line, year=2026, source="provincial", planned=500_000_000,
        allocated=400_000_000, disbursed=10_000_000,
    )  # fmt: skip
    data["disbursed"] = 20_000_000
    answer = client.post(reverse("planning:budget_line_edit", args=[line.pk]), data)
    assert answer.status_code == 200
    assert any("changed this budget line" in str(e) for e in answer.context["form"].non_field_errors())
    line.refresh_from_db()
    assert line.disbursed == 10_000_000
