from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dxoffice.core.permissions import Action, can
from dxoffice.core.ui import form_errors_from
from dxoffice.planning import services
from dxoffice.planning.forms import ActualForm
from dxoffice.planning.models import Objective
from dxoffice.planning.performance import performance_of
from dxoffice.planning.selectors import (
    can_read_program,
    local_today,
    tasks_visible_to,
    with_progress,
    with_tracking,
)
from dxoffice.planning.stats import objective_performance


def _require_program_reader(user) -> None:
    if not can_read_program(user):
        raise PermissionDenied


@login_required
def objective_list(request):
    _require_program_reader(request.user)
    today = local_today()
    rows = objective_performance(Objective.objects.values("program_id"), today)
    return render(request, "planning/objective_list.html", {"rows": rows, "today": today})


def _can_record(user, objective: Objective) -> bool:
    unit = objective.lead_unit or objective.program.owner_unit
    return can(user, Action.PLAN, unit) or (
        objective.lead_unit is not None and can(user, Action.REPORT, unit)
    )


@login_required
def objective_detail(request, pk: int):
    _require_program_reader(request.user)
    objective = get_object_or_404(
        Objective.objects.select_related("program__owner_unit", "pillar", "lead_unit").prefetch_related(
            "targets", "actuals", "directives"
        ),
        pk=pk,
    )
    today = local_today()
    can_record = _can_record(request.user, objective)
    form = ActualForm(request.POST or None, today=today)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.objective_record_actual(by=request.user, objective=objective, **form.cleaned_data)
                messages.success(request, _("Actual value recorded."))
                return redirect("planning:objective_detail", pk=pk)
            except ValidationError as exc:
                form_errors_from(form, exc)
    targets = {t.year: t.value for t in objective.targets.all()}
    years = list(objective.program.years)
    actual_by_year: dict[int, Decimal] = {}
    for actual in objective.actuals.all():
        actual_by_year[int(actual.period[:4])] = actual.value
    chart = {
        "type": "bar",
        "labels": [str(y) for y in years],
        "datasets": [
            {
                "label": _("Target"),
                "data": [float(targets[y]) if y in targets else None for y in years],
                "backgroundColor": "#9ec5fe",
            },
            {
                "label": _("Actual"),
                "data": [float(actual_by_year[y]) if y in actual_by_year else None for y in years],
                "backgroundColor": "#0a58ca",
            },
        ],
    }
    tasks = with_progress(
        with_tracking(tasks_visible_to(request.user).filter(objectives=objective))
    ).select_related("lead_unit")
    context = {
        "objective": objective,
        "performance": performance_of(objective, today),
        "targets": sorted(targets.items()),
        "actuals": objective.actuals.all(),
        "chart": chart,
        "tasks": tasks,
        "form": form,
        "can_record": can_record,
    }
    return render(request, "planning/objective_detail.html", context)
