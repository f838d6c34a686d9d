"""A certificate's PDF for its holder and those who see them; the public verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dxoffice.core.public import public_view
from dxoffice.core.ui import flash_errors
from dxoffice.training import selectors, services
from dxoffice.training.certificate_pdf import certificate_pdf
from dxoffice.training.services.certificates import manages_certificate
from dxoffice.training.views.common import acting, found


@login_required
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = found(lambda: selectors.certificates_visible_to(request.user).get(code=code))
    response = HttpResponse(
        certificate_pdf(certificate, get_language() or "vi"), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        content_disposition_header(True, f"certificate-{certificate.code}.pdf") or ""
    )
    response["Cache-Control"] = "private, no-store"
    return response


@public_view
def verify(request: HttpRequest) -> HttpResponse:
    """What a verifier needs and no more: valid, expired or revoked; initials; course; dates."""
    code = request.GET.get("code", "").strip()[:40]
    certificate = selectors.certificate_by_code(code) if code else None
    return render(
        request,
        "training/verify.html",
        {"code": code, "certificate": certificate, "status": selectors.certificate_status(certificate)},
    )


@login_required
def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A certificate for those who see its holder; revocation and renewal for those who manage it."""
    certificate = found(lambda: selectors.certificates_visible_to(request.user).get(code=code))
    user = acting(request)
    if request.method == "POST":
        try:
            if "renew" in request.POST:
                renewed = services.recertify(by=user, certificate=certificate)
                messages.success(request, _("Certificate renewed: %(code)s.") % {"code": renewed.code})
                return redirect("training:certificate_detail", renewed.code)
            services.certificate_revoke(
                by=user, certificate=certificate, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Certificate revoked."))
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("training:certificate_detail", certificate.code)
    context = {
        "certificate": certificate,
        "status": selectors.certificate_status(certificate),
        "manages": manages_certificate(user, certificate),
    }
    return render(request, "training/certificate_detail.html", context)
