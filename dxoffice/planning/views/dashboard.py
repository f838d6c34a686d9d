from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dxoffice.core.cache import cached
from dxoffice.core.permissions import Action, scope_paths
from dxoffice.planning import freshness
from dxoffice.planning.models import AnnualPlan, FundingSource, ProgressReport, ReportStatus, Task, Tracking
from dxoffice.planning.performance import Outlook
from dxoffice.planning.selectors import (
    TaskFilters,
    apply_filters,
    can_read_program,
    due_soon_q,
    local_today,
    reports_awaiting_review,
    tasks_visible_to,
    with_tracking,
)
from dxoffice.planning.stats import (
    TRACKING_ORDER,
    budget_grand_total,
    budget_totals,
    objective_performance,
    on_time_by_unit,
    tracking_by_pillar,
    tracking_counts,
)
from dxoffice.planning.views.objective_figures import objectives_chart
from dxoffice.planning.views.scope import ALL_YEARS, chosen_year, led_by, plan_years, unit_in_scope

TRACKING_COLOURS = {
    Tracking.COMPLETED_ON_TIME: "#198754",
    Tracking.COMPLETED_LATE: "#8bb04f",
    Tracking.IN_PROGRESS_ON_TIME: "#0d6efd",
    Tracking.OVERDUE: "#dc3545",
    Tracking.RECURRING: "#6c757d",
}


def register_url(base: dict, **extra) -> str:
    params = {**base, **{k: v for k, v in extra.items() if v not in (None, "")}}
    return reverse("planning:task_list") + ("?" + urlencode(params) if params else "")


@login_required
def dashboard(request):
    today = local_today()
    years = plan_years()
    scope = {}
    year_param = request.GET.get("year", "")
    chosen = chosen_year(year_param, years, today)
    year = str(chosen) if chosen else ""
    if year:
        scope["year"] = year
    unit_code = request.GET.get("unit", "")
    unit = unit_in_scope(request.user, unit_code)
    if unit_code:
        scope["unit"] = unit_code
    filters = TaskFilters.from_params({k: v for k, v in scope.items()})
    tasks = apply_filters(tasks_visible_to(request.user), filters, today)
    # Everyone with the same scope sees the same figures: computed once until a planning write commits
    # (core.cache, planning.freshness). The review banner is the person's own and stays outside.
    reads_program = can_read_program(request.user)
    paths = scope_paths(request.user, Action.VIEW)
    key = (
        None if paths is None else tuple(sorted(paths)),
        reads_program,
        year,
        unit_code,
        today,
        get_language(),
    )
    context = cached(
        freshness.TOPIC,
        ("dashboard", *key),
        lambda: _figures(tasks, scope, year, unit, unit_code, today, reads_program),
    )
    awaiting = reports_awaiting_review(request.user)
    if unit_code:  # the banner of a unit's page counts that unit's reports
        awaiting = awaiting.filter(task__in=tasks.values("pk"))
    context = {
        **context,
        "years": years,
        "year": year,
        "all_years": ALL_YEARS,
        "unit_code": unit_code,
        "unit": unit,
        "reads_program": reads_program,
        "awaiting_review": awaiting.count(),
    }
    return render(request, "planning/dashboard.html", context)


