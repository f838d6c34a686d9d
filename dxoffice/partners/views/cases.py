"""Screens of support cases: the list with its chart (by sector and commune) and .xlsx, one case
with its notes, and the steps of its workflow."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.models import PARTNER_KINDS, OrgUnit
from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.figures import case_figures, case_register_rows
from dxoffice.partners.models import CaseStatus, Solution, SupportCase
from dxoffice.partners.permissions import cases_visible_to, may_triage, may_work_on
from dxoffice.partners.views.common import acting

LIST_CAP = 500


def _case(request: HttpRequest, pk: int) -> SupportCase:
    try:
        return (
            cases_visible_to(request.user)
            .select_related("enterprise__commune", "partner", "solution")
            .get(pk=pk)
        )
    except SupportCase.DoesNotExist as error:
        raise Http404 from error


def _filtered(request: HttpRequest) -> QuerySet[SupportCase]:
    cases = cases_visible_to(request.user).select_related("enterprise__commune", "partner")
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_on", "-pk")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    cases = _filtered(request)
    figures = case_figures(cases_visible_to(request.user))
    sector_chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [str(label) for label, _n in figures["by_sector"]],
        "datasets": [
            {
                "label": str(_("Support cases")),
                "data": [n for _l, n in figures["by_sector"]],
                "backgroundColor": "#0d6efd",
            }
        ],
    }
    commune_chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [name for name, _n in figures["by_commune"]],
        "datasets": [
            {
                "label": str(_("Support cases")),
                "data": [n for _c, n in figures["by_commune"]],
                "backgroundColor": "#20c997",
            }
        ],
    }
    return render(
        request,
        "partners/case_list.html",
        {
            "sector_chart": sector_chart,
            "commune_chart": commune_chart,
            "cases": cases[:LIST_CAP],
            "total": cases.count(),
            "figures": figures,
            "statuses": CaseStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@login_required
def case_xlsx(request: HttpRequest) -> HttpResponse:
    headers, rows, widths = case_register_rows(_filtered(request)[:10000])
    return workbook_response(table_workbook(_("Support cases"), headers, rows, widths), "support-cases")


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    return render(
        request,
        "partners/case_detail.html",
        {
            "case": case,
            "notes": case.notes.select_related("author"),
            "may_triage": may_triage(request.user, case),
            "may_work": may_work_on(request.user, case),
            "partners": OrgUnit.objects.filter(kind__in=PARTNER_KINDS).order_by("name"),
            "solutions": Solution.objects.select_related("provider").order_by("name"),
        },
    )


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError({"due_date": _("Enter a valid date.")}) from error


def _id(value: str) -> int:
    """A record id from a form field; anything else names no record."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= 5:
        raise ValidationError({"satisfaction": _("A satisfaction score is a whole number from 1 to 5.")})
    return int(value)


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = acting(request)
    post = request.POST
    action = post.get("action", "")
    try:
        if action == "triage":
            partner = OrgUnit.objects.filter(pk=_id(post.get("partner", "")), kind__in=PARTNER_KINDS).first()
            if partner is None:
                raise ValidationError({"partner": _("Choose the partner.")})
            solution = (
                Solution.objects.filter(pk=_id(post.get("solution", ""))).first()
                if post.get("solution")
                else None
            )
            services.case_triage(
                by=user,
                case=case,
                partner=partner,
                solution=solution,
                due_date=_date(post.get("due_date", "")),
            )
        elif action == "start":
            services.case_start(by=user, case=case)
        elif action == "resolve":
            services.case_resolve(
                by=user,
                case=case,
                note=post.get("note", "")[:4000],
                satisfaction=_int_or_none(post.get("satisfaction", "")),
            )
        elif action == "rate":
            score = _int_or_none(post.get("satisfaction", ""))
            if score is None:
                raise ValidationError(
                    {"satisfaction": _("A satisfaction score is a whole number from 1 to 5.")}
                )
            services.case_rate(by=user, case=case, satisfaction=score)
        elif action == "decline":
            services.case_decline(by=user, case=case, reason=post.get("reason", "")[:400])
        elif action == "note":
            services.case_note_add(by=user, case=case, text=post.get("text", "")[:4000])
        else:
            raise PermissionDenied
        messages.success(request, _("Saved."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("partners:case_detail", pk=case.pk)
