"""Writes of progress reports: save, submit, accept, return."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxoffice.core.exceptions import StateConflict
from dxoffice.core.models import User
from dxoffice.core.periods import Period, canonical_period
from dxoffice.core.permissions import Action, require
from dxoffice.core.services import attachment_add, save_audited, validate_upload
from dxoffice.planning import signals
from dxoffice.planning.models import (
    ProgressReport,
    ReportStatus,
    Task,
    TaskStatus,
)
from dxoffice.planning.selectors import can_report_on, local_today
from dxoffice.planning.services.guards import require_open_task
from dxoffice.planning.signals import send_after_commit

# Progress reports ------------------------------------------------------------------------------

REPORT_FIELDS = {"percent_complete", "work_done", "blockers", "proposals"}


def _require_reporter(by: User, task: Task) -> None:
    """The lead unit's reporters, or the partner's where the task has one (core.permissions for
    the unit; planning.selectors.can_report_on for the rule)."""
    if by is None:
        raise ValueError("a write needs an actor: pass by=<user> or by=system_actor()")
    if not can_report_on(by, task):
        raise PermissionDenied(_("Only the lead unit (or the task's partner) reports on this task."))
    require_open_task(task)
    if task.status == TaskStatus.CANCELLED:
        raise StateConflict(_("A cancelled task takes no reports."))


def _lock(report: ProgressReport) -> ProgressReport:
    """Lock the report's row and read it again inside the transaction: a decision is taken on the
    report as it is now, not as the screen loaded it (two reviewers cannot both decide)."""
    ProgressReport.all_objects.select_for_update().filter(pk=report.pk).exists()
    report.refresh_from_db()
    return report


def _check_version(report: ProgressReport, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != report.version:
        raise StateConflict(
            {
                "version": _(
                    "Someone else changed this report meanwhile. Reload it and make your change again."
                )
            }
        )


def report_save(
    *,
    by: User,
    task: Task,
    period: str,
    report: ProgressReport | None = None,
    submit: bool = False,
    evidence: Iterable[File] = (),
    expected_version: int | None = None,
    **fields: Any,
) -> ProgressReport:
    """Create or edit the lead unit's report for a period: `report_write` without saying which."""
    return report_write(
        by=by,
        task=task,
        period=period,
        report=report,
        submit=submit,
        evidence=evidence,
        expected_version=expected_version,
        **fields,
    )[0]


@transaction.atomic
def report_write(
    *,
    by: User,
    task: Task,
    period: str,
    report: ProgressReport | None = None,
    submit: bool = False,
    evidence: Iterable[File] = (),
    expected_version: int | None = None,
    **fields: Any,
) -> tuple[ProgressReport, bool]:
    """Create or edit the lead unit's report for a period (draft or returned), optionally
    submitting it at once; says whether the report is new. `expected_version`, when given, is the
    version the editor loaded: a report changed meanwhile is a StateConflict, not silently
    overwritten. Two people writing a new report for the same task and period at the same moment: the
    second gets the same StateConflict however far the first had got."""
    _require_reporter(by, task)
    unknown = set(fields) - REPORT_FIELDS
    if unknown:
        raise TypeError(f"unknown report fields: {sorted(unknown)}")
    evidence = list(evidence)
    for upload in evidence:
        validate_upload(upload, field="evidence")
    period = _canonical(period)
    if report is None:
        report = ProgressReport.all_objects.filter(task=task, period=period).first()
        if (
            report is not None
            and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
            and not report.archived_at
        ):
            pass
        elif report is not None:
            raise StateConflict(
                {"period": _("A report for %(period)s has already been submitted.") % {"period": period}}
            )
        else:
            report = ProgressReport(task=task, created_by=by)
    elif report.task_id != task.pk:
        raise ValidationError(_("This report belongs to another task."))
    if report.pk:
        _check_version(_lock(report), expected_version)
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        raise StateConflict(_("A submitted report can no longer be edited."))
    report.period = period
    _validate_report_period(task, report.period)
    for name, value in fields.items():
        setattr(report, name, value)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = by
    created = report.pk is None
    event = "report.submitted" if submit else "report.saved"
    if created:
        _save_new(report, by=by, event=event)
    else:
        save_audited(report, by=by, event=event)
    for upload in evidence:
        attachment_add(by=by, target=report, upload=upload)
    if submit:
        send_after_commit(signals.report_submitted, ProgressReport, report=report, by=by)
    return report, created


def _save_new(report: ProgressReport, *, by: User, event: str) -> None:
    """Save a new report; one written meanwhile for the same task and period, whether the model's
    check or the database's constraint sees it, is one conflict naming the period."""
    conflict = StateConflict(
        {
            "period": _("A report for %(period)s was written meanwhile. Reload the task to see it.")
            % {"period": report.period}
        }
    )
    try:
        with transaction.atomic():
            save_audited(report, by=by, event=event)
    except IntegrityError as exc:
        raise conflict from exc
    except ValidationError as exc:
        if NON_FIELD_ERRORS in getattr(exc, "error_dict", {}) and _period_taken(report):
            raise conflict from exc
        raise


def _period_taken(report: ProgressReport) -> bool:
    return ProgressReport.all_objects.filter(task_id=report.task_id, period=report.period).exists()


def _canonical(code: str) -> str:
    try:
        return canonical_period(code)
    except ValidationError as exc:
        raise ValidationError({"period": exc.messages}) from exc


def _validate_report_period(task: Task, code: str) -> None:
    """A report covers a period that has begun and does not end before the task started."""
    period = Period.parse(_canonical(code))
    if period.start > local_today():
        raise ValidationError({"period": _("%(period)s has not begun yet.") % {"period": code}})
    if task.start_date and period.end < task.start_date:
        raise ValidationError({"period": _("%(period)s ends before the task started.") % {"period": code}})


@transaction.atomic
def report_submit(*, by: User, report: ProgressReport) -> ProgressReport:
    _require_reporter(by, report.task)
    _lock(report)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise StateConflict(_("Only a draft or returned report can be submitted."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    save_audited(report, by=by, event="report.submitted")
    send_after_commit(signals.report_submitted, ProgressReport, report=report, by=by)
    return report


def _require_reviewable(by: User, report: ProgressReport) -> None:
    require(by, Action.REVIEW, report.task.lead_unit)
    _lock(report)
    if report.status != ReportStatus.SUBMITTED:
        raise StateConflict(_("Only a submitted report can be reviewed."))
    if report.submitted_by_id == by.pk:
        raise PermissionDenied(_("A report is reviewed by someone other than the person who submitted it."))


@transaction.atomic
def report_accept(*, by: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    _require_reviewable(by, report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = (comment or "").strip()
    save_audited(report, by=by, event="report.accepted", reason=report.review_comment)
    task = report.task
    if task.status == TaskStatus.NOT_STARTED and report.percent_complete > 0:
        task.status = TaskStatus.IN_PROGRESS
        save_audited(task, by=by, event="task.started_by_report")
    send_after_commit(signals.report_accepted, ProgressReport, report=report, by=by)
    return report


@transaction.atomic
def report_return(*, by: User, report: ProgressReport, comment: str) -> ProgressReport:
    _require_reviewable(by, report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what needs to change when returning a report.")})
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_comment = comment
    save_audited(report, by=by, event="report.returned", reason=comment)
    send_after_commit(signals.report_returned, ProgressReport, report=report, by=by)
    return report
