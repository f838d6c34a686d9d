"""The framework editor for administrators: a version's settings, its pillars and sub-pillars with
their weights, its indicators (every field) and its rules; add, change, retire (never delete). A
version a campaign has used is frozen: a change to it is saved in a new draft version, and the editor
goes on in that draft."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dxoffice.core.ui import form_errors_from
from dxoffice.indicators import selectors, services
from dxoffice.indicators.models import Breakdown, Component, FrameworkVersion, Indicator, Rule
from dxoffice.indicators.services.editor import Edited, may_edit
from dxoffice.indicators.views.common import actor
from dxoffice.indicators.views.editor_forms import (
    BreakdownForm,
    ComponentForm,
    IndicatorForm,
    RuleForm,
    VersionForm,
)

KINDS: dict[str, dict[str, Any]] = {
    "indicator": {"form": IndicatorForm, "section": "indicators", "save": services.indicator_save,
                  "retire": services.indicator_retire, "title": gettext_lazy("Indicator")},
    "pillar": {"form": ComponentForm, "section": "components", "save": services.component_save,
               "retire": services.component_retire, "title": gettext_lazy("Pillar")},
    "breakdown": {"form": BreakdownForm, "section": "breakdowns", "save": services.breakdown_save,
                  "retire": services.breakdown_retire, "title": gettext_lazy("Breakdown")},
    "rule": {"form": RuleForm, "section": "rules", "save": services.rule_save,
             "retire": services.rule_retire, "title": gettext_lazy("Validation rule")},
}  # fmt: skip
NEW_INDICATOR = {
    "value_type": "number", "source": "entered", "parent_rule": "inputs", "polarity": "higher",
    "aggregation": "mean", "scoring": "minmax", "weight": "1", "max_points": "1", "period_type": "year",
    "options": [], "bands": [], "breakdown_total": "sum",
}  # fmt: skip


def _editable(request: HttpRequest, pk: int) -> FrameworkVersion:
    version = selectors.version_for(request.user, pk)
    if not may_edit(request.user, version):
        raise PermissionDenied
    return version


def _done(request: HttpRequest, edited: Edited, text: str) -> HttpResponse:
    if edited.drafted:
        messages.info(
            request,
            _(
                "The version used by a campaign stays as it was: the change is saved in the new draft version %(number)s."
            )
            % {"number": edited.version.number},
        )
    messages.success(request, text)
    return redirect("indicators:editor", pk=edited.version.pk)


def _tree(version: FrameworkVersion) -> list[tuple[Component, int, list[Indicator]]]:
    components = list(Component.objects.filter(version=version))
    indicators = list(Indicator.objects.filter(version=version).select_related("breakdown"))
    children: dict[int | None, list[Component]] = {}
    for component in components:
        children.setdefault(component.parent_id, []).append(component)
    rows: list[tuple[Component, int, list[Indicator]]] = []

    def walk(parent: int | None, depth: int) -> None:
        for component in sorted(children.get(parent, []), key=lambda c: (c.order, c.code)):
            rows.append((component, depth, [i for i in indicators if i.component_id == component.pk]))
            walk(component.pk, depth + 1)

    walk(None, 0)
    return rows


@login_required
def editor(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable(request, pk)
    form = VersionForm(
        request.POST or None,
        initial={
            "missing_rule": version.missing_rule,
            "index_mean": version.index_mean,
            "note": version.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            edited = services.version_settings_save(
                by=actor(request), version=version, data=form.cleaned_data
            )
            return _done(request, edited, _("Version settings saved."))
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(
        request,
        "indicators/editor.html",
        {
            "version": version,
            "form": form,
            "tree": _tree(version),
            "rules": Rule.objects.filter(version=version),
            "breakdowns": Breakdown.objects.filter(version=version),
        },
    )


def _initial(kind: str, version: FrameworkVersion, code: str | None, request: HttpRequest) -> dict[str, Any]:
    if code is None:
        if kind == "indicator":
            return IndicatorForm.initial_from({**NEW_INDICATOR, "component": request.GET.get("pillar", "")})
        return {"parent": request.GET.get("parent", ""), "weight": "1"} if kind == "pillar" else {}
    item = next(
        (i for i in services.framework_export(version)[KINDS[kind]["section"]] if i["code"] == code), None
    )
    if item is None:
        raise Http404
    if kind == "indicator":
        return IndicatorForm.initial_from(item)
    return BreakdownForm.initial_from(item) if kind == "breakdown" else item


@login_required
def record_edit(request: HttpRequest, pk: int, kind: str, code: str | None = None) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    version = _editable(request, pk)
    spec = KINDS[kind]
    initial = _initial(kind, version, code, request)
    extra = {"code": code} if kind == "pillar" else {}
    form = spec["form"](request.POST or None, initial=initial, version=version, new=code is None, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            edited = spec["save"](by=actor(request), version=version, code=code, data=form.data_item())
            return _done(request, edited, _("%(code)s saved.") % {"code": edited.record.code})
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(
        request,
        "indicators/editor_record.html",
        {"version": version, "form": form, "kind": kind, "code": code, "title": spec["title"]},
    )


@login_required
@require_POST
def record_retire(request: HttpRequest, pk: int, kind: str, code: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    version = _editable(request, pk)
    try:
        edited = KINDS[kind]["retire"](
            by=actor(request), version=version, code=code, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("indicators:editor", pk=version.pk)
    return _done(request, edited, _("%(code)s retired.") % {"code": code})


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The older address of an indicator's edit page."""
    indicator = get_object_or_404(Indicator, pk=pk)
    return redirect("indicators:record_edit", pk=indicator.version_id, kind="indicator", code=indicator.code)
