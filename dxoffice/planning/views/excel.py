"""Excel views: the annual-plan template, the plan import, the register export. Thin: the work is
in planning.excel, the permission decisions in core.permissions and the services. A file above the
import job threshold is imported as a background job: the person lands on the job's page."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from dxoffice.core.jobs.models import Job
from dxoffice.core.jobs.services import job_start
from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.core.ui import form_errors_from
from dxoffice.planning.excel.exporter import export_bytes
from dxoffice.planning.excel.importer import estimate_rows, import_plan, job_threshold
from dxoffice.planning.excel.jobs import PLAN_IMPORT
from dxoffice.planning.excel.template import template_bytes
from dxoffice.planning.models import AnnualPlan
from dxoffice.planning.selectors import TaskFilters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 500


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


def _plans():
    return AnnualPlan.objects.select_related("program").order_by("-year", "code")


@login_required
@require_GET
def plan_template(request):
    # The template lists the program's objectives, directives, units and partners: it is for those
    # who import plans (planners), like the import itself.
    if not can_anywhere(request.user, Action.PLAN):
        raise PermissionDenied
    code = (request.GET.get("plan") or "").strip()
    plan = _plans().filter(code=code).first() if code else _plans().first()
    if plan is None:
        raise Http404(_("There is no such annual plan."))
    return _xlsx(template_bytes(plan), f"{plan.code}-template.xlsx")


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AnnualPlan) -> str:
        return f"{obj.code} · {obj.title}"


class PlanImportForm(forms.Form):
    plan = PlanChoiceField(queryset=AnnualPlan.objects.none(), label=gettext_lazy("Annual plan"))
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    dry_run = forms.BooleanField(
        required=False, label=gettext_lazy("Check only: report what would change, save nothing")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans()
        self.fields["file"].widget.attrs["accept"] = ".xlsx," + XLSX


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    if not can_anywhere(request.user, Action.PLAN):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        form = PlanImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            if estimate_rows(data["file"]) <= job_threshold():
                result = import_plan(
                    data["file"], by=request.user, plan=data["plan"], dry_run=data["dry_run"]
                )
            else:
                try:
                    return redirect(_start_import_job(request.user, data).get_absolute_url())
                except ValidationError as error:
                    form_errors_from(form, error)
    else:
        first = _plans().first()
        form = PlanImportForm(initial={"plan": first.pk if first else None})
    context = {
        "form": form,
        "result": result,
        "plan_codes": {str(plan.pk): plan.code for plan in _plans()},
        "job_rows": job_threshold(),
    }
    if result is not None:
        context["problems"] = result.problems[:PROBLEMS_SHOWN]
        context["more_problems"] = max(0, result.problem_count - PROBLEMS_SHOWN)
        context["plan"] = form.cleaned_data["plan"]
    return render(request, "planning/excel/import.html", context)


def _start_import_job(user, data: dict) -> Job:
    """A file above the job threshold: imported in the background; the person follows the job's page."""
    upload, plan = data["file"], data["plan"]
    names = {"plan": plan.code, "file": upload.name}
    label = _("Check for %(plan)s: %(file)s") if data["dry_run"] else _("Import into %(plan)s: %(file)s")
    return job_start(
        by=user,
        kind=PLAN_IMPORT,
        label=label % names,
        params={"plan": plan.pk, "dry_run": bool(data["dry_run"])},
        upload=upload,
    )


@login_required
@require_GET
def task_export(request):
    try:
        filters = TaskFilters.from_params(request.GET)
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    return _xlsx(export_bytes(request.user, filters), f"tasks-{timezone.localdate():%Y%m%d}.xlsx")
