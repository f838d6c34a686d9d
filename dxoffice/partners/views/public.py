"""The public enterprise registration form. No login, no session: Django's CSRF cookie guards the
POST, the body is bounded, a hidden field catches robots, and each address may register a few
times an hour (counted in the cache). The page itself is not cached (it carries a CSRF token);
the thank-you page is a cached public page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from dxoffice.core.actors import system_actor
from dxoffice.core.public import public_view
from dxoffice.core.ratelimit import count_request, limit_reached
from dxoffice.partners import services
from dxoffice.partners.forms import RegistrationForm

MAX_BODY_BYTES = 16 * 1024
RATE_LIMIT = 5  # registrations per address per hour
RATE_WINDOW = 3600


def _rate_key(request: HttpRequest) -> str:
    return f"partners.register:{request.META.get('REMOTE_ADDR', '')}"


def _declared_length(request: HttpRequest) -> int:
    length = str(request.META.get("CONTENT_LENGTH") or "0")
    return int(length) if length.isdigit() else MAX_BODY_BYTES + 1


def _too_many(request: HttpRequest) -> bool:
    return limit_reached(_rate_key(request), RATE_LIMIT)


def _count(request: HttpRequest) -> None:
    count_request(_rate_key(request), RATE_WINDOW)


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if _declared_length(request) > MAX_BODY_BYTES:
            return render(
                request,
                "partners/public/register.html",
                {"form": RegistrationForm(), "refused": _("The form is too large.")},
                status=413,
            )
        if _too_many(request):
            return render(
                request,
                "partners/public/register.html",
                {
                    "form": RegistrationForm(request.POST),
                    "refused": _("Too many registrations from your address; try again later."),
                },
                status=429,
            )
        form = RegistrationForm(request.POST)
        if form.is_valid():
            _count(request)
            data = dict(form.cleaned_data)
            need, description = data.pop("need"), data.pop("description")
            data.pop("website", None)
            actor = system_actor()
            try:
                with transaction.atomic():
                    enterprise = services.enterprise_register(by=actor, **data)
                    if need:
                        services.case_open(
                            by=actor,
                            enterprise=enterprise,
                            sector=enterprise.sector,
                            need=need,
                            description=description,
                        )
                return redirect("partners:register_thanks")
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
        status = 400
    else:
        form = RegistrationForm()
    return render(
        request, "partners/public/register.html", {"form": form, "debug": settings.DEBUG}, status=status
    )


@public_view
def register_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/public/thanks.html")
