from datetime import date

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dxoffice.planning.models import ReportStatus, TaskStatus, Tracking
from dxoffice.planning.origins import OriginLink
from dxoffice.planning.origins import origin_link as _origin_link
from dxoffice.planning.performance import Outlook, percent_of_target
from dxoffice.planning.selectors import local_today

register = template.Library()

STATUS_TONES = {
    TaskStatus.NOT_STARTED: "light text-dark border",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.COMPLETED: "success",
    TaskStatus.PAUSED: "warning text-dark",
    TaskStatus.CANCELLED: "secondary",
}
REPORT_TONES = {
    ReportStatus.DRAFT: "light text-dark border",
    ReportStatus.SUBMITTED: "info text-dark",
    ReportStatus.ACCEPTED: "success",
    ReportStatus.RETURNED: "warning text-dark",
}
OUTLOOK_TONES = {
    Outlook.ACHIEVED: "success",
    Outlook.ON_TRACK: "primary",
    Outlook.AT_RISK: "danger",
    Outlook.NO_DATA: "secondary",
}


@register.simple_tag
def tracking_badge(task) -> str:
    key = getattr(task, "tracking", "")
    if not key:
        return ""
    return format_html('<span class="badge tracking-{}">{}</span>', key, Tracking(key).label)


def days_late_of(task, today: date | None = None) -> int | None:
    """Days past the deadline: for an open task until today, for a completed one until it was done."""
    due = getattr(task, "due_date", None)
    if due is None or getattr(task, "is_recurring", False):
        return None
    if task.status == TaskStatus.COMPLETED:
        end = task.completed_on
    elif task.status == TaskStatus.CANCELLED:
        return None
    else:
        end = today or local_today()
    if end is None or end <= due:
        return None
    return (end - due).days


@register.filter
def days_late(task) -> int | None:
    return days_late_of(task)


@register.filter
def days_late_text(task) -> str:
    days = days_late_of(task)
    if not days:
        return ""
    return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": days}


@register.simple_tag
def task_state(task) -> SafeString:
    """One status line: the status, or for a finished task its tracking class, and beside it only
    what adds something (overdue with the days late, a regular task)."""
    key = getattr(task, "tracking", "")
    parts: list[tuple[str, str]] = []
    if task.status == TaskStatus.COMPLETED and key in (Tracking.COMPLETED_ON_TIME, Tracking.COMPLETED_LATE):
        parts.append((f"tracking-{key}", str(Tracking(key).label)))
    else:
        parts.append((f"text-bg-{STATUS_TONES.get(task.status, 'secondary')}", task.get_status_display()))
        if key == Tracking.OVERDUE:
            days = days_late_of(task)
            label = str(Tracking.OVERDUE.label)
            if days:
                late = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
                label = _("%(label)s (%(late)s)") % {"label": label, "late": late}
            parts.append(("tracking-overdue", label))
        elif key == Tracking.RECURRING:
            parts.append(("tracking-recurring", str(Tracking.RECURRING.label)))
    return format_html(
        '<span class="task-state d-inline-flex flex-wrap gap-1" data-testid="task-state">{}</span>',
        format_html_join("", '<span class="badge {}">{}</span>', parts),
    )


@register.simple_tag
def status_badge(task) -> str:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        STATUS_TONES.get(task.status, "secondary"),
        task.get_status_display(),
    )


@register.simple_tag
def report_badge(report) -> str:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        REPORT_TONES.get(report.status, "secondary"),
        report.get_status_display(),
    )


OUTLOOK_ICONS = {
    Outlook.ACHIEVED: "check-circle-fill",
    Outlook.ON_TRACK: "arrow-up-right-circle",
    Outlook.AT_RISK: "exclamation-triangle-fill",
    Outlook.NO_DATA: "dash-circle",
}


@register.simple_tag
def outlook_badge(performance) -> str:
    """The outlook in words with an icon, never by colour alone."""
    return format_html(
        '<span class="badge text-bg-{}"><i class="bi bi-{}" aria-hidden="true"></i> {}</span>',
        OUTLOOK_TONES.get(performance.outlook, "secondary"),
        OUTLOOK_ICONS.get(performance.outlook, "dash-circle"),
        Outlook(performance.outlook).label,
    )


@register.filter
def origin_link(task) -> OriginLink:
    return _origin_link(task)


@register.filter
def of_target(performance, objective):
    """Achievement against the target: `{{ performance|of_target:objective }}`."""
    return percent_of_target(objective, performance.actual, performance.target)
