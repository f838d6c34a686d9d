"""Gaps: act on one (record it with the analysis' figures), note its root cause, make it a task, and
follow the task, its budget and the indicator's measured change."""

from __future__ import annotations

from datetime import date

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxoffice.core.models import OrgUnit
from dxoffice.core.periods import canonical_period
from dxoffice.core.permissions import Action, can
from dxoffice.core.ui import form_errors_from
from dxoffice.indicators import selectors
from dxoffice.indicators.access import require_results_reader
from dxoffice.indicators.analysis import gap_analysis
from dxoffice.indicators.models import Indicator
from dxoffice.indicators.services.gaps import gap_create_task, gap_record
from dxoffice.indicators.views.common import actor
from dxoffice.planning.selectors import tasks_of_origin


def _plans() -> list:
    """Annual plans to put the task in, by the model's label (planning's models are not imported)."""
    model = apps.get_model("planning", "AnnualPlan")
    return list(model._default_manager.order_by("-year", "code"))


class TaskFromGapForm(forms.Form):
    plan = forms.ChoiceField(
        label=gettext_lazy("Annual plan"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    title = forms.CharField(
        label=gettext_lazy("Task title"), max_length=500, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )  # fmt: skip
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}),
    )


class RootCauseForm(forms.Form):
    root_cause = forms.CharField(
        label=gettext_lazy("Root cause"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


def _record_id(value: str | None) -> int:
    """The id a form sent; anything else names no record (404)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise Http404
    return int(text)


@login_required
@require_POST
def gap_open(request: HttpRequest) -> HttpResponse:
    indicator = get_object_or_404(Indicator, pk=_record_id(request.POST.get("indicator")))
    unit = get_object_or_404(OrgUnit, pk=_record_id(request.POST.get("unit")))
    scorecard = redirect(
        f"{reverse('indicators:unit', args=[unit.code])}?{urlencode({'version': indicator.version_id})}"
    )
    try:
        period = canonical_period(request.POST.get("period", ""))
    except ValidationError:
        messages.error(request, _("The period of the gap cannot be read: open it again from the scorecard."))
        return scorecard
    _base, gaps = gap_analysis(indicator.version, unit, period)
    row = next((g for g in gaps if g.indicator.pk == indicator.pk), None)
    if row is None:
        raise Http404
    facts = {"value": row.value, "score": row.score, "gain": row.gain, "peer_median": row.peer_median,
             "best_peer": row.best_peer, "target": None if indicator.target is None else float(indicator.target)}  # fmt: skip
    try:
        gap = gap_record(by=actor(request), indicator=indicator, unit=unit, period=period, facts=facts)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return scorecard
    return redirect("indicators:gap_detail", pk=gap.pk)


@login_required
def gap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gap = selectors.gap_for(request.user, pk)
    plans = _plans()
    task_form = TaskFromGapForm(
        request.POST if request.POST.get("action") == "task" else None,
        initial={"due_date": date(date.today().year, 12, 31)},
    )
    plan_field: forms.ChoiceField = task_form.fields["plan"]  # type: ignore[assignment]
    plan_field.choices = [(p.pk, f"{p.code} · {p.title}") for p in plans]
    cause_form = RootCauseForm(
        request.POST if request.POST.get("action") == "cause" else None,
        initial={"root_cause": gap.root_cause},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cause" and cause_form.is_valid():
                facts = {
                    n: getattr(gap, n)
                    for n in ("value", "score", "target", "peer_median", "best_peer", "gain")
                }
                gap_record(
                    by=actor(request),
                    indicator=gap.indicator,
                    unit=gap.unit,
                    period=gap.period,
                    facts=facts,
                    root_cause=cause_form.cleaned_data["root_cause"],
                )
                messages.success(request, _("Root cause saved."))
                return redirect("indicators:gap_detail", pk=gap.pk)
            if request.POST.get("action") == "task" and task_form.is_valid():
                plan = next(p for p in plans if str(p.pk) == task_form.cleaned_data["plan"])
                task = gap_create_task(
                    by=actor(request),
                    gap=gap,
                    plan=plan,
                    due_date=task_form.cleaned_data["due_date"],
                    title=task_form.cleaned_data["title"],
                )
                messages.success(
                    request,
                    _("Task %(code)s created in the program register.") % {"code": task.code or task.pk},
                )
                return redirect("indicators:gap_detail", pk=gap.pk)
        except ValidationError as exc:
            form_errors_from(task_form if request.POST.get("action") == "task" else cause_form, exc)
    tasks = list(tasks_of_origin(request.user, gap).prefetch_related("budget_lines"))
    return render(
        request,
        "indicators/gap_detail.html",
        {
            "gap": gap,
            "tasks": tasks,
            "later": selectors.later_value(gap),
            "task_form": task_form,
            "cause_form": cause_form,
            "can_plan": can(request.user, Action.PLAN, gap.unit),
            "can_note": can(request.user, Action.PLAN, gap.unit)
            or can(request.user, Action.REPORT, gap.unit),
        },
    )


@login_required
def gap_list(request: HttpRequest) -> HttpResponse:
    require_results_reader(request.user)
    gaps = (
        selectors.gaps_visible_to(request.user)
        .select_related("indicator", "unit")
        .order_by("-period", "-gain")[:500]
    )
    return render(request, "indicators/gap_list.html", {"gaps": gaps})
