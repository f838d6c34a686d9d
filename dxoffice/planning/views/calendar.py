"""Read-only views of time: a month calendar of deadlines and milestones, and a printable timeline
(Gantt-like) of a plan's tasks and milestones. Both read only what the person may see."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dxoffice.planning.models import AnnualPlan, Milestone
from dxoffice.planning.selectors import local_today, tasks_visible_to, with_tracking
from dxoffice.planning.views.scope import chosen_year, plan_years

MAX_TIMELINE_TASKS = 300
MAX_CALENDAR_ITEMS = 500


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    items: list[dict[str, Any]] = field(default_factory=list)


def _month_of(value: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
def deadline_calendar(request: HttpRequest) -> HttpResponse:
    today = local_today()
    first = _month_of(request.GET.get("month"), today)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    visible = tasks_visible_to(request.user)
    tasks = (
        with_tracking(visible.filter(due_date__range=(first, last), is_recurring=False), today)
        .select_related("lead_unit")
        .order_by("due_date", "code")[:MAX_CALENDAR_ITEMS]
    )
    milestones = (
        Milestone.objects.filter(task__in=visible.values("pk"), due_date__range=(first, last))
        .select_related("task")
        .order_by("due_date", "pk")[:MAX_CALENDAR_ITEMS]
    )
    items: dict[date, list[dict[str, Any]]] = {}
    for task in tasks:
        assert task.due_date is not None
        items.setdefault(task.due_date, []).append({"kind": "deadline", "task": task})
    for milestone in milestones:
        assert milestone.due_date is not None
        items.setdefault(milestone.due_date, []).append(
            {"kind": "milestone", "task": milestone.task, "milestone": milestone}
        )
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    weeks: list[list[CalendarDay]] = []
    day = start
    while day <= end:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(CalendarDay(day, day.month == first.month, items.get(day, [])))
        day += timedelta(days=1)
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = last + timedelta(days=1)
    context = {
        "month": first,
        "weeks": weeks,
        "agenda": sorted(items.items()),
        "previous": previous_month.strftime("%Y-%m"),
        "next": next_month.strftime("%Y-%m"),
        "today": today,
        "weekdays": range(7),
    }
    return render(request, "planning/calendar.html", context)


@login_required
def plan_timeline(request: HttpRequest) -> HttpResponse:
    today = local_today()
    years = plan_years()
    year = chosen_year(request.GET.get("year"), years, today) or today.year
    plans = AnnualPlan.objects.filter(year=year)
    if not plans.exists() and years:
        raise Http404
    begin, finish = date(year, 1, 1), date(year, 12, 31)
    span = (finish - begin).days + 1
    visible = tasks_visible_to(request.user).filter(plan__in=plans)
    tasks = list(
        with_tracking(visible, today)
        .select_related("lead_unit")
        .prefetch_related("milestones")
        .order_by("start_date", "due_date", "code")[:MAX_TIMELINE_TASKS]
    )

    def offset(day: date | None, fallback: date) -> float:
        day = min(max(day or fallback, begin), finish)
        return round((day - begin).days * 100 / span, 2)

    rows = []
    for task in tasks:
        left = offset(task.start_date, begin)
        right = offset(task.due_date, finish)
        rows.append(
            {
                "task": task,
                "left": left,
                "width": max(round(right - left, 2), 0.8),
                "milestones": [
                    {"m": m, "left": offset(m.due_date, finish)} for m in task.milestones.all() if m.due_date
                ],
            }
        )
    months = [
        {"label": date(year, month, 1), "left": offset(date(year, month, 1), begin)} for month in range(1, 13)
    ]
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "months": months,
        "today_left": offset(today, begin) if today.year == year else None,
        "truncated": visible.count() > MAX_TIMELINE_TASKS,
        "limit": MAX_TIMELINE_TASKS,
    }
    return render(request, "planning/timeline.html", context)
