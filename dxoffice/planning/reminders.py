"""The daily job (07:00): planning's reminders and escalations as notifications, then the digest.

What is reminded (for open tasks only: not started, in progress, paused; never completed,
cancelled or archived ones), each once (a dedupe key per task and due date or period):
- overdue: a non-recurring task past its due date by at least the first escalation step
  (settings.DXOFFICE_ESCALATION_DAYS[0], 1 day);
- due soon: a non-recurring task due within DUE_SOON_DAYS (7) days, today included;
- missing report: the last *completed* reporting period of the task's cycle (month, quarter or
  year before the one containing today) has no submitted or accepted progress report. Tasks that
  had not started by the end of that period are left out.

Who is reminded: active users holding the focal-point or coordinator role on the task's lead
unit, or on an ancestor of it that is not a province (a province coordinator does not want 64
communes' reminders; province grants count for the tasks the province itself leads).

The escalation ladder: the overdue reminder is its first step; after the second step's days the
unit's head (leaders and coordinators, same rule) is told, after the third the DX office (the
coordinators of the province at the root of the lead unit's tree). Each step once per task.

Then `task_became_overdue` is announced once per task and due date, every other module's daily job
runs (`core.registry.DailyJob`: meetings' reminders, training's, partners'...), and the day's digest goes out:
one e-mail per person with their digest notifications not yet e-mailed (core.notifications).
Re-running the job the same day creates and sends nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet

from dxoffice.core.actors import system_actor
from dxoffice.core.daily import DailyResult, run_daily_jobs
from dxoffice.core.models import Role, RoleGrant, UnitKind, User
from dxoffice.core.notifications.selectors import already_told
from dxoffice.core.notifications.services import (
    DigestRun,
    Message,
    Text,
    first_time,
    notify,
    send_digests,
)
from dxoffice.core.periods import Period
from dxoffice.planning import signals
from dxoffice.planning.models import OPEN_STATUSES, ProgressReport, ReportingCycle, ReportStatus, Task
from dxoffice.planning.notify import (
    DUE_SOON_BODY,
    DUE_TODAY_BODY,
    ESCALATED_BODY,
    ESCALATED_TITLE,
    MISSING_REPORT_BODY,
    OVERDUE_BODY,
    escalation_days,
    task_url,
)
from dxoffice.planning.selectors import due_soon_q, local_today, overdue_q

REMINDED_ROLES = (Role.FOCAL, Role.COORDINATOR)
HEAD_ROLES = (Role.LEADER, Role.COORDINATOR)
REPORTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ReminderKind(StrEnum):
    OVERDUE = "task.overdue"
    MISSING_REPORT = "report.missing"
    DUE_SOON = "task.due_soon"


@dataclass(frozen=True)
class ReminderItem:
    kind: ReminderKind
    task: Task
    days: int = 0  # days overdue, or days left until the due date
    period: Period | None = None  # the reporting period a report is missing for

    @property
    def dedupe_key(self) -> str:
        when = self.period.code if self.period else self.task.due_date
        return f"{self.kind}:{self.task.pk}:{when}"

    def body(self) -> Text:
        unit = self.task.lead_unit.display_name
        if self.kind == ReminderKind.MISSING_REPORT:
            cycle = ReportingCycle(self.task.reporting_cycle).label
            return Message(MISSING_REPORT_BODY, unit=unit, period=self.period or "", cycle=cycle)
        if self.kind == ReminderKind.DUE_SOON and self.days == 0:
            return Message(DUE_TODAY_BODY, unit=unit)
        template = OVERDUE_BODY if self.kind == ReminderKind.OVERDUE else DUE_SOON_BODY
        return Message(template, unit=unit, due=self.task.due_date, days=self.days)


@dataclass(frozen=True)
class Notice:
    """One notification to send: what, about which task, to whom."""

    kind: str
    task: Task
    recipients: tuple[User, ...]
    title: Text
    body: Text
    dedupe_key: str
    step: int = 0  # the escalation step (2 or 3), 0 for a reminder


# --- What is due --------------------------------------------------------------------------------


def last_completed_period(today: date, cycle: str) -> Period:
    return Period.containing(today, cycle).previous()


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(
        status__in=OPEN_STATUSES, plan__archived_at__isnull=True, lead_unit__archived_at__isnull=True
    ).select_related("lead_unit", "plan")


def _missing_report_items(today: date) -> list[ReminderItem]:
    candidates: list[tuple[Task, Period]] = []
    for task in _open_tasks():
        period = last_completed_period(today, task.reporting_cycle)
        started = task.start_date or date(task.plan.year, 1, 1)
        if started > period.end:
            continue  # the task had not started yet during that period
        candidates.append((task, period))
    if not candidates:
        return []
    reported = set(
        ProgressReport.objects.filter(
            task__in=_open_tasks().values("pk"),  # a subquery, not a list of ids: scales to any count
            period__in={period.code for _task, period in candidates},
            status__in=REPORTED_STATUSES,
        ).values_list("task_id", "period")
    )
    return [
        ReminderItem(ReminderKind.MISSING_REPORT, task, period=period)
        for task, period in candidates
        if (task.pk, period.code) not in reported
    ]


def reminder_items(today: date) -> list[ReminderItem]:
    """Everything worth reminding today, not yet assigned to people."""
    first_step = escalation_days()[0]
    items = [
        ReminderItem(ReminderKind.OVERDUE, task, days=(today - task.due_date).days)
        for task in _open_tasks().filter(overdue_q(today))
        if task.due_date and (today - task.due_date).days >= first_step
    ]
    items += [
        ReminderItem(ReminderKind.DUE_SOON, task, days=(task.due_date - today).days)
        for task in _open_tasks().filter(due_soon_q(today))
        if task.due_date
    ]
    return items + _missing_report_items(today)


# --- Who hears about it ---------------------------------------------------------------------------


class RoleMap:
    """Every active grant of the roles the daily job needs, loaded once: unit id -> holders."""

    def __init__(self) -> None:
        grants = RoleGrant.objects.filter(
            role__in={*REMINDED_ROLES, *HEAD_ROLES}, user__is_active=True, unit__archived_at__isnull=True
        ).select_related("user", "unit")
        self.by_unit: dict[int, list[tuple[User, str, str]]] = defaultdict(list)
        for grant in grants:
            self.by_unit[grant.unit_id].append((grant.user, grant.role, grant.unit.kind))

    def holders(self, task: Task, roles: tuple[str, ...]) -> dict[int, User]:
        """Holders of `roles` on the lead unit, or on an ancestor that is not a province."""
        users: dict[int, User] = {}
        for unit_id in task.lead_unit.ancestor_ids():
            own_unit = unit_id == task.lead_unit_id
            for user, role, kind in self.by_unit.get(unit_id, ()):
                if role in roles and (own_unit or kind != UnitKind.PROVINCE):
                    users[user.pk] = user
        return users

    def dx_office(self, task: Task) -> dict[int, User]:
        """Coordinators of the province at the root of the lead unit's tree."""
        root = task.lead_unit.ancestor_ids()[0]
        return {
            user.pk: user
            for user, role, kind in self.by_unit.get(root, ())
            if role == Role.COORDINATOR and kind == UnitKind.PROVINCE
        }


