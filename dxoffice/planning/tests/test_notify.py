"""Planning's notifications: a task assigned to your unit, a report waiting for your review, a
report returned to you, and the escalation ladder for overdue work (each step once per task)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from dxoffice.core.models import Role, UnitKind
from dxoffice.core.notifications.models import Notification
from dxoffice.core.tests.factories import OrgUnitFactory, user_with_role
from dxoffice.planning import services, signals
from dxoffice.planning.models import Task
from dxoffice.planning.reminders import send_reminders
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

TODAY = date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _english(world, settings):
    settings.DXOFFICE_ESCALATION_DAYS = (1, 7, 14)
    type(world.focal_a).objects.update(language="en")


def told(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("pk"))


def create_task(world, lead_unit, code="NV-1", **fields):
    return services.task_create(
        by=world.coordinator,
        plan=world.plan,
        code=code,
        title=f"Nhiệm vụ {code}",
        pillar=world.pillar,
        lead_unit=lead_unit,
        due_date=date(2026, 12, 31),
        **fields,
    )


# A task assigned to your unit ------------------------------------------------------------------


def test_creating_a_task_tells_the_lead_units_people(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task = create_task(world, world.commune_a)

    (notification,) = told(world.focal_a)
    assert notification.kind == "task.assigned"
    assert notification.title == f"Task assigned to Xã Tân Thuận: NV-1 · {task.title}"
    assert notification.url == f"/tasks/{task.pk}/" and notification.target == task
    assert notification.actor == world.coordinator
    # Province-wide grants do not hear about each commune's task; the creator is not told.
    for user in (world.coordinator, world.leader, world.focal_b, world.dept_focal):
        assert told(user) == []


def test_changing_the_lead_unit_tells_the_new_unit(world, django_capture_on_commit_callbacks):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(by=world.coordinator, task=task, title="Đổi tên")
    assert told(world.focal_b) == []  # no change of lead unit, nobody new

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update(by=world.coordinator, task=task, lead_unit=world.commune_b)
    (notification,) = told(world.focal_b)
    assert notification.kind == "task.assigned" and "Phường An Xuyên" in notification.title


def test_the_receiver_takes_every_unit_the_signal_names(world):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    signals.task_assigned.send(
        Task, task=task, by=world.coordinator, units=[world.commune_b, world.department]
    )
    assert len(told(world.focal_b, "task.assigned")) == 1
    assert len(told(world.dept_focal, "task.assigned")) == 1
    assert told(world.focal_a) == []


# Reports ---------------------------------------------------------------------------------------


def submit(world, task, by=None):
    return services.report_save(
        by=by or world.focal_a,
        task=task,
        period="2026Q1",
        percent_complete=30,
        work_done="Đã làm",
        submit=True,
    )


def test_a_submitted_report_waits_for_the_reviewers_but_never_the_submitter(
    world, django_capture_on_commit_callbacks
):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a, username="commune_coord")
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world, task, by=commune_coordinator)

    for reviewer in (world.leader, world.coordinator):
        (notification,) = told(reviewer)
        assert notification.kind == "report.submitted" and notification.target == report
        assert (
            notification.title == f"Report Quarter I/2026 waiting for your review: {task.code} · {task.title}"
        )
        assert notification.url == f"/tasks/{task.pk}/?tab=reports"
    assert told(commune_coordinator) == []  # the submitter, although a reviewer of the unit
    for user in (world.focal_a, world.viewer, world.admin, world.focal_b):
        assert told(user) == []


def test_a_returned_report_goes_back_to_its_submitter_at_once(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    # Her language as the database has it: the review reads the report (and its submitter) anew.
    type(world.focal_a).objects.filter(pk=world.focal_a.pk).update(language="vi")
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    report = submit(world, task)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(by=world.coordinator, report=report, comment="Bổ sung minh chứng")

    (notification,) = told(world.focal_a)
    assert notification.kind == "report.returned"
    assert (
        notification.title == f"Báo cáo Quý I/2026 bị trả lại: {task.code} · {task.title}"
    )  # in her language
    assert notification.body == "Bổ sung minh chứng"
    assert notification.url == f"/reports/{report.pk}/edit/"
    # Returned reports are e-mailed at once by default.
    (message,) = mailoutbox
    assert message.to == [world.focal_a.email] and "Bổ sung minh chứng" in message.body
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_returned_twice_tells_twice(world, django_capture_on_commit_callbacks):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    report = submit(world, task)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(by=world.coordinator, report=report, comment="Lần 1")
    services.report_submit(by=world.focal_a, report=report)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(by=world.coordinator, report=report, comment="Lần 2")
    assert [n.body for n in told(world.focal_a)] == ["Lần 1", "Lần 2"]


# The escalation ladder -------------------------------------------------------------------------


@pytest.fixture
def late_task(world):
    """A commune A task due three days before TODAY, its last report in."""
    task = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.commune_a,
        code="LATE",
        due_date=TODAY - timedelta(days=3),
    )
    ReportFactory(task=task, period="2026Q1", created_by=world.focal_a, status="submitted")
    return task


def test_each_step_goes_up_once(world, late_task):
    head = user_with_role(Role.LEADER, world.commune_a, username="commune_head", language="en")

    send_reminders(TODAY)  # 3 days overdue: the focal points
    assert [n.kind for n in told(world.focal_a)] == ["task.overdue"]
    assert told(head) == [] and told(world.coordinator) == []

    send_reminders(TODAY + timedelta(days=4))  # 7 days: the unit's head
    (step2,) = told(head)
    assert (
        step2.kind == "task.escalated"
        and step2.title == "Still overdue after 7 days: LATE · " + late_task.title
    )
    assert told(world.coordinator) == [] and told(world.leader) == []  # province grants wait for step 3

    send_reminders(TODAY + timedelta(days=11))  # 14 days: the DX office
    (step3,) = told(world.coordinator)
    assert step3.kind == "task.escalated" and "DX office" in step3.body

    for later in (11, 12, 30):
        send_reminders(TODAY + timedelta(days=later))
    assert len(told(world.focal_a)) == 1 and len(told(head)) == 1 and len(told(world.coordinator)) == 1
    assert told(world.leader) == []  # the DX office is the province's coordinators


def test_a_late_first_run_takes_every_step_due(world, late_task, mailoutbox):
    head = user_with_role(Role.COORDINATOR, world.commune_a, username="commune_coord", language="en")

    run = send_reminders(TODAY + timedelta(days=20))

    assert run.escalated == 2
    assert [n.kind for n in told(head)] == ["task.overdue", "task.escalated"]
    assert [n.kind for n in told(world.coordinator)] == ["task.escalated"]
    # One digest each, the escalation first.
    (to_coordinator,) = [m for m in mailoutbox if m.to == [world.coordinator.email]]
    assert "Overdue work escalated to you (1)" in to_coordinator.body
    (to_head,) = [m for m in mailoutbox if m.to == [head.email]]
    assert to_head.body.index("Overdue work escalated to you") < to_head.body.index("Overdue tasks")


def test_the_days_come_from_settings(world, late_task, settings):
    settings.DXOFFICE_ESCALATION_DAYS = (5, 6, 7)
    send_reminders(TODAY)  # 3 days: not yet
    assert told(world.focal_a) == []
    send_reminders(TODAY + timedelta(days=4))  # 7 days: all three
    assert len(told(world.focal_a)) == 1 and len(told(world.coordinator)) == 1


@pytest.mark.parametrize("days", [(1, 7), (7, 1, 14), (0, 7, 14)])
def test_a_wrong_ladder_is_named_clearly(world, late_task, settings, days):
    settings.DXOFFICE_ESCALATION_DAYS = days
    with pytest.raises(ImproperlyConfigured, match="DXOFFICE_ESCALATION_DAYS"):
        send_reminders(TODAY)


def test_no_dx_office_step_outside_a_province(world, settings):
    settings.DXOFFICE_ESCALATION_DAYS = (1, 2, 3)
    partner_unit = OrgUnitFactory(code="DT-CON", kind=UnitKind.ENTERPRISE, parent=world.partner_org)
    partner_coordinator = user_with_role(Role.COORDINATOR, world.partner_org, username="partner_coord")
    TaskFactory(
        plan=world.plan, pillar=world.pillar, lead_unit=partner_unit, due_date=TODAY - timedelta(days=10)
    )
    send_reminders(TODAY)
    kinds = [n.kind for n in told(partner_coordinator) if n.kind.startswith("task.")]
    assert kinds == ["task.overdue", "task.escalated"]  # the unit's head; no DX office above a partner


def test_task_became_overdue_is_announced_once(world, late_task, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, task, **kwargs):
        heard.append(task.pk)

    signals.task_became_overdue.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(TODAY)
            send_reminders(TODAY)
            send_reminders(TODAY + timedelta(days=1))
        assert heard == [late_task.pk]
        # A new due date that passes again is a new event.
        Task.objects.filter(pk=late_task.pk).update(due_date=TODAY + timedelta(days=2))
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(TODAY + timedelta(days=4))
        assert heard == [late_task.pk, late_task.pk]
    finally:
        signals.task_became_overdue.disconnect(listener)


def test_once_one_reviewer_decides_the_others_are_no_longer_asked(world, django_capture_on_commit_callbacks):
    task = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a)
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world, task)
    (waiting,) = told(world.leader, "report.submitted")
    assert waiting.read_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(by=world.coordinator, report=report)

    waiting.refresh_from_db()
    assert waiting.read_at is not None and waiting.email_mode == "off"  # settled: no digest either
    (mine,) = told(world.coordinator, "report.submitted")
    assert mine.read_at is not None