def _figures(tasks, scope: dict, year: str, unit, unit_code: str, today, reads_program: bool) -> dict:
    """The dashboard's figures for these tasks (already scoped and filtered), ready to keep in the cache."""
    counts = tracking_counts(tasks, today)
    total = sum(counts[key] for key in TRACKING_ORDER)
    due_soon = tasks.filter(due_soon_q(today)).count()
    completed = counts[Tracking.COMPLETED_ON_TIME] + counts[Tracking.COMPLETED_LATE]
    tiles = [
        {"key": "total", "label": _("Tasks"), "value": total, "url": register_url(scope), "tone": "dark"},
        {
            "key": "completed",
            "label": _("Completed"),
            "value": completed,
            "url": register_url(scope, status="completed"),
            "tone": "success",
            "note": _("%(n)s on time") % {"n": counts[Tracking.COMPLETED_ON_TIME]},
        },
        {
            "key": "in_progress",
            "label": Tracking.IN_PROGRESS_ON_TIME.label,
            "value": counts[Tracking.IN_PROGRESS_ON_TIME],
            "url": register_url(scope, tracking=Tracking.IN_PROGRESS_ON_TIME),
            "tone": "primary",
        },
        {
            "key": "overdue",
            "label": Tracking.OVERDUE.label,
            "value": counts[Tracking.OVERDUE],
            "url": register_url(scope, overdue="true"),
            "tone": "danger",
        },
        {
            "key": "due_soon",
            "label": _("Due within 7 days"),
            "value": due_soon,
            "url": register_url(scope, due_soon="true"),
            "tone": "warning",
        },
        {
            "key": "recurring",
            "label": Tracking.RECURRING.label,
            "value": counts[Tracking.RECURRING],
            "url": register_url(scope, tracking=Tracking.RECURRING),
            "tone": "secondary",
        },
    ]
    for tile in tiles[1:]:
        tile["share"] = round(tile["value"] * 100 / total) if total else 0

    tracking_chart = {
        "type": "doughnut",
        "labels": [str(Tracking(key).label) for key in TRACKING_ORDER],
        "datasets": [
            {
                "data": [counts[key] for key in TRACKING_ORDER],
                "backgroundColor": [TRACKING_COLOURS[key] for key in TRACKING_ORDER],
            }
        ],
        "links": [register_url(scope, tracking=key) for key in TRACKING_ORDER],
    }
    pillars = tracking_by_pillar(tasks, today)
    pillar_chart = {
        "type": "bar",
        "stacked": True,
        "horizontal": True,
        "labels": [p["pillar"].localized_name for p in pillars],
        "datasets": [
            {
                "label": str(Tracking(key).label),
                "data": [p["counts"][key] for p in pillars],
                "backgroundColor": TRACKING_COLOURS[key],
            }
            for key in TRACKING_ORDER
        ],
        "links": [
            [register_url(scope, pillar=p["pillar"].code, tracking=key) for p in pillars]
            for key in TRACKING_ORDER
        ],
    }
    budget_year = int(year) if year.isdigit() else None
    # A unit's money is that of the tasks it leads, as on its own page; coordinating is not spending.
    budget = budget_totals(led_by(tasks, unit), "source", budget_year)
    budget_total = budget_grand_total(budget)
    budget_chart = {
        "type": "bar",
        "money": _("bn VND"),
        "labels": [str(row["label"]) for row in budget],
        "datasets": [
            {
                "label": _("Planned"),
                "data": [float(r["planned"]) for r in budget],
                "backgroundColor": "#9ec5fe",
            },
            {
                "label": _("Allocated"),
                "data": [float(r["allocated"]) for r in budget],
                "backgroundColor": "#3d8bfd",
            },
            {
                "label": _("Disbursed"),
                "data": [float(r["disbursed"]) for r in budget],
                "backgroundColor": "#0a58ca",
            },
        ],
        "links": [register_url(scope, funding=row["key"]) for row in budget],
    }
    ranking = on_time_by_unit(tasks, today)
    overdue = (
        with_tracking(tasks, today)
        .filter(tracking=Tracking.OVERDUE)
        .select_related("lead_unit")
        .order_by("due_date")[:10]
    )
    program_ids = AnnualPlan.objects.values("program_id")
    objectives = objective_performance(program_ids, today) if reads_program else []
    if unit_code:
        served = set(
            Task.objectives.through.objects.filter(task__in=tasks.values("pk")).values_list(
                "objective_id", flat=True
            )
        )
        objectives = [(o, p) for o, p in objectives if o.pk in served]
    objective_chart = objectives_chart(objectives)
    context = {
        "today": today,
        "tiles": tiles,
        "tracking_chart": tracking_chart,
        "pillar_chart": pillar_chart,
        "budget_chart": budget_chart,
        "budget": budget,
        "budget_total": budget_total,
        "ranking_top": ranking[:10],
        "ranking_bottom": list(reversed(ranking[-5:])) if len(ranking) > 10 else [],
        "overdue": list(overdue),
        "overdue_url": register_url(scope, overdue="true"),
        "objectives": objectives,
        "objective_chart": objective_chart,
        "at_risk": [(o, p) for o, p in objectives if p.outlook == Outlook.AT_RISK],
        "recent_progress": list(
            ProgressReport.objects.filter(task__in=tasks.values("pk"), status=ReportStatus.ACCEPTED)
            .select_related("task", "task__lead_unit")
            .order_by("-reviewed_at")[:8]
        ),
        "scope": scope,
        "funding_sources": FundingSource.choices,
    }
    for row in context["ranking_top"] + context["ranking_bottom"]:
        row.url = register_url(scope, unit=row.code)
    return context
