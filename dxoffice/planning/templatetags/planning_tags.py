from django import template
from django.utils.html import format_html

from dxoffice.planning.models import ReportStatus, TaskStatus, Tracking
from dxoffice.planning.origins import OriginLink
from dxoffice.planning.origins import origin_link as _origin_link
from dxoffice.planning.performance import Outlook

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


@register.simple_tag
def outlook_badge(performance) -> str:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        OUTLOOK_TONES.get(performance.outlook, "secondary"),
        Outlook(performance.outlook).label,
    )


@register.filter
def origin_link(task) -> OriginLink:
    return _origin_link(task)
