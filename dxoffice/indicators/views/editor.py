"""The framework editor for administrators: change an indicator of a version no campaign has used
(a used version is frozen: "make a new version" first). Formulas are checked again, circles refused."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dxoffice.core.ui import form_errors_from
from dxoffice.indicators import selectors, services
from dxoffice.indicators.access import may_administer
from dxoffice.indicators.models import Indicator
from dxoffice.indicators.views.common import actor

EDITABLE = [
    "name", "name_en", "definition", "unit_of_measure", "formula", "scoring", "polarity", "aggregation",
    "lower_bound", "upper_bound", "target", "weight", "max_points", "evidence_required",
]  # fmt: skip


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = EDITABLE

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
                if isinstance(widget, forms.Textarea):
                    widget.attrs["rows"] = 3


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("version__framework"), pk=pk)
    version = selectors.version_for(request.user, indicator.version_id)
    if not may_administer(request.user, version.framework):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in EDITABLE}
        try:
            services.indicator_update(by=actor(request), indicator=indicator, **changes)
            messages.success(request, _("Indicator saved."))
            return redirect("indicators:version_detail", pk=version.pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
    return render(
        request, "indicators/indicator_edit.html", {"form": form, "indicator": indicator, "version": version}
    )
