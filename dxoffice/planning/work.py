"""Planning's part of "my work": what waits for this person in the register today.

Each provider returns a bounded list (at most `LIMIT` items, then one item linking to the rest), so the
home page costs the same for a commune focal point and for the province's DX office.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxoffice.core.models import Role, RoleGrant, User
from dxoffice.core.periods import Period, code_label, period_label
from dxoffice.core.permissions import Action, unit_filter
from dxoffice.core.registry import Urgency, WorkItem
from dxoffice.planning.models import OPEN_STATUSES, ProgressReport, ReportStatus, Task
from dxoffice.planning.selectors import due_soon_q, overdue_q, reports_awaiting_review

LIMIT = 8
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def _task_url(task: Task) -> str:
    return reverse("planning:task_detail", args=[task.pk])


def _focal_scope(user: User) -> Q | None:
    """Tasks whose lead unit lies under a unit where the person is a focal point: the reports they
    write themselves (coordinators and leaders chase and review; they see those lists elsewhere)."""
    paths = list(
        RoleGrant.objects.filter(user=user, role=Role.FOCAL, unit__archived_at__isnull=True).values_list(
            "unit__path", flat=True
        )
    )
    if not paths:
        return None
    q = Q()
    for path in paths:
        q |= Q(lead_unit__path__startswith=path)
    return q


def _own_open_tasks(user: User) -> QuerySet[Task] | None:
    scope = _focal_scope(user)
    if scope is None:
        return None
    return Task.objects.filter(
        scope, status__in=OPEN_STATUSES, plan__archived_at__isnull=True
    ).select_related("lead_unit")


def reports_due(user: User, today: date) -> Iterator[WorkItem]:
    """The last completed period's report of each open task the person reports on, not yet sent."""
    tasks = _own_open_tasks(user)
    if tasks is None:
        return
    due: list[tuple[Task, Period]] = []
    for task in tasks.filter(Q(start_date__isnull=True) | Q(start_date__lte=today)).order_by(
        "due_date", "code"
    ):
        period = Period.containing(today, task.reporting_cycle).previous()
        if task.start_date and task.start_date > period.end:
            continue
        due.append((task, period))
    sent = set(
        ProgressReport.objects.filter(
            task__in=[task.pk for task, _period in due],
            period__in={period.code for _task, period in due},
            status__in=REPORTED,
        ).values_list("task_id", "period")
    )
    missing = [(task, period) for task, period in due if (task.pk, period.code) not in sent]
    for task, period in missing[:LIMIT]:
        yield WorkItem(
            kind="report.due",
            kind_label=gettext_lazy("Report to send"),
            title=f"{task.code} · {task.title}",
            url=reverse("planning:report_create", args=[task.pk]) + f"?period={period.code}",
            urgency=Urgency.DUE_SOON,
            due=period.end,
            detail=_("Report for %(period)s") % {"period": period_label(period)},
        )
    if len(missing) > LIMIT:
        yield _more(
            _("and %(count)s more reports to send") % {"count": len(missing) - LIMIT},
            reverse("planning:task_list"),
            Urgency.DUE_SOON,
        )


def reports_returned(user: User, today: date) -> Iterator[WorkItem]:
    reports = ProgressReport.objects.filter(
        status=ReportStatus.RETURNED, task__archived_at__isnull=True
    ).filter(Q(submitted_by=user) | Q(created_by=user))
    for report in reports.select_related("task").order_by("reviewed_at")[:LIMIT]:
        yield WorkItem(
            kind="report.returned",
            kind_label=gettext_lazy("Report returned"),
            title=f"{report.task.code} · {report.task.title}",
            url=reverse("planning:report_edit", args=[report.pk]),
            urgency=Urgency.RETURNED,
            detail=report.review_comment[:200],
        )


def reports_to_review(user: User, today: date) -> Iterator[WorkItem]:
    waiting = reports_awaiting_review(user).exclude(submitted_by=user).order_by("submitted_at")
    count = waiting.count()
    for report in waiting[:LIMIT]:
        yield WorkItem(
            kind="report.review",
            kind_label=gettext_lazy("Report to review"),
            title=f"{report.task.code} · {report.task.title}",
            url=reverse("planning:report_review", args=[report.pk]),
            urgency=Urgency.WAITING,
            detail=_("%(period)s · sent by %(who)s")
            % {"period": code_label(report.period), "who": report.submitted_by},
        )
    if count > LIMIT:
        yield _more(
            _("and %(count)s more reports to review") % {"count": count - LIMIT},
            reverse("planning:review_queue"),
            Urgency.WAITING,
        )


def deadlines(user: User, today: date) -> Iterator[WorkItem]:
    """Overdue and due-soon tasks the person reports on (focal points) or plans (coordinators)."""
    scope = unit_filter(user, Action.PLAN, "lead_unit")
    focal = _focal_scope(user)
    if scope == Q(pk__in=[]) and focal is None:
        return
    if scope == Q(pk__in=[]):
        scope = Q()
    q = scope | focal if focal is not None else scope
    tasks = Task.objects.filter(q, plan__archived_at__isnull=True).filter(
        overdue_q(today) | due_soon_q(today)
    )
    count = tasks.count()
    for task in tasks.select_related("lead_unit").order_by("due_date", "code")[:LIMIT]:
        overdue = task.due_date is not None and task.due_date < today
        days = abs((task.due_date - today).days) if task.due_date else 0
        yield WorkItem(
            kind="task.overdue" if overdue else "task.due_soon",
            kind_label=gettext_lazy("Overdue") if overdue else gettext_lazy("Due soon"),
            title=f"{task.code} · {task.title}",
            url=_task_url(task),
            urgency=Urgency.OVERDUE if overdue else Urgency.DUE_SOON,
            due=task.due_date,
            detail=(_("%(days)s days late") if overdue else _("due in %(days)s days")) % {"days": days}
            + f" · {task.lead_unit.display_name}",
        )
    if count > LIMIT:
        yield _more(
            _("and %(count)s more tasks overdue or due soon") % {"count": count - LIMIT},
            reverse("planning:task_list") + "?tracking=overdue",
            Urgency.DUE_SOON,
        )


def _more(title: str, url: str, urgency: int) -> WorkItem:
    """The last item of a bounded list: how many more there are, where they all are. It sorts last
    among the items of its own urgency (it has no date)."""
    return WorkItem(kind="more", kind_label=gettext_lazy("More"), title=title, url=url, urgency=urgency)
