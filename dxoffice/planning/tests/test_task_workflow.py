from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxoffice.core.audit import history_of
from dxoffice.planning import services
from dxoffice.planning.models import ReportStatus, Task, TaskStatus, Tracking
from dxoffice.planning.selectors import TaskFilters, task_for, task_register, with_tracking
from dxoffice.planning.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def evidence(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def make(world, **kwargs):
    defaults = {"plan": world.plan, "pillar": world.pillar, "lead_unit": world.commune_a}
    return TaskFactory(**{**defaults, **kwargs})


def tracking_of(task, today=TODAY):
    return with_tracking(Task.objects.filter(pk=task.pk), today).get().tracking


def test_tracking_classes_follow_government_practice(world):
    on_time = make(
        world, status=TaskStatus.COMPLETED, due_date=date(2026, 6, 30), completed_on=date(2026, 6, 1)
    )
    late = make(world, status=TaskStatus.COMPLETED, due_date=date(2026, 6, 30), completed_on=date(2026, 7, 5))
    running = make(world, status=TaskStatus.IN_PROGRESS, due_date=date(2026, 12, 31))
    overdue = make(world, status=TaskStatus.IN_PROGRESS, due_date=date(2026, 11, 21))
    paused_overdue = make(world, status=TaskStatus.PAUSED, due_date=date(2026, 10, 1))
    recurring = make(world, is_recurring=True, due_date=None)
    cancelled = make(world, status=TaskStatus.CANCELLED, due_date=date(2026, 1, 1))
    assert tracking_of(on_time) == Tracking.COMPLETED_ON_TIME
    assert tracking_of(late) == Tracking.COMPLETED_LATE
    assert tracking_of(running) == Tracking.IN_PROGRESS_ON_TIME
    assert tracking_of(overdue) == Tracking.OVERDUE
    assert tracking_of(paused_overdue) == Tracking.OVERDUE
    assert tracking_of(recurring) == Tracking.RECURRING
    assert tracking_of(cancelled) == Tracking.CANCELLED
    # Due today is not overdue yet.
    assert tracking_of(make(world, due_date=TODAY)) == Tracking.IN_PROGRESS_ON_TIME


def test_overdue_and_due_soon_filters_are_derived_from_dates(world):
    overdue = make(world, due_date=TODAY - timedelta(days=1))
    soon = make(world, due_date=TODAY + timedelta(days=7))
    later = make(world, due_date=TODAY + timedelta(days=8))
    done = make(world, due_date=TODAY - timedelta(days=3), status=TaskStatus.COMPLETED, completed_on=TODAY)

    def codes(**f):
        return set(task_register(world.admin, TaskFilters(**f), TODAY).values_list("code", flat=True))  # noqa: E731

    assert codes(overdue=True) == {overdue.code}
    assert codes(due_soon=True) == {soon.code}
    assert later.code not in codes(due_soon=True) and done.code not in codes(overdue=True)


def test_accent_insensitive_search_and_unit_subtree_filter(world):
    hit = make(world, title="Chuyển đổi số trong trường học")
    make(world, title="Xây dựng hạ tầng", lead_unit=world.commune_b)
    found = task_register(world.admin, TaskFilters.from_params({"q": "chuyen doi SO"}))
    assert list(found.values_list("pk", flat=True)) == [hit.pk]
    province_wide = task_register(world.admin, TaskFilters.from_params({"unit": world.province.code}))
    assert province_wide.count() == 2
    assert task_register(world.admin, TaskFilters.from_params({"unit": world.commune_b.code})).count() == 1


def test_bad_filters_name_the_field():
    with pytest.raises(ValidationError) as error:
        TaskFilters.from_params({"year": "hai nghìn", "status": "done", "overdue": "maybe"})
    assert set(error.value.message_dict) == {"year", "status", "overdue"}


def test_task_create_validates_and_keeps_origin(world):
    task = services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code="KL-01",
        title="Kết luận cuộc họp",
        pillar=world.pillar,
        lead_unit=world.department,
        due_date=date(2026, 12, 31),
        origin="direction",
        coordinating_units=[world.commune_a],
    )
    assert task.origin == "direction" and task.created_by == world.coordinator
    assert list(task.coordinating_units.all()) == [world.commune_a]
    with pytest.raises(ValidationError) as error:
        services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="X-1",
            title="x",
            pillar=world.pillar,
            lead_unit=world.department,
            start_date=date(2026, 5, 1),
            due_date=date(2026, 4, 1),
        )
    assert "due_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="X-2",
            title="x",
            pillar=world.pillar,
            lead_unit=world.department,
        )
    assert "due_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_create(
            by=world.coordinator,
            plan=world.plan,
            code="KL-01",
            title="dup",
            pillar=world.pillar,
            lead_unit=world.department,
            due_date=date(2026, 12, 31),
        )
    assert Task.objects.filter(code="KL-01").count() == 1


def test_recurring_tasks_have_a_cycle_instead_of_a_due_date(world):
    task = services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code="TX-1",
        title="Báo cáo định kỳ",
        pillar=world.pillar,
        lead_unit=world.department,
        is_recurring=True,
        due_date=date(2026, 3, 1),
        reporting_cycle="M",
    )
    assert task.due_date is None and tracking_of(task) == Tracking.RECURRING


