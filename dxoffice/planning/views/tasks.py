from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.models import GOVERNMENT_KINDS, PARTNER_KINDS, OrgUnit
from dxoffice.core.permissions import Action, can, can_anywhere, units_in_scope
from dxoffice.core.services import attachments_by_target, attachments_of
from dxoffice.core.ui import flash_errors, form_errors_from
from dxoffice.planning import services
from dxoffice.planning.forms import MilestoneForm, StatusForm, TaskForm, UploadForm
from dxoffice.planning.models import (
    AnnualPlan,
    Directive,
    FundingSource,
    Milestone,
    Pillar,
    Priority,
    ProgressReport,
    ReportStatus,
    Sector,
    Task,
    TaskStatus,
    Tracking,
)
from dxoffice.planning.origins import DEFAULT_ORIGIN, origin_choices
from dxoffice.planning.rules import disbursement_rate
from dxoffice.planning.selectors import (
    TaskFilters,
    can_read_program,
    can_report_on,
    local_today,
    progress_of,
    reports_visible_to,
    task_for,
    task_is_visible,
    task_register,
    tasks_visible_to,
    with_tracking,
)
from dxoffice.planning.views.discussion import discussion_context
from dxoffice.planning.views.register_actions import saved_filters_of

PAGE_SIZES = (25, 50, 100)


