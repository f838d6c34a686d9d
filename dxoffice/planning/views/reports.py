from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.documents.labels import period_name
from dxoffice.core.periods import Period
from dxoffice.core.ui import flash_errors, form_errors_from
from dxoffice.planning import services
from dxoffice.planning.forms import ReportForm, ReviewForm
from dxoffice.planning.models import ProgressReport, ReportStatus, Task
from dxoffice.planning.selectors import can_report_on, local_today, reports_awaiting_review, task_for


def _task_reports_url(task_pk: int) -> str:
    return reverse("planning:task_detail", args=[task_pk]) + "?tab=reports"


def _visible_report(user, pk: int) -> ProgressReport:
    report = ProgressReport.objects.select_related("task__lead_unit").filter(pk=pk).first()
    if report is None:
        raise Http404
    try:
        task_for(user, report.task_id)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    if report.status == ReportStatus.DRAFT and not can_report_on(user, report.task):
        raise Http404
    return report


def _report_form_view(request, task: Task, report: ProgressReport | None):
    if not can_report_on(request.user, task):
        raise PermissionDenied
    initial = {}
    if report is None:
        current = Period.containing(local_today(), task.reporting_cycle)
        # Start from the last percentage reported (accepted or awaiting review), not from zero.
        latest = (
            task.reports.filter(status__in=(ReportStatus.ACCEPTED, ReportStatus.SUBMITTED))
            .order_by("-period_end", "-pk")
            .first()
        )
        initial = {"period": current.code, "percent_complete": latest.percent_complete if latest else 0}
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        instance=report,
        initial=initial,
        task=task,
        today=local_today(),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence")
        period = data.pop("period")
        try:
            saved = services.report_save(
                by=request.user,
                task=task,
                period=period,
                report=report,
                evidence=evidence,
                submit="submit" in request.POST,
                expected_version=data.pop("version", None),
                **data,
            )
            if saved.status == ReportStatus.SUBMITTED:
                messages.success(
                    request, _("Report for %(period)s submitted.") % {"period": period_name(saved.period)}
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect(_task_reports_url(task.pk))
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(request, "planning/report_form.html", {"form": form, "task": task, "report": report})


@login_required
def report_create(request, pk: int):
    try:
        task = task_for(request.user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    return _report_form_view(request, Task.objects.get(pk=task.pk), None)


@login_required
def report_edit(request, pk: int):
    report = _visible_report(request.user, pk)
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        messages.error(request, _("A submitted report can no longer be edited."))
        return redirect(_task_reports_url(report.task_id))
    return _report_form_view(request, report.task, report)


@login_required
@require_POST
def report_submit_view(request, pk: int):
    report = _visible_report(request.user, pk)
    try:
        services.report_submit(by=request.user, report=report)
        messages.success(request, _("Report for %(period)s submitted.") % {"period": report.period})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(_task_reports_url(report.task_id))


@login_required
@require_POST
def report_review(request, pk: int):
    report = _visible_report(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or return."))
        return redirect(_task_reports_url(report.task_id))
    try:
        if form.cleaned_data["decision"] == "accept":
            services.report_accept(by=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report accepted."))
        else:
            services.report_return(by=request.user, report=report, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report returned to the lead unit."))
    except ValidationError as exc:
        flash_errors(request, exc)
    next_url = request.POST.get("next")
    if next_url == "queue":
        return redirect("planning:review_queue")
    return redirect(_task_reports_url(report.task_id))


@login_required
def review_queue(request):
    reports = reports_awaiting_review(request.user).order_by("submitted_at")
    return render(request, "planning/review_queue.html", {"reports": reports})
