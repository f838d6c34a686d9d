"""Roles x actions x units: what each role may see and do, through the one gate, for the UI's
selectors and the services that every entry point (UI, API, import) calls."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxoffice.planning import services
from dxoffice.planning.models import ReportStatus
from dxoffice.planning.selectors import reports_visible_to, tasks_visible_to
from dxoffice.planning.tests.factories import ReportFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(world):
    task_a = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_a, code="A-1")
    task_b = TaskFactory(plan=world.plan, pillar=world.pillar, lead_unit=world.commune_b, code="B-1")
    task_dept = TaskFactory(
        plan=world.plan,
        pillar=world.pillar,
        lead_unit=world.department,
        code="D-1",
        partner=world.partner_org,
    )
    task_dept.coordinating_units.set([world.commune_a])
    return {"a": task_a, "b": task_b, "dept": task_dept}


VISIBLE = {
    "admin": {"a", "b", "dept"},
    "leader": {"a", "b", "dept"},
    "coordinator": {"a", "b", "dept"},
    "viewer": {"a", "b", "dept"},
    "focal_a": {"a", "dept"},  # leads A-1, coordinates D-1
    "focal_b": {"b"},
    "dept_focal": {"dept"},
    "partner": {"dept"},  # party to D-1 only
    "outsider": set(),
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_each_role_sees_exactly_the_tasks_in_its_scope(world, tasks, who):
    user = getattr(world, who)
    seen = {key for key, task in tasks.items() if tasks_visible_to(user).filter(pk=task.pk).exists()}
    assert seen == VISIBLE[who]


EDIT = {
    "admin": True,
    "coordinator": True,
    "leader": False,
    "viewer": False,
    "focal_a": False,
    "focal_b": False,
    "partner": False,
    "outsider": False,
}


@pytest.mark.parametrize("who", sorted(EDIT))
def test_only_planners_edit_a_commune_task(world, tasks, who):
    user = getattr(world, who)
    if EDIT[who]:
        services.task_update(by=user, task=tasks["a"], title="Tiêu đề mới")
        tasks["a"].refresh_from_db()
        assert tasks["a"].title == "Tiêu đề mới"
    else:
        with pytest.raises(PermissionDenied):
            services.task_update(by=user, task=tasks["a"], title="Không được")


REPORT_ON_A = {
    "admin": True,
    "coordinator": True,
    "focal_a": True,
    "focal_b": False,
    "leader": False,
    "viewer": False,
    "dept_focal": False,
    "partner": False,
}


@pytest.mark.parametrize("who", sorted(REPORT_ON_A))
def test_only_the_lead_units_reporters_write_its_progress_reports(world, tasks, who):
    user = getattr(world, who)

    def call():
        return services.report_save(
            by=user,
            task=tasks["a"],
            period="2026Q3",  # noqa: E731
            percent_complete=40,
            work_done="Đã làm",
        )

    if REPORT_ON_A[who]:
        assert call().status == ReportStatus.DRAFT
    else:
        with pytest.raises(PermissionDenied):
            call()


REVIEW_A = {
    "admin": True,
    "coordinator": True,
    "leader": True,
    "focal_a": False,
    "focal_b": False,
    "viewer": False,
    "partner": False,
}


@pytest.mark.parametrize("who", sorted(REVIEW_A))
def test_reviewing_needs_review_rights_over_the_lead_unit(world, tasks, who):
    report = services.report_save(
        by=world.focal_a,
        task=tasks["a"],
        period="2026Q3",
        submit=True,
        percent_complete=40,
        work_done="Đã làm",
    )
    user = getattr(world, who)
    if REVIEW_A[who]:
        assert services.report_accept(by=user, report=report).status == ReportStatus.ACCEPTED
    else:
        with pytest.raises(PermissionDenied):
            services.report_accept(by=user, report=report)


def test_a_commune_focal_point_cannot_see_another_communes_unsubmitted_report(world, tasks):
    draft = ReportFactory(task=tasks["b"], created_by=world.focal_b, status=ReportStatus.DRAFT)
    # focal_a cannot see task B at all...
    assert not tasks_visible_to(world.focal_a).filter(pk=tasks["b"].pk).exists()
    # ...and even someone who may see task B (a viewer) does not see its draft.
    assert draft not in reports_visible_to(world.viewer, tasks["b"])
    assert draft in reports_visible_to(world.focal_b, tasks["b"])


def test_a_coordinating_unit_sees_submitted_reports_but_not_drafts(world, tasks):
    draft = ReportFactory(task=tasks["dept"], created_by=world.dept_focal, period="2026Q1")
    submitted = ReportFactory(
        task=tasks["dept"], created_by=world.dept_focal, period="2026Q2", status=ReportStatus.SUBMITTED
    )
    visible = set(reports_visible_to(world.focal_a, tasks["dept"]))
    assert submitted in visible and draft not in visible


def test_a_planner_cannot_move_a_task_to_a_unit_outside_their_scope(world, tasks):
    from dxoffice.core.models import Role
    from dxoffice.core.tests.factories import user_with_role

    commune_coordinator = user_with_role(Role.COORDINATOR, world.commune_a)
    with pytest.raises(PermissionDenied):
        services.task_update(by=commune_coordinator, task=tasks["a"], lead_unit=world.commune_b)


def test_budget_lines_are_written_by_planners_only(world, tasks):
    from decimal import Decimal

    with pytest.raises(PermissionDenied):
        services.budget_line_save(
            by=world.focal_a,
            task=tasks["a"],
            year=2026,
            source="commune",
            planned=Decimal(1),
            allocated=Decimal(1),
            disbursed=Decimal(0),
        )
    line = services.budget_line_save(
        by=world.coordinator,
        task=tasks["a"],
        year=2026,
        source="commune",
        planned=Decimal(100),
        allocated=Decimal(80),
        disbursed=Decimal(20),
    )
    assert line.disbursement_rate == Decimal("25.0")
    with pytest.raises(ValidationError) as error:
        services.budget_line_save(
            by=world.coordinator,
            task=tasks["a"],
            year=2026,
            source="commune",
            planned=Decimal(100),
            allocated=Decimal(80),
            disbursed=Decimal(90),
        )
    assert "disbursed" in error.value.message_dict
