"""Screens that keep an agreement: a new one, its edit form, the signed document and its
amendments. Those who may plan on the owner unit use them; anyone else gets a 403 (or a 404 for an
agreement they do not see)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxoffice.core.services import attachments_of
from dxoffice.core.ui import form_errors_from
from dxoffice.partners import services
from dxoffice.partners.forms_edit import AgreementForm, AmendmentForm, CommitmentForm, DocumentForm
from dxoffice.partners.models import Agreement
from dxoffice.partners.permissions import may_manage_agreement, may_manage_agreements
from dxoffice.partners.views.agreements import _agreement, _commitment
from dxoffice.partners.views.common import acting

FIELDS = ("number", "title", "signed_on", "valid_from", "valid_until", "scope")


def _initial(agreement: Agreement) -> dict[str, object]:
    initial: dict[str, object] = {name: getattr(agreement, name) for name in FIELDS}
    initial["owner_unit"] = agreement.owner_unit
    initial["parties"] = list(agreement.parties.exclude(pk=agreement.owner_unit_id))
    return initial


def _save(request: HttpRequest, form: AgreementForm, agreement: Agreement | None) -> Agreement | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    upload = request.FILES.get("file") if agreement is None else None
    try:
        with transaction.atomic():
            saved = services.agreement_save(
                by=acting(request),
                agreement=agreement,
                owner_unit=data["owner_unit"],
                parties=list(data["parties"]),
                **{name: data[name] for name in FIELDS},
            )
            if upload is not None:
                services.agreement_document_add(
                    by=acting(request), agreement=saved, upload=upload, description=_("Signed agreement")
                )
    except PermissionDenied:
        form.add_error("owner_unit", _("You may not keep agreements for this unit."))
        return None
    except ValidationError as error:
        if "file" in getattr(error, "error_dict", {}):
            form.add_error(None, error.error_dict["file"])
        else:
            form_errors_from(form, error)
        return None
    return saved


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    if not may_manage_agreements(request.user):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST":
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("The agreement %(number)s was recorded.") % {"number": saved.number})
            return redirect("partners:agreement_detail", pk=saved.pk)
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    if not may_manage_agreement(request.user, agreement):
        raise PermissionDenied
    if request.method == "POST":
        form = AgreementForm(request.POST, user=request.user)
        if _save(request, form, agreement) is not None:
            messages.success(request, _("The agreement was saved."))
            return redirect("partners:agreement_detail", pk=agreement.pk)
    else:
        form = AgreementForm(initial=_initial(agreement), user=request.user)
    return render(
        request,
        "partners/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "documents": attachments_of(agreement),
            "amendments": agreement.amendments.all(),
            "amendment_form": AmendmentForm(),
        },
    )


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed document (a scan or the signed PDF) kept with the agreement."""
    agreement = _agreement(request, pk)
    if not may_manage_agreement(request.user, agreement):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
    else:
        try:
            services.agreement_document_add(
                by=acting(request),
                agreement=agreement,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"] or _("Signed agreement"),
            )
            messages.success(request, _("The document was attached."))
        except ValidationError as error:
            _say(request, error)
    return redirect("partners:agreement_edit", pk=agreement.pk)


@login_required
@require_POST
def amendment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An amendment (number, signing date, what it changes) and, if given, its signed scan."""
    agreement = _agreement(request, pk)
    if not may_manage_agreement(request.user, agreement):
        raise PermissionDenied
    form = AmendmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("partners:agreement_edit", pk=agreement.pk)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            amendment = services.amendment_add(
                by=acting(request),
                agreement=agreement,
                number=data["number"].strip(),
                signed_on=data["signed_on"],
                summary=data["summary"].strip(),
            )
            if data["file"] is not None:
                services.agreement_document_add(
                    by=acting(request),
                    agreement=agreement,
                    upload=data["file"],
                    description=_("Amendment %(number)s") % {"number": amendment.number},
                )
        messages.success(request, _("The amendment %(number)s was added.") % {"number": amendment.number})
    except ValidationError as error:
        _say(request, error)
    return redirect("partners:agreement_edit", pk=agreement.pk)


COMMITMENT_FIELDS = ("party", "area", "title", "description", "measure", "due_date")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change what a party committed to: its party, area, title, description, measure and due date
    (`commitment_save`; a new due date moves the published share of commitments met)."""
    commitment = _commitment(request, pk)
    if not may_manage_agreement(request.user, commitment.agreement):
        raise PermissionDenied
    agreement = commitment.agreement
    if request.method == "POST":
        form = CommitmentForm(request.POST, agreement=agreement)
        if form.is_valid():
            try:
                services.commitment_save(
                    by=acting(request),
                    agreement=agreement,
                    commitment=commitment,
                    **{name: form.cleaned_data[name] for name in COMMITMENT_FIELDS},
                )
                messages.success(request, _("The commitment was saved."))
                return redirect("partners:commitment_detail", pk=commitment.pk)
            except ValidationError as error:
                form_errors_from(form, error)
    else:
        initial = {name: getattr(commitment, name) for name in COMMITMENT_FIELDS}
        form = CommitmentForm(initial=initial, agreement=agreement)
    return render(request, "partners/commitment_form.html", {"form": form, "commitment": commitment})
