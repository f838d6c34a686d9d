"""Screens of enterprises: the register with its figures (by sector and commune, maturity) and
.xlsx, one enterprise with its assessments and cases, and the DX office's verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.figures import enterprise_figures, enterprise_register_rows
from dxoffice.partners.maturity import LEVELS, compare
from dxoffice.partners.models import Enterprise, EnterpriseStatus, PrioritySector, SupportNeed
from dxoffice.partners.permissions import enterprises_visible_to, may_verify, own_enterprise
from dxoffice.partners.services.common import local_today
from dxoffice.partners.services.enterprises import is_account_of, may_assess
from dxoffice.partners.views.common import acting

LIST_CAP = 500


def _enterprise(request: HttpRequest, pk: int) -> Enterprise:
    try:
        return enterprises_visible_to(request.user).select_related("commune").get(pk=pk)
    except Enterprise.DoesNotExist as error:
        raise Http404 from error


def _filtered(request: HttpRequest) -> QuerySet[Enterprise]:
    enterprises = enterprises_visible_to(request.user).select_related("commune")
    status, sector = request.GET.get("status", ""), request.GET.get("sector", "")
    if status in EnterpriseStatus.values:
        enterprises = enterprises.filter(status=status)
    if sector in PrioritySector.values:
        enterprises = enterprises.filter(sector=sector)
    return enterprises.order_by("name")


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    enterprises = _filtered(request)
    figures = enterprise_figures(enterprises_visible_to(request.user))
    maturity_chart = {
        "type": "bar",
        "labels": [f"{level}. {label}" for level, label in LEVELS.items()],
        "datasets": [
            {"label": str(_("Enterprises")), "data": figures["maturity_levels"], "backgroundColor": "#0d6efd"}
        ],
    }
    sector_chart = {
        "type": "bar",
        "labels": [str(row["label"]) for row in figures["by_sector"]],
        "datasets": [
            {
                "label": str(_("Verified")),
                "data": [row["verified"] for row in figures["by_sector"]],
                "backgroundColor": "#6c757d",
            },
            {
                "label": str(_("Supported")),
                "data": [row["supported"] for row in figures["by_sector"]],
                "backgroundColor": "#198754",
            },
        ],
        "links": [[f"?sector={row['sector']}" for row in figures["by_sector"]]] * 2,
    }
    return render(
        request,
        "partners/enterprise_list.html",
        {
            "maturity_chart": maturity_chart,
            "sector_chart": sector_chart,
            "enterprises": enterprises[:LIST_CAP],
            "total": enterprises.count(),
            "cap": LIST_CAP,
            "figures": figures,
            "statuses": EnterpriseStatus.choices,
            "sectors": PrioritySector.choices,
            "status": request.GET.get("status", ""),
            "sector": request.GET.get("sector", ""),
        },
    )


@login_required
def enterprise_xlsx(request: HttpRequest) -> HttpResponse:
    headers, rows, widths = enterprise_register_rows(_filtered(request)[:10000])
    return workbook_response(table_workbook(_("Enterprises"), headers, rows, widths), "enterprises")


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    assessments = list(enterprise.assessments.all())
    latest = assessments[0] if assessments else None
    before = next((a for a in assessments if latest and a.year == latest.year - 1), None)
    this_year = local_today().year
    return render(
        request,
        "partners/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "assessments": assessments,
            "latest": latest,
            "before": before,
            "latest_dimensions": compare(latest.answers, before.answers if before else None)
            if latest
            else [],
            "has_this_year": any(a.year == this_year for a in assessments),
            "cases": enterprise.cases.select_related("partner"),
            "listings": enterprise.listings.all(),
            "may_verify": may_verify(request.user, enterprise),
            "may_assess": may_assess(acting(request), enterprise),
            "is_own": is_account_of(acting(request), enterprise),
            "needs": SupportNeed.choices,
            "levels": LEVELS,
            "this_year": this_year,
        },
    )


@login_required
def my_enterprise(request: HttpRequest) -> HttpResponse:
    """An enterprise's own account lands on its page."""
    enterprise = own_enterprise(request.user)
    if enterprise is None:
        raise Http404
    return redirect("partners:enterprise_detail", pk=enterprise.pk)


@login_required
@require_POST
def enterprise_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise asks for help (its own account) or the DX office enters a request it received."""
    enterprise = _enterprise(request, pk)
    need = request.POST.get("need", "")
    try:
        if need not in SupportNeed.values:
            raise ValidationError({"need": _("Choose what help is needed.")})
        description = request.POST.get("description", "").strip()[:2000]
        if not description:
            raise ValidationError({"description": _("Describe what you need.")})
        services.case_open(
            by=acting(request),
            enterprise=enterprise,
            sector=enterprise.sector,
            need=need,
            description=description,
        )
        messages.success(request, _("The request was sent to the DX office."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("partners:enterprise_detail", pk=enterprise.pk)


@login_required
@require_POST
def enterprise_decide(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    user = acting(request)
    try:
        if request.POST.get("decision") == "verify":
            enterprise = services.enterprise_verify(by=user, enterprise=enterprise)
            password = services.enterprise_password_issue(by=user, enterprise=enterprise)
            messages.success(
                request,
                _(
                    "The enterprise was verified. Its account: %(username)s, temporary password %(password)s "
                    "(shown once: hand it to the enterprise)."
                )
                % {
                    "username": enterprise.account.username if enterprise.account else "",
                    "password": password,
                },
            )
        else:
            services.enterprise_reject(
                by=user, enterprise=enterprise, reason=request.POST.get("reason", "")[:400]
            )
            messages.success(request, _("The registration was rejected."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("partners:enterprise_detail", pk=enterprise.pk)
