"""The DX-maturity self-assessment: the enterprise answers it each year (or the DX office enters
the answers it received), anyone who sees the enterprise reads the result by dimension against the
year before; the list of assessments of a year with its change, and its .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dxoffice.core.ui import form_errors_from
from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.figures import assessment_register_rows, assessment_rows
from dxoffice.partners.forms_edit import AssessmentForm
from dxoffice.partners.maturity import LEVELS, QUESTIONS, compare
from dxoffice.partners.models import Enterprise, EnterpriseStatus, MaturityAssessment
from dxoffice.partners.permissions import enterprises_visible_to
from dxoffice.partners.services.common import local_today
from dxoffice.partners.services.enterprises import is_account_of, may_assess
from dxoffice.partners.views.common import acting
from dxoffice.partners.views.enterprises import _enterprise

BACK_YEARS = 5  # the DX office enters answers it received for this year and the five before
LIST_CAP = 500


def _year(value: str, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 2000 <= int(value) <= default else default


def _years(request: HttpRequest, enterprise: Enterprise) -> list[int]:
    """The years the person may answer for: the enterprise this year, the DX office a few more."""
    this_year = local_today().year
    if is_account_of(acting(request), enterprise):
        return [this_year]
    return list(range(this_year, this_year - BACK_YEARS - 1, -1))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enterprise_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = _enterprise(request, pk)
    writes = may_assess(acting(request), enterprise) and enterprise.status == EnterpriseStatus.VERIFIED
    years = _years(request, enterprise)
    year = _year(request.GET.get("year", ""), years[0])
    form = None
    if request.method == "POST":
        if not writes:
            raise PermissionDenied
        form = AssessmentForm(request.POST, years=years)
        if form.is_valid():
            try:
                saved = services.assessment_save(
                    by=acting(request),
                    enterprise=enterprise,
                    year=form.cleaned_data["year"],
                    answers=form.answers(),
                )
                messages.success(
                    request,
                    _("Assessed %(year)s: %(score)s / 100, level %(level)s.")
                    % {"year": saved.year, "score": saved.score, "level": saved.level},
                )
                url = reverse("partners:enterprise_assessment", args=[enterprise.pk])
                return redirect(f"{url}?year={saved.year}#result")
            except ValidationError as error:
                form_errors_from(form, error)
        year = _year(request.POST.get("year", ""), years[0])
    assessments = {a.year: a for a in MaturityAssessment.objects.filter(enterprise=enterprise)}
    current, previous = assessments.get(year), assessments.get(year - 1)
    if writes and form is None and year in years:
        start = current or previous
        answers = start.answers if start is not None else {}
        form = AssessmentForm(initial={"year": year, **answers}, years=years)
    return render(
        request,
        "partners/assessment.html",
        {
            "enterprise": enterprise,
            "year": year,
            "current": current,
            "previous": previous,
            "dimensions": compare(current.answers, previous.answers if previous else None) if current else [],
            "answers": [(q, current.answers.get(q.code)) for q in QUESTIONS] if current else [],
            "levels": LEVELS,
            "history": sorted(assessments.values(), key=lambda a: a.year, reverse=True),
            "form": form if writes else None,
            "is_own": is_account_of(acting(request), enterprise),
        },
    )


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The verified enterprises' assessments of a year beside the year before (the DX office reads
    them); the .xlsx has every row."""
    this_year = local_today().year
    year = _year(request.GET.get("year", ""), this_year)
    visible = enterprises_visible_to(request.user)
    if request.GET.get("format") == "xlsx":
        headers, lines, widths = assessment_register_rows(assessment_rows(visible, year, 10000), year)
        return workbook_response(table_workbook(_("Maturity"), headers, lines, widths), f"maturity-{year}")
    rows = assessment_rows(visible, year, LIST_CAP)
    answered = [row for row in rows if row["score"] is not None]
    return render(
        request,
        "partners/assessment_list.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(this_year, this_year - BACK_YEARS - 1, -1)),
            "answered": len(answered),
            "improved": sum(1 for row in answered if (row["change"] or 0) > 0),
            "levels": LEVELS,
        },
    )
