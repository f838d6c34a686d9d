"""The periodic report ("báo cáo tình hình thực hiện nhiệm vụ") as a PDF or .docx download."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dxoffice.core.documents import Format, document_response
from dxoffice.core.documents.labels import begun_period
from dxoffice.core.models import User
from dxoffice.core.periods import Period
from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.planning.periodic_report import periodic_report
from dxoffice.planning.selectors import local_today

TEMPLATE = "planning/periodic_report.html"


class PeriodicReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=8, error_messages={"required": _("Choose a period.")}
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(Format.PDF.value, "PDF"), (Format.DOCX.value, _("Word (.docx)"))],
        required=False,
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_period(self) -> Period:
        return begun_period(self.cleaned_data["period"], self.today)

    def clean_format(self) -> Format:
        return Format(self.cleaned_data["format"] or Format.PDF)


@login_required
def periodic_report_view(request: HttpRequest) -> HttpResponse:
    """Without parameters: the picker. With them: the document, or the picker with what is wrong (400).
    Someone who may see no unit gets no report in the province's name."""
    if not can_anywhere(request.user, Action.VIEW):
        raise PermissionDenied(_("Your account has no role on any unit yet, so there is nothing to report."))
    if not request.GET:
        return render(request, TEMPLATE, {"period": "", "fmt": Format.PDF.value, "errors": []})
    today = local_today()
    form = PeriodicReportForm(request.GET, today=today)
    if not form.is_valid():
        errors = [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
        context = {
            "period": request.GET.get("period", ""),
            "fmt": request.GET.get("format", ""),
            "errors": errors,
        }
        return render(request, TEMPLATE, context, status=400)
    user = cast(User, request.user)  # login_required: a signed-in person
    document = periodic_report(user=user, period=form.cleaned_data["period"], today=today)
    return document_response(document, form.cleaned_data["format"])
