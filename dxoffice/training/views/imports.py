"""Upload pages: a class's participant list, completions achieved elsewhere; the staff-list template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from dxoffice.core.excel.styles import write_column_headers
from dxoffice.core.permissions import Action, can_anywhere
from dxoffice.training import selectors
from dxoffice.training.exports import workbook_response
from dxoffice.training.imports import completions, participants, staff
from dxoffice.training.views.common import acting, found


@login_required
@require_POST
def participants_import(request: HttpRequest, pk: int) -> HttpResponse:
    course_class = found(lambda: selectors.class_for(request.user, pk))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the file of the participant list."))
        return redirect("training:class_detail", pk)
    result = participants.import_participants(upload, by=acting(request), course_class=course_class)
    if result.saved:
        messages.success(
            request,
            _("Participants imported: %(enrolled)s enrolled, %(waiting)s on the waiting list.")
            % {"enrolled": result.created, "waiting": result.updated},
        )
    else:
        for problem in result.problems[:20]:
            messages.error(request, str(problem))
        if result.problem_count > 20:
            messages.error(
                request,
                _("… and %(count)s more problems; nothing was saved.") % {"count": result.problem_count - 20},
            )
    return redirect("training:class_detail", pk)


@login_required
def completions_import(request: HttpRequest) -> HttpResponse:
    if not can_anywhere(request.user, Action.REPORT):
        raise PermissionDenied
    result = None
    providers = list(completions.provider_choices(acting(request)))
    chosen = request.POST.get("provider", "") if request.method == "POST" else ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        provider = next((u for u in providers if str(u.pk) == chosen), None)
        if chosen and provider is None:
            messages.error(request, _("Choose the provider from the list."))
        elif upload is None:
            messages.error(request, _("Choose the exported file (.xlsx or .csv)."))
        else:
            result = completions.import_completions(
                upload, by=acting(request), provider_unit=provider, dry_run="check" in request.POST
            )
            if result.saved:
                messages.success(request, _("%(count)s completions imported.") % {"count": result.created})
    return render(
        request,
        "training/completions_import.html",
        {"result": result, "columns": completions.COLUMNS, "providers": providers, "chosen": chosen},
    )


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty workbook with the columns an import reads (bilingual labels, machine keys below)."""
    columns = {
        "staff": staff.STAFF_COLUMNS,
        "participants": participants.COLUMNS,
        "completions": completions.COLUMNS,
    }.get(kind)
    if columns is None:
        raise Http404
    workbook = Workbook()
    write_column_headers(workbook.active, 1, columns)
    return workbook_response(workbook, f"template-{kind}")
