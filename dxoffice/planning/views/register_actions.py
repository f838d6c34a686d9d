"""The register's own actions: saved filters per person and bulk actions on the selection."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dxoffice.core.permissions import Action, units_in_scope
from dxoffice.core.ui import flash_errors
from dxoffice.planning import services
from dxoffice.planning.saved_filters import SavedFilter
from dxoffice.planning.selectors import TaskFilters, tasks_visible_to
from dxoffice.planning.services.bulk import BULK_LIMIT
from dxoffice.planning.views.scope import acting

BULK_ACTIONS = ("remind", "move_deadline", "reassign")


def _back(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    return redirect(reverse("planning:task_list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    try:
        filters = TaskFilters.from_params(QueryDict(request.POST.get("query", "")))
        saved = services.saved_filter_save(
            by=acting(request), name=request.POST.get("name", ""), filters=filters
        )
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    except ValidationError as exc:
        flash_errors(request, exc)
    return _back(request)


@login_required
@require_POST
def saved_filter_remove(request: HttpRequest, pk: int) -> HttpResponse:
    saved = SavedFilter.objects.filter(pk=pk, owner=acting(request)).first()
    if saved is None:
        raise Http404
    services.saved_filter_archive(by=acting(request), saved=saved)
    messages.success(request, _("Filter “%(name)s” removed.") % {"name": saved.name})
    return _back(request)


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, _("Choose what to do with the selected tasks."))
        return _back(request)
    ids = [value for value in request.POST.getlist("task")[: BULK_LIMIT + 1] if value.isdigit()]
    tasks = list(tasks_visible_to(acting(request)).filter(pk__in=ids).select_related("lead_unit", "plan"))
    if len(tasks) != len(set(ids)):
        raise Http404
    try:
        if action == "remind":
            count = services.tasks_remind(
                by=acting(request), tasks=tasks, message=request.POST.get("reason", "")
            )
            done = ngettext("%(n)s lead unit reminded.", "Lead units of %(n)s tasks reminded.", count)
        elif action == "move_deadline":
            try:
                due = date.fromisoformat(request.POST.get("due_date", ""))
            except ValueError as exc:
                raise ValidationError({"due_date": _("Choose the new deadline.")}) from exc
            count = services.tasks_move_deadline(
                by=acting(request), tasks=tasks, due_date=due, reason=request.POST.get("reason", "")
            )
            done = ngettext("Deadline of %(n)s task moved.", "Deadlines of %(n)s tasks moved.", count)
        else:
            unit = (
                units_in_scope(acting(request), Action.PLAN)
                .filter(code=request.POST.get("lead_unit", ""))
                .first()
            )
            if unit is None:
                raise ValidationError({"lead_unit": _("Choose the new lead unit.")})
            count = services.tasks_reassign(by=acting(request), tasks=tasks, lead_unit=unit)
            done = ngettext(
                "%(n)s task handed to the new lead unit.", "%(n)s tasks handed to the new lead unit.", count
            )
        messages.success(request, done % {"n": count})
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do this with these tasks."))
    except ValidationError as exc:
        flash_errors(request, exc)
    return _back(request)


def saved_filters_of(user) -> list[SavedFilter]:
    return list(SavedFilter.objects.filter(owner=user)[:50])