def test_completion_requires_evidence_and_cancel_requires_reason(world):
    task = make(world, status=TaskStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as error:
        services.task_change_status(by=world.focal_a, task=task, status=TaskStatus.COMPLETED)
    assert "evidence" in error.value.message_dict
    services.task_change_status(
        by=world.focal_a, task=task, status=TaskStatus.COMPLETED, evidence=[evidence()]
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED and task.completed_on is not None
    # The focal point cannot reopen; the coordinator can, with a reason.
    with pytest.raises(PermissionDenied):
        services.task_change_status(by=world.focal_a, task=task, status=TaskStatus.IN_PROGRESS, reason="x")
    with pytest.raises(ValidationError):
        services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.IN_PROGRESS)
    services.task_change_status(
        by=world.coordinator, task=task, status=TaskStatus.IN_PROGRESS, reason="Thiếu"
    )
    other = make(world)
    with pytest.raises(ValidationError) as error:
        services.task_change_status(by=world.coordinator, task=other, status=TaskStatus.CANCELLED)
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.task_change_status(by=world.focal_a, task=other, status=TaskStatus.CANCELLED, reason="x")


def test_invalid_transition_is_a_validation_error(world):
    task = make(world, status=TaskStatus.CANCELLED)
    with pytest.raises(ValidationError) as error:
        services.task_change_status(by=world.coordinator, task=task, status=TaskStatus.COMPLETED)
    assert "status" in error.value.message_dict


def test_evidence_in_a_submitted_report_counts_for_completion(world):
    task = make(world, status=TaskStatus.IN_PROGRESS)
    services.report_save(
        by=world.focal_a,
        task=task,
        period="2026Q4",
        percent_complete=100,
        work_done="Xong",
        submit=True,
        evidence=[evidence()],
    )
    services.task_change_status(by=world.focal_a, task=task, status=TaskStatus.COMPLETED)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.COMPLETED


def test_progress_is_the_latest_accepted_report(world):
    task = make(world)
    first = services.report_save(
        by=world.focal_a, task=task, period="2026Q2", percent_complete=20, work_done="Bước 1", submit=True
    )
    services.report_accept(by=world.coordinator, report=first)
    assert task_for(world.focal_a, task.pk).reported_percent == 20
    assert Task.objects.get(pk=task.pk).status == TaskStatus.IN_PROGRESS  # accepting started it
    second = services.report_save(
        by=world.focal_a, task=task, period="2026Q3", percent_complete=60, work_done="Bước 2", submit=True
    )
    assert task_for(world.focal_a, task.pk).reported_percent == 20  # submitted is not accepted
    with pytest.raises(ValidationError):
        services.report_return(by=world.coordinator, report=second, comment="  ")
    services.report_return(by=world.coordinator, report=second, comment="Bổ sung minh chứng")
    services.report_save(
        by=world.focal_a,
        task=task,
        period="2026Q3",
        report=second,
        percent_complete=55,
        work_done="Bước 2, đã bổ sung",
        submit=True,
    )
    services.report_accept(
        by=world.coordinator, report=Task.objects.get(pk=task.pk).reports.get(period="2026Q3")
    )
    assert task_for(world.focal_a, task.pk).reported_percent == 55


def test_a_submitted_report_cannot_be_edited_or_duplicated(world):
    task = make(world)
    report = services.report_save(
        by=world.focal_a, task=task, period="2026Q3", percent_complete=10, work_done="x", submit=True
    )
    with pytest.raises(ValidationError):
        services.report_save(
            by=world.focal_a, task=task, period="2026Q3", report=report, percent_complete=90, work_done="y"
        )
    with pytest.raises(ValidationError) as error:
        services.report_save(by=world.focal_a, task=task, period="2026Q3", percent_complete=90, work_done="y")
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.report_save(by=world.focal_a, task=task, period="2026Q9", percent_complete=90, work_done="y")
    with pytest.raises(ValidationError):
        services.report_save(
            by=world.focal_a, task=task, period="2026Q4", percent_complete=120, work_done="y"
        )
    assert task.reports.count() == 1 and task.reports.get().status == ReportStatus.SUBMITTED


def test_every_change_is_audited_with_who_and_before_after(world):
    task = services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code="AU-1",
        title="Ban đầu",
        pillar=world.pillar,
        lead_unit=world.commune_a,
        due_date=date(2026, 12, 31),
    )
    services.task_update(
        by=world.coordinator, task=task, title="Đã sửa", coordinating_units=[world.department]
    )
    services.task_archive(by=world.admin, task=task, reason="Trùng lặp")
    entries = history_of(Task.all_objects.get(pk=task.pk))
    assert [e.action for e in entries] == ["archived", "changed", "created"]
    assert entries[0].user == str(world.admin) and entries[0].reason == "Trùng lặp"
    changed = {c.field: (c.before, c.after) for c in entries[1].changes}
    assert changed["title"] == ("Ban đầu", "Đã sửa")
    assert not Task.objects.filter(pk=task.pk).exists() and Task.all_objects.filter(pk=task.pk).exists()


def test_budget_lines_are_decimal_vnd_and_upserted_per_task_year_source(world):
    task = make(world)
    services.budget_line_save(
        by=world.coordinator,
        task=task,
        year=2026,
        source="central",
        planned=Decimal("1500000000"),
        allocated=Decimal("1000000000"),
        disbursed=Decimal("250000000"),
    )
    services.budget_line_save(
        by=world.coordinator,
        task=task,
        year=2026,
        source="central",
        planned=Decimal("1500000000"),
        allocated=Decimal("1200000000"),
        disbursed=Decimal("600000000"),
    )
    line = task.budget_lines.get()
    assert line.allocated == Decimal("1200000000") and line.disbursement_rate == Decimal("50.0")
    with pytest.raises(ValidationError) as error:
        services.budget_line_save(
            by=world.coordinator,
            task=task,
            year=2026,
            source="oda",
            planned=Decimal(-1),
            allocated=Decimal(0),
            disbursed=Decimal(0),
        )
    assert "planned" in error.value.message_dict
