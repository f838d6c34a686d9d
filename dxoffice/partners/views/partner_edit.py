"""Partner profiles: the partner units of the tree (the technology partner, enterprises, schools,
universities) with their main contact, website, description, school level and contact people. The
DX office (those who plan for the province) keeps them; those who view the province read them, a
partner's own people read their own; anyone else gets a 404, a reader who writes a 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxoffice.core.models import PARTNER_KINDS, OrgUnit, UnitKind
from dxoffice.core.ui import flash_errors, form_errors_from
from dxoffice.partners import services
from dxoffice.partners.exports import table_workbook, workbook_response
from dxoffice.partners.forms_edit import PartnerContactForm, PartnerProfileForm, ReasonForm
from dxoffice.partners.models import PartnerContact, PartnerProfile
from dxoffice.partners.permissions import may_keep_partners, partners_visible_to
from dxoffice.partners.views.common import acting

LIST_CAP = 500
PROFILE_FIELDS = ("contact_name", "contact_email", "contact_phone", "website", "school_level", "description")
CONTACT_FIELDS = ("name", "position", "email", "phone", "note")
KINDS = [kind for kind in UnitKind if kind in PARTNER_KINDS]


def _partners(request: HttpRequest) -> QuerySet[OrgUnit]:
    contacts = Prefetch("partner_profile__contacts", queryset=PartnerContact.objects.order_by("name", "pk"))
    partners = (
        partners_visible_to(request.user)
        .select_related("partner_profile")
        .prefetch_related(contacts)
        .annotate(
            contact_count=Count(
                "partner_profile__contacts", filter=Q(partner_profile__contacts__archived_at=None)
            )
        )
    )
    kind = request.GET.get("kind", "")
    if kind in PARTNER_KINDS:
        partners = partners.filter(kind=kind)
    return partners.order_by("kind", "name", "pk")


def _partner(request: HttpRequest, pk: int) -> OrgUnit:
    partner = partners_visible_to(request.user).filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


def _profile(partner: OrgUnit) -> PartnerProfile | None:
    return PartnerProfile.objects.filter(unit=partner).first()


def _keeper(request: HttpRequest) -> None:
    if not may_keep_partners(request.user):
        raise PermissionDenied


def _workbook(partners: QuerySet[OrgUnit]) -> HttpResponse:
    headers = [
        _("Partner"),
        _("Kind"),
        _("Main contact"),
        _("Contact e-mail"),
        _("Contact phone"),
        _("Website"),
        _("School level"),
        _("Contacts"),
    ]
    lines: list[list[object]] = []
    for unit in partners[:5000]:
        profile = getattr(unit, "partner_profile", None)
        people = profile.contacts.all() if profile is not None and profile.archived_at is None else []
        lines.append(
            [
                unit.name,
                unit.get_kind_display(),
                profile.contact_name if profile else "",
                profile.contact_email if profile else "",
                profile.contact_phone if profile else "",
                profile.website if profile else "",
                profile.get_school_level_display() if profile else "",
                "; ".join(" · ".join(filter(None, [c.name, c.position, c.email, c.phone])) for c in people),
            ]
        )
    workbook = table_workbook(_("Partners"), headers, lines, [40, 20, 24, 28, 16, 28, 22, 60])
    return workbook_response(workbook, "partners")


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = _partners(request)
    if request.GET.get("format") == "xlsx":
        return _workbook(partners)
    return render(
        request,
        "partners/partner_list.html",
        {
            "partners": partners[:LIST_CAP],
            "total": partners.count(),
            "cap": LIST_CAP,
            "kinds": [(kind.value, kind.label) for kind in KINDS],
            "kind": request.GET.get("kind", ""),
            "keeps": may_keep_partners(request.user),
        },
    )


def _detail(
    request: HttpRequest, partner: OrgUnit, contact_form: PartnerContactForm | None = None
) -> HttpResponse:
    profile = _profile(partner)
    contacts = list(profile.contacts.order_by("name", "pk")) if profile else []
    retired: list[Any] = []
    if profile is not None:
        retired = list(
            PartnerContact.all_objects.filter(profile=profile, archived_at__isnull=False).order_by(
                "-archived_at"
            )[:20]
        )
    keeps = may_keep_partners(request.user)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "profile": profile,
            "contacts": contacts,
            "retired": retired,
            "keeps": keeps,
            "contact_form": (contact_form or PartnerContactForm()) if keeps else None,
        },
    )


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _partner(request, pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The profile: main contact, website, description and, for a school or university, its level."""
    partner = _partner(request, pk)
    _keeper(request)
    if request.method == "POST":
        form = PartnerProfileForm(request.POST, partner=partner)
        if form.is_valid():
            try:
                services.partner_profile_save(
                    by=acting(request),
                    partner=partner,
                    **{name: form.cleaned_data[name] for name in PROFILE_FIELDS if name in form.fields},
                )
                messages.success(request, _("The partner's profile was saved."))
                return redirect("partners:partner_detail", pk=partner.pk)
            except ValidationError as error:
                form_errors_from(form, error)
    else:
        profile = _profile(partner)
        initial = {name: getattr(profile, name) for name in PROFILE_FIELDS} if profile else {}
        form = PartnerProfileForm(initial=initial, partner=partner)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _partner(request, pk)
    _keeper(request)
    form = PartnerContactForm(request.POST)
    if form.is_valid():
        try:
            contact = services.partner_contact_save(
                by=acting(request), partner=partner, **{n: form.cleaned_data[n] for n in CONTACT_FIELDS}
            )
            messages.success(request, _("%(name)s was added to the contacts.") % {"name": contact.name})
            return redirect("partners:partner_detail", pk=partner.pk)
        except ValidationError as error:
            form_errors_from(form, error)
    return _detail(request, partner, form)


def _contact(request: HttpRequest, pk: int) -> PartnerContact:
    contact = (
        PartnerContact.objects.filter(profile__unit__in=partners_visible_to(request.user).values("pk"))
        .select_related("profile__unit")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404
    return contact


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request, pk)
    _keeper(request)
    partner = contact.profile.unit
    if request.method == "POST":
        form = PartnerContactForm(request.POST)
        if form.is_valid():
            try:
                services.partner_contact_save(
                    by=acting(request),
                    partner=partner,
                    contact=contact,
                    **{n: form.cleaned_data[n] for n in CONTACT_FIELDS},
                )
                messages.success(request, _("The contact was saved."))
                return redirect("partners:partner_detail", pk=partner.pk)
            except ValidationError as error:
                form_errors_from(form, error)
    else:
        form = PartnerContactForm(initial={n: getattr(contact, n) for n in CONTACT_FIELDS})
    return render(
        request, "partners/contact_form.html", {"form": form, "contact": contact, "partner": partner}
    )


@login_required
@require_POST
def contact_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """A contact who left: retired with the reason, kept in the history, never deleted."""
    contact = _contact(request, pk)
    _keeper(request)
    form = ReasonForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        services.partner_contact_retire(by=acting(request), contact=contact, reason=reason)
        messages.success(request, _("%(name)s was retired from the contacts.") % {"name": contact.name})
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("partners:partner_detail", pk=contact.profile.unit_id)