def _visible_task(user, pk: int) -> Task:
    try:
        return task_for(user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def task_list(request):
    try:
        filters = TaskFilters.from_params(request.GET)
        error = None
    except ValidationError as exc:
        filters, error = TaskFilters(), exc
    tasks = task_register(request.user, filters)
    try:
        page_size = int(request.GET.get("page_size", 25))
    except ValueError:
        page_size = 25
    page_size = page_size if page_size in PAGE_SIZES else 25
    page = Paginator(tasks, page_size).get_page(request.GET.get("page"))
    for task in page:
        task.progress = progress_of(task)
    filter_params = filters.as_params()
    context = {
        "page": page,
        "filters": filters,
        "filter_error": error,
        "filter_params": filter_params,
        "export_query": "?" + request.GET.urlencode() if request.GET else "",
        "page_size": page_size,
        "page_sizes": PAGE_SIZES,
        "pillars": Pillar.objects.all(),
        "sectors": Sector.objects.all(),
        "units": units_in_scope(request.user).filter(kind__in=GOVERNMENT_KINDS).only("code", "name"),
        "partners": _partners_listed(request.user),
        "statuses": TaskStatus.choices,
        "trackings": Tracking.choices,
        "origins": origin_choices(),
        "priorities": Priority.choices,
        "fundings": FundingSource.choices,
        "years": AnnualPlan.objects.order_by("year").values_list("year", flat=True).distinct(),
        # Directives are program records: listed only to those who may read the program.
        "directives": Directive.objects.only("number")
        if can_read_program(request.user)
        else Directive.objects.none(),
        "can_plan": can_anywhere(request.user, Action.PLAN),
        "saved_filters": saved_filters_of(request.user),
        "current_query": urlencode(filter_params),
        "plan_units": units_in_scope(request.user, Action.PLAN)
        .filter(kind__in=GOVERNMENT_KINDS)
        .order_by("name"),
    }
    template = "planning/_task_table.html" if request.headers.get("HX-Request") else "planning/task_list.html"
    return render(request, template, context)


def _partners_listed(user):
    """Partners the register's filter offers: all of them to those who read the program, a partner
    only itself (the others are none of its business)."""
    partners = OrgUnit.objects.filter(kind__in=PARTNER_KINDS).only("code", "name")
    return partners if can_read_program(user) else partners.filter(pk__in=units_in_scope(user).values("pk"))


@login_required
def task_detail(request, pk: int):
    task = _visible_task(request.user, pk)
    user = request.user
    reports = list(reports_visible_to(user, task))
    files_by_report = attachments_by_target(ProgressReport, (report.pk for report in reports))
    for report in reports:
        report.files = files_by_report.get(report.pk, [])
    can_report = can_report_on(user, task) and task.status != TaskStatus.CANCELLED
    transitions = services.allowed_transitions(user, task)
    context = {
        "task": task,
        # The parent is named only to those who may open it.
        "parent": task.parent if task.parent is not None and task_is_visible(user, task.parent) else None,
        "progress": progress_of(task),
        "reports": reports,
        "budget_lines": task.budget_lines.all(),
        "files": attachments_of(task),
        # Evidence sent with a report is one of the task's files too (of the reports this person sees).
        "report_files": [(report, f) for report in reports for f in report.files],
        "milestones": task.milestones.all(),
        "subtasks": with_tracking(tasks_visible_to(user).filter(parent=task)).select_related("lead_unit"),
        "coordinating_units": task.coordinating_units.all(),
        # Units are linked only where their page opens for this person (a partner: its own).
        "openable_units": set(
            units_in_scope(user)
            .filter(Q(pk=task.lead_unit_id) | Q(pk__in=task.coordinating_units.values("pk")))
            .values_list("pk", flat=True)
        ),
        "directives": task.directives.all(),
        "objectives": task.objectives.all(),
        "can_plan": can(user, Action.PLAN, task.lead_unit),
        "can_report": can_report,
        "can_review": can(user, Action.REVIEW, task.lead_unit),
        "transitions": transitions,
        "status_form": StatusForm(allowed=transitions),
        "upload_form": UploadForm(),
        "milestone_form": MilestoneForm(),
        "ReportStatus": ReportStatus,
        "tab": request.GET.get("tab", "details"),
        "today": local_today(),
    }
    totals = {
        name: sum(getattr(line, name) for line in context["budget_lines"])
        for name in ("planned", "allocated", "disbursed")
    }
    totals["rate"] = disbursement_rate(totals["disbursed"], totals["allocated"])
    context["budget_totals"] = totals
    context.update(discussion_context(user, task))
    return render(request, "planning/task_detail.html", context)


def _task_form_view(request, task: Task | None):
    if not can_anywhere(request.user, Action.PLAN):
        raise PermissionDenied
    form = TaskForm(request.POST or None, instance=task, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relations = {name: data.pop(name) for name in ("coordinating_units", "directives", "objectives")}
        plan = data.pop("plan")
        version = data.pop("version", None)
        try:
            if task is None:
                task = services.task_create(
                    by=request.user,
                    plan=plan,
                    origin=data.pop("origin", "") or DEFAULT_ORIGIN,
                    **relations,
                    **data,
                )
                messages.success(request, _("Task %(code)s created.") % {"code": task.code})
            else:
                services.task_update(
                    by=request.user, task=task, expected_version=version, **relations, **data
                )
                messages.success(request, _("Task %(code)s saved.") % {"code": task.code})
            return redirect("planning:task_detail", pk=task.pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(request, "planning/task_form.html", {"form": form, "task": task})


@login_required
def task_create_view(request):
    return _task_form_view(request, None)


@login_required
def task_edit(request, pk: int):
    task = _visible_task(request.user, pk)
    if not can(request.user, Action.PLAN, task.lead_unit):
        raise PermissionDenied
    return _task_form_view(request, Task.objects.get(pk=task.pk))


@login_required
@require_POST
def task_status(request, pk: int):
    task = _visible_task(request.user, pk)
    form = StatusForm(request.POST, request.FILES, allowed=services.allowed_transitions(request.user, task))
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect("planning:task_detail", pk=pk)
    try:
        services.task_change_status(
            by=request.user,
            task=Task.objects.get(pk=pk),
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            evidence=form.cleaned_data["evidence"],
            completed_on=form.cleaned_data["completed_on"],
        )
        messages.success(request, _("Status changed."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("planning:task_detail", pk=pk)


@login_required
@require_POST
def task_archive_view(request, pk: int):
    task = _visible_task(request.user, pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give the reason for archiving the task."))
        return redirect("planning:task_detail", pk=pk)
    try:
        services.task_archive(by=request.user, task=Task.objects.get(pk=pk), reason=reason)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("planning:task_detail", pk=pk)
    messages.success(request, _("Task %(code)s archived.") % {"code": task.code})
    return redirect("planning:task_list")


@login_required
@require_POST
def task_file_upload(request, pk: int):
    task = _visible_task(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_attachment_add(
                by=request.user,
                task=task,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
            messages.success(request, _("File uploaded."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect(reverse("planning:task_detail", args=[pk]) + "?tab=files")


@login_required
@require_POST
def milestone_add(request, pk: int):
    task = _visible_task(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_save(by=request.user, task=Task.objects.get(pk=task.pk), **form.cleaned_data)
            messages.success(request, _("Milestone added."))
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        flash_errors(request, form.errors)
    return redirect("planning:task_detail", pk=pk)


@login_required
@require_POST
def milestone_toggle(request, pk: int):
    milestone = Milestone.objects.select_related("task__lead_unit").filter(pk=pk).first()
    if milestone is None or not task_is_visible(request.user, milestone.task):
        raise Http404
    done_on = None if milestone.done_on else local_today()
    services.milestone_mark_done(by=request.user, milestone=milestone, done_on=done_on)
    return redirect("planning:task_detail", pk=milestone.task_id)
