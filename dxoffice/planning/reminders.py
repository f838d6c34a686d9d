"""The daily reminder digest: one e-mail per person per day about the tasks their unit leads.

What is reminded (for open tasks only: not started, in progress, paused; never completed,
cancelled or archived ones):
- overdue: a non-recurring task past its due date;
- due soon: a non-recurring task due within DUE_SOON_DAYS (7) days, today included;
- missing report: the last *completed* reporting period of the task's cycle (month, quarter or
  year before the one containing today) has no submitted or accepted progress report. Tasks that
  had not started by the end of that period are left out.

Who is reminded: active users holding the focal-point or coordinator role on the task's lead
unit, or on an ancestor of it that is not a province. A role covers a subtree, so a department's
focal point also hears about its sub-units' tasks; but a province-wide grant would cover every
commune and department, and a province coordinator does not want 64 communes' reminders, so
province grants only count for tasks the province itself leads. Leaders, viewers and
administrators get no digest: they follow the dashboard.

Each recipient gets at most one digest a day, in their own language. A ReminderDigest row
(unique per user and day) is written in the same transaction as the mail is sent, so re-running
the job the same day sends nothing twice, and a failed send leaves no row and is retried.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dxoffice.core.models import Role, RoleGrant, UnitKind, User
from dxoffice.core.periods import Period
from dxoffice.planning.models import OPEN_STATUSES, ProgressReport, ReminderDigest, ReportStatus, Task
from dxoffice.planning.selectors import DUE_SOON_DAYS, due_soon_q, local_today, overdue_q

logger = logging.getLogger(__name__)

REMINDED_ROLES = (Role.FOCAL, Role.COORDINATOR)
REPORTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ReminderKind(StrEnum):
    OVERDUE = "overdue"
    MISSING_REPORT = "missing_report"
    DUE_SOON = "due_soon"


# The order groups appear in a digest: the most urgent first.
KIND_ORDER = (ReminderKind.OVERDUE, ReminderKind.MISSING_REPORT, ReminderKind.DUE_SOON)
KIND_TITLES = {
    ReminderKind.OVERDUE: _("Overdue tasks"),
    ReminderKind.MISSING_REPORT: _("Progress reports not yet submitted"),
    ReminderKind.DUE_SOON: _("Tasks due within %(days)d days"),
}


@dataclass(frozen=True)
class ReminderItem:
    kind: ReminderKind
    task: Task
    url: str
    days: int = 0  # days overdue, or days left until the due date
    period: Period | None = None  # the reporting period a report is missing for

    @property
    def key(self) -> tuple:
        return (self.kind, self.task.pk, self.period)


@dataclass
class Digest:
    user: User
    items: list[ReminderItem] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[ReminderItem]]]:
        """(title, items) per kind, most urgent first; empty groups left out."""
        by_kind: dict[ReminderKind, list[ReminderItem]] = defaultdict(list)
        for item in self.items:
            by_kind[item.kind].append(item)
        return [
            (kind_title(kind), sorted(by_kind[kind], key=_item_order)) for kind in KIND_ORDER if by_kind[kind]
        ]


def kind_title(kind: ReminderKind) -> str:
    title = str(KIND_TITLES[kind])
    return title % {"days": DUE_SOON_DAYS} if kind == ReminderKind.DUE_SOON else title


def _item_order(item: ReminderItem) -> tuple:
    return (item.task.due_date or date.max, item.task.code, item.task.pk)


@dataclass
class ReminderRun:
    """What one run did (or, with dry_run, would do)."""

    day: date
    dry_run: bool = False
    digests: list[Digest] = field(default_factory=list)  # digests sent (or that would be sent)
    already_sent: int = 0  # users who had today's digest already
    no_email: int = 0  # users with something to hear but no e-mail address
    failed: int = 0  # sends that raised; nothing recorded, so the next run retries them

    @property
    def sent(self) -> int:
        return len(self.digests)

    @property
    def items(self) -> int:
        return sum(len(digest.items) for digest in self.digests)

    def summary(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        return (
            f"{self.day.isoformat()}: {verb} {self.sent} digest(s) with {self.items} item(s); "
            f"{self.already_sent} already sent today, {self.no_email} without an e-mail address, "
            f"{self.failed} failed."
        )


# --- What is due --------------------------------------------------------------------------------


def task_url(task: Task) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("planning:task_detail", args=[task.pk])


def last_completed_period(today: date, cycle: str) -> Period:
    return Period.containing(today, cycle).previous()


def _open_tasks():
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
        ReminderItem(ReminderKind.MISSING_REPORT, task, task_url(task), period=period)
        for task, period in candidates
        if (task.pk, period.code) not in reported
    ]


def reminder_items(today: date) -> list[ReminderItem]:
    """Everything worth reminding today, not yet assigned to people."""
    items = [
        ReminderItem(ReminderKind.OVERDUE, task, task_url(task), days=(today - task.due_date).days)
        for task in _open_tasks().filter(overdue_q(today))
    ]
    items += [
        ReminderItem(ReminderKind.DUE_SOON, task, task_url(task), days=(task.due_date - today).days)
        for task in _open_tasks().filter(due_soon_q(today))
    ]
    return items + _missing_report_items(today)


# --- Who hears about it ---------------------------------------------------------------------------


def _grants_by_unit() -> dict[int, list[tuple[User, str]]]:
    """unit id -> [(user, unit kind)] for every active focal/coordinator grant."""
    grants = RoleGrant.objects.filter(
        role__in=REMINDED_ROLES, user__is_active=True, unit__archived_at__isnull=True
    ).select_related("user", "unit")
    by_unit: dict[int, list[tuple[User, str]]] = defaultdict(list)
    for grant in grants:
        by_unit[grant.unit_id].append((grant.user, grant.unit.kind))
    return by_unit


def recipients_of(task: Task, grants_by_unit: dict[int, list[tuple[User, str]]]) -> dict[int, User]:
    """Users reminded about a task: focal points and coordinators of the lead unit itself, or of
    an ancestor below the province level (see the module docstring)."""
    users: dict[int, User] = {}
    for unit_id in task.lead_unit.ancestor_ids():
        own_unit = unit_id == task.lead_unit_id
        for user, kind in grants_by_unit.get(unit_id, ()):
            if own_unit or kind != UnitKind.PROVINCE:
                users[user.pk] = user
    return users


def build_digests(today: date) -> list[Digest]:
    """One digest per recipient with everything they should hear about today, without duplicates."""
    grants = _grants_by_unit()
    digests: dict[int, Digest] = {}
    seen: set[tuple] = set()
    for item in reminder_items(today):
        for user in recipients_of(item.task, grants).values():
            if (user.pk, *item.key) in seen:
                continue
            seen.add((user.pk, *item.key))
            digests.setdefault(user.pk, Digest(user)).items.append(item)
    return sorted(digests.values(), key=lambda digest: digest.user.username)


# --- The e-mail -----------------------------------------------------------------------------------


def user_language(user: User) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


def render_digest(digest: Digest, today: date) -> EmailMultiAlternatives:
    """The digest as a plain-text e-mail with an HTML alternative, in the user's language."""
    with translation.override(user_language(digest.user)):
        count = len(digest.items)
        day = date_format(today, "SHORT_DATE_FORMAT")
        subject = ngettext(
            "[dxoffice] %(count)d reminder for %(day)s", "[dxoffice] %(count)d reminders for %(day)s", count
        ) % {"count": count, "day": day}
        context = {
            "user": digest.user,
            "groups": digest.groups(),
            "count": count,
            "day": today,
            "due_soon_days": DUE_SOON_DAYS,
            "register_url": settings.SITE_URL.rstrip("/") + reverse("planning:task_list"),
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("planning/email/reminder_digest.txt", context)
        html = render_to_string("planning/email/reminder_digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[digest.user.email])
    message.attach_alternative(html, "text/html")
    return message


def send_reminders(today: date | None = None, *, dry_run: bool = False) -> ReminderRun:
    """Send today's reminder digests. Safe to run more than once a day: nothing is sent twice."""
    today = today or local_today()
    run = ReminderRun(day=today, dry_run=dry_run)
    already = set(ReminderDigest.objects.filter(day=today).values_list("user_id", flat=True))
    pending: list[Digest] = []
    for digest in build_digests(today):
        if digest.user.pk in already:
            run.already_sent += 1
        elif not digest.user.email:
            run.no_email += 1
        else:
            pending.append(digest)
    if dry_run:
        run.digests = pending
        return run
    if not pending:
        return run
    with get_connection() as connection:
        for digest in pending:
            message = render_digest(digest, today)
            message.connection = connection
            try:
                with transaction.atomic():
                    ReminderDigest.objects.create(user=digest.user, day=today, item_count=len(digest.items))
                    message.send()
            except IntegrityError:
                run.already_sent += 1  # another run sent it in the meantime
            except Exception:
                logger.exception("Sending the reminder digest to %s failed", digest.user.username)
                run.failed += 1
            else:
                run.digests.append(digest)
    return run
