"""The Cà Mau demo, checked the way a person trying it would find it.

Loading takes seconds, so one test loads it twice on an empty database (the first load rolled
back) to prove it is deterministic, then runs every check on the second load. The checks are
plain functions, so a failure names the one that broke.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from dxoffice.core.models import OrgUnit, RoleGrant, UnitKind, User
from dxoffice.core.notifications.models import EmailMode, Notification
from dxoffice.core.permissions import Action, can
from dxoffice.demo import data
from dxoffice.demo.loader import actual_points, is_empty, load_demo, local_code
from dxoffice.planning.models import (
    BudgetLine,
    Objective,
    ProgressReport,
    ReportStatus,
    Task,
    TaskStatus,
    Tracking,
)
from dxoffice.planning.performance import Outlook, performance_of
from dxoffice.planning.selectors import (
    due_soon_q,
    local_today,
    reports_awaiting_review,
    tasks_visible_to,
    with_tracking,
)
from dxoffice.planning.services import task_has_evidence

USERNAMES = ["admin", "leader", "coordinator", "focal", "focal2", "dept", "viewer", "partner"]


def user(username: str) -> User:
    return User.objects.get(username=username)


def check_the_province_has_its_64_communes_and_wards():
    province = OrgUnit.objects.get(code="CAMAU")
    assert province.kind == UnitKind.PROVINCE
    local = OrgUnit.objects.filter(parent=province, kind__in=[UnitKind.COMMUNE, UnitKind.WARD])
    assert local.count() == 64
    assert local.filter(kind=UnitKind.COMMUNE).count() == 55
    assert local.filter(kind=UnitKind.WARD).count() == 9
    assert OrgUnit.objects.get(code="P-ANXUYEN").name == "Phường An Xuyên"
    assert OrgUnit.objects.get(code="X-DATMUI").name == "Xã Đất Mũi"
    departments = OrgUnit.objects.filter(parent=province, kind__in=[UnitKind.DEPARTMENT, UnitKind.AGENCY])
    assert {
        "SNV",
        "STP",
        "STC",
        "SCT",
        "SNNMT",
        "SXD",
        "SKHCN",
        "SVHTTDL",
        "SGDDT",
        "SYT",
        "TTRA",
        "VPUB",
        "SDTTG",
        "BQLKKT",
    } <= set(departments.values_list("code", flat=True))
    for unit in OrgUnit.objects.all():
        assert unit.code.isascii() and unit.code == unit.code.upper()


def check_partners_sit_outside_the_tree():
    partners = OrgUnit.objects.filter(
        kind__in=[UnitKind.TECH_PARTNER, UnitKind.ENTERPRISE, UnitKind.SCHOOL, UnitKind.UNIVERSITY]
    )
    assert {"DOITAC", "VIENTHONG", "DHCM", "TRUONG-LC"} <= set(partners.values_list("code", flat=True))
    assert not partners.filter(parent__isnull=False).exists()


def check_eight_demo_users_log_in_with_the_demo_password():
    users = User.objects.filter(username__in=USERNAMES)
    assert users.count() == 8
    for account in users:
        assert account.check_password(data.DEMO_PASSWORD), account.username
    assert user("admin").is_superuser
    assert RoleGrant.objects.get(user__username="coordinator").unit.code == "CAMAU"
    assert user("coordinator").unit.code == "SKHCN"
    assert user("dept").unit.code == "SYT"
    focal_commune = OrgUnit.objects.get(code=local_code(data.FOCAL_COMMUNE))
    assert can(user("focal"), Action.REPORT, focal_commune)
    assert not can(user("focal2"), Action.REPORT, focal_commune)
    assert can(user("partner"), Action.VIEW, OrgUnit.objects.get(code="DOITAC"))


def check_the_tracking_mix_follows_the_national_tracker():
    tasks = with_tracking(Task.objects.all())
    total = tasks.count()
    assert 140 <= total <= 160
    counts = Counter(tasks.values_list("tracking", flat=True))
    share = {key: 100 * value / total for key, value in counts.items()}
    completed = share.get(Tracking.COMPLETED_ON_TIME, 0) + share.get(Tracking.COMPLETED_LATE, 0)
    assert abs(completed - 47) <= 3
    assert abs(share[Tracking.IN_PROGRESS_ON_TIME] - 31) <= 3
    assert abs(share[Tracking.OVERDUE] - 8) <= 3
    assert abs(share[Tracking.RECURRING] - 14) <= 3
    assert counts[Tracking.COMPLETED_LATE] > 0
    assert Task.objects.filter(due_soon_q(local_today())).count() >= 3


def check_the_tasks_are_varied():
    tasks = Task.objects.all()
    assert set(tasks.values_list("plan__year", flat=True)) == {2026, 2027}
    assert set(tasks.values_list("kind", flat=True)) == {"task", "project", "scheme"}
    assert {"plan", "other"} <= set(tasks.values_list("origin", flat=True))
    assert tasks.filter(parent__isnull=False).count() >= 10
    assert tasks.filter(lead_unit__kind=UnitKind.COMMUNE).exists()
    assert tasks.filter(lead_unit__kind=UnitKind.DEPARTMENT).exists()
    assert tasks.filter(milestones__isnull=False).distinct().count() >= 10


def check_completed_tasks_have_evidence():
    completed = Task.objects.filter(status=TaskStatus.COMPLETED)
    assert completed.exists()
    for task in completed:
        assert task_has_evidence(task), task.code
        assert task.completed_on <= local_today()


def check_budget_lines_keep_planned_over_allocated_over_disbursed():
    lines = BudgetLine.objects.all()
    assert lines.count() >= 80
    assert len(set(lines.values_list("source", flat=True))) == 6
    for line in lines:
        assert line.planned >= line.allocated >= line.disbursed >= 0, str(line)
    rates = {line.disbursement_rate for line in lines if line.allocated}
    assert min(rates) < 50 < max(rates)
    # Nothing is disbursed on a year that has not begun (the 2027 plan's lines, seen in December 2026).
    later = lines.filter(year__gt=local_today().year)
    assert later.exists() and not later.exclude(disbursed=0).exists()


def check_reports_are_in_every_state():
    statuses = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert set(statuses) == set(ReportStatus.values)
    assert statuses[ReportStatus.ACCEPTED] > statuses[ReportStatus.SUBMITTED]
    # Every submitted report waits for someone who did not write it: the coordinator reviews the focal
    # points' reports, the leader also those the DX office wrote for units without a demo focal point.
    coordinator = user("coordinator")
    others = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).exclude(submitted_by=coordinator)
    assert 0 < reports_awaiting_review(coordinator).count() == others.count()
    assert reports_awaiting_review(user("leader")).count() == statuses[ReportStatus.SUBMITTED]


def check_the_focal_commune_has_a_story():
    commune = OrgUnit.objects.get(code=local_code(data.FOCAL_COMMUNE))
    focal = user("focal")
    led = with_tracking(tasks_visible_to(focal).filter(lead_unit=commune))
    assert led.count() >= 4
    tracking = set(led.values_list("tracking", flat=True))
    assert {Tracking.OVERDUE, Tracking.IN_PROGRESS_ON_TIME} <= tracking
    submitted = ProgressReport.objects.filter(task__lead_unit=commune, status=ReportStatus.SUBMITTED)
    assert submitted.filter(task__in=led.filter(tracking=Tracking.IN_PROGRESS_ON_TIME)).exists()
    assert submitted.first() in reports_awaiting_review(user("coordinator"))
    assert ProgressReport.objects.filter(task__lead_unit=commune, status=ReportStatus.RETURNED).exists()
    reports = ProgressReport.objects.filter(task__lead_unit=commune)
    assert all(report.created_by == focal for report in reports)
    # The second focal point sees none of it as their own work.
    assert not tasks_visible_to(user("focal2")).filter(lead_unit=commune).exists()


def check_the_partner_is_party_to_many_tasks():
    assert tasks_visible_to(user("partner")).count() >= 40
    assert not tasks_visible_to(user("partner")).exclude(partner__code="DOITAC").exists()


def check_objectives_have_targets_actuals_and_a_mixed_outlook():
    objectives = Objective.objects.all()
    assert 10 <= objectives.count() <= 15
    outlooks = Counter(performance_of(objective, local_today()).outlook for objective in objectives)
    assert outlooks[Outlook.AT_RISK] >= 2
    assert outlooks[Outlook.ON_TRACK] >= 2
    for objective in objectives:
        assert objective.targets.count() == 5
        assert objective.actuals.exists()


def check_if_empty_on_a_loaded_database_changes_nothing():
    before = (OrgUnit.objects.count(), User.objects.count(), Task.objects.count())
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", "--if-empty", stdout=out)
    assert "not loaded" in out.getvalue()
    assert (OrgUnit.objects.count(), User.objects.count(), Task.objects.count()) == before
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())


def _snapshot() -> dict:
    tasks = with_tracking(Task.objects.order_by("code")).values_list(
        "code",
        "title",
        "lead_unit__code",
        "partner__code",
        "plan__year",
        "status",
        "tracking",
        "start_date",
        "due_date",
        "completed_on",
    )
    reports = ProgressReport.objects.order_by("task__code", "period").values_list(
        "task__code", "period", "status", "percent_complete"
    )
    budget = BudgetLine.objects.order_by("task__code", "year", "source").values_list(
        "task__code", "year", "source", "planned", "allocated", "disbursed"
    )
    return {"tasks": list(tasks), "reports": list(reports), "budget": list(budget)}


def test_the_demo_loads_the_same_every_time_and_tells_its_story(
    db, django_capture_on_commit_callbacks, mailoutbox
):
    with transaction.atomic():
        assert is_empty()
        load_demo()
        first = _snapshot()
        transaction.set_rollback(True)
    assert is_empty()
    out = StringIO()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)
    # The plans hold 150 tasks of their own; meetings' conclusions and partners' commitments add theirs.
    assert Task.objects.count() > 150
    assert f"{Task.objects.count()} tasks" in out.getvalue() and data.DEMO_PASSWORD in out.getvalue()
    # Its people hear of its story under the bell, never by e-mail.
    returned = Notification.objects.filter(kind="report.returned")
    assert returned.exists() and not returned.exclude(email_mode=EmailMode.OFF).exists()
    assert mailoutbox == []
    assert _snapshot() == first
    for check in CHECKS:
        check()


CHECKS = [
    check_the_province_has_its_64_communes_and_wards,
    check_partners_sit_outside_the_tree,
    check_eight_demo_users_log_in_with_the_demo_password,
    check_the_tracking_mix_follows_the_national_tracker,
    check_the_tasks_are_varied,
    check_completed_tasks_have_evidence,
    check_budget_lines_keep_planned_over_allocated_over_disbursed,
    check_reports_are_in_every_state,
    check_the_focal_commune_has_a_story,
    check_the_partner_is_party_to_many_tasks,
    check_objectives_have_targets_actuals_and_a_mixed_outlook,
    check_if_empty_on_a_loaded_database_changes_nothing,
]


class _Rows(list):
    def all(self):
        return self


def test_the_objective_outlooks_hold_on_any_day_of_2026_and_2027():
    """The actuals depend on the load day; the outlook each objective shows must not."""
    at_risk = {"CT01", "CT05", "CT07"}
    day = date(2026, 1, 1)
    while day <= date(2027, 12, 31):
        for seed in data.OBJECTIVES:
            objective = SimpleNamespace(
                baseline_value=seed.baseline,
                baseline_year=2024,
                direction="lower" if seed.lower_is_better else "higher",
                targets=_Rows(
                    SimpleNamespace(year=year, value=Decimal(str(value)))
                    for year, value in zip(range(2026, 2031), seed.targets, strict=True)
                ),
                actuals=_Rows(
                    SimpleNamespace(period=period, value=value) for period, value in actual_points(seed, day)
                ),
            )
            outlook = performance_of(objective, day).outlook
            assert (outlook == Outlook.AT_RISK) == (seed.code in at_risk), (seed.code, day, outlook)
        day += timedelta(days=9)


def test_the_demo_refuses_to_clash_with_existing_user_names(db):
    User.objects.create(username="admin")
    with pytest.raises(CommandError, match="admin"):
        call_command("load_demo", stdout=StringIO())
    assert is_empty()
