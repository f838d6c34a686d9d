"""The province's priority list: verified enterprises it gives priority in its regional programs,
each with the rule that put it there. The DX office adds and removes them (with a reason, kept in
the listing's history); anyone who sees the enterprises reads it, and its .xlsx."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxoffice.core.ui import form_errors_from
from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.forms_edit import PriorityListingForm, ReasonForm
from dxoffice.partners.models import Enterprise, PriorityListing
from dxoffice.partners.permissions import enterprises_visible_to, may_verify
from dxoffice.partners.views.common import acting

LIST_CAP = 500
REMOVED_SHOWN = 20


def _removed(request: HttpRequest) -> list[tuple[Any, str]]:
    """The latest listings taken off, from their history: who, when and why."""
    entries = list(
        PriorityListing.history.filter(
            history_event="enterprise.unprioritised",
            enterprise_id__in=enterprises_visible_to(request.user).values("pk"),
        )
        .select_related("history_user")
        .order_by("-history_date")[:REMOVED_SHOWN]
    )
    ids = {entry.enterprise_id for entry in entries}
    names = dict(Enterprise.all_objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(entry, names.get(entry.enterprise_id, "")) for entry in entries]


def _listings(request: HttpRequest) -> QuerySet[PriorityListing]:
    listings = PriorityListing.objects.filter(
        enterprise__in=enterprises_visible_to(request.user).values("pk")
    ).select_related("enterprise__commune")
    program = request.GET.get("program", "")
    if program:
        listings = listings.filter(program=program)
    return listings.order_by("program", "enterprise__name", "pk")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def priority_list(request: HttpRequest) -> HttpResponse:
    listings = _listings(request)
    if request.GET.get("format") == "xlsx":
        headers = [_("Program"), _("Enterprise"), _("Tax code"), _("Commune"), _("Rule"), _("Listed on")]
        lines: list[list[object]] = [
            [
                x.program,
                x.enterprise.name,
                x.enterprise.tax_code,
                x.enterprise.commune.name,
                x.rule,
                x.listed_on,
            ]
            for x in listings[:10000]
        ]
        workbook = table_workbook(_("Priority list"), headers, lines, [30, 40, 16, 24, 50, 12])
        return workbook_response(workbook, "priority-list")
    form = PriorityListingForm(request.POST or None, user=request.user)
    adds = form.fields["enterprise"].queryset.exists()  # type: ignore[attr-defined]
    if request.method == "POST":
        if not adds:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                listing = services.priority_list_add(
                    by=acting(request),
                    enterprise=data["enterprise"],
                    program=data["program"],
                    rule=data["rule"],
                    listed_on=data["listed_on"],
                )
                messages.success(
                    request,
                    _("%(name)s was put on the priority list of %(program)s.")
                    % {"name": listing.enterprise.name, "program": listing.program},
                )
                return redirect("partners:priority_list")
            except ValidationError as error:
                form_errors_from(form, error)
    programs = sorted(set(PriorityListing.objects.values_list("program", flat=True)))

    rows = [(listing, may_verify(request.user, listing.enterprise)) for listing in listings[:LIST_CAP]]
    return render(
        request,
        "partners/priority_list.html",
        {
            "rows": rows,
            "total": listings.count(),
            "cap": LIST_CAP,
            "form": form if adds else None,
            "programs": programs,
            "program": request.GET.get("program", ""),
            "removed": _removed(request),
        },
    )


@login_required
@require_POST
def priority_remove(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _listings(request).filter(pk=pk).first()
    if listing is None:
        raise Http404
    if not may_verify(request.user, listing.enterprise):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("Give the reason.")})
        services.priority_list_remove(by=acting(request), listing=listing, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("%(name)s was taken off the priority list of %(program)s.")
            % {"name": listing.enterprise.name, "program": listing.program},
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("partners:priority_list")
