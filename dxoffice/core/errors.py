"""Error pages: what a person sees when something is refused, missing or broken (DEBUG off).

All three extend templates/errors/page.html. 403 and 404 render in the application's layout, in the
person's language. The 500 page is rendered in the self-contained layout (errors/standalone.html)
with no request context (no context processors, no database), so it still shows when the database
is down or the layout itself failed. With DEBUG on (`make dev`) Django's debug pages take over for
404 and 500. Under /api/ the answer is the API's JSON error envelope instead, telling nothing of
the cause.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# The error pages extend errors/page.html, in the self-contained layout unless given this one.
IN_LAYOUT = "base.html"
STALE_FORM = gettext_lazy(
    "The form expired or your browser did not send its security token. "
    "Reload the page, make sure cookies are allowed for this site, and try again."
)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403. A refusal raised with a message (`PermissionDenied("...")`) shows that message."""
    message = str(exception) if exception is not None else ""
    if _is_api(request):
        return _api_error(403, message or _("You do not have permission to do this."))
    return render(request, "403.html", {"layout": IN_LAYOUT, "message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404. Says nothing about why: a record out of the person's scope looks like one that is not there."""
    if _is_api(request):
        return _api_error(404, _("Not found."))
    return render(request, "404.html", {"layout": IN_LAYOUT, "request_path": request.path}, status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing security token (an old tab, cookies blocked)."""
    return render(request, "403.html", {"layout": IN_LAYOUT, "message": STALE_FORM}, status=403)


# Seconds a client is asked to wait before trying again while the database cannot be reached.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """500. No request context: nothing here may touch the database or a context processor.

    When what failed is reaching the database (it is down, restarting, or every pooled connection is
    taken), the answer is 503 with Retry-After instead: the request did nothing, and trying again later
    will work. Django calls this while handling the exception, so `sys.exc_info()` names it."""
    _activate_chosen_language(request)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    if _is_api(request):
        return _api_error(500, _("Something went wrong on our side."))
    try:
        content = loader.get_template("500.html").render({"request_path": request.path})
    except Exception:  # the page of last resort must not fail in turn
        logger.exception("The 500 page could not be rendered")
        content = f"<h1>500</h1><p>{escape(_('Something went wrong on our side.'))}</p>"
    return HttpResponseServerError(content)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the web page in the self-contained layout, the JSON envelope under /api/."""
    response: HttpResponse
    if _is_api(request):
        response = _api_error(503, _("The service is temporarily unavailable. Try again in a minute."))
    else:
        try:
            content = loader.get_template("503.html").render({"request_path": request.path})
        except Exception:  # the page of last resort must not fail in turn
            logger.exception("The 503 page could not be rendered")
            content = f"<h1>503</h1><p>{escape(_('dxoffice is temporarily unavailable.'))}</p>"
        response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _is_api(request: HttpRequest) -> bool:
    """The API answers in JSON, even for a path it does not know."""
    return request.path.startswith("/api/")


def _api_error(status: int, detail: str) -> JsonResponse:
    """The API's error envelope (see dxoffice/api.py), for answers Django gives before or instead
    of the API: an unknown path under /api/, a crash. Nothing about the cause is told."""
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def _activate_chosen_language(request: HttpRequest) -> None:
    """The language middleware may not have run (an error before it); the cookie alone decides then."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES) and translation.get_language() != chosen:
        translation.activate(chosen)
