"""A unit's staff list: who counts in its coverage, and its .xlsx import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dxoffice.core.models import OrgUnit
from dxoffice.core.permissions import Action, can
from dxoffice.training import selectors
from dxoffice.training.imports.staff import import_staff
from dxoffice.training.permissions import manages_staff
from dxoffice.training.views.common import acting


def _unit(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    unit = OrgUnit.objects.filter(code=code).first() if code else selectors.home_unit(request.user)
    if unit is None or not can(request.user, Action.VIEW, unit):
        raise Http404
    return unit


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    learners = selectors.learners_visible_to(request.user).filter(unit=unit).order_by("full_name")[:1000]
    return render(
        request,
        "training/staff_list.html",
        {"unit": unit, "learners": learners, "manages": manages_staff(request.user, unit)},
    )


@login_required
def staff_import(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    if not manages_staff(request.user, unit):
        raise PermissionDenied
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose the .xlsx file of the staff list."))
        else:
            result = import_staff(upload, by=acting(request), unit=unit, dry_run="check" in request.POST)
            if result.saved:
                messages.success(
                    request,
                    _("Staff list imported: %(created)s added, %(updated)s changed, %(left)s left.")
                    % {"created": result.created, "updated": result.updated, "left": result.left},
                )
                return redirect(f"{request.path.replace('import/', '')}?unit={unit.code}")
    return render(request, "training/staff_import.html", {"unit": unit, "result": result})