def recipients_of(task: Task, roles: RoleMap) -> dict[int, User]:
    """Users reminded about a task (see the module docstring)."""
    return roles.holders(task, REMINDED_ROLES)


def _escalations(item: ReminderItem, roles: RoleMap) -> list[Notice]:
    _first, second, third = escalation_days()
    task = item.task
    notices = []
    for step, days, people in (
        (2, second, roles.holders(task, HEAD_ROLES)),
        (3, third, roles.dx_office(task)),
    ):
        if item.days < days or not people:
            continue
        notices.append(
            Notice(
                kind="task.escalated",
                task=task,
                recipients=tuple(people.values()),
                title=Message(ESCALATED_TITLE, days=days, task=str(task)),
                body=Message(ESCALATED_BODY[step], unit=task.lead_unit.display_name, due=task.due_date),
                dedupe_key=f"task.escalated:{step}:{task.pk}:{task.due_date}",
                step=step,
            )
        )
    return notices


def build_notices(today: date) -> list[Notice]:
    """Everything the daily job tells people today, in a fixed number of queries."""
    roles = RoleMap()
    notices = []
    for item in reminder_items(today):
        people = recipients_of(item.task, roles)
        if people:
            notices.append(
                Notice(
                    kind=str(item.kind),
                    task=item.task,
                    recipients=tuple(people.values()),
                    title=str(item.task),
                    body=item.body(),
                    dedupe_key=item.dedupe_key,
                )
            )
        if item.kind == ReminderKind.OVERDUE:
            notices += _escalations(item, roles)
    return notices


# --- The run ------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run did (or, with dry_run, would do)."""

    day: date
    dry_run: bool = False
    told: dict[int, tuple[User, list[Notice]]] = field(default_factory=dict)  # new notifications per person
    became_overdue: int = 0
    modules: list[DailyResult] = field(default_factory=list)  # the other modules' daily jobs
    digest: DigestRun | None = None

    @property
    def created(self) -> int:
        return sum(len(notices) for _user, notices in self.told.values())

    @property
    def escalated(self) -> int:
        return sum(1 for _user, notices in self.told.values() for notice in notices if notice.step)

    def add(self, user: User, notice: Notice) -> None:
        self.told.setdefault(user.pk, (user, []))[1].append(notice)

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        digest = f"; {self.digest.summary()}" if self.digest else ""
        modules = "".join(f"; {result.code}: {result.summary}" for result in self.modules)
        return (
            f"{self.day.isoformat()}: {verb} {self.created} notification(s) for {len(self.told)} person(s), "
            f"{self.escalated} of them escalation(s){modules}{digest}."
        )


def _announce_became_overdue(today: date) -> int:
    """task_became_overdue, once per task and due date (sent after commit)."""
    overdue = {
        f"planning.task_became_overdue:{t.pk}:{t.due_date}": t for t in _open_tasks().filter(overdue_q(today))
    }
    with transaction.atomic():
        new = first_time(overdue)
        for key in sorted(new):
            signals.send_after_commit(signals.task_became_overdue, Task, task=overdue[key])
    return len(new)


def send_reminders(today: date | None = None, *, dry_run: bool = False) -> ReminderRun:
    """Create today's notifications and send the day's digests. Safe to run more than once a day."""
    today = today or local_today()
    run = ReminderRun(day=today, dry_run=dry_run)
    notices = build_notices(today)
    if dry_run:
        told = already_told(notice.dedupe_key for notice in notices)
        for notice in notices:
            for user in notice.recipients:
                if (user.pk, notice.dedupe_key) not in told:
                    run.add(user, notice)
        return run  # the digest depends on what would be created: not previewed
    actor = system_actor()
    for notice in notices:
        created = notify(
            kind=notice.kind,
            recipients=notice.recipients,
            title=notice.title,
            body=notice.body,
            url=task_url(notice.task),
            target=notice.task,
            by=actor,
            dedupe_key=notice.dedupe_key,
        )
        for notification in created:
            run.add(notification.recipient, notice)
    run.became_overdue = _announce_became_overdue(today)
    run.modules = run_daily_jobs(today)
    run.digest = send_digests(today)
    return run
