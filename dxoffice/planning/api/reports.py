"""Progress reports: the lead unit writes and submits them; reviewers accept or return them.
An accepted report sets the task's progress."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from dxoffice.core.api import Page, PageParams, caller, paginate, with_errors
from dxoffice.core.api_inputs import RecordId
from dxoffice.planning import services
from dxoffice.planning.api.common import visible_report, visible_task
from dxoffice.planning.schemas import CommentIn, ReportIn, ReportOut, ReportPatch, ReturnIn
from dxoffice.planning.selectors import reports_awaiting_review, reports_visible_to

router = Router(tags=["reports"])


def _period(value: str) -> str:
    return value.strip().upper()


@router.get(
    "/tasks/{task_id}/reports",
    response=with_errors({200: Page[ReportOut]}, 401, 404, 422),
    operation_id="report_list",
)
def report_list(request: HttpRequest, task_id: RecordId, page: Query[PageParams]):
    """Reports of a task (drafts only for those who write the lead unit's reports)."""
    user = caller(request)
    return paginate(reports_visible_to(user, visible_task(user, task_id)), page)


@router.post(
    "/tasks/{task_id}/reports",
    response=with_errors({200: ReportOut, 201: ReportOut}, 400, 401, 403, 404, 409, 422),
    operation_id="report_create",
)
def report_create(request: HttpRequest, task_id: RecordId, payload: ReportIn):
    """Write the report for a period (a draft, or submitted at once with `submit: true`). Writing
    again for a period whose report is a draft or was returned edits that report; one already
    submitted or accepted is a 409, as is a cancelled task. A period that has not begun, or that
    ends before the task started, is a 400 naming `period`. 201 for a new report, 200 for an edit;
    of two requests racing to write a new report for one period, the second is a 409."""
    user = caller(request)
    task = visible_task(user, task_id)
    data = payload.dict()
    report, created = services.report_write(
        by=user, task=task, period=_period(data.pop("period")), submit=data.pop("submit"), **data
    )
    return Status(201 if created else 200, report)


@router.get(
    "/reports/awaiting-review",
    response=with_errors({200: Page[ReportOut]}, 401, 422),
    operation_id="report_review_queue",
)
def report_review_queue(request: HttpRequest, page: Query[PageParams]):
    """Submitted reports the caller may accept or return."""
    reports = reports_awaiting_review(caller(request)).select_related("created_by", "reviewed_by")
    return paginate(reports.order_by("submitted_at", "pk"), page)


@router.get(
    "/reports/{report_id}", response=with_errors({200: ReportOut}, 401, 404, 422), operation_id="report_get"
)
def report_detail(request: HttpRequest, report_id: RecordId):
    """One report (drafts only for those who write the lead unit's reports)."""
    return visible_report(caller(request), report_id)


@router.patch(
    "/reports/{report_id}",
    response=with_errors({200: ReportOut}, 400, 401, 403, 404, 409, 422),
    operation_id="report_update",
)
def report_update(request: HttpRequest, report_id: RecordId, payload: ReportPatch):
    """Edit a draft or returned report; `submit: true` also submits it. A submitted or accepted
    report can no longer be edited: 409; so is one changed since the `version` sent."""
    user = caller(request)
    report = visible_report(user, report_id)
    fields = payload.dict(exclude_unset=True)
    submit = fields.pop("submit", False)
    version = fields.pop("version", None)
    period = _period(fields.pop("period", report.period))
    return services.report_save(
        by=user,
        task=report.task,
        period=period,
        report=report,
        submit=submit,
        expected_version=version,
        **fields,
    )


@router.post(
    "/reports/{report_id}/submit",
    response=with_errors({200: ReportOut}, 401, 403, 404, 409, 422),
    operation_id="report_submit",
)
def report_submit(request: HttpRequest, report_id: RecordId):
    """Submit a draft or returned report for review (409 for any other)."""
    user = caller(request)
    return services.report_submit(by=user, report=visible_report(user, report_id))


@router.post(
    "/reports/{report_id}/accept",
    response=with_errors({200: ReportOut}, 401, 403, 404, 409, 422),
    operation_id="report_accept",
)
def report_accept(request: HttpRequest, report_id: RecordId, payload: CommentIn | None = None):
    """Accept a submitted report (reviewers of the lead unit, not the person who submitted it);
    the task's progress follows it. A report that is not submitted is a 409."""
    user = caller(request)
    report = visible_report(user, report_id)
    comment = payload.comment if payload is not None else ""
    return services.report_accept(by=user, report=report, comment=comment)


@router.post(
    "/reports/{report_id}/return",
    response=with_errors({200: ReportOut}, 401, 403, 404, 409, 422),
    operation_id="report_return",
)
def report_return(request: HttpRequest, report_id: RecordId, payload: ReturnIn):
    """Return a submitted report for changes; the comment says what to change. A report that is
    not submitted is a 409."""
    user = caller(request)
    report = visible_report(user, report_id)
    return services.report_return(by=user, report=report, comment=payload.comment)
