from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can
from dxoffice.core.ui import form_errors_from
from dxoffice.planning import services
from dxoffice.planning.forms import BudgetLineForm
from dxoffice.planning.models import BudgetLine, Pillar, Task
from dxoffice.planning.selectors import TaskFilters, apply_filters, local_today, task_for, tasks_visible_to
from dxoffice.planning.stats import budget_grand_total, budget_totals
from dxoffice.planning.views.scope import ALL_YEARS, chosen_year, led_by, plan_years, unit_in_scope


@login_required
def budget_line_edit(request, pk: int | None = None, line_pk: int | None = None):
    line = None
    if line_pk is not None:
        line = BudgetLine.objects.filter(pk=line_pk).first()
        if line is None:
            raise Http404
        pk = line.task_id
    if pk is None:
        raise Http404
    try:
        task = task_for(request.user, pk)
    except Task.DoesNotExist as exc:
        raise Http404 from exc
    if not can(request.user, Action.PLAN, task.lead_unit):
        raise PermissionDenied
    form = BudgetLineForm(request.POST or None, instance=line, initial={"year": task.plan.year})
    if request.method == "POST":
        if "archive" in request.POST and line is not None:
            services.budget_line_archive(by=request.user, line=line)
            messages.success(request, _("Budget line archived."))
            return redirect(reverse("planning:task_detail", args=[task.pk]) + "?tab=budget")
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                services.budget_line_save(
                    by=request.user,
                    task=Task.objects.get(pk=task.pk),
                    line=line,
                    expected_version=version,
                    **data,
                )
                messages.success(request, _("Budget line saved."))
                return redirect(reverse("planning:task_detail", args=[task.pk]) + "?tab=budget")
            except ValidationError as exc:
                form_errors_from(form, exc)
    return render(request, "planning/budget_form.html", {"form": form, "task": task, "line": line})


@login_required
def budget_summary(request):
    # The same figures as the dashboard for the same year and unit: the current plan year by
    # default, that year's budget lines, and a unit's money is that of the tasks it leads.
    years = plan_years()
    chosen = chosen_year(request.GET.get("year"), years, local_today())
    year = str(chosen) if chosen else ""
    unit_code = request.GET.get("unit", "")
    params = {key: value for key, value in (("year", year), ("unit", unit_code)) if value}
    try:
        filters = TaskFilters.from_params(params)
    except ValidationError:
        filters = TaskFilters()
    tasks = apply_filters(tasks_visible_to(request.user), filters)
    tasks = led_by(tasks, unit_in_scope(request.user, unit_code))
    by_source = budget_totals(tasks, "source", chosen)
    by_year = budget_totals(tasks, "year")
    pillar_names = {p.code: p.localized_name for p in Pillar.objects.all()}
    by_pillar = budget_totals(tasks, "task__pillar__code", chosen)
    for row in by_pillar:
        row["label"] = pillar_names.get(row["key"], row["key"])
    unit_names = dict(OrgUnit.objects.values_list("code", "name"))
    by_unit = sorted(budget_totals(tasks, "task__lead_unit__code", chosen), key=lambda r: -r["planned"])
    for row in by_unit:
        row["label"] = unit_names.get(row["key"], row["key"])
    context = {
        "by_source": by_source,
        "by_year": by_year,
        "by_pillar": by_pillar,
        "by_unit": by_unit,
        "total": budget_grand_total(by_source),
        "year": year,
        "all_years": ALL_YEARS,
        "years": years,
        "scope": params,
    }
    return render(request, "planning/budget_summary.html", context)
