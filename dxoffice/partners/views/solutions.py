"""The solutions catalogue: every signed-in person reads it (filtered by sector and provider, and its
.xlsx); the DX office (those who plan for the province) adds, edits and retires solutions. A retired
solution leaves the catalogue and the choices at triage; the cases that used it keep it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxoffice.core.models import PARTNER_KINDS, OrgUnit
from dxoffice.core.ui import flash_errors, form_errors_from
from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.forms_edit import ReasonForm, SolutionForm
from dxoffice.partners.models import PrioritySector, Solution
from dxoffice.partners.permissions import may_keep_partners
from dxoffice.partners.views.common import acting

LIST_CAP = 500
FIELDS = ("name", "provider", "sector", "need", "price_min", "price_max", "references")


def _filtered(request: HttpRequest) -> QuerySet[Solution]:
    solutions = Solution.objects.select_related("provider")
    sector, provider = request.GET.get("sector", ""), request.GET.get("provider", "")
    if sector in PrioritySector.values:
        solutions = solutions.filter(sector=sector)
    if provider.isdigit():
        solutions = solutions.filter(provider_id=int(provider))
    return solutions.order_by("sector", "name", "pk")


def _workbook(solutions: QuerySet[Solution]) -> HttpResponse:
    headers = [
        _("Solution"),
        _("Provider"),
        _("Sector"),
        _("Need"),
        _("Lowest price (VND)"),
        _("Highest price (VND)"),
        _("References"),
    ]
    rows = [
        [
            s.name,
            s.provider.name,
            s.get_sector_display(),
            s.get_need_display(),
            s.price_min,
            s.price_max,
            s.references,
        ]
        for s in solutions[:5000]
    ]
    workbook = table_workbook(_("Solutions"), headers, rows, [36, 30, 16, 20, 16, 16, 40])
    return workbook_response(workbook, "solutions")


@login_required
def solution_list(request: HttpRequest) -> HttpResponse:
    solutions = _filtered(request)
    if request.GET.get("format") == "xlsx":
        return _workbook(solutions)
    providers = OrgUnit.objects.filter(
        kind__in=PARTNER_KINDS, pk__in=Solution.objects.values("provider_id")
    ).order_by("name")
    return render(
        request,
        "partners/solution_list.html",
        {
            "solutions": solutions[:LIST_CAP],
            "total": solutions.count(),
            "cap": LIST_CAP,
            "sectors": PrioritySector.choices,
            "sector": request.GET.get("sector", ""),
            "providers": providers,
            "provider": request.GET.get("provider", ""),
            "keeps": may_keep_partners(request.user),
        },
    )


def _keeper(request: HttpRequest) -> None:
    if not may_keep_partners(request.user):
        raise PermissionDenied


def _solution(pk: int) -> Solution:
    solution = Solution.objects.select_related("provider").filter(pk=pk).first()
    if solution is None:
        raise Http404
    return solution


def _form(request: HttpRequest, solution: Solution | None) -> HttpResponse:
    """The solution's fields; a refusal comes back on the field it names and saves nothing."""
    if request.method == "POST":
        form = SolutionForm(request.POST)
        if form.is_valid():
            try:
                saved = services.solution_save(
                    by=acting(request), solution=solution, **{n: form.cleaned_data[n] for n in FIELDS}
                )
                messages.success(request, _("The solution %(name)s was saved.") % {"name": saved.name})
                return redirect("partners:solution_list")
            except ValidationError as error:
                form_errors_from(form, error)
    elif solution is not None:
        form = SolutionForm(initial={n: getattr(solution, n) for n in FIELDS})
    else:
        form = SolutionForm()
    return render(request, "partners/solution_form.html", {"form": form, "solution": solution})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def solution_new(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    return _form(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def solution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _keeper(request)
    return _form(request, _solution(pk))


@login_required
@require_POST
def solution_retire(request: HttpRequest, pk: int) -> HttpResponse:
    _keeper(request)
    solution = _solution(pk)
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.solution_retire(by=acting(request), solution=solution, reason=reason)
        messages.success(request, _("The solution %(name)s was retired.") % {"name": solution.name})
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("partners:solution_edit", pk=solution.pk)
    return redirect("partners:solution_list")
