"""Screens that manage an agreement's commitments: a new commitment and the quarterly review with a
decision per commitment."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxoffice.core.periods import QUARTER, Period
from dxoffice.partners import selectors, services
from dxoffice.partners.models import ReviewDecisionKind
from dxoffice.partners.permissions import may_manage_agreement
from dxoffice.partners.services.common import local_today
from dxoffice.partners.views.agreements import _agreement
from dxoffice.partners.views.common import acting

OPEN_DECISIONS = {"not_started", "in_progress", "at_risk"}


def _day(value: str, field: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError({field: _("Enter a valid date.")}) from error


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    if not may_manage_agreement(request.user, agreement):
        raise PermissionDenied
    rows = [
        row
        for row in selectors.commitments_of(request.user, agreement)
        if row.commitment.status in OPEN_DECISIONS
    ]
    today = local_today()
    if request.method == "POST":
        post = request.POST
        try:
            decisions = []
            for row in rows:
                kind = post.get(f"decision-{row.commitment.pk}", "")
                if not kind:
                    continue
                decisions.append(
                    services.DecisionInput(
                        row.commitment,
                        kind,
                        post.get(f"note-{row.commitment.pk}", "")[:2000],
                        _day(post.get(f"due-{row.commitment.pk}", ""), "decisions"),
                    )
                )
            held_on = _day(post.get("held_on", ""), "held_on") or today
            services.review_record(
                by=acting(request),
                agreement=agreement,
                period=post.get("period", "")[:8],
                held_on=held_on,
                notes=post.get("notes", "")[:8000],
                decisions=decisions,
            )
            messages.success(request, _("The review was recorded."))
            return redirect("partners:agreement_detail", pk=agreement.pk)
        except ValidationError as error:
            _say(request, error)
    return render(
        request,
        "partners/review_form.html",
        {
            "agreement": agreement,
            "rows": rows,
            "decisions": ReviewDecisionKind.choices,
            "period": Period.containing(today, QUARTER).code,
            "today": today,
            "post": request.POST,
        },
    )


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    post = request.POST
    try:
        party = agreement.parties.filter(
            pk=int(post["party"]) if post.get("party", "").isdigit() else 0
        ).first()
        if party is None:
            raise ValidationError({"party": _("Choose the party.")})
        due = _day(post.get("due_date", ""), "due_date")
        if due is None:
            raise ValidationError({"due_date": _("Enter a valid date.")})
        services.commitment_save(
            by=acting(request),
            agreement=agreement,
            party=party,
            code=post.get("code", "").strip()[:20],
            area=post.get("area", "other"),
            title=post.get("title", "").strip()[:300],
            measure=post.get("measure", "").strip()[:400],
            due_date=due,
        )
        messages.success(request, _("The commitment was added."))
    except ValidationError as error:
        _say(request, error)
    return redirect("partners:agreement_detail", pk=agreement.pk)
