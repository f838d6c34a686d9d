from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dxoffice.core.views import unit_or_404
from dxoffice.planning.models import Task
from dxoffice.planning.selectors import local_today, tasks_visible_to, with_progress, with_tracking
from dxoffice.planning.stats import budget_grand_total, budget_totals, tracking_counts
from dxoffice.planning.views.scope import chosen_year, led_by, plan_years


@login_required
def unit_detail(request, code: str):
    unit = unit_or_404(request.user, code)
    today = local_today()
    visible = tasks_visible_to(request.user)
    led = visible.filter(lead_unit=unit)
    coordinated = visible.filter(
        pk__in=Task.coordinating_units.through.objects.filter(orgunit=unit).values("task_id")
    )
    partnered = visible.filter(partner=unit)
    budget_year = chosen_year(request.GET.get("year"), plan_years(), today)
    budget_tasks = led_by(visible, unit)
    if budget_year:
        budget_tasks = budget_tasks.filter(plan__year=budget_year)
    annotate = lambda qs: with_progress(with_tracking(qs, today)).select_related("lead_unit", "pillar")  # noqa: E731
    context = {
        "unit": unit,
        "led": annotate(led).order_by("due_date"),
        "coordinated": annotate(coordinated).order_by("due_date"),
        "partnered": annotate(partnered).order_by("due_date"),
        "counts": tracking_counts(led, today),
        # The same figure as the unit's dashboard: the tasks it (or a unit below it) leads, this plan year.
        "budget_total": budget_grand_total(budget_totals(budget_tasks, "source", budget_year)),
        "budget_year": budget_year,
        "children": unit.children.all(),
    }
    return render(request, "planning/unit_detail.html", context)
