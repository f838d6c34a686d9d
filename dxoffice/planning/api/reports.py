"""Progress reports: the lead unit writes and submits them; reviewers accept or return them.
An accepted report sets the task's progress."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from dxoffice.core.api import Page, PageParams, caller, paginate
from dxoffice.planning import services
from dxoffice.planning.api.common import visible_report, visible_task
from dxoffice.planning.schemas import CommentIn, ReportIn, ReportOut, ReportPatch
from dxoffice.planning.selectors import reports_awaiting_review, reports_visible_to

router = Router(tags=["reports"])


def _comment(payload: CommentIn | None) -> str:
    return payload.comment if payload is not None else ""


def _period(value: str | None) -> str:
    return (value or "").strip().upper()


@router.get("/tasks/{task_id}/reports", response=Page[ReportOut])
def report_list(request: HttpRequest, task_id: int, page: Query[PageParams]):
    """Reports of a task (drafts only for those who write the lead unit's reports)."""
    user = caller(request)
    return paginate(reports_visible_to(user, visible_task(user, task_id)), page)


@router.post("/tasks/{task_id}/reports", response={201: ReportOut})
def report_create(request: HttpRequest, task_id: int, payload: ReportIn):
    """Write the report for a period (a draft, or submitted at once with `submit: true`). Writing
    again for a period whose report is a draft or was returned edits that report."""
    user = caller(request)
    task = visible_task(user, task_id)
    data = payload.dict()
    report = services.report_save(
        by=user, task=task, period=_period(data.pop("period")), submit=data.pop("submit"), **data
    )
    return Status(201, report)


@router.get("/reports/awaiting-review", response=Page[ReportOut])
def report_review_queue(request: HttpRequest, page: Query[PageParams]):
    """Submitted reports the caller may accept or return."""
    reports = reports_awaiting_review(caller(request)).select_related("created_by", "reviewed_by")
    return paginate(reports.order_by("submitted_at", "pk"), page)


@router.get("/reports/{report_id}", response=ReportOut)
def report_detail(request: HttpRequest, report_id: int):
    return visible_report(caller(request), report_id)


@router.patch("/reports/{report_id}", response=ReportOut)
def report_update(request: HttpRequest, report_id: int, payload: ReportPatch):
    """Edit a draft or returned report; `submit: true` also submits it."""
    user = caller(request)
    report = visible_report(user, report_id)
    data = payload.dict(exclude_unset=True)
    submit = data.pop("submit", False)
    period = _period(data.pop("period", None)) or report.period
    fields = {name: value for name, value in data.items() if value is not None}
    return services.report_save(
        by=user, task=report.task, period=period, report=report, submit=submit, **fields
    )


@router.post("/reports/{report_id}/submit", response=ReportOut)
def report_submit(request: HttpRequest, report_id: int):
    user = caller(request)
    return services.report_submit(by=user, report=visible_report(user, report_id))


@router.post("/reports/{report_id}/accept", response=ReportOut)
def report_accept(request: HttpRequest, report_id: int, payload: CommentIn | None = None):
    """Accept a submitted report (reviewers of the lead unit); the task's progress follows it."""
    user = caller(request)
    report = visible_report(user, report_id)
    return services.report_accept(by=user, report=report, comment=_comment(payload))


@router.post("/reports/{report_id}/return", response=ReportOut)
def report_return(request: HttpRequest, report_id: int, payload: CommentIn | None = None):
    """Return a submitted report for changes; the comment says what to change."""
    user = caller(request)
    report = visible_report(user, report_id)
    return services.report_return(by=user, report=report, comment=_comment(payload))
