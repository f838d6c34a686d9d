"""Planning's entries in the module registry: navigation, the home card, "my work", visibility of its
records, the task origins it knows, its audit events and notification kinds."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.core.registry import AuditEvent, HomeCard, Module, NavEntry, NotificationKind, OriginKind
from dxoffice.planning import selectors, stats, work
from dxoffice.planning.excel.jobs import PLAN_IMPORT_JOB


def _reads_program(user: Any) -> bool:
    return selectors.can_read_program(user)


def _reviews(user: Any) -> bool:
    return can_anywhere(user, Action.REVIEW)


def program_card(request: HttpRequest) -> dict[str, Any] | None:
    """The program at a glance for the home page: the person's visible tasks by tracking class."""
    tasks = selectors.tasks_visible_to(request.user)
    counts = stats.tracking_counts(tasks, selectors.local_today())
    total = sum(counts.values())
    if not total:
        return None
    return {"counts": counts, "total": total}


MODULE = Module(
    name="planning",
    label=_("Program register"),
    unit_page="planning:unit_detail",
    search="planning:task_list",
    nav=[
        NavEntry("dashboard", _("Dashboard"), "planning:dashboard", icon="speedometer2", order=10),
        NavEntry("tasks", _("Tasks"), "planning:task_list", icon="list-task", order=20),
        NavEntry("objectives", _("Objectives"), "planning:objective_list", order=30, visible=_reads_program),
        NavEntry("budget", _("Budget"), "planning:budget_summary", order=40, visible=_reads_program),
        NavEntry("directives", _("Directives"), "planning:directive_list", order=50, visible=_reads_program),
        NavEntry("reviews", _("Reviews"), "planning:review_queue", order=90, visible=_reviews),
    ],
    cards=[
        HomeCard(
            "program",
            _("DX program"),
            "planning/cards/program.html",
            program_card,
            order=10,
        )
    ],
    work=[work.reports_returned, work.reports_to_review, work.reports_due, work.deadlines],
    visibility={
        "planning.task": selectors.task_record_is_visible,
        "planning.progressreport": selectors.report_is_visible,
        "planning.budgetline": selectors.task_part_is_visible,
        "planning.milestone": selectors.task_part_is_visible,
        "planning.taskcomment": selectors.task_part_is_visible,
        "planning.extensionrequest": selectors.task_part_is_visible,
        "planning.savedfilter": lambda user, saved: saved.owner_id == user.pk,
        "planning.directive": selectors.program_record_is_visible,
        "planning.program": selectors.program_record_is_visible,
        "planning.objective": selectors.program_record_is_visible,
        "planning.objectivetarget": selectors.program_record_is_visible,
        "planning.objectiveactual": selectors.program_record_is_visible,
        "planning.annualplan": selectors.program_record_is_visible,
        "planning.pillar": selectors.program_record_is_visible,
        "planning.sector": selectors.program_record_is_visible,
    },
    origins=[
        OriginKind("plan", _("Annual plan")),
        OriginKind("direction", _("Leader's direction")),
        OriginKind("other", _("Other")),
    ],
    events=[
        AuditEvent("task.created", _("task created")),
        AuditEvent("task.changed", _("task changed")),
        AuditEvent("task.archived", _("task archived")),
        AuditEvent("task.status_changed", _("status changed")),
        AuditEvent("task.started_by_report", _("started: progress report accepted")),
        AuditEvent("task.imported", _("imported from Excel")),
        AuditEvent("report.saved", _("report saved")),
        AuditEvent("report.submitted", _("report submitted")),
        AuditEvent("report.accepted", _("report accepted")),
        AuditEvent("report.returned", _("report returned")),
        AuditEvent("budget.saved", _("budget line saved")),
        AuditEvent("budget.archived", _("budget line archived")),
        AuditEvent("budget.imported", _("budget line imported from Excel")),
        AuditEvent("directive.saved", _("directive saved")),
        AuditEvent("plan.saved", _("plan saved")),
        AuditEvent("objective.saved", _("objective saved")),
        AuditEvent("target.saved", _("target saved")),
        AuditEvent("actual.recorded", _("actual recorded")),
        AuditEvent("milestone.saved", _("milestone saved")),
        AuditEvent("milestone.done", _("milestone done")),
        AuditEvent("milestone.reopened", _("milestone reopened")),
        AuditEvent("comment.direction", _("direction given")),
        AuditEvent("comment.answer", _("direction answered")),
        AuditEvent("comment.comment", _("comment written")),
        AuditEvent("extension.requested", _("deadline extension requested")),
        AuditEvent("extension.approved", _("deadline extension approved")),
        AuditEvent("extension.refused", _("deadline extension refused")),
        AuditEvent("task.reminded", _("lead unit reminded")),
        AuditEvent("task.deadline_moved", _("deadline moved")),
        AuditEvent("saved_filter.saved", _("filter saved")),
        AuditEvent("saved_filter.archived", _("filter removed")),
    ],
    jobs=[PLAN_IMPORT_JOB],
    # In the order the daily digest lists them: the most urgent first.
    notifications=[
        NotificationKind(
            "task.escalated",
            _("Overdue work escalated to you"),
            _("A task of a unit you lead or oversee is still overdue after several days."),
        ),
        NotificationKind(
            "task.overdue", _("Overdue tasks"), _("A task your unit leads is past its due date.")
        ),
        NotificationKind(
            "report.returned",
            _("Reports returned to you"),
            _("A reviewer returned a progress report you submitted."),
            default_email="immediate",
        ),
        NotificationKind(
            "report.missing",
            _("Progress reports not yet submitted"),
            _("The last reporting period of a task your unit leads ended without a report."),
        ),
        NotificationKind(
            "report.submitted",
            _("Reports waiting for your review"),
            _("A unit you review submitted a progress report."),
        ),
        NotificationKind(
            "task.assigned",
            _("Tasks assigned to your unit"),
            _("Your unit was made the lead unit of a task."),
        ),
        NotificationKind(
            "task.due_soon", _("Tasks due soon"), _("A task your unit leads is due within 7 days.")
        ),
        NotificationKind(
            "extension.requested",
            _("Deadline extensions to decide"),
            _("A unit asked for more time on a task you plan."),
        ),
        NotificationKind(
            "extension.decided",
            _("Decisions on your extension requests"),
            _("Your request to move a task's deadline was approved or refused."),
            default_email="immediate",
        ),
        NotificationKind(
            "task.reminded",
            _("Reminders from the DX office"),
            _("A planner reminded your unit of a task it leads."),
        ),
        NotificationKind(
            "task.commented",
            _("Directions and comments on tasks"),
            _("A leader gave a direction, or someone answered or commented, on a task you take part in."),
        ),
    ],
)
