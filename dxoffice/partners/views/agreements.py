"""Screens of agreements and commitments: the list, the scorecard leaders read (with its .xlsx and
PDF and .docx), a commitment with its tasks and evidence, its status form and the task assigned from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxoffice.core.documents.http import Format, document_response
from dxoffice.core.services import attachments_of
from dxoffice.partners import selectors, services
from dxoffice.partners.exports import (
    agreement_list_workbook,
    scorecard_document,
    scorecard_workbook,
    workbook_response,
)
from dxoffice.partners.forms import TaskAssignForm
from dxoffice.partners.models import Agreement, Commitment, CommitmentArea, CommitmentState, CommitmentStatus
from dxoffice.partners.permissions import may_manage_agreement, may_manage_agreements, may_report_on
from dxoffice.partners.views.common import acting, assign_task

STATE_COLOURS = {
    CommitmentState.MET: "#198754",
    CommitmentState.LATE: "#dc3545",
    CommitmentState.AT_RISK: "#fd7e14",
    CommitmentState.IN_PROGRESS: "#0d6efd",
    CommitmentState.NOT_STARTED: "#adb5bd",
    CommitmentState.DROPPED: "#495057",
}


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    try:
        return selectors.agreement_for(request.user, pk)
    except Agreement.DoesNotExist as error:
        raise Http404 from error


def _commitment(request: HttpRequest, pk: int) -> Commitment:
    try:
        return selectors.commitment_for(request.user, pk)
    except Commitment.DoesNotExist as error:
        raise Http404 from error


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = selectors.agreement_list(request.user)
    if request.GET.get("format") == "xlsx":
        cards = [selectors.scorecard(request.user, agreement) for agreement in agreements[:200]]
        return workbook_response(agreement_list_workbook(cards), "agreements")
    cards = [selectors.scorecard(request.user, agreement) for agreement in agreements[:50]]
    return render(
        request,
        "partners/agreement_list.html",
        {
            "cards": cards,
            "state_labels": dict(CommitmentState.choices),
            "may_add": may_manage_agreements(request.user),
        },
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    card = selectors.scorecard(request.user, agreement)
    chart = {
        "type": "doughnut",
        "labels": [str(CommitmentState(state).label) for state in card.counts],
        "datasets": [
            {
                "data": list(card.counts.values()),
                "backgroundColor": [STATE_COLOURS[CommitmentState(s)] for s in card.counts],
            }
        ],
        "links": [f"?state={state}#commitments" for state in card.counts],
    }
    state = request.GET.get("state", "")
    rows = [row for row in card.rows if row.state == state] if state in CommitmentState.values else card.rows
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "card": card,
            "chart": chart,
            "amendments": agreement.amendments.all(),
            "reviews": agreement.reviews.prefetch_related("decisions__commitment"),
            "documents": attachments_of(agreement),
            "manages": may_manage_agreement(request.user, agreement),
            "state_filter": state if state in CommitmentState.values else "",
            "rows": rows,
            "areas": CommitmentArea.choices,
        },
    )


@login_required
def scorecard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.scorecard(request.user, _agreement(request, pk))
    return workbook_response(scorecard_workbook(card), f"scorecard-{card.agreement.pk}")


@login_required
def scorecard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.scorecard(request.user, _agreement(request, pk))
    return document_response(scorecard_document(acting(request), card), Format.PDF)


@login_required
def scorecard_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as the PDF, as an editable Word document the office finishes and signs."""
    card = selectors.scorecard(request.user, _agreement(request, pk))
    return document_response(scorecard_document(acting(request), card), Format.DOCX)


def _assigns(request: HttpRequest, commitment: Commitment) -> bool:
    """Tasks are assigned by those who may plan on the agreement's owner unit, while the commitment
    is not dropped."""
    return (
        may_manage_agreement(request.user, commitment.agreement)
        and commitment.status != CommitmentStatus.DROPPED
    )


def _commitment_page(
    request: HttpRequest, commitment: Commitment, task_form: TaskAssignForm | None = None
) -> HttpResponse:
    row = selectors.commitment_rows(request.user, Commitment.objects.filter(pk=commitment.pk))[0]
    moves = sorted(services.agreements.MOVES[commitment.status])
    if task_form is None and _assigns(request, commitment):
        task_form = TaskAssignForm(
            user=acting(request), initial={"title": commitment.title, "due_date": commitment.due_date}
        )
    return render(
        request,
        "partners/commitment_detail.html",
        {
            "commitment": commitment,
            "row": row,
            "evidence": attachments_of(commitment),
            "manages": may_manage_agreement(request.user, commitment.agreement),
            "reports": may_report_on(request.user, commitment),
            "moves": [(value, CommitmentStatus(value).label) for value in moves],
            "task_form": task_form,
        },
    )


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _commitment_page(request, _commitment(request, pk))


@login_required
@require_POST
def commitment_task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a task of the program register carrying the commitment out ("Giao nhiệm vụ"). A
    refusal comes back on the form, on the field it names; nothing is saved then."""
    commitment = _commitment(request, pk)
    if not _assigns(request, commitment):
        raise PermissionDenied
    form = TaskAssignForm(request.POST, user=acting(request))
    task = assign_task(
        request,
        form,
        lambda plan, fields: services.commitment_task_create(
            by=acting(request), commitment=commitment, plan=plan, **fields
        ),
    )
    if task is None:
        return _commitment_page(request, commitment, form)
    return redirect(reverse("partners:commitment_detail", args=[commitment.pk]) + "#tasks")


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    if not may_manage_agreement(request.user, commitment.agreement):
        raise PermissionDenied
    try:
        services.commitment_set_status(
            by=acting(request),
            commitment=commitment,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", "")[:2000],
        )
        messages.success(request, _("The commitment's status was changed."))
    except ValidationError as error:
        _say(request, error)
    return redirect("partners:commitment_detail", pk=commitment.pk)


@login_required
@require_POST
def commitment_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("partners:commitment_detail", pk=commitment.pk)
    try:
        services.commitment_evidence_add(
            by=acting(request),
            commitment=commitment,
            upload=upload,
            description=request.POST.get("description", "")[:255],
        )
        messages.success(request, _("The evidence was attached."))
    except ValidationError as error:
        _say(request, error)
    return redirect("partners:commitment_detail", pk=commitment.pk)
