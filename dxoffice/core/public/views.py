from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from dxoffice.core.public import public_view
from dxoffice.core.public.selectors import published_pages


@public_view
def index(request: HttpRequest) -> HttpResponse:
    """The public landing page: what the modules publish."""
    return render(request, "public/index.html", {"pages": published_pages()})


@require_safe
@never_cache
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The public pages' language switch: a link, not a form, so cached pages carry no CSRF token.
    It only sets the language cookie (a signed-in person's profile is changed by the main switch)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("public:index")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
